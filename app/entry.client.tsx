import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nConfig, resources } from './i18n/config.ts'

async function hydrate() {
  // All three languages ship with the page (a few KB): switching needs no extra request.
  await i18next.use(initReactI18next).init({ ...i18nConfig, resources, lng: document.documentElement.lang || 'ru' })
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
