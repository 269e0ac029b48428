/**
 * The pages the HTTP server answers itself, before Remix runs (app/cli/http-edge.ts): a request whose
 * Host makes no address (400), an address whose %-codes do not decode (400), a refused cross-site post
 * (403), a method no page answers (TRACE, TRACK: 405), a body over the size limit (413) and headers
 * too long for Node to read (431: a crafted address with a huge query). Static
 * HTML in the visitor's language, picked as the app picks it: `?lng=`, then the `lng` cookie, then
 * Accept-Language, then Russian.
 */
import { defaultLocale, isLocale, locales, type Locale } from '~/domain/locale.ts'
import { resources } from '~/i18n/resources.server.ts'

export type EdgePage = 'badRequest' | 'badAddress' | 'crossSite' | 'badMethod' | 'tooLarge' | 'tooLongHeaders'

/** The status each page is sent with. */
export const edgePageStatus = { badRequest: 400, badAddress: 400, crossSite: 403, badMethod: 405, tooLarge: 413, tooLongHeaders: 431 } as const satisfies Record<EdgePage, number>

export interface EdgeRequest {
  url: string
  cookie: string | undefined
  acceptLanguage: string | undefined
}

export function edgeLocale({ url, cookie, acceptLanguage }: EdgeRequest): Locale {
  const query = new URL(url, 'http://localhost').searchParams.get('lng')
  if (isLocale(query)) return query
  const fromCookie = lngCookie(cookie)
  if (fromCookie) return fromCookie
  return fromAcceptLanguage(acceptLanguage) ?? defaultLocale
}

/** The `lng` cookie as Remix writes it (createCookie without secrets): base64 of a JSON string. */
function lngCookie(header: string | undefined): Locale | null {
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=')
    if (name !== 'lng') continue
    try {
      const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(rest.join('=')), 'base64').toString('utf8'))
      if (isLocale(value)) return value
    } catch {
      // A cookie that is not ours: ignore it.
    }
  }
  return null
}

function fromAcceptLanguage(header: string | undefined): Locale | null {
  const ranked = (header ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked.map((entry) => entry.language).find(isLocale) ?? null
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

function edgeTexts(page: EdgePage, locale: Locale) {
  const common = resources[locale].common
  // A malformed address's, an unsupported method's and unreadable headers' texts are a group no page
  // sends to the browser (`edge`): no page's script makes such a request. The others' are the route
  // error page's too (a form sent by a page's script and refused gets its error boundary: app/cli/http-edge.ts).
  const { title, body } = page === 'badAddress' || page === 'badMethod' || page === 'tooLongHeaders' ? common.edge[page] : common.errors[page]
  return { title, body, home: common.errors.home, appName: common.app.name }
}

/**
 * The page, complete; it loads nothing but the site's icon (no script, no stylesheet), so any CSP lets
 * it show. `every`: a request whose headers could not be read names no language: all three, each marked.
 */
export function edgePageHtml(page: EdgePage, locale: Locale | 'every'): string {
  const shown = locale === 'every' ? [defaultLocale, ...locales.filter((l) => l !== defaultLocale)] : [locale]
  const first = edgeTexts(page, shown[0] ?? defaultLocale)
  const sections = shown.map((l) => {
    const { title, body, home } = edgeTexts(page, l)
    const lang = locale === 'every' ? ` lang="${l}"` : ''
    return `<section${lang}>
<h${l === shown[0] ? 1 : 2}>${escapeHtml(title)}</h${l === shown[0] ? 1 : 2}>
<p>${escapeHtml(body)}</p>
<p><a href="/">${escapeHtml(home)}</a></p>
</section>`
  })
  return `<!DOCTYPE html>
<html lang="${shown[0]}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(first.title)} · ${escapeHtml(first.appName)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<p>${edgePageStatus[page]}</p>
${sections.join('\n')}
</main>
</body>
</html>
`
}
