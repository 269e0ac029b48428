/**
 * The browser's translator (app/i18n/light-i18n.ts) gives exactly what i18next gives the server's
 * render, for every key of every language: with and without counts, with values for its placeholders,
 * and for missing keys; otherwise hydration would meet other text than the server sent.
 */
import { createInstance } from 'i18next'
import { describe, expect, it, vi } from 'vitest'
import { i18nConfig } from '~/i18n/config.ts'
import { LightI18n, type Tree } from '~/i18n/light-i18n.ts'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'

const files = { ru, kk, en } as unknown as Record<'ru' | 'kk' | 'en', Tree>

function leaves(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)))
}

async function realI18next(lng: 'ru' | 'kk' | 'en', partial: boolean) {
  const instance = createInstance()
  await instance.init({
    ...i18nConfig,
    fallbackLng: false,
    resources: { [lng]: { common: files[lng] } },
    lng,
    ...(partial ? { saveMissing: true, missingKeyHandler: () => undefined, parseMissingKeyHandler: () => '' } : {}),
  })
  return instance
}

const COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 1.5]

describe('the browser’s translator', () => {
  for (const lng of ['ru', 'kk', 'en'] as const) {
    it(`says what i18next says for every ${lng} key, with counts and values`, async () => {
      const real = await realI18next(lng, false)
      const light = new LightI18n({ lng, resources: files[lng], fetchLanguage: () => Promise.resolve({}) })
      const keys = leaves(files[lng])
      const bases = new Set(keys.map(([key]) => key.replace(/_(zero|one|two|few|many|other)$/, '')))
      let compared = 0
      for (const [key, text] of keys) {
        const names = [...text.matchAll(/\{\{(.+?)\}\}/g)].map((m) => (m[1] ?? '').trim())
        const values = Object.fromEntries(names.map((name, i) => [name, name === 'count' ? 7 : `v${i}<b>&`]))
        expect(light.t(key, values), key).toBe(real.t(key, values))
        expect(light.t(key), `${key} without values`).toBe(real.t(key))
        compared += 2
      }
      for (const base of bases) {
        for (const count of COUNTS) {
          expect(light.t(base, { count, name: 'Ә' }), `${base} count ${count}`).toBe(real.t(base, { count, name: 'Ә' }))
          compared++
        }
      }
      expect(compared).toBeGreaterThan(1000)
      // Prefixes, lists of keys, defaults and keys it does not have.
      expect(light.t('common:app.name')).toBe(real.t('common:app.name'))
      expect(light.t(['no.such.key', 'app.name'])).toBe(real.t(['no.such.key', 'app.name']))
      expect(light.t('no.such.key', { defaultValue: 'D {{x}}', x: 1 })).toBe(real.t('no.such.key', { defaultValue: 'D {{x}}', x: 1 }))
      expect(light.t('no.such.key')).toBe(real.t('no.such.key'))
      expect(light.getFixedT(null, 'common', 'app')('name')).toBe(real.getFixedT(null, 'common', 'app')('name'))
    })
  }

  it('reads a missing key as "" on a page that shipped part of the language, asks for the rest, and re-renders when it arrives', async () => {
    const real = await realI18next('ru', true)
    const missing = vi.fn()
    const light = new LightI18n({ lng: 'ru', resources: { app: (files.ru as { app: Tree }).app }, fetchLanguage: () => Promise.resolve({}), onMissing: missing })
    expect(light.t('nav.login')).toBe('')
    expect(real.t('no.such.key', { defaultValue: 'x' })).toBe('')
    expect(light.t('no.such.key', { defaultValue: 'x' })).toBe('')
    expect(missing).toHaveBeenCalledWith('ru', 'nav.login')
    const added = vi.fn()
    light.store.on('added', added)
    light.addResourceBundle('ru', 'common', files.ru)
    expect(added).toHaveBeenCalledTimes(1)
    expect(light.t('nav.login')).toBe(real.t('nav.login'))
    expect(light.t('app.name')).toBe(real.t('app.name'))
  })

  it('tells a component that subscribes just after the strings arrived, if it may have rendered blanks before', async () => {
    vi.useFakeTimers()
    try {
      const light = new LightI18n({ lng: 'ru', resources: { app: (files.ru as { app: Tree }).app }, fetchLanguage: () => Promise.resolve({}), onMissing: () => undefined })
      // Strings arrive while no page has rendered a blank: a later subscriber is not told.
      light.addResourceBundle('ru', 'common', { app: (files.ru as { app: Tree }).app })
      const quiet = vi.fn()
      light.store.on('added', quiet)
      await Promise.resolve()
      expect(quiet).not.toHaveBeenCalled()
      // A page renders a blank, the whole language arrives, then the page's component subscribes (react-i18next does in an effect).
      expect(light.t('nav.login')).toBe('')
      light.addResourceBundle('ru', 'common', files.ru)
      const late = vi.fn()
      light.store.on('added', late)
      await Promise.resolve()
      expect(late).toHaveBeenCalledTimes(1)
      // Long after the arrival, a new component has rendered with the strings: it is not told again.
      vi.advanceTimersByTime(10_000)
      const later = vi.fn()
      light.store.on('added', later)
      await Promise.resolve()
      expect(later).not.toHaveBeenCalled()
    } finally {
      vi.useRealTimers()
    }
  })

  it('changes language by fetching the other one and telling react-i18next', async () => {
    const fetchLanguage = vi.fn((lng: string) => Promise.resolve(files[lng as 'kk']))
    const light = new LightI18n({ lng: 'ru', resources: files.ru, fetchLanguage })
    const changed = vi.fn()
    light.on('languageChanged', changed)
    await light.changeLanguage('ru')
    expect(fetchLanguage).not.toHaveBeenCalled()
    await light.changeLanguage('kk')
    expect(fetchLanguage).toHaveBeenCalledWith('kk')
    expect(changed).toHaveBeenCalledWith('kk')
    expect(light.language).toBe('kk')
    expect(light.t('app.name')).toBe((files.kk as { app: { name: string } }).app.name)
  })
})
