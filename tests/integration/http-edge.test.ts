/**
 * The production server's edge over real HTTP (app/cli/http-edge.ts): the origin check of posts,
 * Content-Security-Policy with nonces, HSTS, no-store for logged-in pages, body caps that leave
 * keep-alive connections usable, and the refusal to start on an unsafe environment.
 */
import { spawn } from 'node:child_process'
import http from 'node:http'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, SERVER_ENTRY, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { dataStrings } from '../support/page-text.ts'

const APP_URL = 'http://observer-school.test'
let app: RunningApp

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL })
})
afterAll(async () => {
  await app.stop()
})

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  ms: number
}

/** One request through `agent` (node:http, so keep-alive and Content-Length are under the test's control). */
function send(agent: http.Agent, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Answer> {
  const started = Date.now()
  const url = new URL(path, app.url)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers }
    if (options.body !== undefined && !options.chunked) headers['Content-Length'] = Buffer.byteLength(options.body)
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }))
      response.on('error', reject)
    })
    request.setTimeout(10_000, () => request.destroy(new Error(`${method} ${path} timed out`)))
    request.on('error', reject)
    if (options.chunked && options.body !== undefined) {
      // Written in pieces without Content-Length: Transfer-Encoding: chunked.
      const body = Buffer.from(options.body)
      for (let i = 0; i < body.length; i += 64 * 1024) request.write(body.subarray(i, i + 64 * 1024))
      request.end()
    } else request.end(options.body)
  })
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('origin check of posts', () => {
  beforeAll(async () => {
    await createUser({ email: 'origin@example.org' })
  })
  const login = form({ email: 'origin@example.org', password: TEST_PASSWORD })

  it('refuses a foreign Origin with a translated 403 page, before the action runs', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ru = await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: 'http://evil.example' }, body: login })
    expect(ru.status).toBe(403)
    expect(ru.headers['content-type']).toMatch(/text\/html/)
    expect(ru.body).toContain('Запрос отклонён')
    expect(ru.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^os_session=/))
    const en = await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: 'http://evil.example', 'Accept-Language': 'en-GB,en;q=0.9' }, body: login })
    expect(en.body).toContain('Request refused')
    // The language cookie wins over Accept-Language, as in the app (Remix writes it as base64 JSON).
    const kkCookie = `lng=${encodeURIComponent(Buffer.from('"kk"').toString('base64'))}`
    const kk = await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: 'http://evil.example', 'Accept-Language': 'en', Cookie: kkCookie }, body: login })
    expect(kk.body).toContain('Сұрау қабылданбады')
    // The body was read, so the same connection serves the next request.
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    agent.destroy()
  })

  it('refuses Origin: null cleanly (403, not 500)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const answer = await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: 'null' }, body: login })
    expect(answer.status).toBe(403)
    expect(answer.body).toContain('Запрос отклонён')
    agent.destroy()
  })

  it('compares with APP_URL, not the Host header', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    // The browser on the public address: allowed, although Host is 127.0.0.1:port (Remix's own check would answer an empty 500).
    const own = await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: APP_URL }, body: login })
    expect(own.status).toBe(302)
    expect(own.headers['set-cookie']).toContainEqual(expect.stringMatching(/^os_session=/))
    // An Origin that merely repeats the Host header is not the public site.
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: app.url }, body: login })).status).toBe(403)
    // Another scheme or port of the same host is another origin.
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, Origin: 'https://observer-school.test' }, body: login })).status).toBe(403)
    agent.destroy()
  })

  it('refuses Sec-Fetch-Site cross-site or same-site without Origin, allows same-origin and none', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, 'Sec-Fetch-Site': 'cross-site' }, body: login })).status).toBe(403)
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, 'Sec-Fetch-Site': 'same-site' }, body: login })).status).toBe(403)
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, 'Sec-Fetch-Site': 'same-origin' }, body: login })).status).toBe(302)
    expect((await send(agent, 'POST', '/login', { headers: { ...FORM, 'Sec-Fetch-Site': 'none' }, body: login })).status).toBe(302)
    agent.destroy()
  })

  it('lets a client that sends neither header (curl, scripts) post as before', async () => {
    const c = new Client(app.url)
    expect((await c.post('/login', { email: 'origin@example.org', password: TEST_PASSWORD })).status).toBe(302)
  })

  it('never refuses GET or HEAD, and refuses single-fetch posts too', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    expect((await send(agent, 'GET', '/login', { headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(200)
    expect((await send(agent, 'HEAD', '/', { headers: { Origin: 'null' } })).status).toBe(200)
    expect((await send(agent, 'POST', '/login.data', { headers: { ...FORM, Origin: 'http://evil.example' }, body: login })).status).toBe(403)
    agent.destroy()
  })
})

describe('Content-Security-Policy and HSTS', () => {
  function scriptSrc(csp: string): string[] {
    const directive = csp.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src '))
    return directive?.split(/\s+/).slice(1) ?? []
  }

  it('allows scripts only from the site and with this response’s nonce, which every inline script carries', async () => {
    await createUser({ email: 'csp@example.org', locale: 'en' })
    const c = new Client(app.url)
    await c.login('csp@example.org', TEST_PASSWORD)
    const nonces = new Set<string>()
    for (const path of ['/', '/account', '/courses', '/verify']) {
      const response = await c.get(path)
      expect(response.status, path).toBe(200)
      const csp = response.headers.get('Content-Security-Policy') ?? ''
      const sources = scriptSrc(csp)
      expect(sources, path).not.toContain("'unsafe-eval'")
      expect(sources, path).not.toContain("'unsafe-inline'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      const nonce = sources.find((source) => source.startsWith("'nonce-"))?.slice("'nonce-".length, -1)
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/)
      nonces.add(nonce ?? '')
      const html = await response.text()
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? '')
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const attributes of scripts) {
        if (/\bsrc=/.test(attributes)) continue
        expect(attributes, `${path}: inline script without this nonce`).toContain(`nonce="${nonce}"`)
      }
    }
    // A fresh nonce for every response.
    expect(nonces.size).toBe(4)
  })

  it('sends no HSTS when APP_URL is plain http', async () => {
    const response = await new Client(app.url).get('/')
    expect(response.headers.get('Strict-Transport-Security')).toBeNull()
    expect(response.headers.get('Content-Security-Policy')).not.toContain('upgrade-insecure-requests')
  })

  it('sends HSTS when APP_URL is https', async () => {
    const secure = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL: 'https://observers.example.kz' })
    try {
      const response = await new Client(secure.url).get('/')
      expect(response.headers.get('Strict-Transport-Security')).toMatch(/max-age=31536000/)
      expect(response.headers.get('Content-Security-Policy')).toContain('upgrade-insecure-requests')
    } finally {
      await secure.stop()
    }
  })
})

