/**
 * Writing CSV, one way for every file the app hands out (rosters, the import template): UTF-8 with a
 * BOM (Excel then reads Cyrillic), RFC 4180 quoting, CRLF line ends, no cell a spreadsheet would run
 * as a formula; `;` between cells in Russian and Kazakh (what Excel in those locales splits on) and
 * `,` in English.
 */
import type { Locale } from './locale.ts'

export const CSV_BOM = '\ufeff'

export function csvDelimiter(locale: Locale): ';' | ',' {
  return locale === 'en' ? ',' : ';'
}

/**
 * A cell a spreadsheet will not run as a formula: text that starts with = + - @, a tab or a carriage
 * return gets a leading apostrophe (OWASP's advice for CSV injection). Numbers stay numbers.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** One CSV field by RFC 4180: quoted when it holds a delimiter, a quote or a line break; quotes doubled. */
export function csvField(value: string, delimiter = ','): string {
  const safe = neutraliseCell(value)
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One record, its line end included. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  return `${cells.map((c) => csvField(c, delimiter)).join(delimiter)}\r\n`
}
