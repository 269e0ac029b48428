import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareRosterRows, csvField, neutraliseCell } from '~/domain/roster.ts'

describe('spreadsheet-safe cells', () => {
  it.each(['=1+2', '+77012345678', '-5', '@SUM(A1)', '\tcmd', '\rx', '=HYPERLINK("http://evil")'])('%j cannot start a formula', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`)
  })

  it.each(['Айдос', '7701', 'KZ-75', ''])('%j is left as it is', (value) => {
    expect(neutraliseCell(value)).toBe(value)
  })

  it('quotes by RFC 4180 and never lets a cell start with a formula character, whatever the text', () => {
    expect(csvField('Алматы, Бостандыкский район')).toBe('"Алматы, Бостандыкский район"')
    expect(csvField('He said "hi"')).toBe('"He said ""hi"""')
    expect(csvField('line\nbreak')).toBe('"line\nbreak"')
    fc.assert(
      fc.property(fc.string(), (text) => {
        const field = csvField(text)
        const inner = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field
        expect(/^[=+\-@\t\r]/.test(inner)).toBe(false)
        expect(inner.endsWith(text)).toBe(true)
      }),
    )
  })
})

describe('roster order', () => {
  it('sorts by region, then by name in the Kazakh alphabet (Ә after А, Қ after К, Ү after У)', () => {
    const rows = ['Үмбетов', 'Қасымов', 'Ахметов', 'Кенжеев', 'Әлиев', 'Уалиев'].map((fullName) => ({ regionName: 'Алматы', fullName }))
    const other = { regionName: 'Абай облысы', fullName: 'Ян' }
    expect([...rows, other].sort(compareRosterRows('kk')).map((r) => r.fullName)).toEqual(['Ян', 'Ахметов', 'Әлиев', 'Кенжеев', 'Қасымов', 'Уалиев', 'Үмбетов'])
  })
})
