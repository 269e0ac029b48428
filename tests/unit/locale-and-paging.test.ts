import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, numberLocale } from '~/domain/format.ts'
import { intlLocale, isLocale, localizedName } from '~/domain/locale.ts'
import { pageCount, parsePage, parseQuery } from '~/domain/paging.ts'
import { deriveSchema } from '../../prisma/scripts/schemas.ts'

describe('locale', () => {
  it('knows the three languages only', () => {
    expect(['ru', 'kk', 'en'].every(isLocale)).toBe(true)
    expect(isLocale('de')).toBe(false)
    expect(isLocale(undefined)).toBe(false)
  })
  it('picks a name per language and falls back to Russian when one is empty', () => {
    const row = { nameRu: 'Алматы', nameKk: 'Алматы қаласы', nameEn: '' }
    expect(localizedName(row, 'kk')).toBe('Алматы қаласы')
    expect(localizedName(row, 'en')).toBe('Алматы')
    expect(intlLocale('kk')).toBe('kk-KZ')
  })
})

describe('dates', () => {
  const at = new Date('2026-12-03T04:05:06Z')
  it('show four-digit years in every language (Kazakh short dates would give "03.12.26")', () => {
    expect(formatDateTime(at, 'kk')).toBe('03.12.2026, 09:05:06')
    expect(formatDateTime(at, 'ru')).toBe('03.12.2026, 09:05:06')
    expect(formatDateTime(at, 'en')).toBe('03/12/2026, 09:05:06')
    for (const locale of ['ru', 'kk', 'en'] as const) {
      for (const text of [formatDateTime(at, locale), formatDate(at, locale), formatDate(at, locale, 'medium')]) expect(text).toContain('2026')
    }
  })
})

describe('numbers', () => {
  it('are written in Kazakh as in Russian, which every browser has the data for (the same text on server and client)', () => {
    const figure = (locale: 'ru' | 'kk' | 'en') => new Intl.NumberFormat(numberLocale(locale), { minimumFractionDigits: 2 }).format(0.89)
    expect(figure('kk')).toBe('0,89')
    expect(figure('ru')).toBe('0,89')
    expect(figure('en')).toBe('0.89')
  })
})

describe('paging', () => {
  it.each([
    ['', 1],
    ['page=3', 3],
    ['page=0', 1],
    ['page=-4', 1],
    ['page=abc', 1],
    ['page=999999999', 100000],
  ])('%s → page %i', (query, page) => {
    expect(parsePage(new URLSearchParams(query))).toBe(page)
  })
  it('trims and bounds a search query', () => {
    expect(parseQuery(new URLSearchParams('q=%20%20'))).toBeUndefined()
    expect(parseQuery(new URLSearchParams(`q=${'я'.repeat(300)}`))?.length).toBe(100)
  })
  it.each([
    [0, 1],
    [1, 1],
    [50, 1],
    [51, 2],
    [100_000, 2000],
  ])('%i rows at 50 a page → %i page(s)', (total, pages) => {
    expect(pageCount(total, 50)).toBe(pages)
  })
})

describe('deriveSchema', () => {
  const source = 'generator client {\n  provider = "prisma-client"\n  output   = "../app/server/platform/generated/sqlite"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id String @id\n}\n'
  it('changes only the provider and the output folder', () => {
    const pg = deriveSchema(source, 'postgresql')
    expect(pg).toContain('provider = "postgresql"')
    expect(pg).toContain('output   = "../app/server/platform/generated/postgresql"')
    expect(pg).toContain('provider = "prisma-client"')
    const before = source.split('\n')
    const changed = pg.split('\n').filter((line, i) => line !== before[i])
    expect(changed).toEqual(['  output   = "../app/server/platform/generated/postgresql"', '  provider = "postgresql"'])
  })
})
