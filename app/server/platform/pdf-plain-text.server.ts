/**
 * Plain text for pdfkit without the shaper.
 *
 * pdfkit lays out every word through fontkit's OpenType shaper (script and feature selection, GSUB and
 * GPOS lookups) and keeps the result per word. On a printed roster nearly every word is new (IINs,
 * phone numbers, certificate codes, names), and the shaper was about a third of the PDF's CPU time.
 * Text in Latin, Cyrillic (Kazakh included) and common punctuation needs no shaping to be right: each
 * character is its own glyph at its own advance. For such a word this lays it out from the font's
 * character map and advance widths directly, as a table typesetter would (no kerning pairs: the
 * roster's widths are measured per character already, see roster-pdf.server.ts). Any other word
 * (combining marks, other scripts, emoji) still goes through the shaper.
 *
 * Plain words are not worth keeping, so the document should be created with `fontLayoutCache: false`:
 * pdfkit's own cache keeps every distinct word for the life of the document, and its runs outlived the
 * young generation and grew the heap (a 26,000-row roster: VmHWM 306 -> 341 MB with the cache, see
 * README, Speed). The few shaped words are kept here, a bounded number.
 */

/** Characters drawn one glyph each: printable Basic Latin, Latin-1, Latin Extended-A, Cyrillic letters (Kazakh ones included; not its combining marks), general punctuation, the tenge and numero signs. */
const PLAIN = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u017f\u0400-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e\u20b8\u2116]*$/

const SHAPED_KEPT = 1000

interface Glyph {
  id: number
  advanceWidth: number
  codePoints: number[]
}

interface Position {
  xAdvance: number
  yAdvance: number
  xOffset: number
  yOffset: number
  advanceWidth: number
}

interface Run {
  glyphs: Glyph[]
  positions: Position[]
  advanceWidth: number
}

/** The parts of pdfkit's embedded font (`doc._font`) this uses. */
interface EmbeddedFont {
  font?: { glyphForCodePoint(codePoint: number): Glyph }
  scale?: number
  layoutRun?: (text: string, features?: unknown) => Run
}

/** Is this word drawn without the shaper? */
export function isPlainText(text: string): boolean {
  return PLAIN.test(text)
}

/**
 * Lays out plain words of this pdfkit font without the shaper; other words as before. Returns false
 * for a font it cannot take over (a standard PDF font, or a pdfkit whose internals differ), which then
 * keeps pdfkit's own layout.
 */
export function layOutPlainText(font: EmbeddedFont): boolean {
  const shaped = font.layoutRun
  const face = font.font
  const scale = font.scale
  if (typeof shaped !== 'function' || !face || typeof face.glyphForCodePoint !== 'function' || typeof scale !== 'number') return false
  // One glyph and one position per character, shared by every word that has it: pdfkit reads
  // positions and never changes them (it copies one before adding word spacing).
  const glyphs = new Map<number, { glyph: Glyph; position: Position }>()
  const glyphOf = (codePoint: number) => {
    let known = glyphs.get(codePoint)
    if (!known) {
      const glyph = face.glyphForCodePoint(codePoint)
      const advance = glyph.advanceWidth * scale
      known = { glyph, position: Object.freeze({ xAdvance: advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: advance }) }
      glyphs.set(codePoint, known)
    }
    return known
  }
  // Other words are shaped once while they are among the last SHAPED_KEPT distinct ones.
  const shapedRuns = new Map<string, Run>()
  font.layoutRun = function (this: EmbeddedFont, text: string, features?: unknown): Run {
    if (features) return shaped.call(this, text, features)
    if (!PLAIN.test(text)) {
      let run = shapedRuns.get(text)
      if (!run) {
        if (shapedRuns.size >= SHAPED_KEPT) shapedRuns.clear()
        shapedRuns.set(text, (run = shaped.call(this, text)))
      }
      return run
    }
    const run: Run = { glyphs: [], positions: [], advanceWidth: 0 }
    for (let i = 0; i < text.length; i++) {
      // Every plain character is a single UTF-16 unit.
      const { glyph, position } = glyphOf(text.charCodeAt(i))
      run.glyphs.push(glyph)
      run.positions.push(position)
      run.advanceWidth += position.xAdvance
    }
    return run
  }
  return true
}

/** The parts of pdfkit's document a line writer uses. */
interface LineDocument {
  page: { height: number; fonts: Record<string, unknown> }
  addContent(data: string): unknown
}

