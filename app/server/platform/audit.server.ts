import { withoutHiddenCharacters } from '~/domain/validation/fields.ts'
import { pageCount } from '~/domain/paging.ts'
import type { Db } from './db.server.ts'
import { db } from './db.server.ts'

type Tx = Pick<Db, 'auditEvent'>

export interface AuditEntry {
  actorId: string | null
  action: string
  targetType?: string
  targetId?: string
  ngoId?: string
  ip?: string
  details?: Record<string, unknown>
}

/** Appends to the audit log; pass the transaction client so the record commits with the change. */
export async function recordAudit(entry: AuditEntry, client: Tx = db): Promise<void> {
  await client.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      // A target can be what a visitor typed (a certificate code looked up): PostgreSQL refuses a NUL.
      targetId: entry.targetId === undefined ? undefined : withoutHiddenCharacters(entry.targetId),
      ngoId: entry.ngoId,
      ip: entry.ip,
      details: JSON.stringify(entry.details ?? {}),
    },
  })
}

export const AUDIT_PAGE_SIZE = 50

export async function listAuditEvents({ page, action }: { page: number; action?: string }) {
  const where = action ? { action } : {}
  const [total, events] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { email: true, name: true } } },
    }),
  ])
  return { total, events, pageCount: pageCount(total, AUDIT_PAGE_SIZE) }
}

export async function listAuditActions(): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } })
  return rows.map((r) => r.action)
}
