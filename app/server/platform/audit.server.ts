import type { AuditAction } from '~/domain/audit.ts'
import { withoutHiddenCharacters } from '~/domain/validation/fields.ts'
import { pageCount } from '~/domain/paging.ts'
import { db, newId, type RawClient } from './db.server.ts'

export interface AuditEntry {
  actorId: string | null
  action: AuditAction
  targetType?: string
  targetId?: string
  ngoId?: string
  ip?: string
  details?: Record<string, unknown>
}

/**
 * Appends to the audit log; pass the transaction client (Prisma's or a plain one) so the record commits
 * with the change. One plain statement: it is written inside every decision's transaction.
 */
export async function recordAudit(entry: AuditEntry, client: RawClient = db): Promise<void> {
  // A target can be what a visitor typed (a certificate code looked up): PostgreSQL refuses a NUL.
  const targetId = entry.targetId === undefined ? null : withoutHiddenCharacters(entry.targetId)
  await client.$executeRaw`
    INSERT INTO "AuditEvent" ("id", "at", "actorId", "action", "targetType", "targetId", "ngoId", "ip", "details")
    VALUES (${newId()}, ${new Date()}, ${entry.actorId}, ${entry.action}, ${entry.targetType ?? null}, ${targetId}, ${entry.ngoId ?? null}, ${entry.ip ?? null}, ${JSON.stringify(entry.details ?? {})})`
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