/** The parts of pdfkit's embedded font (`doc._font`) a line writer uses: its glyphs, its subset and what the subset records. */
interface SubsetFont {
  id: string
  ascender: number
  scale: number
  font: { glyphForCodePoint(codePoint: number): Glyph }
  subset: { includeGlyph(glyphId: number): number }
  widths: number[]
  unicode: number[][]
  ref(): unknown
}

/**
 * A number as pdfkit writes one in a page's content (rounded to six decimals, as `String` gives it),
 * made from whole numbers. V8 turns a fractional number into text through its number-to-string cache,
 * which puts every such text in the old generation at once (not the young, where short-lived text dies
 * for almost nothing): two coordinates a line made the 100,000-row roster's PDF leave about 50 MB of
 * garbage there, which only a full collection frees, and the worker's memory grew with it (README,
 * Speed: issue 15, session 28). Integers that small are not cached that way. The same text as
 * `String(Math.round(n * 1e6) / 1e6)` for any |n| below 2^31 / 1e6, as pdfkit's numbers are on a page
 * (`tests/unit/pdf-plain-text.test.ts`).
 */
export function pdfNumber(n: number): string {
  const rounded = Math.round(n * 1e6)
  if (!(rounded < 2147483648 && rounded > -2147483648)) return String(rounded / 1e6)
  const millionths = rounded | 0
  const magnitude = millionths < 0 ? -millionths : millionths
  const whole = (magnitude / 1e6) | 0
  let fraction = (magnitude - whole * 1e6) | 0
  const sign = millionths < 0 ? '-' : ''
  if (fraction === 0) return `${sign}${whole}`
  let digits = 6
  while (fraction % 10 === 0) {
    fraction = (fraction / 10) | 0
    digits--
  }
  const text = `${fraction}`
  return `${sign}${whole}.${'000000'.slice(0, digits - text.length)}${text}`
}

export interface PlainLineWriter {
  /** Adds one line with its top left corner at (x, top), as `doc.text(text, x, top, { lineBreak: false })` draws it; false (nothing added) for a line that is not plain text. */
  add(text: string, x: number, top: number): boolean
  /** Writes the added lines to the current page, in one piece. */
  flush(): void
}

/**
 * Plain lines of one font and size written straight into the page's content stream: a table's cells.
 *
 * pdfkit's `text()` makes a dozen objects, strings and buffers for every line (its options, a second
 * layout to advance `doc.x`, a save/transform/restore and seven content commands, each turned into a
 * buffer of its own): on a 26,000-row roster about 116 KB of garbage a row, whose young-generation
 * survivors grew the heap (tests/bench/HISTORY.md, session 27). This writes the same glyphs, at the
 * same places, with the same records in the font's subset (glyph, width, Unicode for copying text), as
 * one text object per flush, and keeps each character's glyph code once. Returns null for a font it
 * cannot take (a standard PDF font, or a pdfkit whose internals differ): draw with `text()` then.
 */
export function plainLineWriter(doc: LineDocument, font: SubsetFont, size: number): PlainLineWriter | null {
  if (typeof font?.font?.glyphForCodePoint !== 'function' || typeof font.subset?.includeGlyph !== 'function' || !Array.isArray(font.widths) || !Array.isArray(font.unicode) || typeof font.ref !== 'function' || typeof font.scale !== 'number' || typeof font.ascender !== 'number') return null
  const codes = new Map<number, string>()
  const codeOf = (codePoint: number) => {
    let code = codes.get(codePoint)
    if (code === undefined) {
      const glyph = font.font.glyphForCodePoint(codePoint)
      const gid = font.subset.includeGlyph(glyph.id)
      font.widths[gid] ??= glyph.advanceWidth * font.scale
      font.unicode[gid] ??= glyph.codePoints
      code = `0000${gid.toString(16)}`.slice(-4)
      codes.set(codePoint, code)
    }
    return code
  }
  // pdfkit's default baseline is the top: the first line's glyphs hang below `top` by the ascender.
  const drop = (font.ascender / 1000) * size
  let lines = ''
  return {
    add(text, x, top) {
      if (!PLAIN.test(text)) return false
      if (!text) return true
      let hex = ''
      for (let i = 0; i < text.length; i++) hex += codeOf(text.charCodeAt(i))
      lines += `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(doc.page.height - top - drop)} Tm\n<${hex}> Tj\n`
      return true
    },
    flush() {
      if (!lines) return
      doc.page.fonts[font.id] ??= font.ref()
      // pdfkit's pages draw with y downwards; text is written in the PDF's own upward space, as text() does.
      doc.addContent(`q\n1 0 0 -1 0 ${pdfNumber(doc.page.height)} cm\nBT\n/${font.id} ${pdfNumber(size)} Tf\n${lines}ET\nQ`)
      lines = ''
    },
  }
}
