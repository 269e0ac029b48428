import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { defaultLocale, isLocale, locales, type Locale } from '~/domain/locale.ts'
import { secureCookies } from '~/server/platform/env.server.ts'
import { memoised } from '~/server/platform/request-scope.server.ts'
import { i18nConfig } from './config.ts'
import { resources } from './resources.server.ts'

export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  // Over HTTPS only in production, as every cookie of the app (session, toast, styles).
  secure: secureCookies(),
  maxAge: 60 * 60 * 24 * 365,
})

/** Language: `?lng=` on any URL, then the cookie (set from the account at login), then Accept-Language. */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...locales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    order: ['searchParams', 'cookie', 'header'],
  },
  i18next: { ...i18nConfig, resources },
})

/** The language worked out for a Request object, kept on it (not in a WeakMap: see getAuth in permissions.server.ts). */
const LOCALE = Symbol('locale')
type WithLocale = Request & { [LOCALE]?: Promise<Locale> }

/** The request's language, worked out once per request (root, route and renderer all ask). */
export function getLocale(request: Request): Promise<Locale> {
  // Each loader gets its own copy of the Request: the request's scope shares one answer among them.
  return ((request as WithLocale)[LOCALE] ??= memoised('locale', () => detectLocale(request)))
}

export async function getCookieLocale(request: Request): Promise<Locale | null> {
  const value: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  return isLocale(value) ? value : null
}

/**
 * The server's `t` of a language, outside a page's render (emails, files, loaders). remix-i18next
 * makes and initialises a whole new i18next instance at each `getFixedT`; one per language is kept.
 */
export function getFixedT(locale: Locale): ReturnType<typeof i18next.getFixedT> {
  let t = fixedTs.get(locale)
  if (!t) {
    t = i18next.getFixedT(locale, 'common')
    fixedTs.set(locale, t)
    t.catch(() => fixedTs.delete(locale))
  }
  return t
}

const fixedTs = new Map<Locale, ReturnType<typeof i18next.getFixedT>>()

/**
 * What decides the language: `?lng=`, the `lng` cookie's raw value and Accept-Language. Requests
 * alike in these get the same answer, so it is worked out once per combination (remix-i18next parses
 * and validates the Accept-Language header through Intl on every call: 1% of a page's CPU).
 */
const detected = new Map<string, Promise<Locale>>()
/** Distinct combinations kept; past this the map starts again (a few dozen are seen in practice). */
const DETECTED_MAX = 1000

function detectLocale(request: Request): Promise<Locale> {
  const param = request.url.includes('lng=') ? (new URL(request.url).searchParams.get('lng') ?? '') : ''
  const cookie = /(?:^|;\s*)lng=([^;]*)/.exec(request.headers.get('Cookie') ?? '')?.[1] ?? ''
  const key = `${param}\u0000${cookie}\u0000${request.headers.get('Accept-Language') ?? ''}`
  let locale = detected.get(key)
  if (!locale) {
    locale = i18next.getLocale(request).then((value) => (isLocale(value) ? value : defaultLocale))
    if (detected.size >= DETECTED_MAX) detected.clear()
    detected.set(key, locale)
    // A failure is not kept: the next request asks again.
    locale.catch(() => detected.delete(key))
  }
  return locale
}
