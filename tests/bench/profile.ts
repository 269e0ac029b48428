/**
 * Where a page's CPU goes: starts the built app (one process) with --cpu-prof, loads one page at 50
 * connections for --seconds (10), stops the server and prints the functions and packages with the
 * most self time. The .cpuprofile file stays (open it in Chrome's developer tools).
 *   node --import tsx tests/bench/profile.ts [/path] [--anonymous | --as=lead@example.org] [--seconds=n] [--dir=/tmp/profile]
 * With --exam-attempt the page is a final exam attempt in progress: a bench learner (tests/bench/exam-learners.ts)
 * starts one and the attempt page is loaded with their session.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loggedIn, measure, startBenchApp } from './harness.ts'

const args = process.argv.slice(2)
const defaultPage = args.find((arg) => arg.startsWith('/')) ?? '/courses/observer-basics/03-rights'
const seconds = Number(args.find((arg) => arg.startsWith('--seconds='))?.split('=')[1] ?? 10)
const dir = args.find((arg) => arg.startsWith('--dir='))?.split('=')[1] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'observer-profile-'))
process.env.BENCH_PROFILE = dir

const { app, databaseUrl, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1' })
try {
  const headers: Record<string, string> = { 'Accept-Language': 'ru' }
  let page = defaultPage
  if (args.includes('--exam-attempt')) {
    process.env.DATABASE_URL = databaseUrl
    const { db } = await import('../../app/server/platform/db.server.ts')
    const { COURSE, returningBrowserCookie, seedLearners } = await import('./exam-learners.ts')
    const [learner] = await seedLearners(db, 1, 'profile-learner', await returningBrowserCookie(app.url))
    if (!learner) throw new Error('no learner')
    headers.cookie = learner.cookie
    const start = await fetch(`${app.url}/courses/${COURSE}/exam`, { method: 'POST', redirect: 'manual', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'intent=start' })
    page = new URL(start.headers.get('location') ?? '/', app.url).pathname
  } else if (!args.includes('--anonymous')) headers.cookie = (await loggedIn(app, args.find((arg) => arg.startsWith('--as='))?.slice('--as='.length) ?? 'volunteer@example.org')).cookie
  const response = await fetch(app.url + page, { headers })
  console.log(`${page}: ${response.status}, Server-Timing: ${response.headers.get('server-timing')}`)
  const result = await measure(page, app.url + page, { connections: 50, seconds, headers })
  console.log(`${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx`)
} finally {
  await app.stop()
  await stopDatabase()
}

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
const file = fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).map((name) => path.join(dir, name)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]
if (!file) throw new Error(`no profile in ${dir}`)
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; startTime: number; endTime: number }
const total = profile.samples.length
const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0
  if (!hits) continue
  const { functionName, url, lineNumber } = node.callFrame
  const where = url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(process.cwd() + '/', '')
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits)
  const pkg = url === '' ? functionName : /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : where.split('/').slice(0, 2).join('/'))
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits)
}
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n')
console.log(`\n${file}: ${total} samples\n\nBy package:\n${top(byPackage, 25)}\n\nBy function (self):\n${top(byFunction, 40)}`)
