/**
 * Two builds side by side: another checkout's (an earlier commit in a git worktree, built there) and
 * this one's, served at the same time, each on its own fresh SQLite database with the demo data, and
 * the same requests sent to them in turn, one at a time. Prints each step's server CPU per request
 * (from /proc) for both, and the change. On a machine whose speed moves by half within minutes, runs
 * one after the other compare the machine's moments; this compares the builds (tests/bench/HISTORY.md,
 * session 15).
 *
 *   git worktree add ../before <commit> && ln -s "$PWD/node_modules" ../before/node_modules
 *   cp -r app/server/platform/generated ../before/app/server/platform/ && (cd ../before && npm run build)
 *   npm run build && npm run bench:compare -- ../before [--learners=300]
 *
 * Steps, for --learners learners with sessions and every lesson of the course completed (the exam
 * starts only then) written into both databases: an exam's start (POST), its attempt page, the
 * submit (every question answered meanwhile, straight into the database), the result page, then the
 * lesson page twice (the first visit records it, the lessons having been seen an hour before; the
 * second only reads).
 */
import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Question } from '../../app/domain/exam/bank.ts'
import { random, seedFrom } from '../../app/domain/exam/draw.ts'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import type { RunningApp } from '../support/app-server.ts'
import { answerOf, byId, COURSE, lessons } from './exam-learners.ts'
import { cpuSeconds, startBenchApp } from './harness.ts'

const args = process.argv.slice(2)
const other = args.find((arg) => !arg.startsWith('--'))
if (!other) throw new Error('Name the other checkout: npm run bench:compare -- ../before')
const LEARNERS = Number(args.find((arg) => arg.startsWith('--learners='))?.split('=')[1] ?? 300)
const WARM_UP = 10
const LESSON = `/courses/${COURSE}/03-rights`

interface Served {
  name: string
  app: RunningApp
  stopDatabase: () => Promise<void>
  sql: Database.Database
  cookies: string[]
  attempts: string[]
  cpu: Map<string, number>
}

const iso = (date: Date) => date.toISOString().replace('Z', '+00:00')

