import { RemixBrowser } from '@remix-run/react'
import type { i18n as I18n } from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { defaultLocale, isLocale, type Locale } from './domain/locale.ts'
import { PAGE_TRANSLATIONS_ID } from './components/page-translations.tsx'
import { LightI18n, type Tree } from './i18n/light-i18n.ts'
import { localeUrls } from './i18n/locale-urls.ts'

/** One language's translations, from the fingerprinted file the root preloads (same request mode, so the preload is reused). */
async function fetchTranslations(lng: Locale): Promise<Tree> {
  const response = await fetch(localeUrls[lng], { credentials: 'same-origin' })
  if (!response.ok) throw new Error(`translations for ${lng}: HTTP ${response.status}`)
  return (await response.json()) as Tree
}

let translator: LightI18n | undefined

/** The whole language, fetched once: for strings the page did not ship (another page's, after a client-side move). */
let wholeLanguage: Promise<void> | undefined
function loadWholeLanguage(lng: Locale) {
  wholeLanguage ??= fetchTranslations(lng).then(
    (translations) => {
      // Components re-render with the new strings (react-i18next listens for `added`).
      translator?.addResourceBundle(lng, 'common', translations)
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
  // The strings the server's render used, inline in the page (app/components/page-translations.tsx);
  // without them (`npm run dev`), the whole language file.
  const inline = document.getElementById(PAGE_TRANSLATIONS_ID)?.textContent
  const translations = inline ? (JSON.parse(inline) as Tree) : await fetchTranslations(lng)
  // i18next's own behaviour for this app's strings, without its 14.5 KB (app/i18n/light-i18n.ts).
  // Another language is fetched only when the page switches to it (after logging in, the account's language wins).
  translator = new LightI18n({
    lng,
    resources: translations,
    fetchLanguage: fetchTranslations,
    // A string the page did not ship: the whole language is fetched, shown blank meanwhile.
    ...(inline ? { onMissing: (language: Locale) => (language === lng ? loadWholeLanguage(lng) : undefined) } : {}),
  })
  if (inline) {
    // Another page's strings are needed only after a move, and every move starts with the person's
    // hand: the whole language (one cached file) is fetched at the first touch, click or key, so the
    // next page rarely waits for it with blank labels. A first visit without a move never loads it.
    const early = () => loadWholeLanguage(lng)
    for (const type of ['pointerdown', 'touchstart', 'keydown'] as const) addEventListener(type, early, { once: true, passive: true, capture: true })
  }
  const i18n = translator as unknown as I18n
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n} defaultNS="common">
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
