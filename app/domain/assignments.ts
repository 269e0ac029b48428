/**
 * The rules of election-day assignments, with no database: when two shifts overlap, which
 * assignment an intended one would break (one observer of an organisation per station at a time;
 * one observer in one place at a time), and the bulk suggestion that never breaks them. The server
 * (app/server/deployment/assignments.server.ts) reads the facts and applies these in a transaction.
 */
import { z } from 'zod'
import { DISPLAY_TIME_ZONE_OFFSET_MINUTES } from './format.ts'
import { foldText } from './import-cells.ts'
import { localizedName, type Locale } from './locale.ts'
import { idField } from './validation/fields.ts'

export const assignmentStatuses = ['assigned', 'confirmed', 'declined'] as const
export type AssignmentStatus = (typeof assignmentStatuses)[number]

export function isAssignmentStatus(value: unknown): value is AssignmentStatus {
  return typeof value === 'string' && (assignmentStatuses as readonly string[]).includes(value)
}

export interface ShiftWindow {
  id: string
  startsAt: Date
  endsAt: Date
}

/** Two shifts overlap when each starts before the other ends; 14:00 → 20:00 does not overlap 07:00 → 14:00. */
export function shiftsOverlap(a: Pick<ShiftWindow, 'startsAt' | 'endsAt'>, b: Pick<ShiftWindow, 'startsAt' | 'endsAt'>): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime()
}

/** One assignment as the rules see it. */
export interface Placement {
  id?: string
  applicationId: string
  ngoId: string
  stationId: string
  shiftId: string
}

export type AssignmentConflict =
  /** Another observer of the same organisation is at this station at an overlapping time. */
  | { kind: 'ngoAtStation'; assignmentId: string | undefined; applicationId: string; shiftId: string }
  /** The observer is somewhere (anywhere) else at an overlapping time. */
  | { kind: 'observerBusy'; assignmentId: string | undefined; stationId: string; shiftId: string }

/**
 * What the intended placement would break among `existing` (the campaign's assignments; the one
 * being changed, `candidate.id`, is left out), or null when it breaks nothing. `shifts` holds every
 * shift the placements name; an unknown shift counts as overlapping everything (refuse, not guess).
 */
