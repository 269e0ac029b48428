/** Plain words laid out without the OpenType shaper (pdf-plain-text.server.ts), against the shaper itself. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { isPlainText, layOutPlainText, pdfNumber, plainLineWriter } from '~/server/platform/pdf-plain-text.server.ts'

interface Run {
  glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }>
  advanceWidth: number
}
interface Font {
  layoutRun: (text: string, features?: unknown) => Run
  font: { glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number; codePoints: number[] } }
}

const FONTS = path.resolve('app/assets/fonts')

/** A pdfkit font of the roster's typeface, and the shaper's own layout of the same font. */
function fonts(file: string): { plain: Font; shaper: (text: string) => Run } {
  const doc = new PDFDocument({ autoFirstPage: false, fontLayoutCache: false })
  doc.registerFont('face', path.join(FONTS, file))
  const font = (doc.font('face') as unknown as { _font: Font })._font
  const original = font.layoutRun.bind(font)
  expect(layOutPlainText(font)).toBe(true)
  return { plain: font, shaper: (text) => original(text) }
}

const ids = (run: Run) => run.glyphs.map((g) => g.id)
const advances = (run: Run) => run.positions.map((p) => Math.round(p.xAdvance * 1000) / 1000)

const KAZAKH = 'АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя'
const cyrillicWord = fc.string({ unit: fc.constantFrom(...KAZAKH, ...'0123456789-.,«»№()/ '), minLength: 1, maxLength: 24 })

