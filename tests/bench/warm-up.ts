/**
 * How long a fresh worker takes to reach its speed: the built app alone (one process, a fresh SQLite
 * database with the demo data), one page loaded four requests at a time in --windows (12) windows of
 * --requests (400) each, from the first request on. Per window it prints the server's CPU per request
 * on its main thread (JavaScript, the event loop) and on its other threads (V8's background compiling
 * and garbage collection), read per thread from /proc, and the wall time per request. The other
 * benches warm their servers up by what this shows before they measure (tests/bench/HISTORY.md,
 * session 22).
 *   npm run build && npm run bench:warm-up            npm run bench:warm-up -- /courses --as=lead@example.org
 */
import fs from 'node:fs'
import { loggedIn, startBenchApp } from './harness.ts'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const page = args.find((arg) => arg.startsWith('/')) ?? '/courses/observer-basics/03-rights'
const as = args.find((arg) => arg.startsWith('--as='))?.slice('--as='.length) ?? 'volunteer@example.org'
const WINDOWS = option('windows', 12)
const REQUESTS = option('requests', 400)
const CONCURRENCY = 4

/** CPU milliseconds the process has used, on its main thread and on all its other threads (Linux /proc). */
function threadCpu(pid: number): { main: number; other: number } {
  let main = 0
  let other = 0
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
    } catch {
      continue // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime, in clock ticks of 10 ms.
    const ms = (Number(fields[11]) + Number(fields[12])) * 10
    if (Number(tid) === pid) main += ms
    else other += ms
  }
  return { main, other }
}

const { app, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1', NOTIFICATIONS_INTERVAL_MS: '0' })
try {
  const { client } = await loggedIn(app, as)
  const first = await client.get(page, { 'Accept-Encoding': 'identity' })
  if (first.status !== 200) throw new Error(`${page} answered ${first.status}`)
  await first.arrayBuffer()
  console.log(`${page} as ${as}, ${WINDOWS} windows of ${REQUESTS} requests, ${CONCURRENCY} at a time, one server process (pid ${app.pid})`)
  console.log('| requests so far | main thread CPU ms a request | other threads CPU ms a request | wall ms a request |')
  console.log('| ---: | ---: | ---: | ---: |')
  for (let window = 0; window < WINDOWS; window++) {
    const before = threadCpu(app.pid)
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < REQUESTS / CONCURRENCY; i++) {
          const response = await client.get(page, { 'Accept-Encoding': 'identity' })
          if (response.status !== 200) throw new Error(`${page} answered ${response.status}`)
          await response.arrayBuffer()
        }
      }),
    )
    const after = threadCpu(app.pid)
    console.log(`| ${(window + 1) * REQUESTS} | ${((after.main - before.main) / REQUESTS).toFixed(2)} | ${((after.other - before.other) / REQUESTS).toFixed(2)} | ${((performance.now() - started) / REQUESTS).toFixed(2)} |`)
  }
} finally {
  await app.stop()
  await stopDatabase()
}
