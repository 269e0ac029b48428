/**
 * Export templates: a named set of roster columns, in an order, with a header per language (the form a
 * territorial commission asks for). The stored shape, the form's shape and how a header is chosen.
 */
import { z } from 'zod'
import { oneLine, plainString } from './validation/fields.ts'
import type { Locale } from './locale.ts'
import { rosterColumns, type RosterColumn } from './roster.ts'

export const TEMPLATE_NAME_MAX = 80
export const TEMPLATE_HEADER_MAX = 80

export interface TemplateColumn {
  column: RosterColumn
  /** Empty: the standard translated column name in that language. */
  header: Record<Locale, string>
}

/** A saved template as a roster export uses it. */
export interface RosterTemplate {
  id: string
  name: string
  columns: TemplateColumn[]
}

const headerText = plainString().trim().max(TEMPLATE_HEADER_MAX, { error: 'exportTemplates.errors.headerLength' })
/** A header typed in the form is one line (the stored JSON is read as saved, so an older template keeps working). */
const typedHeader = headerText.refine(oneLine, { error: 'validation.singleLine' })

const templateColumn = z.object({
  column: z.enum(rosterColumns, { error: 'exportTemplates.errors.unknownColumn' }),
  header: z.object({ ru: headerText.default(''), kk: headerText.default(''), en: headerText.default('') }),
})

/** The stored JSON (and what the server accepts): known columns, each once, at least one. */
export const templateColumnsSchema = z
  .array(templateColumn, { error: 'exportTemplates.errors.columns' })
  .min(1, { error: 'exportTemplates.errors.noColumns' })
  .max(rosterColumns.length, { error: 'exportTemplates.errors.duplicateColumn' })
  .refine((columns) => new Set(columns.map((c) => c.column)).size === columns.length, { error: 'exportTemplates.errors.duplicateColumn' })

export const templateNameSchema = plainString({ error: 'exportTemplates.errors.name' })
  .trim()
  .min(1, { error: 'exportTemplates.errors.name' })
  .max(TEMPLATE_NAME_MAX, { error: 'exportTemplates.errors.name' })
  .refine(oneLine, { error: 'validation.singleLine' })

const position = z
  .number({ error: 'exportTemplates.errors.position' })
  .int({ error: 'exportTemplates.errors.position' })
  .min(1, { error: 'exportTemplates.errors.position' })
  .max(99, { error: 'exportTemplates.errors.position' })

/**
 * The form, which works without JavaScript: per column a checkbox `col.<column>.include`, a position
 * number `col.<column>.position` and three headers `col.<column>.ru|kk|en`. Columns come out in
 * position order (equal positions keep the standard order).
 */
const formColumn = z.object({
  include: z.literal('on').optional(),
  position: position.optional(),
  ru: typedHeader.optional(),
  kk: typedHeader.optional(),
  en: typedHeader.optional(),
})

const templateFields = z
  .object({
    name: templateNameSchema,
    ngo: z.string().max(100).optional(),
    col: z.object(Object.fromEntries(rosterColumns.map((c) => [c, formColumn.optional()])) as Record<RosterColumn, z.ZodOptional<typeof formColumn>>).optional(),
  })
  .superRefine((value, ctx) => {
    for (const column of rosterColumns) {
      const entry = value.col?.[column]
      if (entry?.include && entry.position === undefined) ctx.addIssue({ code: 'custom', path: ['col', column, 'position'], message: 'exportTemplates.errors.position' })
    }
    if (!rosterColumns.some((c) => value.col?.[c]?.include)) ctx.addIssue({ code: 'custom', path: ['col'], message: 'exportTemplates.errors.noColumns' })
  })

const templateOf = (value: z.output<typeof templateFields>) => ({ name: value.name, ngo: value.ngo ?? '', columns: formToColumns(value.col ?? {}) })

export const templateFormSchema = templateFields.transform(templateOf)

/** The editor's post: save the template (the default), or delete it (a stored one). */
export const templateActionSchema = z.discriminatedUnion(
  'intent',
  [templateFields.safeExtend({ intent: z.literal('save').default('save') }).transform((value) => ({ intent: value.intent, ...templateOf(value) })), z.object({ intent: z.literal('delete') })],
  { error: 'validation.invalid' },
)

export type TemplateForm = z.output<typeof templateFormSchema>

function formToColumns(col: Partial<Record<RosterColumn, z.output<typeof formColumn>>>): TemplateColumn[] {
  return rosterColumns
    .map((column, standard) => ({ column, standard, entry: col[column] }))
    .filter((c) => c.entry?.include)
    .sort((a, b) => (a.entry?.position ?? 0) - (b.entry?.position ?? 0) || a.standard - b.standard)
    .map(({ column, entry }) => ({ column, header: { ru: entry?.ru ?? '', kk: entry?.kk ?? '', en: entry?.en ?? '' } }))
}

/** The form's default values for a stored template (or none: every standard column in order). */
export function columnsToForm(columns: readonly TemplateColumn[] | null): Record<RosterColumn, { include: string; position: string; ru: string; kk: string; en: string }> {
  const at = new Map(columns?.map((c, i) => [c.column, { index: i, header: c.header }]) ?? [])
  return Object.fromEntries(
    rosterColumns.map((column, i) => {
      const saved = at.get(column)
      const included = columns ? saved !== undefined : column !== 'ngo'
      return [column, { include: included ? 'on' : '', position: String((saved?.index ?? i) + 1), ru: saved?.header.ru ?? '', kk: saved?.header.kk ?? '', en: saved?.header.en ?? '' }]
    }),
  ) as Record<RosterColumn, { include: string; position: string; ru: string; kk: string; en: string }>
}

/** A stored template's columns, or null when the JSON no longer fits (e.g. a column was removed). */
export function readTemplateColumns(json: string): TemplateColumn[] | null {
  try {
    const parsed = templateColumnsSchema.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The header of a column in the exporter's language: the template's text, or the standard name. */
export function templateHeader(column: TemplateColumn, locale: Locale, standard: (column: RosterColumn) => string): string {
  return column.header[locale].trim() || standard(column.column)
}
