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
