/** The spellings real NGO lists use: cities for regions, Kazakh headers, damaged encodings, crowded cells. */
import { describe, expect, it } from 'vitest'
import { iinCheckDigit } from '~/domain/iin.ts'
import { hasLostLetters, holdsSeveralPhones, regionLookup } from '~/domain/import-cells.ts'
import { guessColumns, mappingSchema, rowReader, type ImportMapping, type RowRead } from '~/domain/import.ts'
import { regions } from '../../prisma/data/regions.ts'

const lookup = regionLookup(regions)
const IIN = '900515300424'

describe('regions as people write them', () => {
  it.each([
    ['Караганда', 'KZ-35'],
    ['г. Караганда', 'KZ-35'],
    ['Қарағанды', 'KZ-35'],
    ['Усть-Каменогорск', 'KZ-63'],
    ['Өскемен', 'KZ-63'],
    ['ШҚО', 'KZ-63'],
    ['ВКО', 'KZ-63'],
    ['БҚО', 'KZ-27'],
    ['Уральск', 'KZ-27'],
    ['Актау', 'KZ-47'],
    ['Актобе', 'KZ-15'],
    ['Семей', 'KZ-10'],
    ['Кокшетау', 'KZ-11'],
    ['Талдыкорган', 'KZ-33'],
    ['Тараз', 'KZ-31'],
    ['Петропавловск', 'KZ-59'],
    ['Туркестан', 'KZ-61'],
    ['ОҚО', 'KZ-61'],
    ['Жезказган', 'KZ-62'],
    ['Конаев', 'KZ-19'],
    ['Экибастуз', 'KZ-55'],
    ['Костанай', 'KZ-39'],
    ['Кызылорда', 'KZ-43'],
    ['Атырау', 'KZ-23'],
    ['Алматы қ.', 'KZ-75'],
    ['Алматы', 'KZ-75'],
    ['Алматы облысы', 'KZ-19'],
    ['Алма-Ата', 'KZ-75'],
    ['Астана қ.', 'KZ-71'],
    ['Нур-Султан', 'KZ-71'],
    ['Чимкент', 'KZ-79'],
    ['Павлодар', 'KZ-55'],
  ])('%s is %s', (cell, code) => {
    expect(lookup(cell)).toBe(code)
  })

  it('still refuses what is no place in Kazakhstan', () => {
    expect(lookup('Марс')).toBeNull()
    expect(lookup('Бишкек')).toBeNull()
  })
})

describe('headers', () => {
  it('knows the Kazakh «ТАӘ» as the full name', () => {
    expect(guessColumns(['ТАӘ', 'ЖСН', 'Телефон']).fullName).toBe(0)
    expect(guessColumns(['Т.А.Ә.', 'ЖСН']).fullName).toBe(0)
  })

  it('lets one "Город/область" column feed the region and the settlement', () => {
    const columns = guessColumns(['ФИО', 'ИИН', 'Телефон', 'Email', 'Город/область'])
    expect(columns).toMatchObject({ region: 4, settlement: 4 })
    const mapping = mappingSchema(5).safeParse({ columns, defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } })
    expect(mapping.success).toBe(true)
    // Any other pair on one column is still refused.
    const twice = mappingSchema(5).safeParse({ columns: { ...columns, email: 2 }, defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } })
    expect(twice.success).toBe(false)
  })
})

describe('cells', () => {
  it('sees letters lost to Windows-1251', () => {
    expect(hasLostLetters('Н?рлан?ызы ?сел')).toBe(true)
    expect(hasLostLetters('Б?ркіт')).toBe(true)
    expect(hasLostLetters('Нұрланқызы Әсел')).toBe(false)
    expect(hasLostLetters('Who? Me')).toBe(false)
  })

  it('sees several phones in one cell', () => {
    expect(holdsSeveralPhones('+7 701 234 56 78, +7 702 345 67 89')).toBe(true)
    expect(holdsSeveralPhones('87012345678 / 87773456789')).toBe(true)
    expect(holdsSeveralPhones('8 701 234 56 78 или 8 777 345 67 89')).toBe(true)
    expect(holdsSeveralPhones('+7 (701) 234-56-78')).toBe(false)
  })
})

describe('rows', () => {
  const headers = ['ФИО', 'ИИН', 'Телефон', 'Email', 'Город/область']
  const mapping: ImportMapping = { columns: guessColumns(headers), defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } }
  const context = { electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2027-02-20T00:00:00Z'), minimumAge: 18, declarations: [], now: new Date('2027-01-01T00:00:00Z') }
  const read = rowReader(mapping, context, lookup)
  const errorsOf = (r: RowRead) => r.errors.map((e) => `${e.field ?? ''}:${e.key}`)

  it('reads the region and the settlement from one cell', () => {
    const result = read({ n: 2, cells: ['Ерлан Асқарұлы', IIN, '8 701 234 56 78', 'erlan@example.org', 'Караганда'] })
    expect(result.errors).toEqual([])
    expect(result.input).toMatchObject({ regionCode: 'KZ-35', settlement: 'Караганда' })
  })

  it('refuses a name damaged by Windows-1251, saying how to save the file', () => {
    const result = read({ n: 2, cells: ['Н?рлан?ызы ?сел', IIN, '8 701 234 56 78', 'asel@example.org', 'Алматы'] })
    expect(result.input).toBeNull()
    expect(errorsOf(result)).toContain('fullName:imports.errors.lostLetters')
  })

  it('names several phones, and an empty email as an empty cell', () => {
    const result = read({ n: 2, cells: ['Ерлан Асқарұлы', IIN, '+7 701 234 56 78, +7 702 345 67 89', '', 'Алматы'] })
    expect(errorsOf(result)).toEqual(expect.arrayContaining(['phone:imports.errors.severalPhones', 'email:imports.errors.missing']))
    expect(errorsOf(result)).not.toContain('email:validation.email')
  })

  it('says which minimum age and which election day an under-age row misses', () => {
    // Born 15 May 2010 (century digit 5: a man born in the 2000s): 16 on 21 March 2027.
    const first11 = '10051550042'
    const iin = `${first11}${iinCheckDigit([...first11].map(Number))}`
    const result = read({ n: 2, cells: ['Ерлан Асқарұлы', iin, '8 701 234 56 78', 'erlan@example.org', 'Алматы'] })
    expect(result.errors).toContainEqual({ field: 'birthDate', key: 'imports.errors.tooYoung', values: { age: 18, date: '21.03.2027' } })
  })
})