/** Starts the checkout's build on a fresh database and writes the learners into it (as Prisma would store them). */
async function serve(tree: string): Promise<Served> {
  const here = process.cwd()
  process.chdir(tree)
  try {
    const { app, databaseUrl, stopDatabase } = await startBenchApp({ NOTIFICATIONS_INTERVAL_MS: '0', WEB_CONCURRENCY: '1' })
    const sql = new Database(sqlitePath(databaseUrl))
    const cookies: string[] = []
    const user = sql.prepare(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt") VALUES (?, ?, ?, '', 'ru', ?)`)
    const session = sql.prepare(`INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES (?, ?, ?)`)
    const progress = sql.prepare(`INSERT INTO "LessonProgress" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "openedAt", "lastSeenAt", "completedAt", "completedBy") VALUES (?, ?, ?, ?, 'compare', ?, ?, ?, 'learner')`)
    const hourAgo = iso(new Date(Date.now() - 3600_000))
    sql.transaction(() => {
      for (let i = 0; i < LEARNERS + WARM_UP; i++) {
        const token = randomBytes(20).toString('hex')
        user.run(`compare-${i}`, `compare-${i}@example.org`, `Learner ${i}`, iso(new Date()))
        session.run(createHash('sha256').update(token).digest('hex'), `compare-${i}`, iso(new Date(Date.now() + 24 * 3600_000)))
        for (const lesson of lessons) progress.run(`compare-${i}-${lesson}`, `compare-${i}`, COURSE, lesson, hourAgo, hourAgo, hourAgo)
        cookies.push(`os_session=${token}; lng=ru`)
      }
    })()
    return { name: path.basename(path.resolve(tree)), app, stopDatabase, sql, cookies, attempts: [], cpu: new Map() }
  } finally {
    process.chdir(here)
  }
}

async function send(served: Served, i: number, target: string, body?: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(served.app.url + target, {
    method: body ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: served.cookies[i] ?? '', 'Accept-Encoding': 'identity', ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body,
  })
  await response.arrayBuffer()
  return { status: response.status, location: response.headers.get('location') }
}

async function expectStatus(answer: Promise<{ status: number; location: string | null }>, status: number, what: string) {
  const answered = await answer
  if (answered.status !== status) throw new Error(`${what} answered ${answered.status}, not ${status}`)
  return answered
}

/** Every question of these attempts answered, straight into the database. */
function answerAll(served: Served, attemptIds: string[]) {
  const attempts = served.sql.prepare(`SELECT "id", "seed", "questionIds" FROM "ExamAttempt" WHERE "id" IN (SELECT value FROM json_each(?))`).all(JSON.stringify(attemptIds)) as Array<{ id: string; seed: string; questionIds: string }>
  const insert = served.sql.prepare(`INSERT INTO "ExamAnswer" ("attemptId", "questionId", "answer", "savedAt") VALUES (?, ?, ?, ?)`)
  served.sql.transaction(() => {
    for (const attempt of attempts) {
      const next = random(seedFrom(attempt.seed))
      for (const id of JSON.parse(attempt.questionIds) as string[]) insert.run(attempt.id, id, JSON.stringify(answerOf(byId.get(id) as Question, next)), iso(new Date()))
    }
  })()
}

type Step = (served: Served, i: number) => Promise<unknown>
const start: Step = async (served, i) => {
  const answered = await expectStatus(send(served, i, `/courses/${COURSE}/exam`, 'intent=start'), 302, 'the start')
  served.attempts[i] = answered.location ?? ''
}
const attemptPage: Step = (served, i) => expectStatus(send(served, i, served.attempts[i] ?? ''), 200, 'the attempt page')
const submit: Step = (served, i) => expectStatus(send(served, i, served.attempts[i] ?? '', 'intent=submit'), 302, 'the submit')
const lesson: Step = (served, i) => expectStatus(send(served, i, LESSON), 200, 'the lesson page')
const attemptIdOf = (served: Served, i: number) => served.attempts[i]?.split('/').pop() ?? ''

const both: Served[] = []
try {
  both.push(await serve(other), await serve('.'))
  const [before, after] = both as [Served, Served]
  /** The step for learners [from, to), the two servers in turn (each goes first every other time). */
  const step = async (name: string, from: number, to: number, run: Step, measured = true) => {
    for (let i = from; i < to; i++) {
      for (const served of i % 2 ? [before, after] : [after, before]) {
        const cpu = cpuSeconds(served.app.pid) ?? 0
        await run(served, i)
        if (measured) served.cpu.set(name, (served.cpu.get(name) ?? 0) + (cpuSeconds(served.app.pid) ?? 0) - cpu)
      }
    }
  }
  // Warm both up (JIT, the compiled course, prepared statements) with learners no one measures.
  await step('warm-up', LEARNERS, LEARNERS + WARM_UP, async (served, i) => {
    await start(served, i)
    await attemptPage(served, i)
    answerAll(served, [attemptIdOf(served, i)])
    await submit(served, i)
    await attemptPage(served, i)
    await lesson(served, i)
  }, false)
  await step('exam start (POST)', 0, LEARNERS, start)
  await step('attempt page', 0, LEARNERS, attemptPage)
  for (const served of both) answerAll(served, Array.from({ length: LEARNERS }, (_, i) => attemptIdOf(served, i)))
  await step('submit (POST)', 0, LEARNERS, submit)
  await step('result page', 0, LEARNERS, attemptPage)
  await step('lesson page, first visit', 0, LEARNERS, lesson)
  await step('lesson page, second visit', 0, LEARNERS, lesson)
  console.log(`\n${LEARNERS} learners a step, the two servers in turn, one request at a time; ms of server CPU a request`)
  console.log(`| step | ${before.name} | ${after.name} | change |\n| --- | ---: | ---: | ---: |`)
  for (const name of after.cpu.keys()) {
    const [was, now] = [before, after].map((served) => ((served.cpu.get(name) ?? 0) * 1000) / LEARNERS) as [number, number]
    console.log(`| ${name} | ${was.toFixed(2)} | ${now.toFixed(2)} | ${was > 0 ? `${(((now - was) / was) * 100).toFixed(0)}%` : '—'} |`)
  }
} finally {
  for (const served of both) {
    served.sql.close()
    await served.app.stop()
    await served.stopDatabase()
  }
}