describe('no-store for logged-in visitors', () => {
  it('marks every page and data response of a logged-in visitor private, no-store; public pages for visitors are not', async () => {
    const ngo = await createNgo({ name: 'Cache NGO', slug: 'cache-ngo' })
    const lead = await createUser({ email: 'cache-lead@example.org' })
    await addMember(lead.id, ngo.id, 'LEAD')
    const c = new Client(app.url)
    const login = await c.login('cache-lead@example.org', TEST_PASSWORD)
    expect(login.headers.get('Cache-Control')).toBe('private, no-store')
    for (const path of ['/', '/account', '/account.data', `/ngo/${ngo.slug}`, `/ngo/${ngo.slug}/recruits/no-such-application`]) {
      const response = await c.get(path)
      expect(response.headers.get('Cache-Control'), path).toBe('private, no-store')
    }
    const anonymous = await new Client(app.url).get('/')
    expect(anonymous.headers.get('Cache-Control')).toBeNull()
  })
})

describe('rendered pages', () => {
  it('go out whole with their Content-Length; HEAD gets the same headers without a body; compressed when asked', async () => {
    await createUser({ email: 'page-send@example.org' })
    const c = new Client(app.url)
    await c.login('page-send@example.org', TEST_PASSWORD)
    const agent = new http.Agent({ keepAlive: true })
    try {
      const headers = { Cookie: c.cookieHeader(), 'Accept-Language': 'ru' }
      const page = await send(agent, 'GET', '/account', { headers })
      expect(page.status).toBe(200)
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.headers['transfer-encoding']).toBeUndefined()
      expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.body))
      expect(page.body).toMatch(/^<!DOCTYPE html><html lang="(ru|kk|en)"/)
      // Remix's data scripts inside the body, the document closed once, at the end.
      expect(page.body.endsWith('</body></html>')).toBe(true)
      expect(page.body.indexOf('</body>')).toBe(page.body.length - '</body></html>'.length)
      expect(page.body.indexOf('streamController.close()')).toBeGreaterThan(0)
      expect(page.headers['cache-control']).toBe('private, no-store')
      const head = await send(agent, 'HEAD', '/account', { headers })
      expect(head.status).toBe(200)
      expect(head.body).toBe('')
      expect(head.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(head.headers['cache-control']).toBe('private, no-store')
      // The same connection serves the next page after both.
      const compressed = await new Promise<{ encoding: string | undefined; body: string }>((resolve, reject) => {
        const url = new URL('/account', app.url)
        http
          .get({ host: url.hostname, port: url.port, path: url.pathname, agent, headers: { ...headers, 'Accept-Encoding': 'br' } }, (response) => {
            const chunks: Buffer[] = []
            response.on('data', (chunk: Buffer) => chunks.push(chunk))
            response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: zlib.brotliDecompressSync(Buffer.concat(chunks)).toString('utf8') }))
            response.on('error', reject)
          })
          .on('error', reject)
      })
      expect(compressed.encoding).toBe('br')
      expect(compressed.body.startsWith('<!DOCTYPE html>')).toBe(true)
      expect(compressed.body.endsWith('</html>')).toBe(true)
    } finally {
      agent.destroy()
    }
  })
})

