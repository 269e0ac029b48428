import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseKazakhPhone } from '~/domain/validation/application.ts'
import { csvField, csvLine, neutraliseCell } from '~/domain/csv.ts'
import { compareRosterRows, rosterPhone } from '~/domain/roster.ts'

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

describe('CSV records', () => {
  it('join quoted fields with the delimiter and end with CRLF', () => {
    expect(csvLine(['Аты-жөні', 'ЖСН', 'a;b', '=1'], ';')).toBe('Аты-жөні;ЖСН;"a;b";\'=1\r\n')
  })
})

describe('phones in a roster (its screen, CSV, XLSX and PDF)', () => {
  it('are written in the national form, which starts no formula and needs no apostrophe', () => {
    expect(rosterPhone('+77012345678')).toBe('8 701 234 56 78')
    expect(csvField(rosterPhone('+77012345678'), ';')).toBe('8 701 234 56 78')
    // The import (and the application form) read it back as the same number.
    expect(normaliseKazakhPhone(rosterPhone('+77012345678'))).toBe('+77012345678')
  })

  it.each(['+12025550123', '+7701234567', '=1+2', ''])('%j is not a Kazakh number: left as it is, and still neutralised in the CSV', (value) => {
    expect(rosterPhone(value)).toBe(value)
    expect(/^[=+\-@\t\r]/.test(csvField(rosterPhone(value)))).toBe(false)
  })

  it('never gives a cell a formula could start, whatever the text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+7\d{10}$/)), (text) => !/^[=+\-@\t\r]/.test(csvField(rosterPhone(text)))))
  })
})

describe('roster order', () => {
  it('sorts by region, then by name in the Kazakh alphabet (Ә after А, Қ after К, Ү after У)', () => {
    const rows = ['Үмбетов', 'Қасымов', 'Ахметов', 'Кенжеев', 'Әлиев', 'Уалиев'].map((fullName) => ({ regionName: 'Алматы', fullName }))
    const other = { regionName: 'Абай облысы', fullName: 'Ян' }
    expect([...rows, other].sort(compareRosterRows('kk')).map((r) => r.fullName)).toEqual(['Ян', 'Ахметов', 'Әлиев', 'Кенжеев', 'Қасымов', 'Уалиев', 'Үмбетов'])
  })
})
