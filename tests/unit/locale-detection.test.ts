/**
 * The request's language (app/i18n/i18next.server.ts): `?lng=`, then the `lng` cookie, then
 * Accept-Language, answered from a cache per combination of the three; every combination must give
 * what remix-i18next gives, however many requests came before it.
 */
import { describe, expect, it } from 'vitest'
import { getLocale, localeCookie } from '~/i18n/i18next.server.ts'

const ask = async (url: string, headers: Record<string, string> = {}) => getLocale(new Request(`http://localhost${url}`, { headers }))

describe('the language of a request', () => {
  it('follows ?lng=, then the cookie, then Accept-Language, the same on every asking', async () => {
    const kkCookie = await localeCookie.serialize('kk')
    const enCookie = await localeCookie.serialize('en')
    for (let round = 0; round < 2; round++) {
      expect(await ask('/login', { 'Accept-Language': 'kk-KZ,kk;q=0.9,ru;q=0.8' })).toBe('kk')
      expect(await ask('/login', { 'Accept-Language': 'en-US,en;q=0.9' })).toBe('en')
      expect(await ask('/login', { 'Accept-Language': 'de-DE' })).toBe('ru')
      expect(await ask('/login')).toBe('ru')
      expect(await ask('/login', { 'Accept-Language': 'en-US', Cookie: `session=abc; ${kkCookie.split(';')[0]}` })).toBe('kk')
      expect(await ask('/login', { 'Accept-Language': 'kk', Cookie: enCookie.split(';')[0] ?? '' })).toBe('en')
      // A cookie whose name only ends in "lng" is not the language cookie.
      expect(await ask('/login', { 'Accept-Language': 'en', Cookie: `xlng=${encodeURIComponent('"kk"')}` })).toBe('en')
      expect(await ask('/login?lng=kk', { 'Accept-Language': 'en', Cookie: enCookie.split(';')[0] ?? '' })).toBe('kk')
      expect(await ask('/login?xlng=kk', { 'Accept-Language': 'en' })).toBe('en')
      expect(await ask('/login?lng=zz', { 'Accept-Language': 'en' })).toBe('en')
    }
  })
})
