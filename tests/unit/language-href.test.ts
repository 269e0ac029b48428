import { describe, expect, it } from 'vitest'
import { LANGUAGE_LINK_QUERY_LIMIT, languageHref } from '~/components/language-href.ts'

describe('languageHref', () => {
  it('keeps a list’s filters and page and sets the language', () => {
    expect(languageHref('/ngo/a/rosters', '?region=almaty&page=2&lng=ru', 'kk')).toBe('/ngo/a/rosters?region=almaty&page=2&lng=kk')
  })
  it('adds the language to a page without a query', () => {
    expect(languageHref('/login', '', 'en')).toBe('/login?lng=en')
  })
  it('does not copy a query of kilobytes into the link', () => {
    const search = `?q=${'x'.repeat(16 * 1024)}`
    expect(search.length).toBeGreaterThan(LANGUAGE_LINK_QUERY_LIMIT)
    expect(languageHref('/admin/people', search, 'ru')).toBe('/admin/people?lng=ru')
  })
})
