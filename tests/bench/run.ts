/**
 * `npm run bench`: one command, one table. Builds the project (skip with --no-build) and, in a
 * temporary folder, a hello-world Remix v2 app on the same node_modules (tests/bench/hello-app.ts);
 * starts three servers, one process each: a bare node:http server answering with the lesson page's
 * bytes, the hello-world app serving a page of the lesson's size from its loader, and this project
 * (WEB_CONCURRENCY=1, a fresh SQLite database with the demo data). Then, at 50 connections, each
 * scenario for --seconds (10) a run, --runs (3) runs taken in turn, after one --warmup (10 s) each, and
 * prints the medians and the targets against the hello-world app:
 *   the lesson page for a logged-in learner ≥ 60% of its requests/s, anonymous /login ≥ 75%, and
 *   the p99 of each at most twice its p99. `/login` is measured twice: as an anonymous first visit (the
 *   public page cache answers it, app/cli/public-page-cache.ts) and rendered for each request.
 * The longer scenarios run after it on request: --recruits (lead-list.ts), --exports
 * (roster-export.ts), --items (item-stats.ts), --bytes (lesson-bytes.ts), --phone (phone.ts),
 * --exam (exam-capacity.ts), --board (coverage-board.ts), or --all of them (minutes). --postgres runs the project, and the
 * scenarios that take it (the recruit list, the exam), on a throwaway PostgreSQL server instead of SQLite.
 *   npm run bench            npm run bench -- --all            npm run bench -- --no-build --seconds=5
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchOnPostgres, loggedIn, measure, startBenchApp, type Measured } from './harness.ts'
import { v8PoolArgs } from '../../app/cli/v8-pool.ts'
import { buildHelloApp, startHelloApp, startProcess, type Served } from './hello-app.ts'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string, fallback: number) => {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1]
  return value ? Number(value) : fallback
}
const CONNECTIONS = 50
const SECONDS = option('seconds', Number(process.env.BENCH_SECONDS ?? 10))
const RUNS = option('runs', 3)
/**
 * Seconds of load on each scenario before its first measured run. A worker is not at full speed when
 * it starts: the lesson page's first ~4,000 requests cost 1.5–2.4 ms a request more of V8's background
 * compiling (TurboFan) and run unoptimised code meanwhile (tests/bench/HISTORY.md, session 22).
 * Every server gets the same warm-up; --warmup=2 measures them as they were measured before.
 */
const WARMUP = option('warmup', 10)
const LESSON = '/courses/observer-basics/03-rights'
const LOGIN = '/login'
const TARGETS = { lessonShare: 0.6, loginShare: 0.75, p99Factor: 2 }
const EXTRA: Record<string, { file: string; what: string }> = {
  recruits: { file: 'lead-list.ts', what: "NGO lead's recruit list over 50,000 applications (about 3½ minutes)" },
  exports: { file: 'roster-export.ts', what: 'roster exports of 100,000 certified observers (about 2 minutes or more)' },
  items: { file: 'item-stats.ts', what: 'item statistics over 100,000 exam attempts (several minutes)' },
  bytes: { file: 'lesson-bytes.ts', what: 'bytes and server CPU per lesson page' },
  phone: { file: 'phone.ts', what: "the lesson page on a cheap phone's link in Chromium (about a minute)" },
  exam: { file: 'exam-capacity.ts', what: 'final exam, 2,500 learners, 2 workers: starts, saves and submits (about 3 minutes)' },
  board: { file: 'coverage-board.ts', what: 'the coverage board over 10,000 stations and 20,000 assignments (about 2 minutes)' },
}
/** The scenarios that run on PostgreSQL with --postgres (the others measure SQLite-only work or bytes). */
const ON_POSTGRES = new Set(['recruits', 'exam'])
const known = ['all', 'no-build', 'postgres', ...Object.keys(EXTRA)]
for (const arg of args) {
  if (!/^--(seconds|runs|warmup)=\d+$/.test(arg) && !known.includes(arg.replace(/^--/, ''))) {
    console.error(`unknown argument ${arg}; known: ${known.map((k) => `--${k}`).join(' ')} --seconds=n --runs=n --warmup=n`)
    process.exit(2)
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(', ')

async function bytesOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers })
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  return (await response.arrayBuffer()).byteLength
}

/**
 * The `bytes` that makes the hello-world page as large as the lesson page. Its size grows about
 * linearly with it (the text is in the HTML and again in the hydration data), not exactly (paragraphs,
 * escaping): a few secant steps bring it within 1% of the target.
 */
