import path from 'node:path'
import fc from 'fast-check'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { BODY_FONT_SIZE, CELL_PADDING_X, columnMinimums, columnWidths, paginateRows, PUNCTUATION_HANG, wrapCell, wrapGreedy } from '~/domain/roster-pdf-layout.ts'
import { rosterColumns } from '~/domain/roster.ts'

/** One unit per character: a monospace ruler, so expectations can be counted by eye. */
const mono = (s: string) => [...s].length

/** The roster's body and header text as the PDF measures it: DejaVu Sans (bold for the header) at the body size. */
function rosterMeasures() {
  const doc = new PDFDocument({ autoFirstPage: false })
  doc.registerFont('body', path.resolve('app/assets/fonts/DejaVuSans.ttf'))
  doc.registerFont('head', path.resolve('app/assets/fonts/DejaVuSans-Bold.ttf'))
  const measure = (font: string) => (text: string) => doc.font(font).fontSize(BODY_FONT_SIZE).widthOfString(text)
  return { body: measure('body'), head: measure('head') }
}

describe('the PDF roster’s column widths', () => {
  it('span the table exactly, give names more room than numbers, and keep every column', () => {
    const columns = rosterColumns.filter((c) => c !== 'ngo')
    const widths = columnWidths(columns, 786)
    expect(widths).toHaveLength(columns.length)
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(786, 6)
    expect(widths[columns.indexOf('fullName')]).toBeGreaterThan(widths[columns.indexOf('number')] ?? 0)
    expect(widths.every((w) => w > 0)).toBe(true)
  })

  it('add up to the total for any subset of columns', () => {
    fc.assert(
      fc.property(fc.subarray([...rosterColumns], { minLength: 1 }), fc.integer({ min: 100, max: 2000 }), (columns, total) => {
        const widths = columnWidths(columns, total)
        expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 6)
        expect(widths.every((w) => w > 0)).toBe(true)
      }),
    )
  })
})

describe('column minimums', () => {
  it('give a code column at least its minimum and share the rest by weight', () => {
    const columns = rosterColumns.filter((c) => c !== 'ngo')
    const plain = columnWidths(columns, 786)
    const widths = columnWidths(columns, 786, { iin: 90, phone: 80 })
    expect(widths[columns.indexOf('iin')]).toBeCloseTo(90, 1)
    expect(widths[columns.indexOf('phone')]).toBeCloseTo(80, 1)
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(786, 6)
    // The others keep their proportions between themselves.
    const ratio = (w: number[]) => (w[columns.indexOf('fullName')] ?? 0) / (w[columns.indexOf('region')] ?? 1)
    expect(ratio(widths)).toBeCloseTo(ratio(plain), 2)
    // A minimum below the column's share changes nothing.
    expect(columnWidths(columns, 786, { iin: 1 })).toEqual(plain)
  })

  it('are ignored when they alone would fill the table, and never leave a column without room', () => {
    fc.assert(
      fc.property(fc.subarray([...rosterColumns], { minLength: 1 }), fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 0, max: 400 }), (columns, total, min) => {
        const widths = columnWidths(columns, total, { iin: min, birthDate: min, phone: min })
        expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 6)
        expect(widths.every((w) => w > 0)).toBe(true)
        if (columns.length > 3 && 3 * min < total && columns.includes('iin')) expect(widths[columns.indexOf('iin')] ?? 0).toBeGreaterThanOrEqual(min - 0.01)
      }),
    )
  })
})

