import { useEffect } from 'react'
import { localeUrls } from '~/i18n/locale-urls.ts'
import { locales } from '~/domain/locale.ts'

/**
 * Makes /v work offline after one online visit: registers /sw.js (public/sw.js) for the scope /v and
 * hands it what to keep: this page in each language, the scripts and styles it loaded, every
 * language's translations and the public keys. Needs HTTPS or localhost (browsers allow service
 * workers nowhere else); elsewhere the page still checks papers, online.
 */
export function useOfflinePaperCheck(locale: string): void {
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return
    let cancelled = false
    navigator.serviceWorker
      .register('/sw.js', { scope: '/v' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        if (cancelled) return
        // Offline, `/v` without ?lng= opens in the language last used here.
        registration.active?.postMessage({ type: 'remember-locale', locale })
        if (!navigator.onLine) return
        const assets = new Set<string>()
        for (const element of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')) {
          const url = new URL(element instanceof HTMLScriptElement ? element.src : element.href, window.location.href)
          if (url.origin === window.location.origin) assets.add(url.pathname)
        }
        for (const lng of locales) assets.add(localeUrls[lng])
        assets.add('/.well-known/observer-school-keys.json')
        registration.active?.postMessage({ type: 'keep-paper-check', assets: [...assets], pages: locales.map((lng) => `/v?lng=${lng}`) })
      })
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [locale])
}

/**
 * The language links in the header lead back here with the paper: the fragment is added in the
 * browser (it is never sent to the server, and the server-rendered links cannot know it).
 */
export function useLanguageLinksKeepFragment(): void {
  useEffect(() => {
    const update = () => {
      for (const link of document.querySelectorAll<HTMLAnchorElement>('.language-switch a')) {
        const url = new URL(link.href)
        url.hash = window.location.hash
        link.href = url.href
      }
    }
    update()
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
}
