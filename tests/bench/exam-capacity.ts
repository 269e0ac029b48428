/**
 * Issue 15's final-exam scenario: 2,500 learners on the built app with 2 workers, sessions prepared
 * straight in the database (login is not what is measured), then
 *   1. 500 starts at once (each POST followed by the attempt page it redirects to, as a browser does);
 *   2. answer saves, open loop at --save-rate (100/s: 2,500 learners answering 25 questions in about
 *      ten minutes), posted as the page's background autosave does (the action's `.data` URL);
 *   3. submits arriving open loop at --rate (200/s) for --seconds (10), each followed by the result
 *      page; latency counts from when the submit was due, so a growing queue shows (no coordinated omission);
 *   4. 500 submits in flight at once, each followed by the result page.
 * Then it counts rows: every submit that was answered must be a graded attempt, every pass its certificate.
 * Targets: (3) p99 under 1 s, (4) all recorded, no 5xx, p99 under 3 s, (1) p95 under 2 s, (2) p95 under 300 ms.
 * The machine's own ceiling is measured in the same command (a bare node:http server answering the
 * result page's bytes, 50 connections) so runs on a noisy machine can be compared by their ratio,
 * and each scenario prints the server's CPU per operation (primary and workers, from /proc), which
 * other load on the machine moves far less than latency.
 *   npm run build && npm run bench:exam            npm run bench:exam -- --postgres
 * Before them, --warm-up (200) other learners each take the whole exam (start, attempt page, submit,
 * result page; four at a time, so both workers serve them), unmeasured: a worker runs a page at about
 * twice its CPU for its first few thousand requests while V8 compiles it (tests/bench/HISTORY.md,
 * session 22); --warm-up=0 measures cold workers, as the bench did before.
 * Options: --learners=2500 --rate=200 --seconds=10 --save-rate=100 --burst=500 --warm-up=200;
 * BENCH_PROFILE=dir writes CPU profiles of the server processes.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import type { Question } from '../../app/domain/exam/bank.ts'
import { drawQuestions, random } from '../../app/domain/exam/draw.ts'
import { attemptTokens, encodeAnswer } from '../../app/domain/exam/tokens.ts'
import { answeredRows, answerOf, bank, byId, COURSE, returningBrowserCookie, seedLearners, type Learner } from './exam-learners.ts'
import { bareServer, cpuSeconds, measure, startBenchApp } from './harness.ts'
import { createHmac, randomBytes } from 'node:crypto'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1]
  return value ? Number(value) : fallback
}
const LEARNERS = option('learners', 2500)
const RATE = option('rate', 200)
const SECONDS = option('seconds', Number(process.env.BENCH_SECONDS ?? 10))
const SAVE_RATE = option('save-rate', 100)
const BURST = option('burst', 500)
const WARM_UP = option('warm-up', 200)
const TARGETS = { arrivalsP99: 1000, burstP99: 3000, startsP95: 2000, savesP95: 300 }
const ARRIVALS = Math.min(RATE * SECONDS, LEARNERS - BURST)

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(', ')

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

interface Outcome {
  ms: number
  status: number
  /** The page that follows (the attempt page after a start, the result page after a submit). */
  thenStatus?: number
  thenMs?: number
  error?: string
}

interface Summary {
  name: string
  count: number
  p50: number
  p95: number
  p99: number
  max: number
  errors: number
  serverErrors: number
  /** CPU the server (primary and workers) spent per operation of the scenario: hardly moved by other load, unlike latency. */
  cpuMs?: number
}

function summarise(name: string, outcomes: Outcome[], total = (o: Outcome) => o.ms + (o.thenMs ?? 0)): Summary {
  const sorted = outcomes.map(total).sort((a, b) => a - b)
  return {
    name,
    count: outcomes.length,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
    errors: outcomes.filter((o) => o.error).length,
    serverErrors: outcomes.filter((o) => o.status >= 500 || (o.thenStatus ?? 0) >= 500).length,
  }
}

// ---------------------------------------------------------------------------------------------------
// The learners and their attempts, written straight into the database through the app's Prisma client.

