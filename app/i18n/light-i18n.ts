/**
 * The browser's translator: the few parts of i18next that react-i18next and this app use, in about
 * 1 KB instead of i18next's 14.5 KB gzipped on every first visit (README, Speed). The server renders
 * with i18next itself (app/i18n/instances.server.ts); tests/unit/light-i18n.test.ts checks that this
 * gives the same text as i18next for every key of every language, with and without counts and
 * values, so hydration never meets a different string.
 *
 * What it does, as i18next does with this app's options (app/i18n/config.ts): keys with dots into one
 * namespace (`common`, an optional `common:` prefix), plural forms by `count` (`key_one`, `key_few`,
 * … by Intl.PluralRules, else `key`), `{{value}}` interpolation without escaping (React escapes),
 * `defaultValue`, a list of keys (the first found), events for react-i18next (`languageChanged`, and
 * `added` on the store when strings arrive), and changeLanguage, which fetches the other language.
 */
import type { Locale } from '~/domain/locale.ts'

export type Tree = { [key: string]: string | Tree }
type Listener = (...args: unknown[]) => void
type Options = { count?: unknown; defaultValue?: unknown; lng?: string; [name: string]: unknown }

class Emitter {
  readonly #listeners = new Map<string, Set<Listener>>()
  on(events: string, listener: Listener) {
    for (const event of events.split(' ').filter(Boolean)) {
      const set = this.#listeners.get(event) ?? new Set()
      set.add(listener)
      this.#listeners.set(event, set)
    }
  }
  off(events: string, listener?: Listener) {
    for (const event of events.split(' ').filter(Boolean)) {
      if (listener) this.#listeners.get(event)?.delete(listener)
      else this.#listeners.delete(event)
    }
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args)
  }
}

function merge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key]
    target[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value
  }
  return target
}