export function assignmentConflict(candidate: Placement, existing: readonly Placement[], shifts: ReadonlyMap<string, Pick<ShiftWindow, 'startsAt' | 'endsAt'>>): AssignmentConflict | null {
  const mine = shifts.get(candidate.shiftId)
  const overlaps = (shiftId: string) => {
    if (shiftId === candidate.shiftId) return true
    const other = shifts.get(shiftId)
    return !mine || !other || shiftsOverlap(mine, other)
  }
  for (const other of existing) {
    if (candidate.id !== undefined && other.id === candidate.id) continue
    if (!overlaps(other.shiftId)) continue
    if (other.applicationId === candidate.applicationId) return { kind: 'observerBusy', assignmentId: other.id, stationId: other.stationId, shiftId: other.shiftId }
    if (other.ngoId === candidate.ngoId && other.stationId === candidate.stationId) return { kind: 'ngoAtStation', assignmentId: other.id, applicationId: other.applicationId, shiftId: other.shiftId }
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// The bulk suggestion

export interface SuggestObserver {
  applicationId: string
  regionCode: string
  /** Where they live (a town, or a district of a city): matched against stations' districts. */
  settlement: string
  /** The station number they named when applying, if any. */
  pollingStation: string | null
}

export interface SuggestStation {
  id: string
  regionCode: string
  number: string
  district: string
  /** How many observers (of every organisation) stand at it in this shift already. */
  covered: number
}

export interface Suggestion {
  applicationId: string
  stationId: string
  /** Why this station: the number they named, their district, or just their region. */
  match: 'station' | 'district' | 'region'
}

/** Whether a station's district and a person's settlement name the same place ("Алмалинский р-н" ~ "Алмалинский район"). */
export function sameDistrict(district: string, settlement: string): boolean {
  const a = foldText(district).split(' ')[0] ?? ''
  const b = foldText(settlement).split(' ')
  return a.length >= 3 && b.some((word) => word === a || (word.length >= 5 && a.length >= 5 && word.slice(0, 5) === a.slice(0, 5)))
}

/**
 * Proposes a station for each observer who is free in `shiftId` (not placed at an overlapping time),
 * in their home region only: the station they named, else one in their district, else any in their
 * region, always the least covered one first (then by number). Every proposal keeps both rules, also
 * against the proposals before it. Observers with no station to propose are left out.
 */
export function suggestAssignments(input: {
  ngoId: string
  shiftId: string
  observers: readonly SuggestObserver[]
  stations: readonly SuggestStation[]
  existing: readonly Placement[]
  shifts: ReadonlyMap<string, Pick<ShiftWindow, 'startsAt' | 'endsAt'>>
}): Suggestion[] {
  const placed: Placement[] = [...input.existing]
  const covered = new Map(input.stations.map((s) => [s.id, s.covered]))
  const byRegion = new Map<string, SuggestStation[]>()
  for (const station of input.stations) byRegion.set(station.regionCode, [...(byRegion.get(station.regionCode) ?? []), station])
  const out: Suggestion[] = []
  for (const observer of input.observers) {
    const base = { applicationId: observer.applicationId, ngoId: input.ngoId, shiftId: input.shiftId }
    if (assignmentConflict({ ...base, stationId: '' }, placed, input.shifts)?.kind === 'observerBusy') continue
    const rank = (station: SuggestStation): number =>
      observer.pollingStation && station.number === observer.pollingStation ? 0 : sameDistrict(station.district, observer.settlement) ? 1 : 2
    let best: { station: SuggestStation; rank: number } | null = null
    for (const station of byRegion.get(observer.regionCode) ?? []) {
      if (assignmentConflict({ ...base, stationId: station.id }, placed, input.shifts)) continue
      const candidate = { station, rank: rank(station) }
      if (!best || compareCandidates(candidate, best, covered) < 0) best = candidate
    }
    if (!best) continue
    placed.push({ ...base, stationId: best.station.id })
    covered.set(best.station.id, (covered.get(best.station.id) ?? 0) + 1)
    out.push({ applicationId: observer.applicationId, stationId: best.station.id, match: best.rank === 0 ? 'station' : best.rank === 1 ? 'district' : 'region' })
  }
  return out
}

function compareCandidates(a: { station: SuggestStation; rank: number }, b: { station: SuggestStation; rank: number }, covered: ReadonlyMap<string, number>): number {
  if (a.rank !== b.rank) return a.rank - b.rank
  const coverage = (covered.get(a.station.id) ?? 0) - (covered.get(b.station.id) ?? 0)
  if (coverage !== 0) return coverage
  return compareStationNumbers(a.station.number, b.station.number)
}

/** Station numbers as people sort them: 9 before 10, then as text. */
export function compareStationNumbers(a: string, b: string): number {
  const na = Number(a)
  const nb = Number(b)
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb
  return a.localeCompare(b)
}

// ---------------------------------------------------------------------------------------------
// Shifts and times in Kazakhstan

/** A KZ wall-clock date and time ("2026-03-15", "07:00") as the instant it names. */
export function kzInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{1,2}):(\d{2})$/.exec(time)
  if (!d || !t) return null
  const [hours, minutes] = [Number(t[1]), Number(t[2])]
  if (hours > 23 || minutes > 59) return null
  const utc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hours, minutes) - DISPLAY_TIME_ZONE_OFFSET_MINUTES * 60_000
  const instant = new Date(utc)
  return Number.isNaN(instant.getTime()) ? null : instant
}

/** An instant as KZ wall-clock parts: "2026-03-15" and "07:00". */
export function kzParts(instant: Date): { date: string; time: string } {
  const shifted = new Date(instant.getTime() + DISPLAY_TIME_ZONE_OFFSET_MINUTES * 60_000).toISOString()
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) }
}

