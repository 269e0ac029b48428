/**
 * Rosters: the certified observers an NGO hands over, region by region. The pure rules live here:
 * which columns exist, how a phone is written for a spreadsheet, and how rows are ordered (CSV
 * itself: csv.ts).
 */
import { shiftLabel } from './assignments.ts'
import type { Locale } from './locale.ts'

/**
 * `pollingStation` is the station the volunteer named on the application (where they live or vote);
 * `assignedStation` and `shift` are where and when the NGO placed them for election day (Assignment).
 */
export const rosterColumns = [
  'number',
  'fullName',
  'iin',
  'birthDate',
  'phone',
  'region',
  'settlement',
  'pollingStation',
  'assignedStation',
  'shift',
  'languages',
  'certificateCode',
  'validUntil',
  'ngo',
] as const
export type RosterColumn = (typeof rosterColumns)[number]

/** One election-day placement of a roster row, as read (shift order). */
export interface RosterPlacement {
  stationNumber: string
  address: string
  shift: { nameRu: string; nameKk: string; nameEn: string; startsAt: Date; endsAt: Date }
}

/**
 * A row's placements as its two cells, in shift order. The station cell names each station once
 * ("№ 112, ул. Абая 10"), joined by "; "; the shift cell names each shift with its hours in
 * Kazakhstan time, and when the observer stands at more than one station, which one ("… — № 112").
 * Declined placements are not read (roster-read.server.ts): a roster shows who will be there.
 */
const NO_PLACEMENT = { assignedStation: '', shift: '' } as const

export function placementCells(placements: readonly RosterPlacement[], locale: Locale): { assignedStation: string; shift: string } {
  // Most rows of a roster before election day: nothing to build.
  if (placements.length === 0) return NO_PLACEMENT
  const stations: string[] = []
  for (const p of placements) {
    const station = `№ ${p.stationNumber}${p.address ? `, ${p.address}` : ''}`
    if (!stations.includes(station)) stations.push(station)
  }
  const several = new Set(placements.map((p) => p.stationNumber)).size > 1
  return {
    assignedStation: stations.join('; '),
    shift: placements.map((p) => `${shiftLabel(p.shift, locale)}${several ? ` — № ${p.stationNumber}` : ''}`).join('; '),
  }
}

/**
 * A phone as every roster shows it, the screen and its CSV, XLSX and PDF alike (they showed
 * "+77012345678" beside "8 701 234 56 78"): a Kazakh number (+7 and ten digits, all the application
 * form accepts) in the national dialling form, "8 701 234 56 78". It suits the CSV best: a leading +
 * would start a formula in Excel, so it would need the apostrophe, which Excel then shows; the
 * national form starts with a digit, and its spaces (with two-digit groups, which no thousands
 * grouping matches) keep Excel and LibreOffice from reading it as a number, so it opens as the text it
 * is, with nothing added. The import and the form read it back. Anything else is left as it is (and
 * to neutraliseCell in a CSV, csv.ts). The JSON API keeps the stored +77012345678, a program's form.
 */
export function rosterPhone(phone: string): string {
  const kazakh = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone)
  return kazakh ? `8 ${kazakh[1]} ${kazakh[2]} ${kazakh[3]} ${kazakh[4]}` : phone
}

const collators = new Map<Locale, Intl.Collator>()

/** The exporter's language's collation (Kazakh letters such as Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І in their places). */
export function collatorFor(locale: Locale): Intl.Collator {
  let collator = collators.get(locale)
  if (!collator) {
    collator = new Intl.Collator(locale === 'en' ? 'en' : locale === 'kk' ? 'kk' : 'ru', { sensitivity: 'base', numeric: true })
    collators.set(locale, collator)
  }
  return collator
}

/** Rosters are read region by region, then by name. */
export function compareRosterRows(locale: Locale) {
  const collator = collatorFor(locale)
  return (a: { regionName: string; fullName: string }, b: { regionName: string; fullName: string }) => collator.compare(a.regionName, b.regionName) || collator.compare(a.fullName, b.fullName)
}
