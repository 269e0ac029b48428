import { RemixBrowser } from '@remix-run/react'
import i18next, { type BackendModule, type ResourceKey } from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { defaultLocale, isLocale, type Locale } from './domain/locale.ts'
import { i18nConfig } from './i18n/config.ts'
import { PAGE_TRANSLATIONS_ID } from './components/page-translations.tsx'
import { localeUrls } from './i18n/locale-urls.ts'

/** One language's translations, from the fingerprinted file the root preloads (same request mode, so the preload is reused). */
async function fetchTranslations(lng: Locale): Promise<ResourceKey> {
  const response = await fetch(localeUrls[lng], { credentials: 'same-origin' })
  if (!response.ok) throw new Error(`translations for ${lng}: HTTP ${response.status}`)
  return (await response.json()) as ResourceKey
}

/** Another language is fetched only when the page switches to it (after logging in, the account's language wins). */
const fetchedLanguages: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, _ns, callback) {
    if (!isLocale(lng)) return callback(null, {})
    fetchTranslations(lng).then(
      (translations) => callback(null, translations),
      (error: unknown) => callback(error as Error, null),
    )
  },
}

/** The whole language, fetched once: for strings the page did not ship (another page's, after a client-side move). */
let wholeLanguage: Promise<void> | undefined
function loadWholeLanguage(lng: Locale) {
  wholeLanguage ??= fetchTranslations(lng).then(
    (translations) => {
      // Components re-render with the new strings (react.bindI18nStore below).
      i18next.addResourceBundle(lng, 'common', translations, true, false)
    },
    () => {
      wholeLanguage = undefined
    },
  )
}

async function hydrate() {
  // Only the page's language ships: the server rendered with it, and the browser hydrates with the same.
  const lang = document.documentElement.lang
  const lng = isLocale(lang) ? lang : defaultLocale
  // The groups of strings the server's render used, inline in the page (app/components/page-translations.tsx);
  // without them (`npm run dev`), the whole language file.
  const inline = document.getElementById(PAGE_TRANSLATIONS_ID)?.textContent
  const translations = inline ? (JSON.parse(inline) as ResourceKey) : await fetchTranslations(lng)
  await i18next
    .use(fetchedLanguages)
    .use(initReactI18next)
    .init({
      ...i18nConfig,
      // Every key exists in every language (tests/unit/i18n.test.ts), so no second language is fetched as a fallback.
      fallbackLng: false,
      load: 'currentOnly',
      partialBundledLanguages: true,
      resources: { [lng]: { common: translations } },
      lng,
      // A string of a group the page did not ship: the whole language is fetched, shown blank meanwhile.
      ...(inline
        ? {
            saveMissing: true,
            missingKeyHandler: (languages: readonly string[]) => {
              if ((languages.find(isLocale) ?? lng) === lng) loadWholeLanguage(lng)
            },
            parseMissingKeyHandler: () => '',
          }
        : {}),
      react: { ...i18nConfig.react, bindI18nStore: 'added' },
    })
  if (inline) {
    // Another page's strings are needed only after a move, and every move starts with the person's
    // hand: the whole language (one cached file) is fetched at the first touch, click or key, so the
    // next page rarely waits for it with blank labels. A first visit without a move never loads it.
    const early = () => loadWholeLanguage(lng)
    for (const type of ['pointerdown', 'touchstart', 'keydown'] as const) addEventListener(type, early, { once: true, passive: true, capture: true })
  }
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