describe('plain text in a PDF', () => {
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    it(`lays out Kazakh and Russian words, numbers and dates exactly as the shaper does (${file})`, () => {
      const { plain, shaper } = fonts(file)
      for (const word of ['Әлия', 'Ғалымқызы', 'Һәкім', 'Өмірұлы', 'Іңкәр', 'Қуаныш', 'Ұзақбай', 'Шымкент', '880101300123', '+77011234567', '2026-03-15', '№12/3', '«Ё»']) {
        expect(isPlainText(word)).toBe(true)
        expect(ids(plain.layoutRun(word))).toEqual(ids(shaper(word)))
        expect(advances(plain.layoutRun(word))).toEqual(advances(shaper(word)))
        expect(plain.layoutRun(word).advanceWidth).toBeCloseTo(shaper(word).advanceWidth, 6)
      }
      fc.assert(
        fc.property(cyrillicWord, (word) => {
          expect(ids(plain.layoutRun(word))).toEqual(ids(shaper(word)))
          expect(advances(plain.layoutRun(word))).toEqual(advances(shaper(word)))
        }),
        { numRuns: 300 },
      )
    })
  }

  it('draws Latin one glyph per letter at its own advance: no ligatures, no kerning pairs', () => {
    const { plain, shaper } = fonts('DejaVuSans.ttf')
    // The shaper joins "ffi" into one glyph and kerns "AV"; a table's codes and names keep every letter.
    expect(shaper('office').glyphs).toHaveLength(4)
    const office = plain.layoutRun('office')
    expect(office.glyphs.map((g) => g.codePoints)).toEqual([...'office'].map((c) => [c.codePointAt(0)]))
    expect(ids(office)).toEqual([...'office'].map((c) => plain.font.glyphForCodePoint(c.codePointAt(0) ?? 0).id))
    const av = plain.layoutRun('AV')
    expect(av.positions.every((p) => p.xAdvance === p.advanceWidth && p.xOffset === 0 && p.yOffset === 0)).toBe(true)
  })

  it('leaves words that need shaping to the shaper: combining marks, other scripts, soft hyphens, emoji', () => {
    const { plain, shaper } = fonts('DejaVuSans.ttf')
    for (const word of ['и\u0306', 'а\u0483', 'مرحبا', 'a\u00adb', 'ok👍', 'x\u200by']) {
      expect(isPlainText(word)).toBe(false)
      expect(ids(plain.layoutRun(word))).toEqual(ids(shaper(word)))
      // Kept, so the same word is shaped once.
      expect(plain.layoutRun(word)).toBe(plain.layoutRun(word))
    }
  })

  it('leaves a font it cannot take over alone (pdfkit’s standard fonts)', () => {
    const doc = new PDFDocument({ autoFirstPage: false })
    const helvetica = (doc.font('Helvetica') as unknown as { _font: object })._font
    expect(layOutPlainText(helvetica)).toBe(false)
  })

  describe('written straight into the page (plainLineWriter)', () => {
    const LINES: Array<[string, number, number]> = [
      ['Нұрсұлтанова Әйгерім', 40, 60],
      ['••••••••0085', 200, 60],
      ['Казахский,', 300, 60],
      ['Русский', 300, 69],
      ['R0001-60612E', 380, 60],
      ['№ 12 «Ё» 2026-03-15', 40, 120.5],
    ]

    /** One A4 landscape page in the roster's body font and colour, its lines drawn by `draw`. */
    async function page(draw: (doc: PDFKit.PDFDocument, font: Parameters<typeof plainLineWriter>[1]) => void): Promise<Buffer> {
      const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false, fontLayoutCache: false })
      doc.registerFont('regular', path.join(FONTS, 'DejaVuSans.ttf'))
      doc.addPage()
      const font = (doc.font('regular').fontSize(7.5).fillColor('#1b1f24') as unknown as { _font: Parameters<typeof plainLineWriter>[1] })._font
      draw(doc, font)
      doc.end()
      const chunks: Buffer[] = []
      for await (const chunk of doc) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    }

    function rendered(pdf: Buffer): { text: string; pixels: Buffer } {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-lines-'))
      try {
        fs.writeFileSync(path.join(dir, 'page.pdf'), pdf)
        execFileSync('pdftoppm', ['-r', '100', '-gray', path.join(dir, 'page.pdf'), path.join(dir, 'page')])
        const image = fs.readdirSync(dir).find((name) => name.endsWith('.pgm')) ?? ''
        return { text: execFileSync('pdftotext', ['-layout', path.join(dir, 'page.pdf'), '-'], { encoding: 'utf8' }), pixels: fs.readFileSync(path.join(dir, image)) }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }

    it('draws the same page as pdfkit’s text(): same pixels, same copied text (Kazakh letters, the bullets, codes)', async () => {
      const byText = rendered(await page((doc) => LINES.forEach(([line, x, top]) => doc.text(line, x, top, { lineBreak: false }))))
      const byWriter = rendered(
        await page((doc, font) => {
          const writer = plainLineWriter(doc as unknown as Parameters<typeof plainLineWriter>[0], font, 7.5)
          expect(writer).not.toBeNull()
          for (const [line, x, top] of LINES) expect(writer?.add(line, x, top)).toBe(true)
          writer?.flush()
        }),
      )
      for (const [line] of LINES) expect(byWriter.text).toContain(line)
      expect(byWriter.text).toBe(byText.text)
      expect(byWriter.pixels.equals(byText.pixels)).toBe(true)
    })

    it('takes no line that needs the shaper, and no standard font', async () => {
      await page((doc, font) => {
        const writer = plainLineWriter(doc as unknown as Parameters<typeof plainLineWriter>[0], font, 7.5)
        expect(writer?.add('и\u0306', 10, 10)).toBe(false)
        expect(writer?.add('مرحبا', 10, 10)).toBe(false)
      })
      const doc = new PDFDocument({ autoFirstPage: false })
      const helvetica = (doc.font('Helvetica') as unknown as { _font: Parameters<typeof plainLineWriter>[1] })._font
      expect(plainLineWriter(doc as unknown as Parameters<typeof plainLineWriter>[0], helvetica, 7.5)).toBeNull()
    })
  })

  describe('numbers in a page\'s content (pdfNumber)', () => {
    const asPdfkit = (n: number) => String(Math.round(n * 1e6) / 1e6)

    it('writes a number as pdfkit does: rounded to six decimals, shortest form', () => {
      for (const n of [0, -0, 1, -1, 0.5, 28, 813.89, 595.28, 0.000001, 0.0000004, 0.0000005, -0.0000005, 1e-7, 12.3456789, -3.25, 2147.483647, 2147.483648, -2147.483648, 1e9, NaN]) expect(pdfNumber(n), String(n)).toBe(asPdfkit(n))
      fc.assert(fc.property(fc.double({ min: -5000, max: 5000, noNaN: true }), (n) => pdfNumber(n) === asPdfkit(n)), { numRuns: 20_000 })
      fc.assert(fc.property(fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }), (m) => pdfNumber(m / 1e6) === asPdfkit(m / 1e6)), { numRuns: 20_000 })
    })

    it('makes its text in V8\'s young generation, where String() of a fraction is made in the old one', () => {
      // A child node with V8's natives syntax asks where each text was made. pdfkit's own way is the
      // control: if V8 stops making such text in the old generation, this test says so.
      const probe = `
        const young = new Function('s', 'return %InYoungGeneration(s)')
        const { pdfNumber } = await import(${JSON.stringify(path.resolve('app/server/platform/pdf-plain-text.server.ts'))})
        const count = (make) => { let n = 0; for (let i = 0; i < 20000; i++) { const s = make((i % 2000) * 0.4137 + 0.5); if (i % 100 === 0 && young(s)) n++ } return n }
        console.log(JSON.stringify({ pdfNumber: count(pdfNumber), pdfkit: count((n) => String(Math.round(n * 1e6) / 1e6)) }))`
      const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' })
      const made = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { pdfNumber: number; pdfkit: number }
      expect(made.pdfkit).toBeLessThan(20)
      expect(made.pdfNumber).toBe(200)
    })
  })
})
