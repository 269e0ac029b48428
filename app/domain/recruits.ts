/**
 * The NGO lead's view of recruits: what the list can be filtered and sorted by, how a search finds
 * a person, and when a recruit counts as stuck. Pure: the server turns these into queries.
 */
import { z } from 'zod'
import { availabilityParts, applicationLanguages } from './validation/application.ts'
import { withoutHiddenCharacters } from './validation/fields.ts'
import { applicationStates, type ApplicationState } from './pipeline.ts'
import { parsePage } from './paging.ts'

export const RECRUITS_PAGE_SIZE = 50

/** Buckets of `trainingPercent`, the share of the campaign's required lessons done. */
export const progressBuckets = ['none', 'started', 'half', 'done'] as const
export type ProgressBucket = (typeof progressBuckets)[number]

export function progressRange(bucket: ProgressBucket): { gte?: number; lte?: number } {
  switch (bucket) {
    case 'none':
      return { lte: 0 }
    case 'started':
      return { gte: 1, lte: 49 }
    case 'half':
      return { gte: 50, lte: 99 }
    case 'done':
      return { gte: 100 }
  }
}

export const recruitSorts = ['newest', 'oldest', 'name', 'region', 'progress'] as const
export type RecruitSort = (typeof recruitSorts)[number]

/** Unknown values in the address fall back to "no filter": a tampered link shows a list, never an error. */
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined)

export const recruitFiltersSchema = z.object({
  state: optionalEnum(applicationStates),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  language: optionalEnum(applicationLanguages),
  availability: optionalEnum(availabilityParts),
  progress: optionalEnum(progressBuckets),
  q: z
    .string()
    // Searched for as seen: a NUL would also reach PostgreSQL's LIKE as an error.
    .transform(withoutHiddenCharacters)
    .pipe(z.string().trim().max(100))
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  sort: z.enum(recruitSorts).catch('newest').default('newest'),
})
export type RecruitFilters = z.infer<typeof recruitFiltersSchema> & { page: number }

export function parseRecruitFilters(searchParams: URLSearchParams): RecruitFilters {
  return { ...recruitFiltersSchema.parse(Object.fromEntries(searchParams)), page: parsePage(searchParams) }
}

/** Lower case, ё as е, one space: how names are stored for search and how queries are folded. */
export function foldForSearch(text: string): string {
  return text.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim()
}

/** What a recruit is found by: name, phone digits (with and without the leading 7) and IIN. */
export function recruitSearchText(recruit: { fullName: string; phone: string; iin: string }): string {
  const digits = recruit.phone.replace(/\D/g, '')
  const local = digits.startsWith('7') ? `8${digits.slice(1)}` : digits
  return [foldForSearch(recruit.fullName), digits, local, recruit.iin].join(' | ')
}

/**
 * A query as it is matched against `recruitSearchText`: digits only when it looks like a number.
 * LIKE's wildcards and escape (`%`, `_`, `\`) are left out: the database's "contains" would read
 * them as "anything" (every recruit for `%`), and nobody is found by them.
 */
export function searchNeedle(query: string): string {
  const folded = foldForSearch(query.replace(/[%_\\]/g, ''))
  return /^[\d\s()+-]+$/.test(folded) ? folded.replace(/\D/g, '') : folded
}

/**
 * What of a search needle the trigram index is asked for (app/server/recruitment/recruitment.server.ts):
 * a run of eight digits or more (a phone number, an IIN) by its last seven, anything else whole. The
 * index answers a phrase by intersecting one list per trigram and checking positions, and digit
 * trigrams are in every phone and IIN, so a phone's whole eleven digits cost several times its last
 * seven (measured over 60,000 applications: 2.5 against 0.4 ms of CPU), which narrow just as well: a
 * number's end is what tells it apart. The index only proposes candidates; the whole needle decides.
 */
export function indexProbe(needle: string): string {
  return /^\d{8,}$/.test(needle) ? needle.slice(-7) : needle
}

/** States a lead may pick several recruits in and move together. */
export const bulkTargets = ['screening', 'accepted', 'rejected'] as const satisfies readonly ApplicationState[]
export type BulkTarget = (typeof bulkTargets)[number]

/** `liveSessions`: passed the courses, still short of the live sessions the campaign requires. */
export const stuckKinds = ['notStarted', 'examFailed', 'liveSessions'] as const
export type StuckKind = (typeof stuckKinds)[number]

export const DEFAULT_STUCK_DAYS = 7

/** A list stored as JSON text (an application's languages, availability, declarations); [] for anything else. */
export function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}