describe('the data for hydration', () => {
  it('travels as a JSON data block that no text of the page can end early, handed to Remix by the nonce script right after it', async () => {
    const name = '</script><script>alert(1)</script><!-- Ә "quoted" \\ <b>'
    const user = await createUser({ email: 'handoff@example.org', name })
    const c = new Client(app.url)
    await c.login(user.email, TEST_PASSWORD)
    const page = await send(new http.Agent(), 'GET', '/account', { headers: { Cookie: c.cookieHeader(), 'Accept-Language': 'ru' } })
    expect(page.status).toBe(200)
    const blocks = [...page.body.matchAll(/<script type="application\/json" nonce="[^"]+">([^<]*)<\/script><script nonce="[^"]+">window\.__remixContext\.streamController\.enqueue\(document\.currentScript\.previousElementSibling\.textContent\);<\/script>/g)]
    expect(blocks).toHaveLength(1)
    const [, text = ''] = blocks[0] ?? []
    // Nothing in the block can close it or open a comment: every "<" is written \u003c.
    expect(text).not.toContain('<')
    // The name comes back exactly when the block's JSON is read, as Remix's client reads the stream.
    expect(dataStrings(text)).toContain(name)
    // The only script end tags are the page's own: the name's appears nowhere unescaped.
    expect(page.body).not.toContain('<script>alert(1)')
  })
})

