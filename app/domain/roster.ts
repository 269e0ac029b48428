/**
 * Rosters: the certified observers an NGO hands over, region by region. The pure rules live here:
 * which columns exist, how a phone is written for a spreadsheet, and how rows are ordered (CSV
 * itself: csv.ts).
 */
import type { Locale } from './locale.ts'

export const rosterColumns = ['number', 'fullName', 'iin', 'birthDate', 'phone', 'region', 'settlement', 'pollingStation', 'languages', 'certificateCode', 'validUntil', 'ngo'] as const
export type RosterColumn = (typeof rosterColumns)[number]

/**
 * A phone as a CSV cell: a Kazakh number (+7 and ten digits, all the application form accepts) in
 * the national dialling form, "8 701 234 56 78". A leading + would start a formula in Excel, so it
 * would need the apostrophe, which Excel then shows; the national form starts with a digit, and its
 * spaces (with two-digit groups, which no thousands grouping matches) keep Excel and LibreOffice
 * from reading it as a number, so it opens as the text it is, with nothing added. The import reads
 * it back. Anything else is left to neutraliseCell (csv.ts).
 */
export function spreadsheetPhone(phone: string): string {
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
