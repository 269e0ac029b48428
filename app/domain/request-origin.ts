/**
 * Whether a request may change anything, judged by where the browser says it comes from (a defence
 * against cross-site request forgery on top of SameSite=Lax cookies). The production server asks
 * this before the body is read or any action runs; refused requests get a translated 403 page.
 *
 * - GET, HEAD and OPTIONS are never refused: they change nothing.
 * - An `Origin` header must equal the site's own origin: APP_URL's when set (behind a proxy the Host
 *   header is not the public one), else the request's own host. `Origin: null` (sandboxed frames,
 *   some redirects, file: pages) is refused.
 * - Without `Origin`, `Sec-Fetch-Site: cross-site` or `same-site` (a sibling subdomain) is refused.
 * - With neither header the request is not from a browser that tells (curl, scripts, the roster
 *   API's clients); it is let through as it always was: a browser's cross-site form post carries
 *   `Origin` in every browser this site supports.
 */

export interface RequestFacts {
  method: string
  /** The `Origin` header, if sent. */
  origin: string | null
  /** The `Sec-Fetch-Site` header, if sent. */
  secFetchSite: string | null
  /** The `Host` the request was made to (used only when no public origin is configured). */
  host: string | null
}

export type OriginVerdict = { allowed: true } | { allowed: false; reason: 'null-origin' | 'foreign-origin' | 'bad-origin' | 'cross-site' }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `publicOrigin` is APP_URL (any path ignored); without it the request's host is compared instead. */
export function checkRequestOrigin(facts: RequestFacts, publicOrigin: string | undefined): OriginVerdict {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return { allowed: true }
  const origin = facts.origin?.trim()
  if (origin !== undefined && origin !== '') {
    if (origin === 'null') return { allowed: false, reason: 'null-origin' }
    const sent = parseOrigin(origin)
    if (!sent) return { allowed: false, reason: 'bad-origin' }
    if (publicOrigin !== undefined) {
      const own = parseOrigin(publicOrigin)
      return own && sent.origin === own.origin ? { allowed: true } : { allowed: false, reason: 'foreign-origin' }
    }
    return facts.host && sent.host === facts.host.trim().toLowerCase() ? { allowed: true } : { allowed: false, reason: 'foreign-origin' }
  }
  const site = facts.secFetchSite?.trim().toLowerCase()
  if (site === 'cross-site' || site === 'same-site') return { allowed: false, reason: 'cross-site' }
  return { allowed: true }
}

/** The same check for a fetch `Request` (tests, other servers). */
export function checkFetchRequestOrigin(request: Request, publicOrigin: string | undefined): OriginVerdict {
  return checkRequestOrigin(
    { method: request.method, origin: request.headers.get('Origin'), secFetchSite: request.headers.get('Sec-Fetch-Site'), host: request.headers.get('Host') ?? new URL(request.url).host },
    publicOrigin,
  )
}

function parseOrigin(value: string): { origin: string; host: string } | null {
  if (!URL.canParse(value)) return null
  const url = new URL(value)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return { origin: url.origin, host: url.host }
}
