/** The rules the production server applies before Remix: origin check, body caps, edge-page language, environment. */
import { Writable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bodyCapFor, BODY_CAPS, newNonce, writeBody } from '~/cli/http-edge.ts'
import { checkFetchRequestOrigin, checkRequestOrigin } from '~/domain/request-origin.ts'
import { edgeLocale, edgePageHtml } from '~/http/edge-pages.server.ts'
import { readEnv } from '~/server/platform/env.server.ts'

const APP = 'https://observers.example.kz'
const post = (headers: { origin?: string; secFetchSite?: string; host?: string }) => ({ method: 'POST', origin: headers.origin ?? null, secFetchSite: headers.secFetchSite ?? null, host: headers.host ?? null })

describe('checkRequestOrigin', () => {
  it('allows the public origin, with or without a trailing slash in APP_URL', () => {
    expect(checkRequestOrigin(post({ origin: APP, host: 'internal:3000' }), APP)).toEqual({ allowed: true })
    expect(checkRequestOrigin(post({ origin: APP }), `${APP}/`)).toEqual({ allowed: true })
    expect(checkRequestOrigin(post({ origin: 'HTTPS://Observers.Example.KZ:443' }), APP)).toEqual({ allowed: true })
  })

  it('refuses other origins, null and garbage, whatever the Host header says', () => {
    expect(checkRequestOrigin(post({ origin: 'https://evil.example', host: 'evil.example' }), APP)).toEqual({ allowed: false, reason: 'foreign-origin' })
    expect(checkRequestOrigin(post({ origin: 'http://observers.example.kz' }), APP)).toEqual({ allowed: false, reason: 'foreign-origin' })
    expect(checkRequestOrigin(post({ origin: 'https://observers.example.kz:8443' }), APP)).toEqual({ allowed: false, reason: 'foreign-origin' })
    expect(checkRequestOrigin(post({ origin: 'https://sub.observers.example.kz' }), APP)).toEqual({ allowed: false, reason: 'foreign-origin' })
    expect(checkRequestOrigin(post({ origin: 'null' }), APP)).toEqual({ allowed: false, reason: 'null-origin' })
    expect(checkRequestOrigin(post({ origin: 'not a url' }), APP)).toEqual({ allowed: false, reason: 'bad-origin' })
    expect(checkRequestOrigin(post({ origin: 'file:///etc/passwd' }), APP)).toEqual({ allowed: false, reason: 'bad-origin' })
  })

  it('without APP_URL (development) compares with the Host header', () => {
    expect(checkRequestOrigin(post({ origin: 'http://localhost:3000', host: 'localhost:3000' }), undefined)).toEqual({ allowed: true })
    expect(checkRequestOrigin(post({ origin: 'http://localhost:3001', host: 'localhost:3000' }), undefined)).toEqual({ allowed: false, reason: 'foreign-origin' })
    expect(checkRequestOrigin(post({ origin: 'http://localhost:3000' }), undefined)).toEqual({ allowed: false, reason: 'foreign-origin' })
  })

  it('falls back to Sec-Fetch-Site, and lets clients that send neither through', () => {
    expect(checkRequestOrigin(post({ secFetchSite: 'cross-site' }), APP)).toEqual({ allowed: false, reason: 'cross-site' })
    expect(checkRequestOrigin(post({ secFetchSite: 'same-site' }), APP)).toEqual({ allowed: false, reason: 'cross-site' })
    expect(checkRequestOrigin(post({ secFetchSite: 'same-origin' }), APP)).toEqual({ allowed: true })
    expect(checkRequestOrigin(post({ secFetchSite: 'none' }), APP)).toEqual({ allowed: true })
    expect(checkRequestOrigin(post({}), APP)).toEqual({ allowed: true })
  })

  it('never refuses GET, HEAD or OPTIONS, and refuses every other method alike', () => {
    fc.assert(
      fc.property(fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'get'), fc.option(fc.string()), fc.option(fc.string()), (method, origin, secFetchSite) => {
        expect(checkRequestOrigin({ method, origin, secFetchSite, host: null }, APP).allowed).toBe(true)
      }),
    )
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(checkRequestOrigin({ ...post({ origin: 'null' }), method }, APP).allowed).toBe(false)
  })

  it('allows an Origin exactly when its origin is the public one (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const verdict = checkRequestOrigin(post({ origin: url }), APP)
        expect(verdict.allowed).toBe(new URL(url).origin === APP)
      }),
    )
  })

  it('reads a fetch Request the same way', () => {
    const request = (headers: Record<string, string>) => new Request('http://internal:3000/login', { method: 'POST', headers })
    expect(checkFetchRequestOrigin(request({ Origin: APP }), APP).allowed).toBe(true)
    expect(checkFetchRequestOrigin(request({ Origin: 'null' }), APP).allowed).toBe(false)
    expect(checkFetchRequestOrigin(request({ 'Sec-Fetch-Site': 'cross-site' }), APP).allowed).toBe(false)
    expect(checkFetchRequestOrigin(request({ Origin: 'http://internal:3000' }), undefined).allowed).toBe(true)
  })
})

