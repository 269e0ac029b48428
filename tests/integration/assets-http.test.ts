/**
 * The browser's assets as `npm start` serves them: the Brotli or gzip file made at build time
 * (app/cli/precompress-assets.ts) when the browser takes it, else the file itself; each the same
 * bytes once decoded, cached for a year, and a page's HTML still compressed on the fly.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type RunningApp } from '../support/app-server.ts'

function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

describe('assets', () => {
  let app: RunningApp
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
  })
  afterAll(async () => {
    await app.stop()
  })

  it('are sent as the build’s Brotli or gzip file, or as they are, always the same bytes, cached for a year', async () => {
    const dir = path.resolve('build/client/assets')
    const script = fs.readdirSync(dir).find((name) => name.startsWith('framework-') && name.endsWith('.js'))
    expect(script).toBeDefined()
    const original = fs.readFileSync(path.join(dir, script ?? ''))
    expect(fs.existsSync(path.join(dir, `${script}.br`))).toBe(true)
    const url = `${app.url}/assets/${script}`

    const br = await get(url, { 'Accept-Encoding': 'gzip, deflate, br, zstd' })
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers.vary).toMatch(/Accept-Encoding/i)
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true)
    // Quality 11 at build, smaller than gzip's best.
    expect(br.body.length).toBeLessThan(zlib.gzipSync(original, { level: 9 }).length)

    const gz = await get(url, { 'Accept-Encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true)

    const plain = await get(url, { 'Accept-Encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(original)).toBe(true)

    expect((await get(`${app.url}/assets/no-such-file.js`, { 'Accept-Encoding': 'br' })).status).toBe(404)
  })

  it('carry the headers a file is read by, not a page’s: no policy that means nothing on a script, nothing to revalidate', async () => {
    const dir = path.resolve('build/client/assets')
    const names = fs.readdirSync(dir)
    const script = names.find((name) => name.startsWith('framework-') && name.endsWith('.js'))
    const stylesheet = names.find((name) => name.endsWith('.css'))
    for (const name of [script, stylesheet]) {
      expect(name).toBeDefined()
      const file = await get(`${app.url}/assets/${name}`, { 'Accept-Encoding': 'br' })
      expect(file.status, name).toBe(200)
      expect(file.headers['x-content-type-options'], name).toBe('nosniff')
      expect(file.headers['cross-origin-resource-policy'], name).toBe('same-origin')
      expect(file.headers['referrer-policy'], name).toBe('same-origin')
      for (const header of ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy', 'origin-agent-cluster', 'etag', 'last-modified']) {
        expect(file.headers[header], `${name}: ${header}`).toBeUndefined()
      }
    }
    // What a first visit's seven files each carry, headers included, on a phone's uncompressed HTTP/1.1 link.
    const head = await new Promise<string>((resolve, reject) => {
      const request = http.get(`${app.url}/assets/${script}`, { agent: false, headers: { 'Accept-Encoding': 'br' } }, (response) => {
        resolve(response.rawHeaders.reduce((text, value, i) => text + value + (i % 2 ? '\r\n' : ': '), ''))
        response.resume()
      })
      request.on('error', reject)
    })
    expect(head.length).toBeLessThan(500)
    // A page keeps its own: the nonce-bearing policy and the rest.
    const page = await get(`${app.url}/login`, { 'Accept-Encoding': 'identity' })
    expect(page.headers['content-security-policy']).toContain("'nonce-")
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['permissions-policy']).toBeDefined()
    // The site's icon for clients that ask /favicon.ico (a PDF opened in Chromium's viewer), and the
    // rules for crawlers: files, not the 32 KB 404 page.
    const icon = await get(`${app.url}/favicon.ico`, { 'Accept-Encoding': 'identity' })
    expect(icon.status).toBe(200)
    expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/)
    expect(icon.body.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]))
    expect(icon.headers['cache-control']).toBe('public, max-age=3600')
    const robots = await get(`${app.url}/robots.txt`, { 'Accept-Encoding': 'identity' })
    expect(robots.status).toBe(200)
    expect(robots.headers['content-type']).toMatch(/^text\/plain/)
    const rules = robots.body.toString('utf8')
    expect(rules).toMatch(/^User-agent: \*$/m)
    expect(rules).toMatch(/^Disallow: \/$/m)
    // The certificate check stays open to crawlers, which must fetch it to read its noindex.
    expect(rules).toMatch(/^Allow: \/verify\/$/m)
    // A name that is no file is the site's translated 404 page, with a page's headers.
    const missing = await get(`${app.url}/assets/no-such-file.js`, { 'Accept-Encoding': 'identity' })
    expect(missing.status).toBe(404)
    expect(missing.headers['content-security-policy']).toContain("'nonce-")
  })

  it('are few on a page: React, React DOM and Remix in one file, the shell’s small modules in another', async () => {
    const page = (await get(`${app.url}/login`, { 'Accept-Encoding': 'identity' })).body.toString()
    const preloads = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((match) => match[1] ?? '')
    expect(preloads.some((href) => /\/assets\/framework-[\w-]+\.js$/.test(href))).toBe(true)
    expect(preloads.some((href) => /\/assets\/app-shell-[\w-]+\.js$/.test(href))).toBe(true)
    // The entry, the two shared files, the root's and the page's own modules (was eleven files).
    expect(new Set(preloads).size).toBeLessThanOrEqual(7)
  })

  it('leave pages compressed on the fly', async () => {
    const page = await get(`${app.url}/login`, { 'Accept-Encoding': 'br' })
    expect(page.status).toBe(200)
    expect(page.headers['content-encoding']).toBe('br')
    const html = zlib.brotliDecompressSync(page.body)
    expect(html.toString()).toContain('<html')
    // Quality 5, not the middleware's 4: smaller than the page compressed at 4 in one go.
    const atQuality4 = zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }).length
    expect(page.body.length).toBeLessThan(atQuality4)
  })

  it('route discovery: kept by the browser for its build, a stale version not kept', async () => {
    const page = (await get(`${app.url}/login`, { 'Accept-Encoding': 'identity' })).body.toString()
    const version = /"version":\s*"([^"]+)"/.exec(page)?.[1]
    expect(version).toBeDefined()
    // The early request the page makes (app/components/route-discovery.tsx) names its build's version.
    expect(page).toContain(`url.searchParams.set('version',${JSON.stringify(version)})`)
    const answer = await get(`${app.url}/__manifest?p=%2Fsignup&p=%2Fverify&version=${version}`, { 'Accept-Encoding': 'identity' })
    expect(answer.status).toBe(200)
    expect(answer.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    const routes = Object.keys(JSON.parse(answer.body.toString()) as Record<string, unknown>)
    expect(routes).toContain('routes/signup')
    // A script's JSON, not a page: a file's few headers, not a document's policies.
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(answer.headers['content-security-policy']).toBeUndefined()
    expect(answer.headers['x-frame-options']).toBeUndefined()
    expect(answer.headers['permissions-policy']).toBeUndefined()
    // A client navigation's data (turbo-stream, read by the page's script) likewise.
    const navigation = await get(`${app.url}/login.data`, { 'Accept-Encoding': 'identity' })
    expect(navigation.status).toBe(200)
    expect(navigation.headers['content-type']).toMatch(/^text\/x-script/)
    expect(navigation.headers['x-content-type-options']).toBe('nosniff')
    expect(navigation.headers['content-security-policy']).toBeUndefined()
    expect(navigation.headers['permissions-policy']).toBeUndefined()
    // Another build's version: Remix answers "reload", which must not be kept.
    const stale = await get(`${app.url}/__manifest?p=%2Fsignup&version=0000`, { 'Accept-Encoding': 'identity' })
    expect(stale.status).toBe(204)
    expect(stale.headers['cache-control'] ?? '').not.toMatch(/max-age=31536000/)
  })

  it('the core stylesheet: inside a browser’s first page, with the scripts announced before it; linked from the next page on; inside again for a new build', async () => {
    const dir = path.resolve('build/client/assets')
    const file = fs.readdirSync(dir).find((name) => /^app-[\w-]+\.css$/.test(name)) ?? ''
    const built = fs.readFileSync(path.join(dir, file), 'utf8')
    const page = (cookie?: string) => get(`${app.url}/login?lng=en`, { 'Accept-Encoding': 'identity', ...(cookie ? { Cookie: cookie } : {}) })
    const cssCookieOf = (headers: http.IncomingHttpHeaders) => (headers['set-cookie'] ?? []).find((line) => line.startsWith('css='))

    const first = await page()
    const html = first.body.toString()
    const inline = /<style id="app-css" nonce="([^"]+)">([\s\S]*?)<\/style>/.exec(html)
    expect(inline?.[2]).toBe(built)
    // Its nonce is the page's (the CSP names the same one for scripts).
    expect(first.headers['content-security-policy']).toContain(`'nonce-${inline?.[1]}'`)
    expect(html).not.toContain(`<link rel="stylesheet" href="/assets/${file}"`)
    // The framework is asked for from the head, before the styles' bytes.
    const preload = html.indexOf('<link rel="modulepreload" href="/assets/framework-')
    expect(preload).toBeGreaterThan(-1)
    expect(preload).toBeLessThan(html.indexOf('<style id="app-css"'))
    const remembered = cssCookieOf(first.headers)
    expect(remembered).toMatch(/HttpOnly/)
    expect(remembered).toMatch(/Max-Age=31536000/)

    const next = await page(remembered?.split(';')[0])
    const nextHtml = next.body.toString()
    expect(nextHtml).toContain(`<link rel="stylesheet" href="/assets/${file}"/>`)
    expect(nextHtml).not.toContain('id="app-css"')
    expect(nextHtml.indexOf('<link rel="stylesheet"')).toBeLessThan(nextHtml.indexOf('<link rel="modulepreload"'))
    expect(cssCookieOf(next.headers)).toBeUndefined()

    // A cookie from another build's stylesheet: that file is not what this build links, so the styles come inside again.
    const other = await page(`css=${encodeURIComponent(Buffer.from(JSON.stringify('app-0ld.css')).toString('base64'))}`)
    expect(other.body.toString()).toContain('<style id="app-css"')
    expect(cssCookieOf(other.headers)).toBeDefined()
  })
})