describe('requests Remix could not be given', () => {
  it('answers a path whose %-codes do not decode with the translated 400 page, a page’s headers and the connection kept', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    for (const path of ['/a%', '/courses/%E0%A4%A', '/assets/a%', '/%C0%AF', '/ngo/x/campaigns/%zz']) {
      const answer = await send(agent, 'GET', path, { headers: { 'Accept-Language': 'en' } })
      expect(answer.status, path).toBe(400)
      expect(answer.body, path).toContain('Malformed page address')
      expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'")
      expect(answer.headers['cache-control'], path).toBe('no-store')
    }
    // The page's icon is there to be fetched.
    const icon = /<link rel="icon" href="([^"]+)"/.exec((await send(agent, 'GET', '/a%')).body)?.[1]
    const iconAnswer = await send(agent, 'GET', icon ?? '/missing-icon')
    expect(iconAnswer.status).toBe(200)
    expect(iconAnswer.headers['content-type']).toContain('image/svg+xml')
    const kazakh = await send(agent, 'GET', '/a%', { headers: { 'Accept-Language': 'kk' } })
    expect(kazakh.body).toContain('Бет мекенжайы қате')
    expect(kazakh.headers['content-language']).toBe('kk')
    expect((await send(agent, 'GET', '/a%')).body).toContain('Неверный адрес страницы')
    // The same connection serves the next request; a post's body is not left on it.
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    const post = await send(agent, 'POST', '/login%', { headers: FORM, body: form({ email: 'x@example.org', password: 'x' }) })
    expect(post.status).toBe(400)
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    // A broken code in the query string is read as it stands: the page itself.
    expect((await send(agent, 'GET', '/courses?q=%zz')).status).toBe(200)
    agent.destroy()
  })

  it('answers a page asked with a Host header that makes no address with the translated 400 page, and serves files that need none', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const answer = await send(agent, 'GET', '/', { headers: { Host: 'a b', 'Accept-Language': 'en' } })
    expect(answer.status).toBe(400)
    expect(answer.body).toContain('Something is wrong with the request')
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    // A post: its body was read, so the same connection serves the next request.
    const post = await send(agent, 'POST', '/login', { headers: { ...FORM, Host: 'a b', 'Accept-Language': 'kk' }, body: form({ email: 'x@example.org', password: 'x' }) })
    expect(post.status).toBe(400)
    expect(post.headers['content-language']).toBe('kk')
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    // A build's file needs no address: served as to anyone.
    const page = await send(agent, 'GET', '/login', { headers: { 'Accept-Encoding': 'identity' } })
    const script = /"(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1]
    expect(script).toBeDefined()
    expect((await send(agent, 'GET', script ?? '', { headers: { Host: 'a b' } })).status).toBe(200)
    agent.destroy()
  })

  it('answers headers too long for Node to read (a crafted 20 KB address) with the 431 page in every language, not an empty answer', async () => {
    const agent = new http.Agent({ keepAlive: false })
    const answer = await send(agent, 'GET', `/courses?q=${'x'.repeat(20_000)}`, { headers: { 'Accept-Language': 'en' } })
    expect(answer.status).toBe(431)
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    // No header could be read, so no language could be picked: Russian first, then Kazakh and English, each marked.
    expect(answer.body).toContain('<h1>Слишком большой запрос</h1>')
    expect(answer.body).toContain('<section lang="kk">\n<h2>Сұрау тым үлкен</h2>')
    expect(answer.body).toContain('<section lang="en">\n<h2>Request too large</h2>')
    // The server goes on answering.
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    agent.destroy()
  })

  it('answers TRACE, which no Fetch Request may carry, with a translated 405 naming the methods it takes', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    for (const path of ['/', '/login', '/assets/x.js']) {
      const answer = await send(agent, 'TRACE', path, { headers: { 'Accept-Language': 'en' } })
      expect(answer.status, path).toBe(405)
      expect(answer.headers.allow, path).toContain('POST')
      expect(answer.body, path).toContain('Request not supported')
    }
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    agent.destroy()
  })

  it('reads the session beside another cookie with a stray %, and ignores a broken session cookie', async () => {
    await createUser({ email: 'stray-cookie@example.org', locale: 'en', name: 'Stray Cookie' })
    const c = new Client(app.url)
    await c.login('stray-cookie@example.org', TEST_PASSWORD)
    const session = `os_session=${c.cookie('os_session') ?? ''}`
    const agent = new http.Agent({ keepAlive: false })
    const beside = await send(agent, 'GET', '/account', { headers: { Cookie: `other=50%; ${session}; lng=%` } })
    expect(beside.status).toBe(200)
    expect(beside.body).toContain('stray-cookie@example.org')
    // A session cookie that does not decode is no session: the account page sends to the login.
    const broken = await send(agent, 'GET', '/account', { headers: { Cookie: 'os_session=%%%' } })
    expect(broken.status).toBe(302)
    expect(broken.headers.location).toMatch(/^\/login/)
    agent.destroy()
  })
})