describe('wrapping a cell', () => {
  it('keeps short text on one line and breaks between words', () => {
    expect(wrapCell('Әлия Ғалымқызы', 20, mono)).toEqual(['Әлия Ғалымқызы'])
    expect(wrapCell('Әлия Ғалымқызы Нұрова', 15, mono)).toEqual(['Әлия Ғалымқызы', 'Нұрова'])
    expect(wrapCell('  spaced   out  ', 20, mono)).toEqual(['spaced out'])
    expect(wrapCell('', 10, mono)).toEqual([''])
  })

  it('breaks a hyphenated word after its hyphen, and cuts a word longer than the line', () => {
    expect(wrapCell('Нұрсұлтанова-Ғабдолхакімова', 15, mono)).toEqual(['Нұрсұлтанова-', 'Ғабдолхакімова'])
    expect(wrapCell('R0001-ABCDEF, R0002-123456', 14, mono)).toEqual(['R0001-ABCDEF,', 'R0002-123456'])
    expect(wrapCell('abcdefghij', 4, mono)).toEqual(['abcd', 'efgh', 'ij'])
  })

  it('breaks after a slash as after a hyphen, and inside a word only when the word alone is wider than the line', () => {
    // A slash was no break: "Гимназия/лицей" was cut as "Гимназия/л" / "ицей".
    expect(wrapCell('Гимназия/лицей №3', 10, mono)).toEqual(['Гимназия/', 'лицей №3'])
    expect(wrapCell('Алматинская обл./Карасайский р-н', 12, mono)).toEqual(['Алматинская', 'обл./', 'Карасайский', 'р-н'])
    expect(wrapCell('Усть-Каменогорск', 12, mono)).toEqual(['Усть-', 'Каменогорск'])
    // Not where a side would be a single letter: "р-н" (район) is cut only as a word too wide.
    expect(wrapCell('Карасайский р-н', 13, mono)).toEqual(['Карасайский', 'р-н'])
    expect(wrapCell('р-н', 2, mono)).toEqual(['р-', 'н'])
    // Every line that ends inside a piece of a word (between spaces, and hyphens or slashes with two characters either side) does so because that piece is wider than the line.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('а', 'ә', 'Қ', 'x', '-', '/', ' ', '1'), maxLength: 40 }), fc.integer({ min: 2, max: 20 }), (text, width) => {
        const pieces = text.split(/\s+/).flatMap((word) => word.split(/(?<=[^-/]{2}[-/])(?=[^-/]{2})/)).filter(Boolean)
        const boundaries = new Set(pieces.map((_, i) => pieces.slice(0, i + 1).join('').length))
        let at = 0
        for (const line of wrapCell(text, width, mono).slice(0, -1)) {
          at += line.replace(/\s/g, '').length
          if (boundaries.has(at)) continue
          let end = 0
          const cut = pieces.find((piece) => (end += piece.length) > at) ?? ''
          expect(mono(cut), `${JSON.stringify(text)} at ${at}`).toBeGreaterThan(width)
        }
      }),
    )
  })

  it('keeps the usual long words of a settlement or a station whole in the roster PDF’s standard columns', () => {
    const measure = rosterMeasures()
    // The PDF's standard columns (no region: each region has its pages) on A4 landscape within its margins.
    const columns = rosterColumns.filter((c) => c !== 'region' && c !== 'ngo')
    const headers = ['№', 'ФИО', 'ИИН', 'Дата рождения', 'Телефон', 'Населённый пункт', 'Желаемый участок', 'Назначенный участок', 'Смена', 'Языки', 'Сертификат', 'Действителен до']
    const widths = columnWidths(columns, 841.89 - 56, columnMinimums(columns, headers, measure, { number: ['100000'] }))
    const cell = (column: (typeof columns)[number], text: string) => wrapCell(text, (widths[columns.indexOf(column)] ?? 0) - 2 * CELL_PADDING_X, measure.body, 12, PUNCTUATION_HANG)
    // "Петропавлов" / "ск" and "Сарыагашско" / "го района" before.
    expect(cell('settlement', 'Петропавловск')).toEqual(['Петропавловск'])
    expect(cell('settlement', 'с. Кокозек Сарыагашского района')).toEqual(['с. Кокозек', 'Сарыагашского', 'района'])
    expect(cell('settlement', 'Алматинская обл./Карасайский р-н')).toEqual(['Алматинская', 'обл./', 'Карасайский', 'р-н'])
    expect(cell('pollingStation', 'Гимназия/лицей №3')).toEqual(['Гимназия/', 'лицей №3'])
    expect(cell('pollingStation', '123456')).toEqual(['123456'])
    // Codes, dates, phones and header words as before: never wrapped.
    expect(cell('iin', '••••••••0424')).toEqual(['••••••••0424'])
    expect(cell('birthDate', '1990-12-31')).toEqual(['1990-12-31'])
    for (const [i, header] of headers.entries()) {
      for (const word of header.split(' ')) expect(measure.head(word)).toBeLessThanOrEqual((widths[i] ?? 0) - 2 * CELL_PADDING_X)
    }
  })

  it('lets closing punctuation hang into the padding rather than start a line, and nothing else', () => {
    // Without a hang, the comma of a word as wide as the column went to the next line.
    expect(wrapCell('Казахский, Русский', 9, mono)).toEqual(['Казахский', ', Русский'])
    expect(wrapCell('Казахский, Русский', 9, mono, Number.POSITIVE_INFINITY, 1)).toEqual(['Казахский,', 'Русский'])
    expect(wrapCell('Орысша; Қазақша.', 7, mono, Number.POSITIVE_INFINITY, 1)).toEqual(['Орысша;', 'Қазақша.'])
    // The numero sign stays with its number.
    expect(wrapCell('школа-лицей № 1', 13, mono)).toEqual(['школа-лицей', '№ 1'])
    expect(wrapCell('участок №  12, ул.', 11, mono)).toEqual(['участок', '№ 12, ул.'])
    // Letters never hang, nor punctuation wider than the hang.
    expect(wrapCell('abcdefghij', 4, mono, Number.POSITIVE_INFINITY, 1)).toEqual(['abcd', 'efgh', 'ij'])
    expect(wrapCell('abcd,, efg', 4, mono, Number.POSITIVE_INFINITY, 1)).toEqual(['abcd', ',,', 'efg'])
  })

  it('hangs the roster’s own commas and full stops: its hang is at least their width in its typeface and size', () => {
    // Half the padding (1.25 pt) was less than a comma (2.4 pt): "Казахский," broke before its comma
    // wherever the languages column was that narrow (a 26,000-row roster's every other row).
    const doc = new PDFDocument({ autoFirstPage: false })
    doc.registerFont('body', path.resolve('app/assets/fonts/DejaVuSans.ttf'))
    doc.font('body').fontSize(BODY_FONT_SIZE)
    const measure = (text: string) => doc.widthOfString(text)
    for (const mark of [',', '.']) expect(measure(mark), mark).toBeLessThanOrEqual(PUNCTUATION_HANG)
    const column = measure('Казахский') + 0.01
    expect(wrapCell('Казахский, Русский', column, measure, Number.POSITIVE_INFINITY, PUNCTUATION_HANG)).toEqual(['Казахский,', 'Русский'])
  })

  it('stops at the line limit with an ellipsis that still fits', () => {
    expect(wrapCell('one two three four', 5, mono, 2)).toEqual(['one', 'two…'])
    expect(wrapCell('abcdefghij', 4, mono, 1)).toEqual(['abc…'])
  })

  it('gives a text that fits its line as that one line, exactly as the full wrap would', () => {
    // Characters of different widths (a proportional font), spaces of several kinds, hyphens, the numero sign and hanging punctuation.
    const widths: Record<string, number> = { а: 1.1, ә: 1.3, Қ: 1.6, x: 0.9, '-': 0.6, '/': 0.5, ' ': 0.5, '\t': 0.5, '\u00a0': 0.5, '1': 1, '№': 1.7, ',': 0.4, '.': 0.4, ')': 0.5 }
    const proportional = (s: string) => [...s].reduce((sum, ch) => sum + (widths[ch] ?? 1), 0)
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...Object.keys(widths)), maxLength: 30 }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
        fc.constantFrom(0, 0.5, 1),
        (text, width, maxLines, hang) => {
          expect(wrapCell(text, width, proportional, maxLines, hang)).toEqual(wrapGreedy(text, width, proportional, maxLines, hang))
        },
      ),
      { numRuns: 2000 },
    )
    // The shortcut's own cases: whitespace folded and trimmed, and a line that fits only with its hanging comma.
    expect(wrapCell(' Әлия\t Ғалымқызы \n', 20, mono)).toEqual(['Әлия Ғалымқызы'])
    expect(wrapCell('Казахский,', 9, mono, Number.POSITIVE_INFINITY, 1)).toEqual(['Казахский,'])
  })

  it('never overflows the column, never loses a character, and respects the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('а', 'ә', 'Қ', 'x', '-', '/', ' ', '1', 'ү') }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 6 }), (text, width, maxLines) => {
        const lines = wrapCell(text, width, mono)
        expect(lines.every((l) => mono(l) <= width)).toBe(true)
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
        const limited = wrapCell(text, width, mono, maxLines)
        expect(limited.length).toBeLessThanOrEqual(maxLines)
        expect(limited.every((l) => mono(l) <= width)).toBe(true)
      }),
    )
  })

  it('with a hang, only closing punctuation ever passes the width, and by no more than the hang', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('а', 'ә', 'Қ', 'x', '-', ' ', ',', '.', '1') }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 6 }), (text, width, maxLines) => {
        for (const lines of [wrapCell(text, width, mono, Number.POSITIVE_INFINITY, 1), wrapCell(text, width, mono, maxLines, 1)]) {
          for (const line of lines) {
            if (mono(line) <= width) continue
            expect(mono(line)).toBeLessThanOrEqual(width + 1)
            expect(line.replace(/[,.]+$/, '').length).toBeLessThanOrEqual(width)
          }
        }
        expect(wrapCell(text, width, mono, Number.POSITIVE_INFINITY, 1).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
      }),
    )
  })
})

describe('paginating a region', () => {
  it('starts a page where the next row would cross the bottom, and gives an over-tall row a page of its own', () => {
    expect(paginateRows([], 10, 100)).toEqual([0])
    expect(paginateRows([30, 30, 30], 10, 100)).toEqual([0])
    expect(paginateRows([30, 30, 30, 30], 10, 100)).toEqual([0, 3])
    expect(paginateRows([30, 200, 30], 10, 100)).toEqual([0, 1, 2])
  })

  it('never overfills a page unless a single row is taller than the page, and keeps every row in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 200 }), (heights) => {
        const starts = paginateRows(heights, 0, 100)
        expect(starts[0]).toBe(0)
        starts.forEach((start, p) => {
          const rows = heights.slice(start, starts[p + 1] ?? heights.length)
          const used = rows.reduce((a, b) => a + b, 0)
          if (rows.length > 1) expect(used).toBeLessThanOrEqual(100)
          // The page was full: the next page's first row would not have fitted.
          const next = heights[starts[p + 1] ?? -1]
          if (next !== undefined) expect(used + next).toBeGreaterThan(100)
        })
        expect([...starts].sort((a, b) => a - b)).toEqual(starts)
      }),
    )
  })
})
