import { UNSAFE_RemixContext, useMatches } from '@remix-run/react'
import { createContext, useContext, useState } from 'react'
import { useNonce } from './nonce.tsx'

/** On the server only: the core stylesheet's text (app/http/app-styles.server.ts, provided by app/entry.server.tsx). */
export const AppCssContext = createContext<string | null>(null)

export type StylesMode = 'inline' | 'link'

/**
 * How the page carries its core stylesheet: the mode the root's loader gave when the page was
 * rendered, kept for the page's life. A later revalidation of the root (now with the cookie) must not
 * swap the styles under the reader.
 */
export function usePageStylesMode(fromLoader: StylesMode | undefined): StylesMode {
  const [first] = useState(fromLoader ?? 'link')
  return first
}

/**
 * The core stylesheet: inside the page on a browser's first page (`inline`), else the cached file.
 * In the browser the element's text is the server's (React keeps what dangerouslySetInnerHTML printed
 * when hydrating).
 */
export function AppStyles({ mode, href }: { mode: StylesMode; href: string }) {
  const css = useContext(AppCssContext)
  const nonce = useNonce()
  if (mode === 'inline') return <style id="app-css" nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: css ?? '' }} suppressHydrationWarning />
  return <link rel="stylesheet" href={href} />
}

/**
 * The page's scripts announced in the head, on a page that carries its styles inside: Remix names them
 * at the end of the body (`<Scripts/>`), so on a slow link they were asked for only once the whole HTML
 * had arrived, a round trip the link then spent idle. With the styles inside, nothing else waits on
 * the link in the head, and the scripts download while the rest of the HTML does. A page that links
 * its stylesheet leaves the order as it was (the stylesheet first, for the first paint).
 */
export function HeadScripts({ mode }: { mode: StylesMode }) {
  const remix = useContext(UNSAFE_RemixContext)
  const matches = useMatches()
  if (mode !== 'inline' || !remix) return null
  const { manifest } = remix
  const hrefs = new Set<string>([manifest.entry.module, ...manifest.entry.imports])
  for (const match of matches) {
    const route = manifest.routes[match.id]
    if (!route) continue
    hrefs.add(route.module)
    for (const href of route.imports ?? []) hrefs.add(href)
  }
  return (
    <>
      {[...hrefs].map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
    </>
  )
}