describe('refusals a page’s script reads', () => {
  // What Remix's client decodes: an error (its status and data) for the route, not a static page.
  const refusalOf = (answer: Answer) => ({
    status: answer.status,
    type: answer.headers['content-type']?.split(';')[0],
    encodedError: answer.body.includes('"ErrorResponse"') && answer.body.includes('"refusal"'),
    page: answer.body.includes('<html'),
  })

  it('answers a cross-site single-fetch post with the refusal as route data, and runs no action', async () => {
    const user = await createUser({ email: 'script-cross-site@example.org' })
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const body = form({ email: user.email, password: TEST_PASSWORD })
    const answer = await send(agent, 'POST', '/login.data', { headers: { ...FORM, Origin: 'http://evil.example' }, body })
    expect(refusalOf(answer)).toEqual({ status: 403, type: 'text/x-script', encodedError: true, page: false })
    expect(answer.body).toContain('"crossSite"')
    // The login action did not run: no session cookie, no session row.
    expect(String(answer.headers['set-cookie'] ?? '')).not.toContain('os_session=')
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    // The body was read: the same connection serves the next request.
    expect(answer.headers.connection).not.toBe('close')
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    // The same post from the site itself logs in.
    const own = await send(agent, 'POST', '/login.data', { headers: { ...FORM, Origin: APP_URL }, body })
    expect(String(own.headers['set-cookie'] ?? '')).toContain('os_session=')
    agent.destroy()
  })

  it('answers an oversized single-fetch post with the refusal as route data and closes the connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const big = form({ email: 'x@example.org', password: 'p'.repeat(2 * 1024 * 1024) })
    for (const chunked of [false, true]) {
      const answer = await send(agent, 'POST', '/login.data', { headers: FORM, body: big, chunked })
      expect(refusalOf(answer), `chunked: ${chunked}`).toEqual({ status: 413, type: 'text/x-script', encodedError: true, page: false })
      expect(answer.body).toContain('"tooLarge"')
      expect(answer.headers.connection).toBe('close')
      const next = await send(agent, 'GET', '/healthz')
      expect(next.status).toBe(200)
      expect(next.ms).toBeLessThan(1000)
    }
    agent.destroy()
  })
})

describe('body caps and keep-alive', () => {
  it('refuses an oversized form with a translated 413, and the next request on the same agent is answered at once', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    expect((await send(agent, 'GET', '/healthz')).status).toBe(200)
    const big = form({ email: 'x@example.org', password: 'p'.repeat(2 * 1024 * 1024) })
    const refused = await send(agent, 'POST', '/login', { headers: { ...FORM, 'Accept-Language': 'en' }, body: big })
    expect(refused.status).toBe(413)
    expect(refused.body).toContain('Request too large')
    expect(refused.headers.connection).toBe('close')
    const next = await send(agent, 'GET', '/healthz')
    expect(next.status).toBe(200)
    expect(next.ms).toBeLessThan(1000)
    // Without Content-Length (chunked), the cap applies as the bytes arrive.
    const chunked = await send(agent, 'POST', '/login', { headers: FORM, body: big, chunked: true })
    expect(chunked.status).toBe(413)
    expect(chunked.body).toContain('Слишком большой запрос')
    const after = await send(agent, 'GET', '/healthz')
    expect(after.status).toBe(200)
    expect(after.ms).toBeLessThan(1000)
    agent.destroy()
  })

  it('gives the upload and studio routes room above the form cap', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const twoMb = 'x'.repeat(2 * 1024 * 1024)
    for (const path of ['/ngo/some-ngo/campaigns/some-campaign/import?index', '/studio/some-course/lessons/intro/ru']) {
      const answer = await send(agent, 'POST', path, { headers: { 'Content-Type': 'text/plain' }, body: twoMb })
      // Not 413: an anonymous visitor is sent to log in, the body having been read whole.
      expect(answer.status, path).toBe(302)
      const next = await send(agent, 'GET', '/healthz')
      expect(next.status, path).toBe(200)
      expect(next.ms, path).toBeLessThan(1000)
    }
    agent.destroy()
  })

  it('keeps one keep-alive connection working after posts with 20,000-character fields to many forms', async () => {
    const admin = await createUser({ email: 'hostile-admin@example.org', isAdmin: true })
    const ngo = await createNgo({ name: 'Hostile NGO', slug: 'hostile-ngo' })
    await addMember(admin.id, ngo.id, 'LEAD')
    const c = new Client(app.url)
    await c.login('hostile-admin@example.org', TEST_PASSWORD)
    const cookie = `os_session=${c.cookie('os_session')}`
    const long = 'Ж'.repeat(20_000)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const before = await db.ngo.count()
    const paths = ['/login', '/signup', '/forgot-password', '/account', '/admin/ngos/new', `/admin/ngos/${ngo.id}`, '/admin/campaigns/new', '/admin/people', `/ngo/${ngo.slug}/api-tokens`, `/ngo/${ngo.slug}/rosters/templates/new`, '/studio/observer-basics/lessons/intro/ru', '/apply/no-such-campaign']
    for (const path of paths) {
      const fields = { intent: long, name: long, email: long, slug: long, password: long, source: long, iin: long, phone: long, reason: long }
      const answer = await send(agent, 'POST', path, { headers: { ...FORM, Cookie: cookie }, body: form(fields) })
      expect(answer.status, path).toBeLessThan(500)
      const next = await send(agent, 'GET', '/healthz', { headers: { Cookie: cookie } })
      expect(next.status, `after ${path}`).toBe(200)
      expect(next.ms, `after ${path}`).toBeLessThan(1000)
    }
    expect(await db.ngo.count()).toBe(before)
    agent.destroy()
  })
})

