import { describe, expect, it } from 'vitest'
import { PublicPageCache, publicPageCacheFor } from '../../app/cli/public-page-cache.ts'

const request = (overrides: Partial<{ method: string; path: string; originalUrl: string; cookie: string; accept: string }> = {}) => {
  const path = overrides.path ?? '/login'
  return { method: overrides.method ?? 'GET', path, originalUrl: overrides.originalUrl ?? path, query: {}, protocol: 'https', headers: { host: 'observers.example.kz', cookie: overrides.cookie, 'accept-language': overrides.accept ?? 'ru' } }
}
const html = (headers: Record<string, string> = {}, cookies: string[] = []) => {
  const h = new Headers({ 'Content-Type': 'text/html; charset=utf-8', ...headers })
  for (const line of cookies) h.append('Set-Cookie', line)
  return h
}

describe('PublicPageCache', () => {
  const build = { routes: { 'routes/login': { id: 'routes/login', path: 'login', module: { handle: { publicPage: { maxAgeSeconds: 60 } } } }, 'routes/account': { id: 'routes/account', path: 'account', module: { handle: { titleKey: 'x' } } } } }
  // @ts-expect-error: only the routes' handles are read
  const cache = () => publicPageCacheFor(build)

  it('keys only anonymous GETs of declared routes without a query but the language', () => {
    const c = cache()
    expect(c.keyFor(request(), 'routes/login')).not.toBeNull()
    expect(c.keyFor(request({ originalUrl: '/login?lng=kk' }), 'routes/login')).not.toBe(c.keyFor(request(), 'routes/login'))
    expect(c.keyFor(request({ cookie: 'lng=a; css=b' }), 'routes/login')).not.toBeNull()
    expect(c.keyFor(request({ cookie: 'lng=a; css=b' }), 'routes/login')).not.toBe(c.keyFor(request({ cookie: 'lng=a' }), 'routes/login'))
    expect(c.keyFor(request({ accept: 'kk' }), 'routes/login')).not.toBe(c.keyFor(request({ accept: 'ru' }), 'routes/login'))
    expect(c.keyFor(request(), 'routes/account')).toBeNull()
    expect(c.keyFor(request(), undefined)).toBeNull()
    expect(c.keyFor(request({ method: 'POST' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ method: 'HEAD' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ path: '/login.data' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ originalUrl: '/login?redirectTo=/x' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ originalUrl: '/login?lng=kk&x=1' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ cookie: 'os_session=abc' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ cookie: 'lng=a; os_toast=b' }), 'routes/login')).toBeNull()
    expect(c.keyFor(request({ cookie: 'garbage' }), 'routes/login')).toBeNull()
  })

  it('keeps only a 200 HTML page that sets no cookie but the language and stylesheet ones', () => {
    const c = cache()
    const key = 'k'
    expect(c.put(key, 'routes/login', { status: 302, headers: html() }, 'x', 'n')).toBe(false)
    expect(c.put(key, 'routes/login', { status: 200, headers: new Headers({ 'Content-Type': 'application/json' }) }, 'x', 'n')).toBe(false)
    expect(c.put(key, 'routes/login', { status: 200, headers: html({}, ['os_session=abc; Path=/']) }, 'x', 'n')).toBe(false)
    expect(c.put(key, 'routes/login', { status: 200, headers: html({ 'Cache-Control': 'private, no-store' }) }, 'x', 'n')).toBe(false)
    expect(c.put(key, 'routes/login', { status: 200, headers: html() }, 'x', '')).toBe(false)
    expect(c.put(key, 'routes/account', { status: 200, headers: html() }, 'x', 'n')).toBe(false)
    expect(c.get(key)).toBeNull()
    expect(c.put(key, 'routes/login', { status: 200, headers: html({ 'Server-Timing': 'root;dur=1', 'X-Request-Id': 'r' }, ['lng=InJ1Ig; Path=/']) }, '<script nonce="AAA">', 'AAA')).toBe(true)
    const page = c.get(key)
    expect(page?.headers).toEqual([
      ['content-type', 'text/html; charset=utf-8'],
      ['set-cookie', 'lng=InJ1Ig; Path=/'],
    ])
    expect(PublicPageCache.bodyFor(page!, 'BBB')).toBe('<script nonce="BBB">')
  })

  it('forgets a page after its route’s lifetime and keeps at most 64', () => {
    let now = 1_000
    const c = new PublicPageCache((route) => (route === 'r' ? 10 : null), () => now)
    c.put('a', 'r', { status: 200, headers: html() }, 'x', 'n')
    now += 9_999
    expect(c.get('a')).not.toBeNull()
    now += 1
    expect(c.get('a')).toBeNull()
    for (let i = 0; i < 100; i++) c.put(`p${i}`, 'r', { status: 200, headers: html() }, 'x', 'n')
    expect(c.size).toBe(64)
    expect(c.get('p0')).toBeNull()
    expect(c.get('p99')).not.toBeNull()
  })
})

describe('PublicPageCache keys', () => {
  it('tell apart requests a proxy forwarded for other hosts', () => {
    const c = new PublicPageCache(() => 60)
    const base = request()
    const forwarded = { ...base, headers: { ...base.headers, 'x-forwarded-host': 'evil.example' } }
    expect(c.keyFor(forwarded, 'r')).not.toBe(c.keyFor(base, 'r'))
    expect(c.keyFor({ ...base, headers: { ...base.headers, host: 'other.example' } }, 'r')).not.toBe(c.keyFor(base, 'r'))
  })
})