/** The election day (stored as a UTC midnight) as the KZ calendar date of that day. */
export function electionDate(electionDay: Date): string {
  return electionDay.toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
// Forms

const hhmm = z.string().trim().regex(/^\d{1,2}:\d{2}$/, 'deployment.errors.time')
const shiftName = z.string().trim().min(1, 'validation.required').max(80, 'validation.tooLong')

const shiftFields = z.object({
  id: idField.optional().or(z.literal('').transform(() => undefined)),
  nameRu: shiftName,
  nameKk: shiftName,
  nameEn: shiftName,
  startDate: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'deployment.errors.date'),
  startTime: hhmm,
  endDate: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'deployment.errors.date'),
  endTime: hhmm,
  sortOrder: z.coerce.number().int().min(0).max(99).default(0),
})

function toShift(value: z.output<typeof shiftFields>, ctx: z.RefinementCtx) {
  const startsAt = kzInstant(value.startDate, value.startTime)
  const endsAt = kzInstant(value.endDate, value.endTime)
  if (!startsAt) ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'deployment.errors.time' })
  if (!endsAt) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'deployment.errors.time' })
  if (!startsAt || !endsAt) return z.NEVER
  if (endsAt <= startsAt) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'deployment.errors.endBeforeStart' })
    return z.NEVER
  }
  if (endsAt.getTime() - startsAt.getTime() > 36 * 3600_000) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'deployment.errors.tooLong' })
    return z.NEVER
  }
  return { id: value.id, nameRu: value.nameRu, nameKk: value.nameKk, nameEn: value.nameEn, startsAt, endsAt, sortOrder: value.sortOrder }
}

/** One shift as the admin edits it: names, and start/end in KZ time; the end may be on the next day. */
export const shiftSchema = shiftFields.transform(toShift)
export type ShiftInput = z.output<typeof shiftSchema>

export const declineReasonField = z.string().trim().max(500, 'validation.tooLong')

/** The observer's answer on "My assignment": confirm, or decline with a reason. */
export const assignmentResponseSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('confirm'), assignmentId: idField }),
    z.object({ intent: z.literal('decline'), assignmentId: idField, reason: declineReasonField.min(3, 'deployment.errors.reasonRequired') }),
  ],
  { error: 'validation.invalid' },
)

const idDocumentField = z
  .string()
  .trim()
  .max(30, 'validation.tooLong')
  .regex(/^[\p{L}\p{N} №-]*$/u, 'deployment.errors.idDocument')
  .optional()
  .transform((v) => v || undefined)

/** A choice of the assignment form: nothing chosen (the empty first option) is `message`. */
const chosen = (message: string) => z.string({ error: message }).pipe(idField)

/** The lead's "yes, outside their home region" box (`outsideHomeRegion`), sent as "yes" when ticked. */
const otherRegionField = z
  .literal('yes', { error: 'validation.invalid' })
  .optional()
  .transform((v) => v === 'yes')

/** The lead's single assignment form. */
export const assignSchema = z.object({
  intent: z.literal('assign'),
  applicationId: chosen('deployment.errors.chooseObserver'),
  stationId: chosen('deployment.errors.chooseStation'),
  shiftId: chosen('deployment.errors.chooseShift'),
  idDocumentNumber: idDocumentField,
  otherRegion: otherRegionField,
})

const moveSchema = z.object({
  intent: z.literal('move'),
  assignmentId: idField,
  stationId: chosen('deployment.errors.chooseStation'),
  shiftId: chosen('deployment.errors.chooseShift'),
  otherRegion: otherRegionField,
})

/**
 * Whether a station lies outside the observer's home region (the one they applied in). Allowed, as an
 * NGO may send someone where it lacks people, but only once the lead has said so: the form warns and
 * asks, and the server refuses it unconfirmed (`otherRegion`), so a slip of the station list (or of
 * the region picker) does not send an observer across the country.
 */
export function outsideHomeRegion(observer: { regionCode: string }, station: { regionCode: string }): boolean {
  return observer.regionCode !== station.regionCode
}

/** A station district of the choice list; stations without one come last, under "no district". */
export interface StationGroup<Station> {
  district: string
  stations: Station[]
}

/**
 * A region's stations for one select, in `<optgroup>`s by district (a city's or a region's district,
 * as the commission's list names it): districts in alphabetical order, stations by number in each.
 */
