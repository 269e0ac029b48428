/**
 * Where one request's time goes, without load: the built app (one process), one page fetched
 * --count (200) times in a row, the mean of each Server-Timing entry (app/cli/http-edge.ts) and the
 * server's CPU per request.
 *   node --import tsx tests/bench/timings.ts [/path] [--anonymous] [--count=n]
 */
import { cpuSeconds, loggedIn, startBenchApp } from './harness.ts'

const args = process.argv.slice(2)
const page = args.find((arg) => arg.startsWith('/')) ?? '/courses/observer-basics/03-rights'
const count = Number(args.find((arg) => arg.startsWith('--count='))?.split('=')[1] ?? 200)

const { app, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1' })
try {
  const headers: Record<string, string> = { 'Accept-Language': 'ru' }
  if (!args.includes('--anonymous')) headers.cookie = (await loggedIn(app, 'volunteer@example.org')).cookie
  for (let i = 0; i < 50; i++) await (await fetch(app.url + page, { headers })).arrayBuffer()
  const sums = new Map<string, number>()
  const cpuBefore = cpuSeconds(app.pid) ?? 0
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const response = await fetch(app.url + page, { headers })
    await response.arrayBuffer()
    for (const entry of (response.headers.get('server-timing') ?? '').split(', ')) {
      const [name, dur] = entry.split(';dur=')
      if (name && dur) sums.set(name, (sums.get(name) ?? 0) + Number.parseFloat(dur))
    }
  }
  const wall = (performance.now() - started) / count
  const cpu = (((cpuSeconds(app.pid) ?? 0) - cpuBefore) * 1000) / count
  console.log(`${page}: ${count} requests in a row, ${wall.toFixed(2)} ms each (client included), server CPU ${cpu.toFixed(2)} ms a request`)
  for (const [name, sum] of sums) console.log(`  ${name.padEnd(40)} ${(sum / count).toFixed(2)} ms`)
} finally {
  await app.stop()
  await stopDatabase()
}
