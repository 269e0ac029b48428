/**
 * Export templates, scoped like everything NGO-owned: a lead reads their NGO's templates and the
 * coalition-wide ones (read-only), and changes only their NGO's; an admin changes any. Another NGO's
 * template is "not found" (NotFoundError), never its data; a read-only one to change is a
 * ForbiddenError. Every change is audited.
 */
import { ForbiddenError, NotFoundError } from '~/domain/errors.ts'
import { readTemplateColumns, type RosterTemplate, type TemplateColumn } from '~/domain/export-templates.ts'
import { coversNgo, type Scope } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, lockRow, type Tx } from '../platform/db.server.ts'

export interface ExportTemplateView {
  id: string
  name: string
  ngo: { id: string; slug: string; name: string } | null
  columns: TemplateColumn[]
  updatedAt: Date
  editable: boolean
}

const select = { id: true, name: true, columns: true, updatedAt: true, ngoId: true, ngo: { select: { id: true, slug: true, name: true } } } as const

type Row = { id: string; name: string; columns: string; updatedAt: Date; ngoId: string | null; ngo: { id: string; slug: string; name: string } | null }

function view(row: Row, scope: Scope): ExportTemplateView {
  return {
    id: row.id,
    name: row.name,
    ngo: row.ngo,
    // A template whose JSON no longer fits the columns is shown empty rather than failing the page.
    columns: readTemplateColumns(row.columns) ?? [],
    updatedAt: row.updatedAt,
    editable: coversNgo(scope, row.ngoId),
  }
}

/** A lead: their NGO's and the coalition-wide ones. An admin: all, or one NGO's (and coalition-wide). */
export async function listExportTemplates(scope: Scope, filter: { ngoId?: string } = {}): Promise<ExportTemplateView[]> {
  const ngoId = scope.kind === 'ngo' ? scope.ngoId : filter.ngoId
  const rows = await db.exportTemplate.findMany({
    where: ngoId ? { OR: [{ ngoId }, { ngoId: null }] } : {},
    select,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  })
  return rows.map((r) => view(r, scope))
}

/**
 * One template to open. Another NGO's: NotFoundError (its existence is not confirmed); a
 * coalition-wide one for a lead's edit: ForbiddenError (they can see it in the list, read-only).
 */
export async function getExportTemplate(scope: Scope, id: string, intent: 'read' | 'edit'): Promise<ExportTemplateView> {
  const row = await db.exportTemplate.findUnique({ where: { id }, select })
  if (!row || (row.ngoId !== null && !coversNgo(scope, row.ngoId))) throw new NotFoundError('export template')
  const template = view(row, scope)
  if (intent === 'edit' && !template.editable) throw new ForbiddenError('export template')
  return template
}

export type SaveResult = { ok: true; id: string } | { ok: false; error: 'exportTemplates.errors.nameTaken' }

/**
 * Whether another template of the same owner has the name, read inside the transaction that writes
 * it: two saves of one new template at once (a double click) had both found the name free and made
 * two of the same name. On PostgreSQL the NGO's row is locked first; SQLite's transaction holds the
 * write lock already.
 */
async function nameTaken(tx: Tx, ngoId: string | null, name: string, exceptId?: string) {
  if (ngoId) await lockRow(tx, 'Ngo', ngoId)
  const same = await tx.exportTemplate.findMany({ where: { ngoId, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } })
  // Case-blind in the app: SQLite's and PostgreSQL's case folding differ for Cyrillic.
  const folded = name.toLocaleLowerCase('ru')
  return same.some((t) => t.name.toLocaleLowerCase('ru') === folded)
}

/** Creates a template for the lead's NGO, or for `ngoId` (null: coalition-wide) when an admin asks. */
export async function createExportTemplate(scope: Scope, input: { ngoId: string | null; name: string; columns: TemplateColumn[] }, ip: string): Promise<SaveResult> {
  const ngoId = scope.kind === 'ngo' ? scope.ngoId : input.ngoId
  const created = await db.$transaction(async (tx) => {
    if (await nameTaken(tx, ngoId, input.name)) return null
    const row = await tx.exportTemplate.create({ data: { ngoId, name: input.name, columns: JSON.stringify(input.columns), createdById: scope.actorId } })
    await recordAudit({ actorId: scope.actorId, action: 'exportTemplate.created', targetType: 'exportTemplate', targetId: row.id, ngoId: ngoId ?? undefined, ip, details: { name: input.name, columns: input.columns.map((c) => c.column) } }, tx)
    return row
  })
  return created ? { ok: true, id: created.id } : { ok: false, error: 'exportTemplates.errors.nameTaken' }
}

export async function updateExportTemplate(scope: Scope, id: string, input: { name: string; columns: TemplateColumn[] }, ip: string): Promise<SaveResult> {
  const template = await getExportTemplate(scope, id, 'edit')
  const ngoId = template.ngo?.id ?? null
  const saved = await db.$transaction(async (tx) => {
    if (await nameTaken(tx, ngoId, input.name, id)) return false
    await tx.exportTemplate.update({ where: { id }, data: { name: input.name, columns: JSON.stringify(input.columns) } })
    await recordAudit({ actorId: scope.actorId, action: 'exportTemplate.updated', targetType: 'exportTemplate', targetId: id, ngoId: ngoId ?? undefined, ip, details: { name: input.name, previousName: template.name, columns: input.columns.map((c) => c.column) } }, tx)
    return true
  })
  return saved ? { ok: true, id } : { ok: false, error: 'exportTemplates.errors.nameTaken' }
}

export async function deleteExportTemplate(scope: Scope, id: string, ip: string): Promise<void> {
  const template = await getExportTemplate(scope, id, 'edit')
  await db.$transaction(async (tx) => {
    await tx.exportTemplate.delete({ where: { id } })
    await recordAudit({ actorId: scope.actorId, action: 'exportTemplate.deleted', targetType: 'exportTemplate', targetId: id, ngoId: template.ngo?.id, ip, details: { name: template.name } }, tx)
  })
}

/**
 * The templates an export of this roster may use: the NGO's own and the coalition-wide ones for an
 * NGO's roster (whoever exports it), only the coalition-wide ones for the coalition roster.
 */
export async function templatesForRoster(scope: Scope): Promise<Array<{ id: string; name: string }>> {
  return db.exportTemplate.findMany({
    where: scope.kind === 'ngo' ? { OR: [{ ngoId: scope.ngoId }, { ngoId: null }] } : { ngoId: null },
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  })
}

/** The template an export asked for, or null when it is not one this roster may use (the caller answers 404). */
export async function findRosterTemplate(scope: Scope, id: string): Promise<RosterTemplate | null> {
  const row = await db.exportTemplate.findFirst({
    where: { id, ...(scope.kind === 'ngo' ? { OR: [{ ngoId: scope.ngoId }, { ngoId: null }] } : { ngoId: null }) },
    select: { id: true, name: true, columns: true },
  })
  const columns = row ? readTemplateColumns(row.columns) : null
  return row && columns ? { id: row.id, name: row.name, columns } : null
}
