/**
 * The server's translations answered from caches (app/i18n/instances.server.ts, i18next.server.ts):
 * a plain lookup is kept per language, and must say what a fresh i18next says for every key, however
 * often it is asked; lookups with counts or values are never answered from the cache.
 */
import { createInstance } from 'i18next'
import { describe, expect, it, vi } from 'vitest'
import { i18nConfig } from '~/i18n/config.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { i18nFor } from '~/i18n/instances.server.ts'
import { resources } from '~/i18n/resources.server.ts'

type Tree = { [key: string]: string | Tree }
function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)))
}

describe('the server’s translations', () => {
  for (const lng of ['ru', 'kk', 'en'] as const) {
    it(`say in ${lng} what a fresh i18next says, asked twice, for every key`, async () => {
      const fresh = createInstance()
      await fresh.init({ ...i18nConfig, resources, lng })
      const want = fresh.getFixedT(lng, 'common')
      const page = (await i18nFor(lng)).getFixedT(lng, 'common')
      const keys = leaves(resources[lng].common as Tree).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, ''))
      for (let round = 0; round < 2; round++) {
        for (const key of keys) {
          expect(page(key)).toBe(want(key))
          expect(page(key, { count: 3, name: 'Айгерім', count2: 1 })).toBe(want(key, { count: 3, name: 'Айгерім', count2: 1 }))
          expect(page(key, { count: 1 })).toBe(want(key, { count: 1 }))
        }
        expect(page('no.such.key')).toBe(want('no.such.key'))
      }
      // The helper for emails and files: one function per language, saying the same.
      const helper = await getFixedT(lng)
      expect(await getFixedT(lng)).toBe(helper)
      for (const key of keys.slice(0, 200)) expect(helper(key)).toBe(want(key))
    })
  }
})

describe('the page render’s t', () => {
  it('is answered from the cache as react-i18next asks (no language given), and still says the same', async () => {
    const instance = await i18nFor('kk')
    const fresh = createInstance()
    await fresh.init({ ...i18nConfig, resources, lng: 'kk' })
    // What useTranslation() does: getFixedT(null, namespace).
    const t = instance.getFixedT(null, 'common')
    const keys = leaves(resources.kk.common as Tree).filter((key) => !/_(zero|one|two|few|many|other)$/.test(key))
    for (const key of keys) expect(t(key)).toBe(fresh.getFixedT(null, 'common')(key))
    // Asked again: i18next's translator is not consulted at all, only when values come along.
    const translator = (instance as unknown as { translator: { translate: (...args: unknown[]) => unknown } }).translator
    const translate = vi.spyOn(translator, 'translate')
    for (const key of keys) expect(t(key)).toBe(fresh.getFixedT(null, 'common')(key))
    expect(translate).not.toHaveBeenCalled()
    // One t per language and namespace (react-i18next asks at every render), answering a key alone
    // without even i18next's own t (which builds and copies options at each call).
    expect(instance.getFixedT(null, 'common')).toBe(t)
    const viaInstance = vi.spyOn(instance, 't')
    for (const key of keys) expect(t(key)).toBe(fresh.getFixedT(null, 'common')(key))
    expect(viaInstance).not.toHaveBeenCalled()
    viaInstance.mockRestore()
    t(keys[0] ?? '', { count: 2 })
    expect(translate).toHaveBeenCalledTimes(1)
    translate.mockRestore()
  })
})