describe('newNonce', () => {
  it('gives 128 random bits each time, never the same twice, across refills of its pool', () => {
    const nonces = Array.from({ length: 1000 }, () => newNonce())
    expect(new Set(nonces).size).toBe(nonces.length)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
    // Not a counter or a pattern: about half of all bits are set.
    const ones = nonces.reduce((sum, nonce) => sum + [...Buffer.from(nonce, 'base64')].reduce((bits, byte) => bits + byte.toString(2).replaceAll('0', '').length, 0), 0)
    expect(ones / (nonces.length * 128)).toBeGreaterThan(0.45)
    expect(ones / (nonces.length * 128)).toBeLessThan(0.55)
  })
})

describe('bodyCapFor', () => {
  it('gives the upload and the studio more room than forms', () => {
    expect(bodyCapFor('/ngo/dala/campaigns/2026/import')).toBe(BODY_CAPS.import)
    expect(bodyCapFor('/ngo/dala/campaigns/2026/import.data')).toBe(BODY_CAPS.import)
    expect(bodyCapFor('/ngo/dala/campaigns/2026/import/abc')).toBe(BODY_CAPS.form)
    expect(bodyCapFor('/studio/observer-basics/lessons/intro/ru')).toBe(BODY_CAPS.studio)
    expect(bodyCapFor('/studio')).toBe(BODY_CAPS.studio)
    expect(bodyCapFor('/studios')).toBe(BODY_CAPS.form)
    expect(bodyCapFor('/login')).toBe(BODY_CAPS.form)
    expect(BODY_CAPS.form).toBeLessThan(BODY_CAPS.studio)
    // A lesson source at its limit (200 000 Cyrillic characters, 6 bytes each URL-encoded) fits the studio's cap.
    expect(200_000 * 6).toBeLessThan(BODY_CAPS.studio)
  })
})

