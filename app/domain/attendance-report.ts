/**
 * A meeting platform's participant report (Zoom's CSV first) read into attendance: which column holds
 * what (guessed from Zoom's headers in English and Russian, confirmed by the uploader), one entry per
 * person however many times they joined and left (minutes summed), and each entry matched to a person
 * who may have attended: by email, then by name (case, ё/е, Kazakh letters, spaces and word order do
 * not matter), or by hand. Too little time in the meeting is not attendance. Pure: the server loads
 * the file and the people.
 *
 * A Zoom export: a meeting summary (Meeting ID, Topic, Start Time, …) above a blank line, then the
 * participant header (Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes),
 * Guest, …) and one row per join or leave; dates in the account's locale (12/03/2026 10:02:11 AM,
 * 03.12.2026 10:02:11); a guest's email is empty.
 */
import { z } from 'zod'
import { cleanCell, foldText } from './import-cells.ts'
import type { ImportRow } from './import-file.ts'
import { importUploadSchema } from './import.ts'

export const reportFields = ['name', 'email', 'joinTime', 'leaveTime', 'duration'] as const
export type ReportField = (typeof reportFields)[number]

export const DEFAULT_MINIMUM_MINUTES = 30
export const MAX_MINIMUM_MINUTES = 600

export interface ReportMapping {
  /** Field → index of the file's column. */
  columns: Partial<Record<ReportField, number>>
  /** Less time than this in the meeting is not attendance. */
  minimumMinutes: number
  /** Participants matched by hand: participant key → user id. */
  manual: Record<string, string>
}

/** Header patterns on folded text (foldText: lower case, Kazakh letters folded, punctuation as spaces). */
const headerRules: Record<ReportField, RegExp> = {
  name: /^(name|имя|аты|participant|участник)( |$)/,
  email: /(e ?mail|почта|email)/,
  joinTime: /(join time|время входа|время подключения|вход)/,
  leaveTime: /(leave time|время выхода|время отключения|выход)/,
  duration: /(duration|продолжительность|длительность|минут)/,
}

/** The participant header names when to join; the summary above it does not. */
export function looksLikeParticipantHeader(cells: readonly string[]): boolean {
  const columns = guessReportColumns(cells)
  return columns.name !== undefined && (columns.joinTime !== undefined || columns.leaveTime !== undefined)
}

export function guessReportColumns(headers: readonly string[]): ReportMapping['columns'] {
  const columns: ReportMapping['columns'] = {}
  const used = new Set<number>()
  for (const field of ['joinTime', 'leaveTime', 'duration', 'email', 'name'] as const) {
    const index = headers.findIndex((h, i) => !used.has(i) && headerRules[field].test(foldText(h)))
    if (index >= 0) {
      columns[field] = index
      used.add(index)
    }
  }
  return columns
}

/** The mapping form: column indexes (empty: not in the file) and the minimum minutes. */
export function reportMappingSchema(columnCount: number) {
  const column = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number({ error: 'validation.invalid' }).int().min(0).max(columnCount - 1, { error: 'validation.invalid' }).optional())
  return z
    .object({
      columns: z.object({ name: column, email: column, joinTime: column, leaveTime: column, duration: column }).default({}),
      minimumMinutes: z.coerce
        .number({ error: 'liveRule.report.errors.minimumMinutes' })
        .int({ error: 'liveRule.report.errors.minimumMinutes' })
        .min(1, { error: 'liveRule.report.errors.minimumMinutes' })
        .max(MAX_MINIMUM_MINUTES, { error: 'liveRule.report.errors.minimumMinutes' })
        .default(DEFAULT_MINIMUM_MINUTES),
    })
    .superRefine((v, ctx) => {
      if (v.columns.name === undefined) ctx.addIssue({ code: 'custom', path: ['columns', 'name'], message: 'liveRule.report.errors.nameColumn' })
      if (v.columns.duration === undefined && (v.columns.joinTime === undefined || v.columns.leaveTime === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['columns', 'duration'], message: 'liveRule.report.errors.timeColumns' })
      }
    })
}

/**
 * A meeting time as the account's locale writes it, read as a naive UTC date (only differences are
 * used): `12/03/2026 10:02:11 AM` (US: month first), `03.12.2026 10:02:11` (day first),
 * `2026-12-03 10:02:11`; seconds and AM/PM optional. Null when unreadable.
 */
