import { createInstance, type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { defaultLocale, isLocale, locales, type Locale } from '~/domain/locale.ts'
import { LightI18n, type Tree } from './light-i18n.ts'
import { i18nConfig } from './config.ts'
import { noteTranslationKey } from '~/server/platform/request-scope.server.ts'
import { resources } from './resources.server.ts'

// One i18next instance per language, made once: rendering never changes an instance's language.
const instances = new Map<Locale, Promise<i18n>>()

/** The i18next instance the server renders a language with (pages, and lesson bodies). */
export function i18nFor(lng: Locale): Promise<i18n> {
  let instance = instances.get(lng)
  if (!instance) {
    const created = createInstance()
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, resources, lng })
      .then(() => {
        // Every key a page's render asks for is noted in its request's scope: the page then ships
        // only those groups of translations to the browser (app/components/page-translations.tsx).
        const translate = created.t.bind(created) as unknown as (...args: unknown[]) => unknown
        const light = lightTranslator()
        const known = new Map<string, unknown>()
        created.t = ((key: unknown, ...rest: unknown[]) => {
          noteTranslationKey(key)
          const options = rest[0]
          if (typeof key === 'string' && rest.length === 1) {
            // A plain lookup (a key without values of its own: only the language, namespace and prefix
            // as options) always gives the same text: answered from `known`. i18next's own path (key
            // parsing, resolution, post-processing) was 6% of a page's CPU. Asked first: most calls are
            // these, and a plain lookup is never a call with values (isValuesCall wants a value).
            if (isPlainLookup(options)) {
              const cacheKey = knownPrefix(options.lng, options.ns) + key
              let text = known.get(cacheKey)
              if (text === undefined) {
                text = translate(key, options)
                if (known.size >= KNOWN_MAX) known.clear()
                known.set(cacheKey, text)
              }
              return text
            }
            // A call with values (`{{placeholders}}`, a plural's count) for a key this language has: the
            // browser's translator, which says exactly what i18next says for every key of every language
            // (tests/unit/light-i18n.test.ts), without i18next's resolution and interpolation machinery
            // (its path was about 3% of the exam's attempt page: a "question N of 25" per question).
            // A key the language lacks (i18next falls back to Russian) and any other option go to i18next.
            const text = lightAnswer(light, key, options, lng)
            if (text !== undefined) return text
          }
          return translate(key, ...rest)
        }) as unknown as typeof created.t
        // react-i18next's `useTranslation` asks for a new `getFixedT(null, 'common')` at every render
        // of every component, and that `t` builds an options object and copies it at every call before
        // reaching the cache above (3% of the recruit list's CPU). One `t` per (language, namespace,
        // prefix) is kept; a plain call (a key alone) reads `known` directly, under the same key.
        const fixedTs = new Map<string, unknown>()
        const originalFixedT = created.getFixedT.bind(created) as unknown as (...args: unknown[]) => FixedT
        created.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
          const id = `${String(lng)}\u0000${String(ns)}\u0000${String(keyPrefix)}`
          let kept = fixedTs.get(id)
          if (kept === undefined) {
            const fixed = originalFixedT(lng, ns, keyPrefix)
            kept = fixed
            if ((lng === null || lng === undefined || typeof lng === 'string') && (ns === undefined || typeof ns === 'string') && !keyPrefix) {
              // What `fixed` passes on for a key alone: the language (a string, else the instance's own) and the namespace.
              const prefix = knownPrefix(typeof lng === 'string' ? lng : undefined, ns)
              const fixedLng = typeof lng === 'string' ? lng : created.language
              const common = ns === undefined || ns === 'common'
              const fast = function (this: unknown, ...args: unknown[]) {
                const key = args[0]
                if (args.length === 1 && typeof key === 'string') {
                  noteTranslationKey(key)
                  const text = known.get(prefix + key)
                  if (text !== undefined) return text
                } else if (args.length === 2 && typeof key === 'string' && common) {
                  // With values: the light translator too (as created.t above), without i18next's
                  // fixed t building and copying the options first.
                  const text = lightAnswer(light, key, args[1], fixedLng)
                  if (text !== undefined) {
                    noteTranslationKey(key)
                    return text
                  }
                }
                return fixed(...args)
              }
              kept = Object.assign(fast, { lng: fixed.lng, lngs: fixed.lngs, ns: fixed.ns, keyPrefix: fixed.keyPrefix })
            }
            if (fixedTs.size >= 1000) fixedTs.clear()
            fixedTs.set(id, kept)
          }
          return kept
        }) as unknown as typeof created.getFixedT
        return created
      })
    instances.set(lng, instance)
  }
  return instance
}

/** i18next's `getFixedT` answer: a `t` carrying the language, namespace and prefix it was made for. */
type FixedT = ((...args: unknown[]) => unknown) & { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown }

/** Where a plain lookup is kept in `known`: its language and namespace as i18next's `t` receives them, then the key. */
function knownPrefix(lng: unknown, ns: unknown): string {
  return `${String(lng)}\u0000${String(ns)}\u0000`
}

