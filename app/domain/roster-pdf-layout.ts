/**
 * The printable roster's table layout, without pdfkit: how wide each column is on the page and how a
 * cell's text breaks into lines. The PDF module measures text with the embedded font and draws what
 * this returns, so the rules can be tested without rendering a PDF.
 */
import type { RosterColumn } from './roster.ts'

/** The table's text size (points) and the space either side of a cell's text. */
export const BODY_FONT_SIZE = 7.5
export const CELL_PADDING_X = 2.5
/**
 * How far a line's closing punctuation may reach into its cell's right padding: all of it, since a
 * comma or full stop at the body size is 2.4 pt (half, as before, kept "Казахский," whole only where
 * its column happened to be wide enough).
 */
export const PUNCTUATION_HANG = CELL_PADDING_X

/** Relative widths: names, regions and certificate codes need room; numbers and dates do not. */
const columnWeights: Record<RosterColumn, number> = {
  number: 4.5,
  fullName: 16,
  iin: 10,
  birthDate: 8,
  phone: 10,
  region: 11.5,
  settlement: 10,
  pollingStation: 7,
  assignedStation: 14,
  shift: 14,
  languages: 8,
  certificateCode: 15,
  validUntil: 10.5,
  ngo: 13,
}

/**
 * Text each column should hold on one line, measured for its minimum width (columnMinimums): codes,
 * dates and phones never wrap, and the longest words a settlement or a station usually has (the
 * longest city name, a district's adjective, an imported "гимназия", a six-digit station number) are
 * not cut mid-word. Only a word wider still is (wrapCell).
 */
export const UNBROKEN_SAMPLES: Partial<Record<RosterColumn, readonly string[]>> = {
  iin: ['000000000000', '••••••••0000'],
  birthDate: ['2000-00-00'],
  validUntil: ['2000-00-00'],
  phone: ['8 000 000 00 00'],
  settlement: ['Петропавловск', 'Сарыагашского'],
  pollingStation: ['000000', 'гимназия'],
}

/**
 * Each column's minimum width (points, padding included): its widest sample (UNBROKEN_SAMPLES, and
 * `more`, such as the roster's highest row number) in the body's measure, and the widest word of its
 * header in the header's, so "Settlement" never becomes "Settlemen / t".
 */
export function columnMinimums(
  columns: readonly RosterColumn[],
  headers: readonly string[],
  measure: { body: (s: string) => number; head: (s: string) => number },
  more: Partial<Record<RosterColumn, readonly string[]>> = {},
): Partial<Record<RosterColumn, number>> {
  const room = (width: number) => width + 2 * CELL_PADDING_X + 1
  return Object.fromEntries(
    columns.map((column, i) => {
      const samples = [...(UNBROKEN_SAMPLES[column] ?? []), ...(more[column] ?? [])]
      const headWords = (headers[i] ?? '').split(/\s+/)
      return [column, room(Math.max(0, ...samples.map(measure.body), ...headWords.map(measure.head)))]
    }),
  )
}

/**
 * Column widths that add up to `total` (points), in proportion to the columns' weights, except that a
 * column given a minimum (an IIN, a date, a phone: text that must not wrap) gets at least that, and the
 * others share what is left by weight. When the minimums alone would fill the table, they are ignored.
 */
export function columnWidths(columns: readonly RosterColumn[], total: number, minimums: Partial<Record<RosterColumn, number>> = {}): number[] {
  const weights = columns.map((c) => columnWeights[c])
  if (weights.reduce((a, b) => a + b, 0) === 0) return []
  const mins = columns.map((c) => Math.max(0, minimums[c] ?? 0))
  const minSum = mins.reduce((a, b) => a + b, 0)
  let exact: number[]
  if (minSum >= total) {
    // No room to honour them: the plain shares by weight (every column still gets some room).
    const sum = weights.reduce((a, b) => a + b, 0)
    exact = weights.map((w) => (w / sum) * total)
  } else {
    // Pin each column whose share falls under its minimum, then share the rest among the others; repeat.
    const pinned = new Set<number>()
    for (;;) {
      const free = total - [...pinned].reduce((a, i) => a + (mins[i] ?? 0), 0)
      const freeWeight = weights.reduce((a, w, i) => (pinned.has(i) ? a : a + w), 0)
      exact = weights.map((w, i) => (pinned.has(i) ? (mins[i] ?? 0) : freeWeight > 0 ? (w / freeWeight) * free : 0))
      const under = exact.findIndex((w, i) => !pinned.has(i) && w < (mins[i] ?? 0))
      if (under < 0) break
      pinned.add(under)
    }
  }
  const widths = exact.map((w) => Math.floor(w * 100) / 100)
  // Rounding leaves a sliver: give it to the widest column so the table spans the page exactly.
  const rest = total - widths.reduce((a, b) => a + b, 0)
  const widest = widths.indexOf(Math.max(...widths))
  widths[widest] = (widths[widest] ?? 0) + rest
  return widths
}