export function parseMeetingTime(text: string): Date | null {
  const value = cleanCell(text).toUpperCase()
  const match = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/.exec(value)
  if (!match) return null
  const [, a, b, c, hh, mm, ss, ampm] = match
  const separator = value.match(/^\d+([./-])/)?.[1]
  let year: number, month: number, day: number
  if (a!.length === 4) [year, month, day] = [Number(a), Number(b), Number(c)]
  else if (separator === '/') [month, day, year] = [Number(a), Number(b), Number(c)]
  else [day, month, year] = [Number(a), Number(b), Number(c)]
  if (year < 100) year += 2000
  let hour = Number(hh)
  if (ampm) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (ampm === 'PM' ? 12 : 0)
  }
  const date = new Date(Date.UTC(year, month - 1, day, hour, Number(mm), Number(ss ?? 0)))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || Number(mm) > 59) return null
  return date
}

/** Minutes as Zoom writes them ("45", "45.5", "45,5"), or null. */
export function parseMinutes(text: string): number | null {
  const value = cleanCell(text).replace(',', '.')
  if (!/^\d{1,5}(\.\d+)?$/.test(value)) return null
  return Number(value)
}

/** "Айгерим С. (Aigerim Serikova)": the shown name and, in brackets, the original one (Zoom's "Name (Original Name)"). */
export function participantNames(cell: string): string[] {
  const value = cleanCell(cell)
  const match = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(value)
  const names = match ? [match[1]!, match[2]!] : [value]
  return names.map((n) => n.trim()).filter(Boolean)
}

/** A name as matching compares it: folded (case, ё/е, Kazakh letters, punctuation), words sorted. */
export function nameKey(name: string): string {
  return foldText(name).split(' ').filter(Boolean).sort().join(' ')
}

export function normaliseEmail(value: string): string {
  const email = cleanCell(value).toLowerCase()
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : ''
}

/** One person of the report: their rows summed. `key` identifies them across steps (email, else name). */
export interface Participant {
  key: string
  name: string
  email: string
  minutes: number
  /** The file's row numbers. */
  rows: number[]
  /** Rows whose time could not be read (counted as 0 minutes). */
  unreadable: number
}

/** The rows of the file grouped per person (by email, else by name), minutes summed, in first-seen order. */
export function groupParticipants(rows: readonly ImportRow[], columns: ReportMapping['columns']): Participant[] {
  const byKey = new Map<string, Participant>()
  const cell = (row: ImportRow, field: ReportField) => (columns[field] === undefined ? '' : (row.cells[columns[field]] ?? ''))
  for (const row of rows) {
    const name = cleanCell(cell(row, 'name'))
    const email = normaliseEmail(cell(row, 'email'))
    const key = email ? `email:${email}` : `name:${nameKey(participantNames(name).join(' '))}`
    if (!email && !nameKey(name)) continue
    const minutes = rowMinutes(row, columns)
    const entry = byKey.get(key) ?? { key, name, email, minutes: 0, rows: [], unreadable: 0 }
    entry.minutes += minutes ?? 0
    if (minutes === null) entry.unreadable += 1
    entry.rows.push(row.n)
    byKey.set(key, entry)
  }
  return [...byKey.values()].map((p) => ({ ...p, minutes: Math.round(p.minutes) }))
}

/** A row's minutes: its duration column, else leave minus join; null when neither can be read. */
export function rowMinutes(row: ImportRow, columns: ReportMapping['columns']): number | null {
  if (columns.duration !== undefined) {
    const minutes = parseMinutes(row.cells[columns.duration] ?? '')
    if (minutes !== null) return minutes
  }
  if (columns.joinTime === undefined || columns.leaveTime === undefined) return null
  const join = parseMeetingTime(row.cells[columns.joinTime] ?? '')
  const leave = parseMeetingTime(row.cells[columns.leaveTime] ?? '')
  if (!join || !leave || leave < join) return null
  return (leave.getTime() - join.getTime()) / 60_000
}

/**
 * The keys a candidate's names match under: each whole name, and for a legal name of three words or
 * more ("Иванов Пётр Сергеевич": surname, first name, patronymic) its first two, as people call
 * themselves in a meeting ("Пётр Иванов").
 */
