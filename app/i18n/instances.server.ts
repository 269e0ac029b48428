import { createInstance, type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Locale } from '~/domain/locale.ts'
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
        created.t = ((key: unknown, ...rest: unknown[]) => {
          noteTranslationKey(key)
          return translate(key, ...rest)
        }) as unknown as typeof created.t
        return created
      })
    instances.set(lng, instance)
  }
  return instance
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
