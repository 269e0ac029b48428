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
  // = + - @ tab CR, by code (a 100,000-row roster calls this for every cell).
  const first = value.charCodeAt(0)
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${value}` : value
}

/** What makes a field quoted, per delimiter (made once). */
const quoteNeeded = new Map<string, RegExp>()

function needsQuotes(delimiter: string): RegExp {
  let pattern = quoteNeeded.get(delimiter)
  if (!pattern) {
    pattern = new RegExp(`["\\r\\n]|${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
    if (quoteNeeded.size < 16) quoteNeeded.set(delimiter, pattern)
  }
  return pattern
}

/** One CSV field by RFC 4180: quoted when it holds a delimiter, a quote or a line break; quotes doubled. */
export function csvField(value: string, delimiter = ','): string {
  const safe = neutraliseCell(value)
  return needsQuotes(delimiter).test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One record, its line end included. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  let line = ''
  for (let i = 0; i < cells.length; i++) line += i === 0 ? csvField(cells[i] ?? '', delimiter) : delimiter + csvField(cells[i] ?? '', delimiter)
  return `${line}\r\n`
}