export function candidateNameKeys(names: readonly string[]): Set<string> {
  const keys = new Set<string>()
  for (const name of names) {
    const words = cleanCell(name).split(' ').filter(Boolean)
    for (const key of [nameKey(name), words.length >= 3 ? nameKey(words.slice(0, 2).join(' ')) : '']) if (key) keys.add(key)
  }
  return keys
}

/** Someone who may have attended: registered for the session, or a volunteer of one of its campaigns. */
export interface Candidate {
  userId: string
  /** The account's name and the application's legal name(s). */
  names: readonly string[]
  emails: readonly string[]
}

export const participantOutcomes = ['matchedEmail', 'matchedName', 'matchedManual', 'tooShort', 'ambiguous', 'unmatched'] as const
export type ParticipantOutcome = (typeof participantOutcomes)[number]

export interface MatchedParticipant extends Participant {
  outcome: ParticipantOutcome
  userId: string | null
}

/**
 * Each participant's outcome: a hand match wins; then email; then a name that exactly one candidate
 * bears (two candidates with the name: ambiguous, left to the hand). A matched person with less than
 * the minimum in all their entries together is "too short" (userId kept, so the review shows who).
 */
export function matchParticipants(participants: readonly Participant[], candidates: readonly Candidate[], mapping: Pick<ReportMapping, 'minimumMinutes' | 'manual'>): MatchedParticipant[] {
  const byEmail = new Map<string, string>()
  const byName = new Map<string, Set<string>>()
  for (const c of candidates) {
    for (const email of c.emails) if (normaliseEmail(email)) byEmail.set(normaliseEmail(email), c.userId)
    for (const key of candidateNameKeys(c.names)) byName.set(key, (byName.get(key) ?? new Set()).add(c.userId))
  }
  const known = new Set(candidates.map((c) => c.userId))
  const found = participants.map((p): { outcome: ParticipantOutcome; userId: string | null } => {
    const manual = mapping.manual[p.key]
    if (manual && known.has(manual)) return { outcome: 'matchedManual', userId: manual }
    if (p.email && byEmail.has(p.email)) return { outcome: 'matchedEmail', userId: byEmail.get(p.email)! }
    const ids = new Set(participantNames(p.name).flatMap((n) => [...(byName.get(nameKey(n)) ?? [])]))
    return ids.size === 1 ? { outcome: 'matchedName', userId: [...ids][0]! } : { outcome: ids.size > 1 ? 'ambiguous' : 'unmatched', userId: null }
  })
  // One person under two entries (a phone and a laptop, two names): their minutes count together.
  const minutesOf = new Map<string, number>()
  found.forEach((f, i) => {
    if (f.userId) minutesOf.set(f.userId, (minutesOf.get(f.userId) ?? 0) + participants[i]!.minutes)
  })
  return participants.map((p, i) => {
    const f = found[i]!
    const short = f.userId !== null && (minutesOf.get(f.userId) ?? 0) < mapping.minimumMinutes
    return { ...p, ...(short ? { outcome: 'tooShort' as const, userId: f.userId } : f) }
  })
}

/** Outcomes that record attendance on import. */
export function attends(outcome: ParticipantOutcome): boolean {
  return outcome === 'matchedEmail' || outcome === 'matchedName' || outcome === 'matchedManual'
}

export function countOutcomes(matched: readonly MatchedParticipant[]): Record<ParticipantOutcome, number> {
  const counts = Object.fromEntries(participantOutcomes.map((o) => [o, 0])) as Record<ParticipantOutcome, number>
  for (const m of matched) counts[m.outcome] += 1
  return counts
}

/** The upload form: the report file alone (the volunteer import's file field and its checks). */
export const reportUploadSchema = importUploadSchema.pick({ file: true })

/** The review's forms: a hand match (empty person: undo it) or the import. */
export const reportReviewSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('match'), key: z.string({ error: 'validation.invalid' }).min(1).max(600), userId: z.string().max(100).default('') }),
    // The minimum the uploader saw on the check: a mapping changed since (another tab) is not imported unseen.
    z.object({ intent: z.literal('run'), minimumMinutes: z.coerce.number({ error: 'validation.invalid' }).int({ error: 'validation.invalid' }).min(1).max(MAX_MINIMUM_MINUTES) }),
  ],
  { error: 'validation.invalid' },
)
