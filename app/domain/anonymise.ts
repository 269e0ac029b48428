/**
 * Removing a person after a campaign, the rules that need no database: what their cleared fields
 * become, who may not be anonymised, and how their traces are recognised in stored text (audit
 * details, uploaded volunteer lists, emails in the dev outbox). The server module
 * (app/server/accounts/anonymise.server.ts) applies them in one transaction.
 */
import { candidateNameKeys, nameKey, normaliseEmail, participantNames } from './attendance-report.ts'
import { foldText } from './import-cells.ts'
import type { ImportRow } from './import-file.ts'
import type { RowResult } from './import.ts'

/** The account's email once anonymised: unique, and `.invalid` is a reserved top-level domain, so nothing is ever sent there. */
export function anonymisedEmail(userId: string): string {
  return `removed-${userId}@invalid`
}

/** Not an argon2 hash, so no password verifies against it; and not the empty hash of an unclaimed invitation. */
export const UNUSABLE_PASSWORD_HASH = '!anonymised'

/** An anonymised application's IIN: unique per campaign as the schema wants, never twelve digits, so never a person's. */
export function removedIin(applicationId: string): string {
  return `removed-${applicationId}`
}

/** The birth date column cannot be empty: a date nobody applying today has. */
export const REMOVED_BIRTH_DATE = new Date('1900-01-01T00:00:00.000Z')

/** What an audit record's details become when they named the person: its action, time and ids stay. */
export const REMOVED_AUDIT_DETAILS = JSON.stringify({ personalDataRemoved: true })

export type AnonymiseRefusal = 'self' | 'lastAdmin'

/** An admin does not remove themselves (another admin does), and the last admin is never removed (the coalition would be locked out). */
export function anonymiseRefusal(input: { actorId: string; targetId: string; targetIsAdmin: boolean; adminCount: number }): AnonymiseRefusal | null {
  if (input.actorId === input.targetId) return 'self'
  if (input.targetIsAdmin && input.adminCount <= 1) return 'lastAdmin'
  return null
}

/** What identifies one person in stored text: every spelling the app holds of them (account, applications, certificates). */
export interface PersonTraces {
  userId: string
  emails: readonly string[]
  names: readonly string[]
  iins: readonly string[]
  phones: readonly string[]
}

const digitsOf = (value: string) => value.replace(/\D/g, '')

/** A Kazakh number's ten national digits (`+77012345678` → `7012345678`): the part every spelling (+7, 8, spaces) shares. */
function nationalDigits(phone: string): string | null {
  const digits = digitsOf(phone)
  return digits.length >= 10 ? digits.slice(-10) : null
}

/**
 * A name that identifies the person when found in someone else's text: two words or more. A first
 * name alone ("Анна") would match many people; it is cleared only where the record is theirs.
 */
export function isDistinctiveName(name: string): boolean {
  const folded = foldText(name)
  return folded.length >= 5 && folded.includes(' ')
}

const unique = (values: Iterable<string>) => [...new Set([...values].filter((v) => v.length > 0))]

/**
 * What finds an uploaded list that may hold the person: the trace needles, and each IIN starting with 0
 * as a spreadsheet number keeps it (11 digits); scrubImport then decides cell by cell.
 */
export function uploadNeedles(person: PersonTraces): string[] {
  const lostZero = person.iins.filter((iin) => /^0\d{11}$/.test(iin)).map((iin) => iin.slice(1))
  return unique([...traceNeedles(person), ...lostZero])
}

/**
 * Substrings that mark stored text (JSON) as naming the person, for `contains` queries: the account
 * id, emails, IINs, phones (their ten national digits) and distinctive names, also as JSON writes
 * them (a quote or backslash in a name is escaped there).
 */
export function traceNeedles(person: PersonTraces): string[] {
  const names = person.names.filter(isDistinctiveName).flatMap((name) => [name, JSON.stringify(name).slice(1, -1)])
  const phones = person.phones.map(nationalDigits).filter((p): p is string => p !== null)
  const iins = person.iins.filter((iin) => /^\d{12}$/.test(iin))
  const emails = person.emails.filter((e) => e.includes('@')).map((e) => e.toLowerCase())
  return unique([person.userId, ...emails, ...iins, ...phones, ...names])
}

/** Whether one cell of an uploaded list is the person's IIN, email, phone (in any usual spelling) or distinctive name. */
export function cellIsPerson(cell: string, person: PersonTraces): boolean {
  const text = cell.trim()
  if (!text) return false
  const digits = digitsOf(text)
  if (digits.length === 12 && person.iins.includes(digits)) return true
  // An IIN of someone born in the 2000s starts with 0, which a spreadsheet drops from a number (the import reads it back).
  if (digits.length === 11 && /^\d+$/.test(text) && person.iins.includes(`0${digits}`)) return true
  if (digits.length >= 10 && digits.length <= 11 && /^[\d\s()+-]+$/.test(text) && person.phones.some((p) => nationalDigits(p) === digits.slice(-10))) return true
  if (text.includes('@') && person.emails.some((e) => e.toLowerCase() === text.toLowerCase())) return true
  const folded = foldText(text)
  return person.names.some((name) => isDistinctiveName(name) && foldText(name) === folded)
}

