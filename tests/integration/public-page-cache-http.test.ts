/**
 * The public page cache (app/cli/public-page-cache.ts) over real HTTP against the built app: the
 * login, sign-up, forgotten-password and home pages are kept for visitors without an account cookie,
 * each response with its own CSP nonce; nothing is served from it to someone logged in, to a visitor
 * with any other cookie, for another language, or for an address with a query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

interface Page {
  status: number
  html: string
  nonce: string
  cspNonce: string
  fromCache: boolean
  setCookies: string[]
  location: string | null
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(app.url + path, { headers: { 'Accept-Language': 'en', ...headers }, redirect: 'manual' })
  const html = await response.text()
  const timing = response.headers.get('Server-Timing') ?? ''
  return {
    status: response.status,
    html,
    nonce: /<script nonce="([^"]+)"/.exec(html)?.[1] ?? '',
    cspNonce: /'nonce-([^']+)'/.exec(response.headers.get('Content-Security-Policy') ?? '')?.[1] ?? '',
    fromCache: /(^|,\s*)cache;/.test(timing),
    setCookies: response.headers.getSetCookie(),
    location: response.headers.get('Location'),
  }
}

const sameButNonce = (a: Page, b: Page) => a.html.split(a.nonce).join('N') === b.html.split(b.nonce).join('N')

describe('the public page cache', () => {
  it('serves an anonymous visitor the kept login page with this response’s own nonce and cookies', async () => {
    const first = await get('/login?lng=en')
    const second = await get('/login?lng=en')
    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    expect(second.fromCache).toBe(true)
    expect(second.nonce).not.toBe('')
    expect(second.nonce).toBe(second.cspNonce)
    expect(second.nonce).not.toBe(first.nonce)
    expect(second.html).not.toContain(first.nonce)
    expect(sameButNonce(first, second)).toBe(true)
    // The language and stylesheet cookies a first page sets are set again; nothing else.
    expect(second.setCookies.map((line) => line.split('=')[0]).sort()).toEqual(first.setCookies.map((line) => line.split('=')[0]).sort())
    expect(second.setCookies.every((line) => /^(lng|css)=/.test(line))).toBe(true)
  })

  it('keeps each language apart', async () => {
    await get('/login?lng=kk')
    const kk = await get('/login?lng=kk')
    await get('/login?lng=ru')
    const ru = await get('/login?lng=ru')
    expect(kk.fromCache && ru.fromCache).toBe(true)
    expect(kk.html).toContain('<html lang="kk"')
    expect(ru.html).toContain('<html lang="ru"')
    const byHeader = await get('/forgot-password', { 'Accept-Language': 'kk' })
    expect(byHeader.html).toContain('<html lang="kk"')
    expect((await get('/forgot-password', { 'Accept-Language': 'en' })).html).toContain('<html lang="en"')
  })

  it('never answers a logged-in person from it, on the same addresses', async () => {
    await createUser({ email: 'cached-page@example.org', name: 'Cached Page Person' })
    // Prime the cache with the anonymous pages.
    await get('/')
    await get('/')
    await get('/login')
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login('cached-page@example.org', TEST_PASSWORD)
    const login = await client.get('/login')
    expect(login.status).toBe(302)
    expect(login.headers.get('Location')).toBe('/applications')
    const home = await client.get('/')
    expect(home.headers.get('Server-Timing') ?? '').not.toMatch(/(^|,\s*)cache;/)
    const html = await home.text()
    expect(html).toContain('Cached Page Person')
    expect(html).toContain('href="/account"')
    // And the anonymous copy never held the person.
    const anonymous = await get('/')
    expect(anonymous.fromCache).toBe(true)
    expect(anonymous.html).not.toContain('Cached Page Person')
    expect(anonymous.html).toContain('Sign up as a volunteer')
  })

  it('renders for a visitor with any other cookie (a stale session, a pending message), an address with a query, and pages not declared public', async () => {
    await get('/login')
    await get('/login')
    expect((await get('/login', { Cookie: 'os_session=0123456789abcdef' })).fromCache).toBe(false)
    expect((await get('/login', { Cookie: 'os_toast=abc' })).fromCache).toBe(false)
    expect((await get('/login', { Cookie: 'lng=InJ1Ig%3D%3D; something=else' })).fromCache).toBe(false)
    await get('/login?redirectTo=%2Faccount')
    expect((await get('/login?redirectTo=%2Faccount')).fromCache).toBe(false)
    await get('/apply')
    expect((await get('/apply')).fromCache).toBe(false)
    // A POST is always the route's own action.
    const post = await fetch(app.url + '/login', { method: 'POST', body: new URLSearchParams({ email: 'nobody@example.org', password: 'wrong-password' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
    expect(post.headers.get('Server-Timing') ?? '').not.toMatch(/(^|,\s*)cache;/)
    expect(post.status).toBe(400)
  })
})
