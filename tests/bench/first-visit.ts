/**
 * What a first visit downloads: Chromium with an empty cache opens `/login` and `/apply` (anonymous,
 * Russian) and a lesson page (a logged-in volunteer), and every response the page fetched until the
 * network went quiet is counted, raw and gzipped (level 6, as the server's compression sends it).
 * Run after `npm run build`: `npm run bench:first-visit`.
 */
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { loggedIn, startBenchApp } from './harness.ts'

const PAGES = [
  { path: '/login', as: null },
  { path: '/apply', as: null },
  { path: '/courses/observer-basics/03-rights', as: 'volunteer@example.org' },
] as const

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

async function firstVisit(browser: Browser, url: string, cookie: string | null) {
  const context = await browser.newContext({ locale: 'ru-RU' })
  if (cookie) {
    const origin = new URL(url).origin
    await context.addCookies(cookie.split('; ').filter((pair) => !pair.endsWith('=')).map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: origin })))
  }
  const page = await context.newPage()
  const bodies: Promise<{ url: string; raw: number; gzip: number }>[] = []
  page.on('response', (response) => {
    bodies.push(
      response.body().then(
        (body) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body).length }),
        () => ({ url: response.url(), raw: 0, gzip: 0 }),
      ),
    )
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  const counted = await Promise.all(bodies)
  await context.close()
  return counted
}

const { app, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1' })
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const { cookie } = await loggedIn(app, 'volunteer@example.org')
  console.log('| page | requests | raw KB | gzipped KB | of which translations gz KB |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const { path, as } of PAGES) {
    const counted = await firstVisit(browser, app.url + path, as ? cookie : null)
    const sum = (key: 'raw' | 'gzip', only?: (url: string) => boolean) => counted.filter((c) => !only || only(c.url)).reduce((total, c) => total + c[key], 0)
    const translations = sum('gzip', (u) => /locales?|\/(ru|kk|en)[-.]/.test(new URL(u).pathname))
    console.log(`| ${path} | ${counted.length} | ${kb(sum('raw'))} | ${kb(sum('gzip'))} | ${kb(translations)} |`)
    if (process.env.VERBOSE) for (const c of counted) console.log(`   ${kb(c.gzip).padStart(7)} ${new URL(c.url).pathname}`)
  }
} finally {
  await browser.close()
  await app.stop()
  await stopDatabase()
}