/** The browser's translator over every language's strings, for calls with values (one for the process). */
let lightInstance: LightI18n | undefined
function lightTranslator(): LightI18n {
  if (!lightInstance) {
    lightInstance = new LightI18n({ lng: defaultLocale, resources: resources[defaultLocale].common as unknown as Tree, fetchLanguage: () => Promise.reject(new Error('the server has every language')) })
    for (const lng of locales) if (lng !== defaultLocale) lightInstance.addResourceBundle(lng, 'common', resources[lng].common as unknown as Tree)
  }
  return lightInstance
}

/**
 * The light translator's answer to a call with values (isValuesCall) for a key the language has, or
 * undefined: i18next's to answer. Without a language of its own, the call is in `lng` (the instance's,
 * or the fixed t's), as i18next reads it. A value holding "{{…}}" comes back as given, as in the
 * browser (i18next would interpolate into it, and the page would not hydrate with the same text).
 */
function lightAnswer(light: LightI18n, key: string, options: unknown, lng: string): string | undefined {
  if (!isValuesCall(options)) return undefined
  return light.found(key, options.lng === undefined ? { ...options, lng } : options)
}

/**
 * A call with values of its own: the language (a string, as the instance was made for or a fixed `t`
 * passes), the namespace `common`, and values that are strings, numbers or booleans (a `count` a
 * number). i18next's own options (`context`, `returnObjects`, `defaultValue`, …) are not: they go to i18next.
 */
function isValuesCall(options: unknown): options is { lng?: string; count?: number; [name: string]: unknown } {
  if (typeof options !== 'object' || options === null) return false
  let values = false
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name]
    if (name === 'lng') {
      if (value !== undefined && !isLocale(value)) return false
    } else if (name === 'ns') {
      if (value !== undefined && value !== 'common') return false
    } else if (name === 'lngs' || name === 'keyPrefix') {
      if (value !== undefined && value !== null) return false
    } else if (I18NEXT_OPTIONS.has(name)) {
      return false
    } else if (name === 'count' ? typeof value === 'number' : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values = true
    } else {
      return false
    }
  }
  return values
}

/** Options i18next reads itself (its `t` options): a call with any of them is i18next's to answer. */
const I18NEXT_OPTIONS = new Set([
  'defaultValue', 'defaultValue_zero', 'defaultValue_one', 'defaultValue_two', 'defaultValue_few', 'defaultValue_many', 'defaultValue_other',
  'context', 'ordinal', 'returnObjects', 'returnDetails', 'returnNull', 'returnEmptyString', 'joinArrays', 'postProcess', 'interpolation',
  'skipInterpolation', 'replace', 'fallbackLng', 'nsSeparator', 'keySeparator', 'appendNamespaceToMissingKey', 'appendNamespaceToCIMode',
])

/** Plain lookups kept per language instance; past this the cache starts again (the app has a few thousand keys). */
const KNOWN_MAX = 20_000

/**
 * Options that only say where to look: what `getFixedT`'s `t` passes for a call without options of
 * its own (react-i18next's `useTranslation` asks for `getFixedT(null, ns)`: `lng` undefined, `lngs` null).
 */
function isPlainLookup(options: unknown): options is { lng?: unknown; ns?: unknown } {
  if (typeof options !== 'object' || options === null) return false
  // Runs on every translation a page renders: read in place, without a list of entries.
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name]
    if (name === 'lng' || name === 'ns') {
      if (typeof value !== 'string' && value !== undefined) return false
    } else if ((name !== 'lngs' && name !== 'keyPrefix') || (value !== undefined && value !== null)) return false
  }
  return true
}

/**
 * Groups every page ships whether or not its server render used them: strings a page may show only
 * in the browser (an error page, the header and footer). A page with a form (it used `fields`) also
 * gets the validation messages its form may show before anything reaches the server.
 */
const ALWAYS = ['app', 'nav', 'footer', 'errors', 'common']

/**
 * The translations a page's browser needs, as the JSON text of a data block: the groups its render
 * used (`used`) and ALWAYS, in its language. `<` is escaped, so no string can end the block.
 */
export function pageTranslationsJson(lng: Locale, used: ReadonlySet<string>): string {
  const groups = [...new Set([...ALWAYS, ...used, ...(used.has('fields') ? ['validation'] : [])])].sort()
  const key = `${lng}:${groups.join(',')}`
  let json = pageTranslations.get(key)
  if (json === undefined) {
    const all = resources[lng].common as Record<string, unknown>
    const picked: Record<string, unknown> = {}
    for (const group of groups) if (Object.hasOwn(all, group)) picked[group] = all[group]
    json = JSON.stringify(picked).replace(/</g, '\\u003c')
    // A few dozen combinations (one or two per page); bounded all the same.
    if (pageTranslations.size >= 500) pageTranslations.clear()
    pageTranslations.set(key, json)
  }
  return json
}

/** The JSON of each language and set of groups, made once. */
const pageTranslations = new Map<string, string>()
