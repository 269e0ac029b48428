import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { defaultLocale, isLocale, locales, type Locale } from '~/domain/locale.ts'
import { memoised } from '~/server/platform/request-scope.server.ts'
import { i18nConfig } from './config.ts'
import { resources } from './resources.server.ts'

export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
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

const localeByRequest = new WeakMap<Request, Promise<Locale>>()

/** The request's language, worked out once per request (root, route and renderer all ask). */
export function getLocale(request: Request): Promise<Locale> {
  let locale = localeByRequest.get(request)
  if (!locale) {
    // Each loader gets its own copy of the Request: the request's scope shares one answer among them.
    locale = memoised('locale', () => i18next.getLocale(request).then((value) => (isLocale(value) ? value : defaultLocale)))
    localeByRequest.set(request, locale)
  }
  return locale
}

export async function getCookieLocale(request: Request): Promise<Locale | null> {
  const value: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  return isLocale(value) ? value : null
}

export function getFixedT(locale: Locale) {
  return i18next.getFixedT(locale, 'common')
}