export function groupStationsByDistrict<Station extends { district: string; number: string }>(stations: readonly Station[], collator = new Intl.Collator('ru')): Array<StationGroup<Station>> {
  const groups = new Map<string, Station[]>()
  for (const station of stations) {
    const district = station.district.trim()
    const list = groups.get(district)
    if (list) list.push(station)
    else groups.set(district, [station])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : collator.compare(a, b)))
    .map(([district, list]) => ({ district, stations: list.sort((a, b) => compareStationNumbers(a.number, b.number)) }))
}

/** The assign page's form: a new assignment, or moving one. */
export const assignFormSchema = z.discriminatedUnion('intent', [assignSchema, moveSchema], { error: 'validation.invalid' })

/** The lead's actions on one assignment in the list. */
export const assignmentActionSchema = z.discriminatedUnion('intent', [moveSchema, z.object({ intent: z.literal('remove'), assignmentId: idField })], { error: 'validation.invalid' })

/** The lead confirms a reviewed suggestion: pairs as "applicationId:stationId", one shift. */
export const confirmSuggestionSchema = z.object({
  intent: z.literal('confirmSuggestion'),
  shiftId: idField,
  pairs: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$/), { error: 'deployment.errors.nothingChosen' })
    .min(1, { error: 'deployment.errors.nothingChosen' })
    .max(500)
    .transform((pairs) => pairs.map((p) => { const [applicationId = '', stationId = ''] = p.split(':'); return { applicationId, stationId } })),
})

// ---------------------------------------------------------------------------------------------
// Filters of the lists (query strings)

const optionalCode = z.string().trim().regex(/^[A-Za-z0-9_-]{1,60}$/).optional().catch(undefined)
const optionalWords = z.string().trim().max(100).optional().catch(undefined).transform((v) => v || undefined)

const listFiltersSchema = z.object({
  region: optionalCode,
  district: optionalWords,
  shift: optionalCode,
  status: z.enum(assignmentStatuses).optional().catch(undefined),
  coverage: z.enum(['all', 'none', 'one', 'several']).catch('all').default('all'),
})

export interface ListFilters {
  regionCode: string | undefined
  district: string | undefined
  shiftId: string | undefined
  status: AssignmentStatus | undefined
  coverage: 'all' | 'none' | 'one' | 'several'
  page: number
}

/** `?region=&district=&shift=&status=&coverage=&page=` as filters; anything unreadable is ignored, never an error. */
export function parseListFilters(searchParams: URLSearchParams): ListFilters {
  const f = listFiltersSchema.parse(Object.fromEntries(searchParams))
  const page = Number.parseInt(searchParams.get('page') ?? '1', 10)
  return { regionCode: f.region, district: f.district, shiftId: f.shift, status: f.status, coverage: f.coverage, page: Number.isFinite(page) && page >= 1 ? Math.min(page, 100_000) : 1 }
}

/** A shift as people read it: "Opening – 14:00 (07:00–14:00)", times in KZ. */
export function shiftLabel(shift: { nameRu: string; nameKk: string; nameEn: string; startsAt: Date; endsAt: Date }, locale: Locale): string {
  return `${localizedName(shift, locale)} (${kzParts(shift.startsAt).time}–${kzParts(shift.endsAt).time})`
}

/** A link to the station on a map: OpenStreetMap at its coordinates, else a 2GIS search for its address. */
export function stationMapLink(station: { latitude: number | null; longitude: number | null; address: string; district?: string }): string {
  if (station.latitude !== null && station.longitude !== null) return `https://www.openstreetmap.org/?mlat=${station.latitude}&mlon=${station.longitude}#map=17/${station.latitude}/${station.longitude}`
  return `https://2gis.kz/search/${encodeURIComponent([station.district, station.address].filter(Boolean).join(', '))}`
}

/** What an observer brings to the station (deployment.checklist.<item>). */
export const checklistItems = ['idCard', 'letter', 'certificate', 'phone', 'notebook', 'food', 'coordinator'] as const

/** The admin's shift page: save one shift (new or changed), or delete one. */
export const shiftActionSchema = z
  .discriminatedUnion('intent', [shiftFields.extend({ intent: z.literal('save') }), z.object({ intent: z.literal('delete'), id: idField })], { error: 'validation.invalid' })
  .transform((value, ctx) => (value.intent === 'delete' ? value : { intent: 'save' as const, shift: toShift(value, ctx) }))
