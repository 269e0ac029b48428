import { createContext, useContext, useState } from 'react'
import { useNonce } from './nonce.tsx'

/** The id of the data block holding the page's translations (read by app/entry.client.tsx). */
export const PAGE_TRANSLATIONS_ID = 'page-translations'

/**
 * On the server only: the translations this page used while it rendered, as JSON (app/entry.server.tsx
 * provides it). In the browser there is no provider: the block already in the document is kept.
 */
export const PageTranslationsContext = createContext<(() => string) | null>(null)

/**
 * The page's translations, only the groups (`courses`, `nav`, …) its server render used plus a few
 * every page may need, in its own language, as a JSON data block inside the HTML: the browser
 * hydrates with them without fetching a language file (app/entry.client.tsx), and anything else
 * (another page's strings) is fetched when first asked for. Rendered last in the body, so every
 * component above it has already asked for its strings.
 */
export function PageTranslations() {
  const fromServer = useContext(PageTranslationsContext)
  // A data block runs nothing, but carries the nonce as every inline script does (the CSP test checks them all).
  const nonce = useNonce()
  const [existing] = useState(() => (typeof document !== 'undefined' ? (document.getElementById(PAGE_TRANSLATIONS_ID)?.textContent ?? '') : ''))
  const json = fromServer ? fromServer() : existing
  if (!json) return null
  return <script id={PAGE_TRANSLATIONS_ID} type="application/json" nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: json }} suppressHydrationWarning />
}