async function helloBytesFor(helloUrl: string, target: number): Promise<{ url: string; size: number }> {
  const urlFor = (bytes: number) => `${helloUrl}/?bytes=${Math.max(0, Math.round(bytes))}`
  let [low, lowSize] = [0, await bytesOf(urlFor(0))]
  let [high, highSize] = [20_000, await bytesOf(urlFor(20_000))]
  for (let step = 0; step < 6 && Math.abs(highSize - target) > target / 100 && highSize !== lowSize; step++) {
    const next = Math.max(0, high + ((target - highSize) * (high - low)) / (highSize - lowSize))
    ;[low, lowSize] = [high, highSize]
    ;[high, highSize] = [next, await bytesOf(urlFor(next))]
  }
  return { url: urlFor(high), size: highSize }
}

if (!flag('no-build')) {
  console.log('Building the project (npm run build; --no-build skips this)…')
  // Its output (and Rollup's warnings) only when it fails.
  const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr)
    throw new Error(`npm run build failed (${build.status})`)
  }
}
console.log('Building the hello-world Remix app in a temporary folder…')
const helloDir = buildHelloApp()

const started: Served[] = []
const project = await startBenchApp({ WEB_CONCURRENCY: '1' })
const database = benchOnPostgres ? 'PostgreSQL' : 'SQLite'
try {
  const { client } = await loggedIn(project.app, 'volunteer@example.org')
  // A learner's browser after logging in and one page: it holds every cookie the app set (the
  // session, the language, and `css`: the stylesheet is linked, not inlined as on a first visit).
  if ((await client.get(LESSON)).status !== 200) throw new Error('the lesson page did not answer 200')
  const cookie = client.cookieHeader()
  // The page exactly as that browser gets it (the Client would drop its page translations).
  const lesson = await fetch(project.app.url + LESSON, { headers: { 'Accept-Language': 'ru', cookie } })
  if (lesson.status !== 200) throw new Error(`the lesson page answered ${lesson.status}`)
  const lessonHtml = Buffer.from(await lesson.arrayBuffer())
  if (lessonHtml.includes('<style')) throw new Error('the lesson page still carries the stylesheet inside: the learner is not a returning browser')
  const pageFile = path.join(helloDir, 'lesson.html')
  fs.writeFileSync(pageFile, lessonHtml)
  const bare = await startProcess(['--import', 'tsx', path.resolve('tests/bench/bare-server.ts'), pageFile])
  started.push(bare)
  const hello = await startHelloApp(helloDir)
  started.push(hello)
  const helloPage = await helloBytesFor(hello.url, lessonHtml.length)
  // The hello world again with the V8 thread pool the project's server gets (app/cli/v8-pool.ts): how
  // much of the ratio is that setting rather than the project's own code (an info line, not a target).
  const poolArgs = v8PoolArgs([], process.env.NODE_OPTIONS, os.availableParallelism(), 1)
  const helloPool = await startHelloApp(helloDir, poolArgs)
  started.push(helloPool)
  const { pathname, search } = new URL(helloPage.url)
  const helloPath = pathname + search
  const language = { 'Accept-Language': 'ru' }
  const loginSize = await bytesOf(project.app.url + LOGIN, language)

  const scenarios = [
    { key: 'bare', name: `bare \`node:http\`, the lesson page's bytes (${kb(lessonHtml.length)})`, url: bare.url + '/', pid: bare.pid },
    { key: 'hello', name: `hello-world Remix v2 app, ${kb(helloPage.size)} page from its loader`, url: helloPage.url, pid: hello.pid },
    { key: 'hello-pool', name: `the same hello world with the project's ${poolArgs.join(' ') || 'V8 thread pool'}`, url: helloPool.url + helloPath, pid: helloPool.pid },
    { key: 'login', name: `this project: \`${LOGIN}\`, anonymous (${kb(loginSize)}, ${database})`, url: project.app.url + LOGIN, headers: language, pid: project.app.pid },
    // The same page rendered for each request: a cookie the public page cache does not know makes the visitor someone (app/cli/public-page-cache.ts).
    { key: 'login-render', name: `this project: \`${LOGIN}\` rendered each time (not from the public page cache)`, url: project.app.url + LOGIN, headers: { ...language, cookie: 'bench=render' }, pid: project.app.pid },
    { key: 'lesson', name: `this project: lesson page, logged-in learner (${kb(lessonHtml.length)}, ${database})`, url: project.app.url + LESSON, headers: { ...language, cookie }, pid: project.app.pid },
  ] as const
  console.log(`Servers up, one process each (project pid ${project.app.pid}, hello ${hello.pid}, bare ${bare.pid}). ${CONNECTIONS} connections, ${RUNS} × ${SECONDS} s a scenario, runs taken in turn. Load average before: ${load()} on ${os.availableParallelism()} cores.`)
  const runs = new Map<string, Measured[]>(scenarios.map((s) => [s.key, []]))
  for (let run = 0; run < RUNS; run++) {
    for (const scenario of scenarios) {
      const result = await measure(scenario.name, scenario.url, { connections: CONNECTIONS, seconds: SECONDS, headers: 'headers' in scenario ? scenario.headers : undefined, warmupSeconds: run === 0 ? WARMUP : 0, pid: scenario.pid })
      runs.get(scenario.key)?.push(result)
      console.log(`  run ${run + 1}: ${scenario.key} ${result.requestsPerSecond} req/s, p99 ${result.p99} ms, ${result.cpuMsPerRequest ?? '?'} ms CPU a request${result.errors || result.non2xx ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : ''}`)
    }
  }
  const summary = new Map<string, { name: string; rps: number; p99: number; cpu: number; failed: number }>(
    scenarios.map((s) => {
      const measured = runs.get(s.key) ?? []
      return [s.key, { name: s.name, rps: median(measured.map((m) => m.requestsPerSecond)), p99: median(measured.map((m) => m.p99)), cpu: median(measured.map((m) => m.cpuMsPerRequest ?? 0)), failed: measured.reduce((sum, m) => sum + m.errors + m.non2xx, 0) }]
    }),
  )
  const get = (key: string) => summary.get(key) ?? { name: key, rps: 0, p99: 0, cpu: 0, failed: 0 }
  const ceiling = get('bare').rps

  console.log(`\nMedian of ${RUNS} runs, ${CONNECTIONS} connections, ${SECONDS} s each (load average after: ${load()})`)
  // Server CPU per request: what the page costs, whatever else the machine was doing (req/s and p99 are not).
  console.log('| scenario | req/s | p99 ms | share of bare node | server CPU ms a request |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const row of summary.values()) console.log(`| ${row.name} | ${Math.round(row.rps)} | ${row.p99} | ${((row.rps / ceiling) * 100).toFixed(1)}% | ${row.cpu ? row.cpu.toFixed(2) : '?'} |`)
  for (const row of summary.values()) if (row.failed) console.log(`(${row.name}: ${row.failed} errors or non-2xx answers over the runs)`)

  const helloRow = get('hello')
  const line = (pass: boolean, text: string) => console.log(`${pass ? 'PASS' : 'FAIL'}  ${text}`)
  const share = (key: string, target: number, label: string) => {
    const ratio = get(key).rps / helloRow.rps
    line(ratio >= target, `${label} ≥ ${target * 100}% of hello-world req/s: ${ratio.toFixed(2)} (${Math.round(get(key).rps)} / ${Math.round(helloRow.rps)})`)
  }
  const p99 = (key: string, label: string) => {
    const ratio = get(key).p99 / helloRow.p99
    // No request finished within a run (p99 0): nothing to compare, so not a pass.
    line(get(key).rps > 0 && helloRow.rps > 0 && ratio <= TARGETS.p99Factor, `${label} p99 ≤ ${TARGETS.p99Factor}× hello-world p99: ${ratio.toFixed(2)}× (${get(key).p99} ms / ${helloRow.p99} ms)`)
  }
  console.log('\nTargets (issue 15), against the hello-world app in the same run:')
  share('lesson', TARGETS.lessonShare, 'logged-in lesson page')
  share('login', TARGETS.loginShare, 'anonymous /login')
  const rendered = get('login-render')
  console.log(`info  /login rendered for each request (the public page cache bypassed): ${(rendered.rps / helloRow.rps).toFixed(2)} of hello-world req/s, p99 ${(rendered.p99 / helloRow.p99).toFixed(2)}×`)
  p99('lesson', 'logged-in lesson page')
  p99('login', 'anonymous /login')
  const pooled = get('hello-pool')
  console.log(`info  logged-in lesson page against the hello world given the same V8 thread pool (${poolArgs.join(' ')}): ${(get('lesson').rps / pooled.rps).toFixed(2)} of its req/s, p99 ${(get('lesson').p99 / pooled.p99).toFixed(2)}×`)
} finally {
  for (const server of started) await server.stop()
  await project.app.stop()
  await project.stopDatabase()
  fs.rmSync(helloDir, { recursive: true, force: true })
}

const extra = Object.keys(EXTRA).filter((key) => flag('all') || flag(key))
if (extra.length === 0) console.log(`\nLonger scenarios: npm run bench -- --all, or ${Object.keys(EXTRA).map((key) => `--${key}`).join(' ')}.`)
for (const key of extra) {
  const scenario = EXTRA[key]
  if (!scenario) continue
  const postgres = benchOnPostgres && ON_POSTGRES.has(key)
  console.log(`\n== ${scenario.what}${postgres ? ', on PostgreSQL' : ''}: tests/bench/${scenario.file}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('tests/bench', scenario.file), ...(postgres ? ['--postgres'] : [])], { stdio: 'inherit', env: { ...process.env, BENCH_SECONDS: String(SECONDS), BENCH_POSTGRES: postgres ? '1' : '0' } })
  if (result.status !== 0) process.exitCode = 1
}