const { app, databaseUrl, stopDatabase } = await startBenchApp({ NOTIFICATIONS_INTERVAL_MS: '0' })
process.env.DATABASE_URL = databaseUrl
const { db } = await import('../../app/server/platform/db.server.ts')
/** Attempts started twenty minutes ago, every question answered, as if each learner had been at it since. */
async function seedAttempts(learners: Learner[], contentVersion: string) {
  const startedAt = new Date(Date.now() - 20 * 60_000)
  const deadline = new Date(startedAt.getTime() + bank.rules.timeLimitMinutes * 60_000)
  for (let start = 0; start < learners.length; start += 250) {
    const attempts = []
    for (const learner of learners.slice(start, start + 250)) {
      const seed = randomBytes(12).toString('hex')
      const attemptId = `bench-attempt-${learner.userId}`
      learner.attemptId = attemptId
      const questionIds = drawQuestions(bank, seed)
      attempts.push({ id: attemptId, userId: learner.userId, courseSlug: COURSE, examId: bank.id, contentVersion, seed, optionSalt: randomBytes(16).toString('base64url'), questionIds: JSON.stringify(questionIds), locale: 'ru' as const, startedAt, deadline })
    }
    await db.examAttempt.createMany({ data: attempts })
    await db.examAnswer.createMany({ data: answeredRows(attempts, new Date(startedAt.getTime() + 60_000)) })
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP, as a browser without JavaScript does (but for the autosave, which only exists with it).

const base = app.url
const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

/**
 * node:http rather than fetch: fetch gives up on a connection not accepted within 10 s, where a
 * browser keeps trying; a submit that waits is measured, not dropped. Keep-alive, as a browser's.
 */
let agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
/**
 * Fresh connections for each scenario: a connection left idle between scenarios may be closed by the
 * server (its keep-alive timeout) just as a request is sent on it, a reset no browser would see.
 */
function freshConnections() {
  agent.destroy()
  agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
}

function timed(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ ms: number; status: number; location: string | null }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: { ...init.headers, ...(init.body ? { 'Content-Length': String(Buffer.byteLength(init.body)) } : {}) }, agent }, (response) => {
      response.on('data', () => {})
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, location: response.headers.location ?? null }))
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end(init.body)
  })
}

/** A POST and the page its redirect names; `due` is when it should have been sent (open loop). */
async function postThenPage(learner: Learner, path: string, body: string, due = performance.now()): Promise<Outcome & { location: string | null }> {
  try {
    const post = await timed(base + path, { method: 'POST', headers: { ...form, cookie: learner.cookie }, body })
    const ms = performance.now() - due
    if (post.status !== 302 || !post.location) return { ms, status: post.status, location: null, error: `POST ${path} answered ${post.status}` }
    const page = await timed(base + post.location, { headers: { cookie: learner.cookie } })
    return { ms, status: post.status, thenStatus: page.status, thenMs: page.ms, location: post.location, error: page.status === 200 ? undefined : `GET ${post.location} answered ${page.status}` }
  } catch (error) {
    return { ms: performance.now() - due, status: 0, location: null, error: String(error) }
  }
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())))

/** Sends `count` tasks at `rate` a second from now, without waiting for answers (open loop). */
async function openLoop<T>(count: number, rate: number, task: (i: number, due: number) => Promise<T>): Promise<T[]> {
  const t0 = performance.now() + 50
  const running: Array<Promise<T>> = []
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate
    await sleepUntil(due)
    running.push(task(i, due))
  }
  return Promise.all(running)
}

async function ceiling(bytes: Buffer): Promise<number> {
  const bare = await bareServer(bytes, 'text/html; charset=utf-8')
  try {
    return (await measure('bare', bare.url, { connections: 50, seconds: 3, warmupSeconds: 1 })).requestsPerSecond
  } finally {
    await bare.close()
  }
}