function lookup(tree: Tree | undefined, key: string): string | undefined {
  let node: string | Tree | undefined = tree
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

function valueAt(options: Options, path: string): unknown {
  let node: unknown = options
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

/** How long after strings arrive for blanks a newly subscribed component is told (StringStore). */
const CATCH_UP_MS = 3000

const PLACEHOLDER = /\{\{(.+?)\}\}/g

/**
 * Where react-i18next listens for strings that arrive (`added`). It subscribes a component in an
 * effect, after its first render: a page that rendered with blanks (strings it did not ship) while the
 * whole language was on its way could see the language arrive between its render and that effect,
 * miss the event and keep its blank labels for good (a browser test caught one). So until
 * `catchUpUntil`, a component that subscribes is told at once.
 */
class StringStore extends Emitter {
  catchUpUntil = 0
  override on(events: string, listener: Listener) {
    super.on(events, listener)
    if (events.split(' ').includes('added') && Date.now() < this.catchUpUntil) queueMicrotask(() => listener())
  }
}

export interface LightI18nOptions {
  lng: Locale
  /** The strings the page shipped (or the whole language). */
  resources: Tree
  /** Fetches a language's whole file (another language, or this one for strings the page did not ship). */
  fetchLanguage: (lng: Locale) => Promise<Tree>
  /** Called with a key the loaded strings do not hold; such a key reads as "" meanwhile (the page shipped part of the language). */
  onMissing?: (lng: Locale, key: string) => void
}

export class LightI18n extends Emitter {
  language: Locale
  languages: Locale[]
  resolvedLanguage: Locale
  readonly isInitialized = true
  readonly initializedStoreOnce = true
  readonly options = {
    defaultNS: 'common',
    ns: ['common'],
    ignoreJSONStructure: true,
    interpolation: { escapeValue: false },
    react: { useSuspense: false, bindI18n: 'languageChanged', bindI18nStore: 'added' },
  }
  readonly store = new StringStore()
  #blanks = false
  readonly services = { backendConnector: {} }
  reportNamespaces?: unknown
  readonly #bundles = new Map<string, Tree>()
  readonly #plurals = new Map<string, Intl.PluralRules>()
  /** Keys looked up per language (null: not there), forgotten when strings arrive: the server asks for the same keys on every page. */
  readonly #found = new Map<string, Map<string, string | null>>()
  /** Texts with placeholders, split once into their literal parts and placeholder names (odd places). */
  readonly #templates = new Map<string, string[]>()
  readonly #fetchLanguage: LightI18nOptions['fetchLanguage']
  readonly #onMissing: LightI18nOptions['onMissing']

  constructor(options: LightI18nOptions) {
    super()
    this.language = options.lng
    this.languages = [options.lng]
    this.resolvedLanguage = options.lng
    this.#bundles.set(options.lng, options.resources)
    this.#fetchLanguage = options.fetchLanguage
    this.#onMissing = options.onMissing
  }

  hasLoadedNamespace(): boolean {
    return true
  }

  loadNamespaces(_ns: unknown, callback?: () => void): Promise<void> {
    callback?.()
    return Promise.resolve()
  }

  loadLanguages(_lngs: unknown, callback?: () => void): Promise<void> {
    callback?.()
    return Promise.resolve()
  }

  dir(): 'ltr' {
    return 'ltr'
  }

  exists(key: string, options: Options = {}): boolean {
    const lng = options.lng ?? this.language
    return this.#lookup(this.#bundles.get(lng), lng, this.#bare(key)) !== undefined
  }

  /** Adds strings (the whole language after a partial page); react-i18next re-renders on `added`. */
  addResourceBundle(lng: string, _ns: string, resources: Tree): this {
    this.#bundles.set(lng, merge(this.#bundles.get(lng) ?? {}, resources))
    this.#found.delete(lng)
    if (this.#blanks) this.store.catchUpUntil = Date.now() + CATCH_UP_MS
    this.#blanks = false
    this.store.emit('added', lng, 'common')
    return this
  }

  async changeLanguage(lng?: string): Promise<(key: string | string[], options?: Options) => string> {
    if (lng && lng !== this.language && (lng === 'ru' || lng === 'kk' || lng === 'en')) {
      if (!this.#bundles.has(lng)) {
        this.#bundles.set(lng, await this.#fetchLanguage(lng))
        this.#found.delete(lng)
      }
      this.language = lng
      this.languages = [lng]
      this.resolvedLanguage = lng
      this.emit('languageChanged', lng)
    }
    return this.t
  }

  getFixedT(lng?: string | null, _ns?: unknown, keyPrefix?: string) {
    const fixed = (key: string | string[], options: Options = {}) => {
      const keys = (Array.isArray(key) ? key : [key]).map((k) => (keyPrefix ? `${keyPrefix}.${k}` : k))
      return this.t(keys, { ...options, lng: options.lng ?? lng ?? undefined })
    }
    return fixed
  }

  readonly t = (key: string | string[], options: Options = {}): string => {
    const lng = options.lng ?? this.language
    const bundle = this.#bundles.get(lng)
    const keys = (Array.isArray(key) ? key : [key]).map((k) => this.#bare(k))
    for (const one of keys) {
      const found = this.#resolve(bundle, lng, one, options)
      if (found !== undefined) return this.#interpolate(found, options)
    }
    const last = keys[keys.length - 1] ?? ''
    this.#onMissing?.(lng as Locale, last)
    if (this.#onMissing) {
      this.#blanks = true
      return ''
    }
    return this.#interpolate(options.defaultValue === undefined ? last : String(options.defaultValue), options)
  }

  /**
   * What `t` says for a key this language's strings hold (in the plural form `count` picks, or plain),
   * which is what i18next says; undefined when they do not hold it.
   */
  found(key: string, options: Options = {}): string | undefined {
    const lng = options.lng ?? this.language
    const text = this.#resolve(this.#bundles.get(lng), lng, this.#bare(key), options)
    return text === undefined ? undefined : this.#interpolate(text, options)
  }

  #bare(key: string): string {
    return key.startsWith('common:') ? key.slice('common:'.length) : key
  }

  #resolve(bundle: Tree | undefined, lng: string, key: string, options: Options): string | undefined {
    if (typeof options.count === 'number') {
      let rules = this.#plurals.get(lng)
      if (!rules) {
        rules = new Intl.PluralRules(lng)
        this.#plurals.set(lng, rules)
      }
      const plural = this.#lookup(bundle, lng, `${key}_${rules.select(options.count)}`)
      if (plural !== undefined) return plural
    }
    return this.#lookup(bundle, lng, key)
  }

  #lookup(bundle: Tree | undefined, lng: string, key: string): string | undefined {
    let found = this.#found.get(lng)
    if (!found) this.#found.set(lng, (found = new Map()))
    let text = found.get(key)
    if (text === undefined) {
      text = lookup(bundle, key) ?? null
      // Keys come from the code (a few thousand); bounded all the same.
      if (found.size >= 20_000) found.clear()
      found.set(key, text)
    }
    return text ?? undefined
  }

  #interpolate(text: string, options: Options): string {
    if (!text.includes('{{')) return text
    let parts = this.#templates.get(text)
    if (!parts) {
      parts = []
      let at = 0
      for (const match of text.matchAll(PLACEHOLDER)) {
        parts.push(text.slice(at, match.index), match[1] ?? '')
        at = match.index + match[0].length
      }
      parts.push(text.slice(at))
      if (this.#templates.size >= 20_000) this.#templates.clear()
      this.#templates.set(text, parts)
    }
    let out = parts[0] ?? ''
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] ?? ''
      const value = valueAt(options, name.trim())
      // As i18next: a value not given leaves its placeholder as it is.
      out += value === undefined ? `{{${name}}}` : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean)
      out += parts[i + 1] ?? ''
    }
    return out
  }
}