/** Where an uploaded list keeps a name split over columns (surname, first name, patronymic), as its mapping or header says. */
export type SplitNameColumns = Partial<Record<'lastName' | 'firstName' | 'middleName', number>>

/**
 * An uploaded list with the person's rows blanked: every cell of a row that holds their IIN, email,
 * phone or name becomes empty (the row stays, so row numbers and the import's per-row result still
 * line up), and the result's name and masked IIN of those rows (or of rows with their name) go too.
 * A name split over columns is put together and compared as the meeting reports' matching does (any
 * word order; a legal name's first two words): no cell of such a row holds the whole name.
 */
export function scrubImport(rows: readonly ImportRow[], result: readonly RowResult[] | null, person: PersonTraces, split: SplitNameColumns = {}): { rows: ImportRow[]; result: RowResult[] | null; changed: boolean } {
  const blanked = new Set<number>()
  const parts = [split.lastName, split.firstName, split.middleName].filter((column): column is number => column !== undefined)
  const keys = parts.length >= 2 ? candidateNameKeys(person.names.filter(isDistinctiveName)) : new Set<string>()
  const splitNameIsTheirs = (row: ImportRow) => {
    if (keys.size === 0) return false
    const name = parts.map((column) => row.cells[column] ?? '').join(' ')
    return isDistinctiveName(name) && keys.has(nameKey(name))
  }
  const scrubbedRows = rows.map((row) => {
    if (!row.cells.some((cell) => cellIsPerson(cell, person)) && !splitNameIsTheirs(row)) return row
    blanked.add(row.n)
    return { n: row.n, cells: row.cells.map(() => '') }
  })
  let changed = blanked.size > 0
  const scrubbedResult =
    result?.map((r) => {
      if (!blanked.has(r.row) && !(r.name && cellIsPerson(r.name, person))) return r
      if (!r.name && !r.iinMasked) return r
      changed = true
      return { ...r, name: '', iinMasked: '' }
    }) ?? null
  return { rows: scrubbedRows, result: scrubbedResult, changed }
}

/**
 * A meeting participant report without the person: every row that is theirs blanked (row numbers
 * kept). A row is theirs when any cell is (`cellIsPerson`), when its name is one the report's
 * matching reads as theirs (word order, case, ё/е, a legal name's first two words, the original name
 * in brackets: `candidateNameKeys`), or when the participant it belongs to was matched to them by
 * hand (`manualKeys`, the review's keys: `email:…`, else `name:…`).
 */
export function scrubReportRows(rows: readonly ImportRow[], columns: { name?: number | undefined; email?: number | undefined }, manualKeys: ReadonlySet<string>, person: PersonTraces): { rows: ImportRow[]; changed: boolean } {
  const keys = candidateNameKeys(person.names)
  let changed = false
  const scrubbed = rows.map((row) => {
    const name = columns.name === undefined ? '' : (row.cells[columns.name] ?? '')
    const email = columns.email === undefined ? '' : normaliseEmail(row.cells[columns.email] ?? '')
    const names = columns.name === undefined ? row.cells.flatMap(participantNames) : participantNames(name)
    const participant = email ? `email:${email}` : `name:${nameKey(participantNames(name).join(' '))}`
    const theirs = row.cells.some((cell) => cellIsPerson(cell, person)) || names.some((n) => keys.has(nameKey(n))) || manualKeys.has(participant)
    if (!theirs || row.cells.every((cell) => cell === '')) return row
    changed = true
    return { n: row.n, cells: row.cells.map(() => '') }
  })
  return { rows: scrubbed, changed }
}

/** Whether an email in the dev outbox was to the person or names them. */
export function messageConcernsPerson(message: { to?: unknown; subject?: unknown; text?: unknown }, person: PersonTraces): boolean {
  const to = typeof message.to === 'string' ? message.to.trim().toLowerCase() : ''
  if (to && person.emails.some((e) => e.toLowerCase() === to)) return true
  const body = `${typeof message.subject === 'string' ? message.subject : ''}\n${typeof message.text === 'string' ? message.text : ''}`
  const lower = body.toLowerCase()
  if (traceNeedles(person).some((needle) => lower.includes(needle.toLowerCase()))) return true
  const folded = foldText(body)
  return person.names.some((name) => isDistinctiveName(name) && folded.includes(foldText(name)))
}