describe('start-up in production', () => {
  function startWith(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
    const base = { ...process.env }
    for (const key of ['SESSION_SECRET', 'APP_URL', 'SMTP_URL', 'EMAIL_OUTBOX']) delete base[key]
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [SERVER_ENTRY], {
        env: { ...base, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', WEB_CONCURRENCY: '1', NOTIFICATIONS_INTERVAL_MS: '0', ...env } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('running at')) child.kill('SIGTERM')
      })
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.on('exit', (code) => resolve({ code, output }))
    })
  }

  it('refuses to start without a session secret, a public address and a mail choice, naming each', async () => {
    const { code, output } = await startWith({ DATABASE_URL: process.env.DATABASE_URL })
    expect(code).toBe(1)
    expect(output).toContain('3 problems')
    expect(output).toMatch(/SESSION_SECRET is not set/)
    expect(output).toMatch(/APP_URL is not set/)
    expect(output).toMatch(/SMTP_URL is not set.*EMAIL_OUTBOX=true/)
    expect(output).not.toContain('running at')
  })

  it('names malformed values and a short secret, all at once', async () => {
    const { code, output } = await startWith({ DATABASE_URL: process.env.DATABASE_URL, SESSION_SECRET: 'observer-school-toast', APP_URL: 'observers.example.kz', EMAIL_OUTBOX: 'yes', PORT: 'eighty' })
    expect(code).toBe(1)
    expect(output).toMatch(/SESSION_SECRET is too short/)
    expect(output).toMatch(/APP_URL must be an http:\/\/ or https:\/\/ address/)
    expect(output).toMatch(/EMAIL_OUTBOX must be "true" or "false"/)
    expect(output).toMatch(/PORT must be a whole number/)
  })

  it('starts with all three (SMTP_URL instead of the outbox is as good)', async () => {
    const { output } = await startWith({ DATABASE_URL: process.env.DATABASE_URL, SESSION_SECRET: 'a'.repeat(40), APP_URL: 'https://observers.example.kz', SMTP_URL: 'smtp://127.0.0.1:2525' })
    expect(output).toContain('running at')
  })
})

describe('pages in turn (REQUESTS_IN_FLIGHT)', () => {
  it('answers every one of many pages at once, and a post beside them, with one page computed at a time', async () => {
    const turns = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL, REQUESTS_IN_FLIGHT: '1' })
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 30 })
      // A query keeps the public page cache out of it: each page is rendered.
      const pages = Array.from({ length: 24 }, (_, i) => send(agent, 'GET', `/login?turn=${i}`))
      const post = send(agent, 'POST', '/login', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_URL }, body: 'email=nobody%40example.org&password=wrong-password' })
      const answers = await Promise.all(pages)
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200))
      expect(answers.every((a) => a.body.includes('name="password"'))).toBe(true)
      expect((await post).status).toBe(400)
      agent.destroy()
    } finally {
      await turns.stop()
    }
  })

  it('refuses a limit that is not a whole number of at least 1, by name', async () => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', WEB_CONCURRENCY: '1', NOTIFICATIONS_INTERVAL_MS: '0', SESSION_SECRET: 'a'.repeat(40), APP_URL, EMAIL_OUTBOX: 'true', REQUESTS_IN_FLIGHT: '0' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(output).toMatch(/REQUESTS_IN_FLIGHT/)
  })
})
