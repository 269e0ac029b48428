/**
 * A database too busy to write (another process holds SQLite's write lock past SQLITE_LOCK_WAIT_MS):
 * the built app answers 503 with Retry-After and a translated "try again" page, changes nothing,
 * keeps answering reads meanwhile, and works again once the lock is free. A final exam's autosave
 * says so on its question instead of giving way to an error page.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { isDatabaseBusy } from '~/server/platform/database-busy.server.ts'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { examPageQuestions } from '../support/page-text.ts'

const EXAM = '/courses/basics/exam'
/** How long the app waits for the lock here (10 s in production). */
const LOCK_WAIT_MS = 300

describe.runIf(databaseProvider() === 'sqlite')('a database too busy to write', () => {
  let app: RunningApp

  beforeAll(async () => {
    const fixture = setUpExamFixtureCourse()
    await buildCatalog()
    app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir, SQLITE_LOCK_WAIT_MS: String(LOCK_WAIT_MS) })
  })
  afterAll(async () => {
    await app?.stop()
  })

  /** Runs `work` while another connection (a second worker, a command beside the server) holds the write lock. */
  async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
    const { default: Database } = await import('better-sqlite3')
    const other: BetterSqlite3.Database = new Database(sqlitePath(process.env.DATABASE_URL ?? ''))
    try {
      other.prepare('BEGIN IMMEDIATE').run()
      return await work()
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run()
      other.close()
    }
  }

  it('answers a write 503 with Retry-After and a translated page, changes nothing, and serves reads meanwhile', async () => {
    const user = await createUser({ locale: 'ru' })
    const sessionsBefore = await db.session.count({ where: { userId: user.id } })
    const pages = { ru, kk, en }
    for (const [locale, texts] of Object.entries(pages)) {
      const client = new Client(app.url, { 'Accept-Language': locale })
      const { refused, read } = await whileLocked(async () => ({
        refused: await client.post('/login', { email: user.email, password: TEST_PASSWORD }),
        // Reads do not wait for the writer (WAL).
        read: await client.get('/login'),
      }))
      expect(refused.status).toBe(503)
      expect(refused.headers.get('Retry-After')).toBe('5')
      expect(refused.headers.getSetCookie().some((line) => line.startsWith('os_session='))).toBe(false)
      const page = await refused.text()
      expect(page).toContain(texts.errors.busy.title)
      expect(page).toContain(texts.errors.busy.again)
      expect(page).not.toContain(texts.errors.server.title)
      expect(read.status).toBe(200)
      // Once the lock is free, the same login goes through.
      expect((await client.post('/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(302)
    }
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionsBefore + 3)
    expect(app.output().stdout).toContain('The database was too busy for this request; answered 503.')
  })

  it('tells a learner on the exam’s question that the answer was not saved, and saves it once the lock is free', async () => {
    const user = await createUser({ locale: 'en' })
    await completeLessons(user.id, 'basics')
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login(user.email, TEST_PASSWORD)
    const attemptUrl = (await client.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    expect(attemptUrl).toMatch(/^\/courses\/basics\/exam\/\w+$/)
    const attemptId = attemptUrl.split('/').pop() ?? ''
    const question = examPageQuestions(await (await client.get(attemptUrl)).text()).find((q) => q.text === 'Question?')
    const yes = question?.choices.find((o) => o.label === 'Yes')?.value ?? ''
    const save = { intent: 'save', questionId: question?.token ?? '', answer: yes }

    const { withJs, withoutJs } = await whileLocked(async () => ({
      withJs: await client.post(`${attemptUrl}.data`, { ...save, js: '1' }),
      withoutJs: await client.post(attemptUrl, save),
    }))
    // The page's autosave: its fetcher gets the refusal as data, shown on the question.
    expect(withJs.status).toBe(503)
    expect(withJs.headers.get('Retry-After')).toBe('5')
    expect(await withJs.text()).toContain('busy')
    // Without JavaScript: back to the question, which says why.
    expect(withoutJs.status).toBe(302)
    const back = withoutJs.headers.get('Location') ?? ''
    expect(back).toBe(`${attemptUrl}?error=busy&q=${encodeURIComponent(question?.token ?? '')}#q-${question?.token ?? ''}`)
    expect(await (await client.get(back.split('#')[0] ?? '')).text()).toContain(en.exam.saveError.busy)
    expect(await db.examAnswer.count({ where: { attemptId } })).toBe(0)

    expect((await client.post(`${attemptUrl}.data`, { ...save, js: '1' })).status).toBe(200)
    expect(await db.examAnswer.count({ where: { attemptId } })).toBe(1)
  })
})

describe.runIf(databaseProvider() === 'postgresql')('a PostgreSQL deadlock', () => {
  it('is recognised as the database being too busy (answered 503, not 500), and the survivor commits', async () => {
    const [first, second] = [await createUser(), await createUser()]
    let aHolds!: () => void
    const aHolding = new Promise<void>((resolve) => (aHolds = resolve))
    let bHolds!: () => void
    const bHolding = new Promise<void>((resolve) => (bHolds = resolve))
    // Each takes one row, then wants the other's: PostgreSQL ends one of them with a deadlock error.
    const a = db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: first.id }, data: { name: 'A first' } })
      aHolds()
      await bHolding
      await tx.user.update({ where: { id: second.id }, data: { name: 'A second' } })
    }, { timeout: 15_000 })
    const b = db.$transaction(async (tx) => {
      await aHolding
      await tx.user.update({ where: { id: second.id }, data: { name: 'B second' } })
      bHolds()
      await tx.user.update({ where: { id: first.id }, data: { name: 'B first' } })
    }, { timeout: 15_000 })
    const outcomes = await Promise.allSettled([a, b])
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(failed).toHaveLength(1)
    expect(isDatabaseBusy(failed[0]?.reason)).toBe(true)
    // The survivor's two writes are there together; the loser's are not.
    const names = (await db.user.findMany({ where: { id: { in: [first.id, second.id] } }, select: { name: true } })).map((u) => u.name).sort()
    expect([['A first', 'A second'], ['B first', 'B second']]).toContainEqual(names)
  })
})
