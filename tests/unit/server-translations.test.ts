/**
 * The server's translations answered from caches (app/i18n/instances.server.ts, i18next.server.ts):
 * a plain lookup is kept per language, and must say what a fresh i18next says for every key, however
 * often it is asked; lookups with counts or values are never answered from the cache, and those for a
 * key the language has are answered by the browser's light translator, which must say the same.
 */
import { createInstance } from 'i18next'
import { describe, expect, it, vi } from 'vitest'
import { i18nConfig } from '~/i18n/config.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { i18nFor } from '~/i18n/instances.server.ts'
import { LightI18n } from '~/i18n/light-i18n.ts'
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

    it(`say in ${lng} what a fresh i18next says for every key with its values and counts, answered by the light translator`, async () => {
      const fresh = createInstance()
      await fresh.init({ ...i18nConfig, resources, lng })
      const instance = await i18nFor(lng)
      const answered = vi.spyOn(LightI18n.prototype, 'found')
      // As react-i18next asks (getFixedT(null, 'common'): no language of its own), with the language
      // named, and the instance's own t with another language's name.
      const pages = [instance.getFixedT(null, 'common'), instance.getFixedT(lng, 'common')]
      const want = fresh.getFixedT(lng, 'common')
      let withValues = 0
      for (const leaf of leaves(resources[lng].common as Tree)) {
        const key = leaf.replace(/_(zero|one|two|few|many|other)$/, '')
        const names = [...lookup(resources[lng].common as Tree, leaf).matchAll(/\{\{(.+?)\}\}/g)].map((m) => (m[1] ?? '').trim())
        const values = Object.fromEntries(names.map((name, i) => [name, name === 'count' ? 7 : i % 2 ? i : `Ә${i}<b>&`]))
        for (const page of pages) {
          expect(page(key, values), key).toBe(want(key, values))
          for (const count of [0, 1, 2, 5, 11, 21, 1.5]) expect(page(key, { ...values, count }), `${key} ${count}`).toBe(want(key, { ...values, count }))
        }
        for (const other of ['ru', 'kk', 'en'] as const) expect(instance.t(key, { ...values, count: 2, lng: other }), `${key} in ${other}`).toBe(fresh.t(key, { ...values, count: 2, lng: other }))
        if (names.length) withValues++
      }
      expect(withValues).toBeGreaterThan(100)
      expect(answered).toHaveBeenCalled()
      answered.mockRestore()
      // Not the light translator's: a key this language lacks (i18next falls back to Russian), i18next's own options.
      expect(pages[0]?.('no.such.key', { x: 1 })).toBe(want('no.such.key', { x: 1 }))
      expect(pages[0]?.('no.such.key', { defaultValue: 'D {{x}}', x: 1 })).toBe(want('no.such.key', { defaultValue: 'D {{x}}', x: 1 }))
      expect(pages[0]?.('exam.questionOf', { number: 1, total: 2, context: 'x' })).toBe(want('exam.questionOf', { number: 1, total: 2, context: 'x' }))
      // A value holding a placeholder or a nesting comes back as given, as the browser's translator
      // gives it (i18next interpolates into the value: a visitor's name could pull in other values, and
      // the page would hydrate with other text than the server sent).
      const light = new LightI18n({ lng, resources: resources[lng].common as unknown as Tree, fetchLanguage: () => Promise.resolve({}) })
      for (const value of ['{{total}}', '$t(app.name)', '{{- total}}'])
        expect(pages[0]?.('exam.questionOf', { number: value, total: 3 })).toBe(light.t('exam.questionOf', { number: value, total: 3 }))
      expect(pages[0]?.('exam.questionOf', { number: '{{total}}', total: 3 })).toContain('{{total}}')
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
    // Values for a key the language has: the light translator, not i18next's; i18next's own options: i18next.
    t('exam.questionOf', { number: 3, total: 25 })
    expect(translate).not.toHaveBeenCalled()
    t(keys[0] ?? '', { count: 2, defaultValue: 'x' })
    expect(translate).toHaveBeenCalledTimes(1)
    translate.mockRestore()
  })
})

function lookup(tree: Tree, key: string): string {
  let node: string | Tree | undefined = tree
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : ''
}