describe('edge pages', () => {
  const lngCookie = (value: string) => `theme=dark; lng=${encodeURIComponent(Buffer.from(JSON.stringify(value)).toString('base64'))}`
  it('pick the language as the app does: ?lng=, cookie, Accept-Language, Russian', () => {
    expect(edgeLocale({ url: '/login?lng=en', cookie: lngCookie('kk'), acceptLanguage: 'ru' })).toBe('en')
    expect(edgeLocale({ url: '/login', cookie: lngCookie('kk'), acceptLanguage: 'en' })).toBe('kk')
    expect(edgeLocale({ url: '/login', cookie: 'lng=garbage%%', acceptLanguage: 'de-DE, en;q=0.8, kk;q=0.9' })).toBe('kk')
    expect(edgeLocale({ url: '/login', cookie: undefined, acceptLanguage: 'de, fr' })).toBe('ru')
    expect(edgeLocale({ url: '/login', cookie: undefined, acceptLanguage: undefined })).toBe('ru')
  })

  it('are whole pages in the chosen language, with no script', () => {
    const html = edgePageHtml('crossSite', 'kk')
    expect(html).toContain('<html lang="kk"')
    expect(html).toContain('Сұрау қабылданбады')
    expect(html).not.toContain('<script')
    // The site's icon, so a browser does not ask for /favicon.ico (a 404).
    expect(html).toContain('<link rel="icon" href="/favicon.svg"')
    expect(edgePageHtml('tooLarge', 'en')).toContain('Request too large')
  })

  it('say which request could not be read, with its status, in every language', () => {
    expect(edgePageHtml('badAddress', 'ru')).toContain('Неверный адрес страницы')
    expect(edgePageHtml('badAddress', 'kk')).toContain('Бет мекенжайы қате')
    expect(edgePageHtml('badAddress', 'en')).toContain('<p>400</p>')
    expect(edgePageHtml('badRequest', 'en')).toContain('Something is wrong with the request')
    expect(edgePageHtml('crossSite', 'en')).toContain('<p>403</p>')
    expect(edgePageHtml('badMethod', 'kk')).toContain('Мұндай сұрауға қолдау көрсетілмейді')
    expect(edgePageHtml('badMethod', 'en')).toContain('<p>405</p>')
    expect(edgePageHtml('tooLarge', 'en')).toContain('<p>413</p>')
  })
})

describe('readEnv', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), APP_URL: APP, EMAIL_OUTBOX: 'true' }
  it('accepts a complete production environment and treats empty values as unset', () => {
    const result = readEnv({ ...production, PORT: '', SMTP_URL: '' })
    expect(result.ok && result.env.PORT).toBe(3000)
  })

  it('names every production requirement that is missing', () => {
    const result = readEnv({ NODE_ENV: 'production' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toHaveLength(3)
    expect(result.problems.map((p) => p.split(' ')[0])).toEqual(['SESSION_SECRET', 'APP_URL', 'SMTP_URL'])
  })

  it('asks nothing of development, and nothing of scripts beyond well-formed values', () => {
    expect(readEnv({}).ok).toBe(true)
    expect(readEnv({ NODE_ENV: 'production' }, { server: false }).ok).toBe(true)
    expect(readEnv({ NODE_ENV: 'production', PORT: 'x' }, { server: false })).toEqual({ ok: false, problems: ['PORT must be a whole number'] })
  })

  it('reports malformed values one line each', () => {
    const result = readEnv({ ...production, DATABASE_URL: 'mysql://x', NOTIFICATIONS_INTERVAL_MS: '-1', SECURE_COOKIES: 'yes', APP_URL: 'https://x.kz/app' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)',
      'APP_URL must be an origin only (scheme, host, port), without a path',
      'SECURE_COOKIES must be "true" or "false"',
      'NOTIFICATIONS_INTERVAL_MS must be at least 0',
    ])
  })
})

