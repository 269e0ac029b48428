/**
 * Dates are formatted once, on the server, and sent as text: the browser's ICU data (Kazakh in
 * particular) can differ from Node's, and hydrating a different string is an error.
 */
import { intlLocale, type Locale } from './locale.ts'

/**
 * The locale numbers are formatted in, on the server and in the browser alike. Kazakh writes numbers
 * as Russian does (decimal comma, spaces between thousands), and browsers' ICU data often lack Kazakh
 * number formats and fall back to English ("0.89"), which would not match the server's "0,89".
 */
export function numberLocale(locale: string): string {
  return locale === 'en' ? 'en' : 'ru'
}

/** Kazakhstan uses one time zone (UTC+5) since March 2024. */
export const DISPLAY_TIME_ZONE_OFFSET_MINUTES = 5 * 60

/**
 * Numeric date and time with a four-digit year in every language: `dateStyle: 'short'` gives Kazakh a
 * two-digit one ("03.12.26"), which reads as a day of a month.
 */
const dateTimeParts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }

// Building a formatter costs about 70 µs and a list page formats dozens of dates: keep one per kind.
const formatters = new Map<string, Intl.DateTimeFormat>()
const minuteParts: Intl.DateTimeFormatOptions = { ...dateTimeParts, second: undefined }

function formatter(locale: Locale, kind: 'long' | 'medium' | 'dateTime' | 'minute'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), kind === 'dateTime' ? dateTimeParts : kind === 'minute' ? minuteParts : { dateStyle: kind, timeZone: 'UTC' })
    formatters.set(key, f)
  }
  return f
}

export function formatDate(date: Date, locale: Locale, style: 'long' | 'medium' = 'long'): string {
  return formatter(locale, style).format(date)
}

/** Date and time to the minute in Kazakhstan time (appointments: live sessions). */
export function formatDateTimeMinute(date: Date, locale: Locale): string {
  return formatter(locale, 'minute').format(new Date(date.getTime() + DISPLAY_TIME_ZONE_OFFSET_MINUTES * 60_000))
}

/** Date and time in Kazakhstan time, whatever the server's own zone. */
export function formatDateTime(date: Date, locale: Locale): string {
  const shifted = new Date(date.getTime() + DISPLAY_TIME_ZONE_OFFSET_MINUTES * 60_000)
  return formatter(locale, 'dateTime').format(shifted)
}