/** Punctuation that may end a line past its width (hanging punctuation): the comma of "Казахский, Русский". */
const HANGING = /[,.;:!?)\]»”]{1,2}$/

/**
 * Where a word may break when it does not fit a line: after a hyphen or a slash ("Гимназия/" "лицей",
 * "обл./" "Карасайский"), with two characters at least either side ("р-н" stays whole).
 */
const BREAK_AFTER = /(?<=[^-\u2010\u2013/]{2}[-\u2010\u2013/])(?=[^-\u2010\u2013/]{2})/

/**
 * Greedy word wrap: words stay whole when they fit a line, a word may break after a hyphen or a slash,
 * a word still longer than the line is cut by characters, and past `maxLines` the last line ends with
 * an ellipsis (so a row always fits a page). `measure` gives a string's width in the unit of `width`.
 * `hang`: how far past `width` a line's closing punctuation may reach (a cell's padding), so that
 * "Казахский," stays whole instead of leaving its comma to start the next line.
 */
export function wrapCell(text: string, width: number, measure: (s: string) => number, maxLines = Number.POSITIVE_INFINITY, hang = 0): string[] {
  // Most cells (a name, a number, a code) fit their column as they are: the greedy wrap would give the
  // same one line (widths add up, so every shorter candidate fits too), after splitting the text into
  // pieces and measuring each longer candidate (a 26,000-row PDF region allocated about 1 GB doing so).
  const whole = text.replace(/\s+/g, ' ').trim()
  if (maxLines >= 1 && fitsLine(whole, width, measure, hang)) return [whole]
  return wrapGreedy(text, width, measure, maxLines, hang)
}

/** Whether `candidate` fits a line of `width`, its closing punctuation allowed `hang` past it. */
function fitsLine(candidate: string, width: number, measure: (s: string) => number, hang: number): boolean {
  const measured = measure(candidate)
  if (measured <= width) return true
  const punctuation = hang > 0 && measured <= width + hang ? HANGING.exec(candidate) : null
  return punctuation !== null && measure(candidate.slice(0, punctuation.index)) <= width
}

/** wrapCell without its one-line shortcut (exported for the test that both always agree). */
export function wrapGreedy(text: string, width: number, measure: (s: string) => number, maxLines = Number.POSITIVE_INFINITY, hang = 0): string[] {
  const fits = (candidate: string) => fitsLine(candidate, width, measure, hang)
  const lines: string[] = []
  let line = ''
  // Pieces of words: "Нұрсұлтанова-Ғабдолхакімова" is "Нұрсұлтанова-" glued to "Ғабдолхакімова",
  // "Гимназия/лицей" "Гимназия/" glued to "лицей"; the numero sign keeps its number ("школа-лицей № 1"
  // never ends a line on "№").
  const pieces = text
    .split(/(?<!№\s*)\s+/)
    .map((word) => word.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .flatMap((word) => word.split(BREAK_AFTER).map((piece, i) => ({ piece, glued: i > 0 })))
  for (const { piece, glued } of pieces) {
    const candidate = line ? `${line}${glued ? '' : ' '}${piece}` : piece
    if (fits(candidate)) {
      line = candidate
      continue
    }
    if (line) lines.push(line)
    let rest = piece
    // Too long for a line on its own: cut it where it stops fitting (at least one character a line).
    while (!fits(rest)) {
      let cut = 1
      while (cut < rest.length && measure(rest.slice(0, cut + 1)) <= width) cut++
      lines.push(rest.slice(0, cut))
      rest = rest.slice(cut)
    }
    line = rest
  }
  if (line || lines.length === 0) lines.push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, Math.max(1, maxLines))
  let last = kept[kept.length - 1] ?? ''
  while (last && measure(`${last}…`) > width) last = last.slice(0, -1)
  kept[kept.length - 1] = `${last}…`
  return kept
}

/**
 * Where each page's rows start, given the rows' heights: a page holds rows from `top` down to `bottom`,
 * and a row taller than a whole page still gets a page of its own (it is never split).
 */
export function paginateRows(heights: readonly number[], top: number, bottom: number): number[] {
  const starts: number[] = [0]
  let y = top
  heights.forEach((height, i) => {
    if (y + height > bottom && y > top) {
      starts.push(i)
      y = top
    }
    y += height
  })
  return starts
}