describe('writeBody', () => {
  /** A response whose connection takes `capacity` bytes before it asks to wait, and drains when told. */
  class SlowResponse extends Writable {
    written: Buffer[] = []
    flushes = 0
    private pending: Array<() => void> = []
    constructor(capacity: number) {
      super({ highWaterMark: capacity })
    }
    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
      this.written.push(chunk)
      this.pending.push(callback)
    }
    /** The client reads everything sent so far. */
    drainNow() {
      for (const callback of this.pending.splice(0)) callback()
    }
    flush() {
      this.flushes++
    }
  }

  /** A body of `parts` chunks of `size` bytes, each made only when the stream asks for it (as an export's batches are). */
  function producedBody(parts: number, size: number) {
    const made = { count: 0, cancelled: false }
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (made.count === parts) return controller.close()
          made.count++
          controller.enqueue(new Uint8Array(size).fill(65))
        },
        cancel() {
          made.cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    return { body, made }
  }

  /** A body whose parts are all there at once (a page React rendered in one go). */
  function partsReadyTogether(parts: Uint8Array[]) {
    return new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(part)
        controller.close()
      },
    })
  }

  /** A body of `count` parts, each made 2 ms after the last is asked for (a Suspense boundary's HTML, an export's batches). */
  function partsArrivingApart(count: number) {
    let sent = 0
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 2))
          if (sent === count) return controller.close()
          controller.enqueue(new TextEncoder().encode(`part ${sent++}`))
        },
      },
      { highWaterMark: 0 },
    )
  }

  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
  }

  it('reads the next part only once the connection has taken the last one, so a slow client does not make the server hold the whole body', async () => {
    const res = new SlowResponse(4096)
    const { body, made } = producedBody(100, 1024)
    const writing = writeBody(body, res)
    await turns(20)
    // The connection holds about 4 KB unsent: a few parts have been made, not the 100 of a body read ahead.
    expect(made.count).toBeGreaterThan(0)
    expect(made.count).toBeLessThanOrEqual(7)
    for (let i = 0; i < 200 && !res.writableEnded; i++) {
      res.drainNow()
      await turns(2)
    }
    await writing
    expect(made.count).toBe(100)
    expect(Buffer.concat(res.written).length).toBe(100 * 1024)
    expect(res.writableEnded).toBe(true)
  })

  it('writes a page (no backpressure) without waiting for the connection, and ends it', async () => {
    const res = new SlowResponse(4096)
    const { body, made } = producedBody(20, 1024)
    const writing = writeBody(body, res, { backpressure: false })
    await writing
    expect(made.count).toBe(20)
    expect(res.writableEnded).toBe(true)
  })

  it('stops reading the body when the client goes away while the server waits for it', async () => {
    const res = new SlowResponse(1024)
    const { body, made } = producedBody(1000, 1024)
    const writing = writeBody(body, res)
    await turns(10)
    const before = made.count
    res.destroy()
    await writing
    expect(made.cancelled).toBe(true)
    expect(made.count).toBeLessThanOrEqual(before + 1)
  })

  it('flushes the compressor once for parts that are ready together, and after each part that arrives on its own', async () => {
    const together = new SlowResponse(1 << 20)
    const parts = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`<p>${i}</p>`))
    const ready = partsReadyTogether(parts)
    const writingTogether = writeBody(ready, together)
    while (!together.writableFinished) {
      together.drainNow()
      await turns(1)
    }
    await writingTogether
    expect(Buffer.concat(together.written).toString()).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    expect(together.flushes).toBeLessThanOrEqual(1)

    const apart = new SlowResponse(1 << 20)
    const later = partsArrivingApart(3)
    const writingApart = writeBody(later, apart)
    while (!apart.writableFinished) {
      apart.drainNow()
      await turns(1)
    }
    await writingApart
    // Each part was sent as soon as it existed: a Suspense boundary's HTML is not held back.
    expect(apart.flushes).toBe(3)
  })

  it('hands parts that are ready together to the connection in one send, and a part that arrives on its own at once', async () => {
    /** Records each send to the connection: one `_writev` of corked parts, or one `_write`. */
    class CountingResponse extends Writable {
      sends: number[] = []
      override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
        this.sends.push(1)
        callback()
      }
      override _writev(chunks: Array<{ chunk: Buffer }>, callback: () => void) {
        this.sends.push(chunks.length)
        callback()
      }
    }
    const together = new CountingResponse()
    const parts = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`<p>${i}</p>`))
    const ready = partsReadyTogether(parts)
    await writeBody(ready, together, { backpressure: false })
    expect(together.sends).toEqual([12])
    expect(together.writableCorked).toBe(0)
    expect(together.writableEnded).toBe(true)

    const apart = new CountingResponse()
    const later = partsArrivingApart(3)
    const sends: number[][] = []
    const writing = writeBody(later, apart, { backpressure: false })
    // Each part reaches the connection before the next one exists.
    for (let i = 0; i < 50 && !apart.writableEnded; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      sends.push([...apart.sends])
    }
    await writing
    expect(apart.sends).toEqual([1, 1, 1])
    expect(sends.some((s) => s.length === 1)).toBe(true)
    expect(apart.writableCorked).toBe(0)
  })
})
