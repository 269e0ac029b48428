/**
 * The lesson page on a cheap phone's link (issue 15): Chromium with its CPU slowed 4×, 400 kbit/s
 * each way and 400 ms round trips (Chrome DevTools Protocol), an empty cache, a logged-in volunteer.
 * Prints first paint, first contentful paint, the load event and the moment the network went quiet
 * (no request for 500 ms), each the median of --runs (3) cold visits. Target: fully loaded (the
 * later of the load event and network quiet) under 3 s.
 *   npm run build && npm run bench:phone            (npm run bench -- --phone runs it too; VERBOSE=1 prints each run's waterfall)
 */
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { loggedIn, startBenchApp } from './harness.ts'

const LESSON = '/courses/observer-basics/03-rights'
const RUNS = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.split('=')[1] ?? 3)
const TARGET_MS = 3000
const LINK = { latency: 400, kbitPerSecond: 400, cpuSlowdown: 4 }

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

const { app, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1' })
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const { cookie } = await loggedIn(app, 'volunteer@example.org')
  const results: Array<{ firstPaint: number; firstContentfulPaint: number; load: number; quiet: number; requests: number }> = []
  for (let run = 0; run < RUNS; run++) {
    // A new context each time: an empty cache, as on a first visit.
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } })
    await context.addCookies(cookie.split('; ').filter((pair) => !pair.endsWith('=')).map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: app.url })))
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const bytesPerSecond = (LINK.kbitPerSecond * 1000) / 8
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LINK.latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: LINK.cpuSlowdown })
    let requests = 0
    let lastActivity = 0
    const inFlight = new Set<string>()
    const started = Date.now()
    cdp.on('Network.requestWillBeSent', (event: { requestId: string }) => {
      requests++
      inFlight.add(event.requestId)
      lastActivity = Date.now()
    })
    const settle = (event: { requestId: string }) => {
      inFlight.delete(event.requestId)
      lastActivity = Date.now()
    }
    cdp.on('Network.loadingFinished', settle)
    cdp.on('Network.loadingFailed', settle)
    await page.goto(app.url + LESSON, { waitUntil: 'load', timeout: 60_000 })
    // Network quiet: nothing in flight for 500 ms; the moment the last request ended counts.
    while (inFlight.size > 0 || Date.now() - lastActivity < 500) await new Promise((resolve) => setTimeout(resolve, 50))
    const quiet = lastActivity - started
    const timing = await page.evaluate(() => {
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((entry) => [entry.name, entry.startTime]))
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      return { firstPaint: paint['first-paint'] ?? 0, firstContentfulPaint: paint['first-contentful-paint'] ?? 0, load: navigation?.loadEventEnd ?? 0 }
    })
    if (process.env.VERBOSE) {
      // The waterfall: when each file was asked for and arrived, from the navigation's start.
      const entries = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({ name: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd, size: (e as PerformanceResourceTiming).transferSize })))
      for (const e of entries) console.log(`    ${String(Math.round(e.start)).padStart(5)} → ${String(Math.round(e.end)).padStart(5)} ms  ${String(e.size).padStart(6)} B  ${new URL(e.name).pathname}`)
    }
    results.push({ ...timing, quiet, requests })
    console.log(`  run ${run + 1}: first paint ${Math.round(timing.firstPaint)} ms, first contentful paint ${Math.round(timing.firstContentfulPaint)} ms, load event ${Math.round(timing.load)} ms, network quiet ${quiet} ms, ${requests} requests`)
    await context.close()
  }
  const row = (key: keyof (typeof results)[number]) => Math.round(median(results.map((r) => r[key])))
  const fullyLoaded = Math.max(row('load'), row('quiet'))
  console.log(`\nLesson page, cold cache, ${LINK.kbitPerSecond} kbit/s, ${LINK.latency} ms round trip, CPU ${LINK.cpuSlowdown}× slower; median of ${RUNS}:`)
  console.log('| first paint | first contentful paint | load event | network quiet | requests |')
  console.log('| ---: | ---: | ---: | ---: | ---: |')
  console.log(`| ${row('firstPaint')} ms | ${row('firstContentfulPaint')} ms | ${row('load')} ms | ${row('quiet')} ms | ${row('requests')} |`)
  console.log(`${fullyLoaded < TARGET_MS ? 'PASS' : 'FAIL'}  fully loaded under ${TARGET_MS / 1000} s: ${fullyLoaded} ms`)
} finally {
  await browser.close()
  await app.stop()
  await stopDatabase()
}
