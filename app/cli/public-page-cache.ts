/**
 * A short-lived cache of the few public pages anyone may see the same way (the login, sign-up and
 * forgotten-password pages, the home page), kept per worker in memory, so that a crowd of volunteers
 * following one link at once (a campaign's SMS, a training's last evening) is answered without
 * rendering the same page for each of them.
 *
 * What may be kept, and for whom (README, Speed and Security notes):
 * - only a route that declares it, with `handle.publicPage = { maxAgeSeconds }`: its page must not
 *   depend on who asks beyond the language and the styles cookie;
 * - only a GET of the document (not `.data`), with no query string but `?lng=xx`;
 * - only a visitor whose cookies are at most `lng` and `css` (the language, which build's stylesheet
 *   the browser holds): any other cookie (a session, even an expired one; a pending toast) is
 *   answered by rendering, so nothing a logged-in person sees is kept or served from here;
 * - only a 200 HTML answer that sets no cookie but those two.
 * The key is the address (protocol, host and the forwarded ones, path, `lng` parameter), those two
 * cookies and Accept-Language (the inputs of the page's language). A kept page is served with this response's own CSP nonce in place of the one
 * it was rendered with (a nonce is 128 random bits: it occurs in the page only where it was put).
 * At most MAX_ENTRIES pages are kept (about 40 KB each), each for its route's maxAgeSeconds.
 */
import type { ServerBuild } from '@remix-run/node'
import type { Request as ExpressRequest } from 'express'

export interface PublicPageHandle {
  publicPage?: { maxAgeSeconds: number }
}

export interface CachedPage {
  status: number
  headers: Array<[string, string]>
  body: string
  /** The nonce the page was rendered with, replaced by each response's own. */
  nonce: string
  expiresAt: number
}

const MAX_ENTRIES = 64
/** Cookies that may only choose the language and the stylesheet's form: the rest make a visitor someone. */
const NEUTRAL_COOKIES = new Set(['lng', 'css'])
/** Headers that belong to one response, not to the page. */
const PER_RESPONSE = new Set(['server-timing', 'date', 'x-request-id', 'content-length', 'content-security-policy'])

/** A Cookie header's pairs, read once: name → raw value (a part without `=` is a name with no value; the first of a name counts). */
function cookiePairs(header: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>()
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=')
    const name = (at === -1 ? part : part.slice(0, at)).trim()
    if (name && !pairs.has(name)) pairs.set(name, at === -1 ? '' : part.slice(at + 1).trim())
  }
  return pairs
}

/** Set-Cookie lines that only remember the language or the stylesheet (anything else is about someone). */
function neutralSetCookies(lines: string[]): boolean {
  return lines.every((line) => NEUTRAL_COOKIES.has(line.slice(0, line.indexOf('=')).trim()))
}

export class PublicPageCache {
  private readonly pages = new Map<string, CachedPage>()

  constructor(
    private readonly maxAge: (routeId: string) => number | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page's key, or null when this request must be rendered (see the module's comment). */
  keyFor(req: Pick<ExpressRequest, 'method' | 'path' | 'query' | 'originalUrl' | 'protocol' | 'headers'>, routeId: string | undefined): string | null {
    if (req.method !== 'GET' || !routeId || this.maxAge(routeId) === null) return null
    if (req.path.endsWith('.data')) return null
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : ''
    if (query !== '' && !/^lng=[a-z]{2}$/.test(query)) return null
    const cookies = cookiePairs(req.headers.cookie)
    for (const name of cookies.keys()) if (!NEUTRAL_COOKIES.has(name)) return null
    // Everything the page's address is made of (a proxy's forwarded host too), so no request can leave a page for another address.
    const forwarded = [req.headers['x-forwarded-host'], req.headers['x-forwarded-proto']].map((value) => (Array.isArray(value) ? value.join(',') : (value ?? '')))
    return [req.protocol, req.headers.host ?? '', ...forwarded, req.path, query, cookies.get('lng') ?? '', cookies.get('css') ?? '', req.headers['accept-language'] ?? ''].join('\n')
  }

  get(key: string): CachedPage | null {
    const page = this.pages.get(key)
    if (!page) return null
    if (page.expiresAt <= this.now()) {
      this.pages.delete(key)
      return null
    }
    return page
  }

  /** Keeps a rendered answer if it is a page that may be kept; `routeId` gives its lifetime. */
  put(key: string, routeId: string, response: { status: number; headers: Headers }, body: string, nonce: string): boolean {
    const maxAge = this.maxAge(routeId)
    if (maxAge === null || response.status !== 200 || !nonce) return false
    if (!(response.headers.get('Content-Type') ?? '').startsWith('text/html')) return false
    if (!neutralSetCookies(response.headers.getSetCookie())) return false
    if (/no-store|private/.test(response.headers.get('Cache-Control') ?? '')) return false
    const headers: Array<[string, string]> = []
    for (const [name, value] of response.headers.entries()) if (name !== 'set-cookie' && !PER_RESPONSE.has(name)) headers.push([name, value])
    for (const line of response.headers.getSetCookie()) headers.push(['set-cookie', line])
    this.pages.delete(key)
    if (this.pages.size >= MAX_ENTRIES) this.pages.delete(this.pages.keys().next().value as string)
    this.pages.set(key, { status: response.status, headers, body, nonce, expiresAt: this.now() + maxAge * 1000 })
    return true
  }

  /** The kept page's body with this response's nonce. */
  static bodyFor(page: CachedPage, nonce: string): string {
    return page.body.split(page.nonce).join(nonce)
  }

  get size() {
    return this.pages.size
  }
}

/** The lifetime each route declares in its handle (`publicPage`), read once from the build. */
export function publicPageCacheFor(build: Pick<ServerBuild, 'routes'>): PublicPageCache {
  const ages = new Map<string, number>()
  for (const [id, route] of Object.entries(build.routes)) {
    const declared = (route?.module.handle as PublicPageHandle | undefined)?.publicPage?.maxAgeSeconds
    if (typeof declared === 'number' && declared > 0) ages.set(id, declared)
  }
  return new PublicPageCache((routeId) => ages.get(routeId) ?? null)
}