/** CPU seconds used so far by the server: its primary and every worker (Linux /proc). */
function serverCpu(): number {
  let children: number[] = []
  try {
    children = fs.readFileSync(`/proc/${app.pid}/task/${app.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    // Not Linux: no CPU figures.
  }
  return [app.pid, ...children].reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0)
}

/** Runs a scenario and gives the server's CPU per operation with its outcomes. */
async function withCpu<T extends unknown[]>(run: () => Promise<T>): Promise<{ outcomes: T; cpuMs: number }> {
  const before = serverCpu()
  const outcomes = await run()
  return { outcomes, cpuMs: Math.round(((serverCpu() - before) * 1000 * 10) / Math.max(1, outcomes.length)) / 10 }
}

const provider = databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'
const results: Summary[] = []
/** Each scenario's figures as soon as it ends (the table repeats them at the end). */
const progress = (...rows: Summary[]) => {
  for (const r of rows) console.log(`  ${r.name}: p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.errors} errors${r.cpuMs !== undefined ? `, server CPU ${r.cpuMs} ms each` : ''} (load average ${load()})`)
  results.push(...rows)
}
const lines: string[] = []
const verdict = (met: boolean, text: string) => lines.push(`${met ? 'met    ' : 'NOT met'}  ${text}`)
try {
  console.log(`Seeding ${LEARNERS} learners with sessions (${provider})…`)
  // Learners' browsers have been here before (the course): pages link the stylesheet (returningBrowserCookie).
  const browserCookie = await returningBrowserCookie(base)
  const learners = await seedLearners(db, LEARNERS, 'bench-learner', browserCookie)
  const starters = learners.slice(0, BURST)
  const arriving = learners.slice(BURST, BURST + ARRIVALS)
  // Warm both workers up (JIT, compiled course, statements): other learners take the whole exam, unmeasured.
  for (let i = 0; i < 20; i++) {
    const page = await fetch(`${base}/courses/${COURSE}/exam`, { headers: { cookie: learners[LEARNERS - 1]?.cookie ?? '' } }).then((r) => r.text())
    if (page.includes('<style')) throw new Error('the exam page carries the stylesheet inside: the learner is not a returning browser')
  }
  if (WARM_UP > 0) {
    const warming = await seedLearners(db, WARM_UP, 'bench-warm-up', browserCookie)
    const t0 = performance.now()
    const failed: string[] = []
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = lane; i < warming.length; i += 4) {
          const learner = warming[i] as Learner
          const start = await postThenPage(learner, `/courses/${COURSE}/exam`, 'intent=start')
          const attemptPath = start.location ? new URL(start.location, base).pathname : ''
          const attemptId = attemptPath.split('/').pop() ?? ''
          const attempt = await db.examAttempt.findUnique({ where: { id: attemptId }, select: { id: true, seed: true, questionIds: true } })
          if (start.error || !attempt) {
            failed.push(start.error ?? `no attempt ${attemptId}`)
            continue
          }
          await db.examAnswer.createMany({ data: answeredRows([attempt]) })
          const submit = await postThenPage(learner, attemptPath, 'intent=submit')
          if (submit.error) failed.push(submit.error)
        }
      }),
    )
    if (failed.length) throw new Error(`warm-up: ${failed.length} failed, first: ${failed[0]}`)
    console.log(`Warmed up: ${WARM_UP} other learners took the exam in ${((performance.now() - t0) / 1000).toFixed(1)} s (unmeasured).`)
  }
  console.log(`Server pid ${app.pid} (2 workers). Load average before: ${load()} on ${os.availableParallelism()} cores.`)

  // 1. Starts, all at once.
  freshConnections()
  const { outcomes: starts, cpuMs: startCpu } = await withCpu(() => Promise.all(starters.map((learner) => postThenPage(learner, `/courses/${COURSE}/exam`, 'intent=start'))))
  starters.forEach((learner, i) => (learner.attemptId = starts[i]?.location?.split('/').pop() ?? undefined))
  progress(summarise(`${BURST} starts at once: POST`, starts, (o) => o.ms), { ...summarise(`${BURST} starts at once: POST + attempt page`, starts), cpuMs: startCpu })
  const startErrors = starts.filter((s) => s.error)
  if (startErrors.length) console.log(`start errors (first 3): ${startErrors.slice(0, 3).map((s) => s.error).join('; ')}`)
  const started = await db.examAttempt.count({ where: { userId: { startsWith: 'bench-learner-' }, status: 'IN_PROGRESS' } })
  verdict(started === BURST && startErrors.length === 0, `${BURST} starts: ${started} attempts open, ${startErrors.length} errors`)

  // The others' attempts, twenty minutes in, straight into the database; the starters' answers too.
  const contentVersion = (await db.examAttempt.findFirst({ where: { userId: starters[0]?.userId }, select: { contentVersion: true } }))?.contentVersion ?? ''
  await seedAttempts(learners.slice(BURST), contentVersion)
  const open = await db.examAttempt.findMany({ where: { userId: { startsWith: 'bench-learner-' }, id: { not: { startsWith: 'bench-attempt-' } } }, select: { id: true, seed: true, questionIds: true } })
  await db.examAnswer.createMany({ data: answeredRows(open) })

  // 2. Answer saves, as the page's autosave posts them (one question's fields, js=1, no page reload).
  const attempts = new Map((await db.examAttempt.findMany({ where: { userId: { startsWith: 'bench-learner-' } }, select: { id: true, seed: true, optionSalt: true, questionIds: true } })).map((a) => [a.id, a]))
  const saveCount = SAVE_RATE * SECONDS
  freshConnections()
  const { outcomes: saves, cpuMs: saveCpu } = await withCpu(() => openLoop(saveCount, SAVE_RATE, async (i, due) => {
    const learner = learners[(i * 7) % LEARNERS] as Learner
    const attempt = attempts.get(learner.attemptId ?? '')
    if (!attempt) return { ms: 0, status: 0, error: 'no attempt' }
    const salt = attempt.optionSalt ?? ''
    const tokens = attemptTokens((message) => createHmac('sha256', salt).update(message).digest('base64url').slice(0, 12))
    const ids = JSON.parse(attempt.questionIds) as string[]
    const question = byId.get(ids[i % ids.length] ?? '') as Question
    const fields = encodeAnswer(question, answerOf(question, random(i)), tokens)
    const body = new URLSearchParams([['intent', 'save'], ['js', '1'], ['questionId', tokens.question(question.id)], ...fields.values.map((v) => ['answer', v]), ...Object.entries(fields.positions).map(([k, v]) => [`pos.${k}`, v]), ...Object.entries(fields.matches).map(([k, v]) => [`match.${k}`, v])])
    try {
      const saved = await timed(`${base}/courses/${COURSE}/exam/${attempt.id}.data`, { method: 'POST', headers: { ...form, cookie: learner.cookie }, body: body.toString() })
      return { ms: performance.now() - due, status: saved.status, error: saved.status === 200 ? undefined : `save answered ${saved.status}` }
    } catch (error) {
      return { ms: performance.now() - due, status: 0, error: String(error) }
    }
  }))
  progress({ ...summarise(`answer saves, ${SAVE_RATE}/s for ${SECONDS} s`, saves), cpuMs: saveCpu })

  // 3. Submits arriving at RATE a second, each followed by the result page.
  const submitPath = (learner: Learner) => `/courses/${COURSE}/exam/${learner.attemptId}`
  freshConnections()
  const { outcomes: arrivals, cpuMs: arrivalCpu } = await withCpu(() => openLoop(arriving.length, RATE, (i, due) => postThenPage(arriving[i] as Learner, submitPath(arriving[i] as Learner), 'intent=submit', due)))
  progress(summarise(`submits arriving at ${RATE}/s for ${SECONDS} s: POST`, arrivals, (o) => o.ms), { ...summarise(`submits arriving at ${RATE}/s: POST + result page`, arrivals), cpuMs: arrivalCpu })

  // 4. The starters' submits, all in flight at once.
  freshConnections()
  const { outcomes: burst, cpuMs: burstCpu } = await withCpu(() => Promise.all(starters.map((learner) => postThenPage(learner, submitPath(learner), 'intent=submit'))))
  progress(summarise(`${BURST} submits at once: POST`, burst, (o) => o.ms), { ...summarise(`${BURST} submits at once: POST + result page`, burst), cpuMs: burstCpu })

  // Everything answered must be in the database: graded, and a certificate for every pass.
  const submitted = [...arrivals.map((o, i) => [o, arriving[i]] as const), ...burst.map((o, i) => [o, starters[i]] as const)]
  const answered = submitted.filter(([o]) => o.status === 302).length
  const benchLearner = { userId: { startsWith: 'bench-learner-' } }
  const graded = await db.examAttempt.count({ where: { ...benchLearner, status: 'SUBMITTED', points: { not: null } } })
  const passes = await db.examAttempt.count({ where: { ...benchLearner, passed: true } })
  const certified = await db.certificate.count({ where: benchLearner })
  const submits = submitted.length
  const serverErrors = submitted.filter(([o]) => o.status >= 500 || (o.thenStatus ?? 0) >= 500).length
  const failed = submitted.filter(([o]) => o.error).map(([o]) => o)
  if (failed.length) console.log(`submit errors (first 3): ${failed.slice(0, 3).map((o) => o.error).join('; ')}`)
  verdict(graded === submits && certified === passes && serverErrors === 0, `every submit recorded: ${graded} of ${submits} graded (${answered} answered), ${certified} certificates for ${passes} passes, ${serverErrors} 5xx`)

  const get = (prefix: string) => results.find((r) => r.name.startsWith(prefix)) as Summary
  const arrivalsTotal = get(`submits arriving at ${RATE}/s: POST + result`)
  verdict(arrivalsTotal.p99 < TARGETS.arrivalsP99 && arrivalsTotal.errors === 0, `submits at ${RATE}/s, submit + result page p99 < ${TARGETS.arrivalsP99} ms: ${arrivalsTotal.p99} ms`)
  const burstTotal = get(`${BURST} submits at once: POST + result`)
  verdict(burstTotal.p99 < TARGETS.burstP99 && burstTotal.serverErrors === 0, `${BURST} submits at once, p99 < ${TARGETS.burstP99} ms, no 5xx: ${burstTotal.p99} ms, ${burstTotal.serverErrors} 5xx`)
  const startsTotal = get(`${BURST} starts at once: POST + attempt`)
  verdict(startsTotal.p95 < TARGETS.startsP95 && startsTotal.errors === 0, `${BURST} starts at once, start + attempt page p95 < ${TARGETS.startsP95} ms: ${startsTotal.p95} ms`)
  const savesRow = get('answer saves')
  verdict(savesRow.p95 < TARGETS.savesP95 && savesRow.errors === 0, `answer saves p95 < ${TARGETS.savesP95} ms: ${savesRow.p95} ms`)

  // The machine's ceiling, now that the app is idle: the same bytes as the result page from bare node:http.
  const resultPage = await fetch(base + submitPath(arriving[0] as Learner), { headers: { cookie: arriving[0]?.cookie ?? '' } })
  const bare = await ceiling(Buffer.from(await resultPage.arrayBuffer()))

  console.log(`\nFinal exam, ${LEARNERS} learners, 2 workers, ${provider} (load average after: ${load()}; bare node:http on this machine: ${bare} req/s)`)
  console.log('| scenario | n | p50 ms | p95 ms | p99 ms | max ms | errors | 5xx | server CPU ms each |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) console.log(`| ${r.name} | ${r.count} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.errors} | ${r.serverErrors} | ${r.cpuMs ?? ''} |`)
  console.log(`\nTargets (issue 15):`)
  for (const line of lines) console.log(line)
  // What the server said about failures (a worker that exited, a query that failed): each message once, with its count.
  const { stdout, stderr } = app.output()
  const trouble = new Map<string, number>()
  for (const line of `${stdout}\n${stderr}`.split('\n').filter((l) => /"level":(50|60)|exited|Error/.test(l))) {
    let message = line.slice(0, 300)
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } }
      message = `${entry.msg ?? ''} ${entry.err?.message ?? ''}`.replace(/\s+/g, ' ').trim().slice(0, 300)
    } catch {
      // Not a log line: kept as it is.
    }
    trouble.set(message, (trouble.get(message) ?? 0) + 1)
  }
  if (trouble.size) console.log(`\nServer errors:\n${[...trouble].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([m, n]) => `${n} × ${m}`).join('\n')}`)
} finally {
  await db.$disconnect()
  await app.stop()
  await stopDatabase()
}
