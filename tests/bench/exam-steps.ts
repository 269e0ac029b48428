/**
 * Where a final exam's server CPU goes, step by step: one server process (WEB_CONCURRENCY=1), one
 * request at a time, so the figures hardly move with other load on the machine (unlike the latency of
 * bench:exam's bursts). For --learners (300) learners with sessions in the database, each step in turn
 * for all of them, as a browser without JavaScript makes it: the start (POST), the attempt page it
 * redirects to, the submit (POST; every question answered meanwhile, straight into the database) and
 * the result page. Prints the server's CPU per request of each step (from /proc), the pages' sizes and
 * the medians of the Server-Timing parts. Identity encoding, as bench:exam.
 * --warm-up (20) learners take the exam first, unmeasured (more settles V8's compiling: tests/bench/HISTORY.md,
 * session 22).
 *   npm run build && npm run bench:exam-steps            npm run bench:exam-steps -- --postgres
 */
import { answeredRows, COURSE, returningBrowserCookie, seedLearners, type Learner } from './exam-learners.ts'
import { cpuSeconds, startBenchApp } from './harness.ts'

const LEARNERS = Number(process.argv.find((arg) => arg.startsWith('--learners='))?.split('=')[1] ?? 300)
const WARM_UP = Number(process.argv.find((arg) => arg.startsWith('--warm-up='))?.split('=')[1] ?? 20)

const { app, databaseUrl, stopDatabase } = await startBenchApp({ NOTIFICATIONS_INTERVAL_MS: '0', WEB_CONCURRENCY: '1' })
process.env.DATABASE_URL = databaseUrl
const { db } = await import('../../app/server/platform/db.server.ts')

interface Answered {
  status: number
  location: string | null
  timing: string
  bytes: number
}

async function send(learner: Learner, path: string, body?: string): Promise<Answered> {
  const response = await fetch(app.url + path, {
    method: body ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: learner.cookie, 'Accept-Encoding': 'identity', ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body,
  })
  const bytes = (await response.arrayBuffer()).byteLength
  return { status: response.status, location: response.headers.get('location'), timing: response.headers.get('server-timing') ?? '', bytes }
}

const timings = new Map<string, number[]>()
function note(step: string, timing: string) {
  for (const part of timing.split(',')) {
    const match = /^\s*([^;]+);dur=([\d.]+)/.exec(part)
    if (match) timings.set(`${step}: ${match[1]}`, [...(timings.get(`${step}: ${match[1]}`) ?? []), Number(match[2])])
  }
}

const rows: string[] = []
const sizes: Record<string, number> = {}
/** Runs `step` for every learner, one after another, and records the server's CPU per request. */
async function step(name: string, learners: Learner[], expected: number, request: (learner: Learner) => Promise<Answered>) {
  const before = cpuSeconds(app.pid) ?? 0
  const started = performance.now()
  for (const learner of learners) {
    const answered = await request(learner)
    if (answered.status !== expected) throw new Error(`${name} answered ${answered.status}, not ${expected}`)
    note(name, answered.timing)
    sizes[name] = answered.bytes
  }
  const cpuMs = (((cpuSeconds(app.pid) ?? 0) - before) * 1000) / learners.length
  rows.push(`| ${name} | ${cpuMs.toFixed(2)} | ${((performance.now() - started) / learners.length).toFixed(2)} | ${((sizes[name] ?? 0) / 1024).toFixed(1)} |`)
  console.log(`  ${name}: ${cpuMs.toFixed(2)} ms of server CPU a request`)
}

async function answerAll(learners: Learner[]) {
  const attempts = await db.examAttempt.findMany({ where: { id: { in: learners.map((l) => l.attemptId ?? '') } }, select: { id: true, seed: true, questionIds: true } })
  await db.examAnswer.createMany({ data: answeredRows(attempts) })
}

try {
  // Learners' browsers have been here before (the course): pages link the stylesheet (returningBrowserCookie).
  const all = await seedLearners(db, LEARNERS + WARM_UP, 'bench-learner', await returningBrowserCookie(app.url))
  const learners = all.slice(0, LEARNERS)
  // Warm the server up (JIT, the compiled course, prepared statements) with learners no one measures.
  for (const learner of all.slice(LEARNERS)) {
    const start = await send(learner, `/courses/${COURSE}/exam`, 'intent=start')
    learner.attemptId = start.location?.split('/').pop()
    await send(learner, start.location ?? '')
    await answerAll([learner])
    await send(learner, start.location ?? '', 'intent=submit')
    await send(learner, start.location ?? '')
  }
  const attemptPath = (learner: Learner) => `/courses/${COURSE}/exam/${learner.attemptId}`
  console.log(`${LEARNERS} learners, one request at a time, server pid ${app.pid} (one process)`)
  await step('start (POST)', learners, 302, async (learner) => {
    const answered = await send(learner, `/courses/${COURSE}/exam`, 'intent=start')
    learner.attemptId = answered.location?.split('/').pop()
    return answered
  })
  await step('attempt page', learners, 200, (learner) => send(learner, attemptPath(learner)))
  await answerAll(learners)
  await step('submit (POST)', learners, 302, (learner) => send(learner, attemptPath(learner), 'intent=submit'))
  await step('result page', learners, 200, (learner) => send(learner, attemptPath(learner)))
  const graded = await db.examAttempt.count({ where: { id: { in: learners.map((l) => l.attemptId ?? '') }, points: { not: null } } })
  if (graded !== LEARNERS) throw new Error(`${graded} of ${LEARNERS} attempts graded`)

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
  console.log(`\nFinal exam step by step, ${LEARNERS} learners, one request at a time, ${databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}`)
  console.log('| step | server CPU ms a request | wall ms a request | size KB |\n| --- | ---: | ---: | ---: |')
  console.log(rows.join('\n'))
  console.log('\nServer-Timing, medians (ms):')
  for (const [part, values] of timings) console.log(`  ${part}: ${median(values).toFixed(2)}`)
} finally {
  await db.$disconnect()
  await app.stop()
  await stopDatabase()
}
