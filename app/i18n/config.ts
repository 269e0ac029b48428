import { defaultLocale, locales } from '~/domain/locale.ts'

/**
 * Shared by the server and the browser. The translations themselves are not here: the server
 * imports all three (app/i18n/resources.server.ts); the browser fetches only its page's language
 * (app/i18n/locale-urls.ts, app/entry.client.tsx).
 */
export const i18nConfig = {
  supportedLngs: [...locales],
  fallbackLng: defaultLocale,
  defaultNS: 'common',
  ns: ['common'],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}
