/**
 * Two app servers on one PostgreSQL database, as "Deploying several app servers on one PostgreSQL"
 * describes (PostgreSQL pass only: `npm run test:pg`; the SQLite pass skips it). Both are the built
 * app (`npm start`), each its own process: a session made on one is valid on the other and a logout
 * on either ends it; failed logins count toward one limit whichever server they reach; of the
 * background work, each queued email is sent once, the start-up sweep is done by one of them under
 * its lease, and a server started while the other holds the lease leaves the work alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import { saveBankAnswer, startAttempt } from '~/server/exams/exams.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false
const SWEEP_LEASE = 'sweep.interrupted-work'
const QUEUED_EMAILS = 6
/** Two servers and a restart on a busy two-core machine. */
const SLOW = 90_000

let course: CatalogCourse
let campaignId = ''
let ngoId = ''
let appEnv: Record<string, string> = {}
let servers: RunningApp[] = []
let abandoned: { userId: string; attemptId: string; email: string } | undefined
let addressee = ''

const pick = (values: string[]) => ({ values, positions: {}, matches: {} })

/** An accepted recruit of a campaign that requires the course, whose attempt (right answers saved) ran past its deadline. */
async function abandonedAttempt(n: number) {
  const { user } = await recruit(n, { id: campaignId }, ngoId, { state: 'accepted', certificates: [] })
  await completeLessons(user.id, course.slug)
  const start = await startAttempt(user.id, course, 'ru')
  if (!start.ok) throw new Error('start')
  await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['a']))
  await saveBankAnswer(user.id, course, start.attemptId, 'q-two', pick(['true']))
  await db.examAnswer.updateMany({ where: { attemptId: start.attemptId }, data: { savedAt: new Date(Date.now() - 120_000) } })
  await db.examAttempt.update({ where: { id: start.attemptId }, data: { deadline: new Date(Date.now() - 60_000) } })
  return { userId: user.id, attemptId: start.attemptId, email: user.email }
}

const attemptStatus = async (attemptId: string) => (await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).status
const leaseHolderPid = async () => Number((await db.jobLease.findUnique({ where: { name: SWEEP_LEASE } }))?.holder.split(':')[1])

describe.skipIf(!onPostgres)('two app servers on one PostgreSQL', () => {
  beforeAll(async () => {
    const fixture = setUpExamFixtureCourse({ courseYaml: 'certificate: { validMonths: 12 }' })
    // Compiles the fixture's lessons into the cache the servers read (production never compiles).
    const found = (await buildCatalog()).courses.get('basics')
    if (!found) throw new Error('fixture course')
    course = found
    campaignId = (await rosterCampaign(undefined, ['basics'])).id
    ngoId = (await accreditedNgo()).id

    // Work waiting for whichever server starts: an attempt abandoned past its deadline (the start-up
    // sweep finishes it and issues the certificate) and queued emails (the loop sends them).
    abandoned = await abandonedAttempt(7100)
    const person = await createUser()
    addressee = person.email
    for (let i = 0; i < QUEUED_EMAILS; i++) await notify(person.id, 'message', { text: `message ${i}` })
    await db.jobLease.deleteMany({ where: { name: SWEEP_LEASE } })

    appEnv = {
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      CONTENT_DIR: fixture.contentDir,
      CONTENT_CACHE_DIR: fixture.cacheDir,
      OUTBOX_DIR: process.env.OUTBOX_DIR ?? '',
      NOTIFICATIONS_INTERVAL_MS: '200',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '4',
    }
    // Started together, as after a deploy.
    servers = await Promise.all([startApp(appEnv), startApp(appEnv)])
  }, 2 * SLOW)

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
  }, SLOW)

  it('a login on one server is valid on the other, and a logout on either ends it on both', async () => {
    const [a, b] = servers as [RunningApp, RunningApp]
    const user = await createUser()
    const onA = new Client(a.url)
    await onA.login(user.email, TEST_PASSWORD)
    const session = onA.cookie('os_session')
    expect(session).toBeTruthy()
    const onB = new Client(b.url, { Cookie: `os_session=${session}` })
    expect((await onB.get('/account')).status).toBe(200)

    expect((await new Client(b.url, { Cookie: `os_session=${session}` }).post('/logout', {})).status).toBe(302)
    const afterLogout = await onA.get('/account')
    expect(afterLogout.status).toBe(302)
    expect(afterLogout.headers.get('location')).toMatch(/^\/login/)
  }, SLOW)

  it('failed logins count toward one limit across both servers', async () => {
    const [a, b] = servers as [RunningApp, RunningApp]
    const user = await createUser()
    // Two wrong passwords on each: four in all, the limit, though neither server saw more than two.
    for (const server of [a, b, a, b]) {
      expect((await new Client(server.url).post('/login', { email: user.email, password: 'not the password' })).status).toBe(400)
    }
    for (const server of [a, b]) {
      const refused = await new Client(server.url).post('/login', { email: user.email, password: TEST_PASSWORD })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    }
  }, SLOW)

  it('each queued email is sent once, and the start-up sweep is done once, by one of them under its lease', async () => {
    const work = abandoned
    if (!work) throw new Error('fixture')
    // Graded in one transaction, certified (with its notification) in the next; then every email sent.
    await expect.poll(() => attemptStatus(work.attemptId), { timeout: 20_000 }).toBe('SUBMITTED')
    await expect.poll(() => db.certificate.count({ where: { attemptId: work.attemptId } }), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => db.job.count({ where: { kind: 'notification.email', state: { not: 'done' } } }), { timeout: 20_000 }).toBe(0)

    const queued = await db.notification.findMany({ where: { OR: [{ user: { email: addressee } }, { userId: work.userId }] } })
    expect(queued).toHaveLength(QUEUED_EMAILS + 1)
    const emails = await db.job.findMany({ where: { kind: 'notification.email', subjectId: { in: queued.map((row) => row.id) } } })
    expect(emails.map((job) => job.attempts)).toEqual(queued.map(() => 1))
    const outbox = readOutbox()
    expect(outbox.filter((message) => message.to === addressee)).toHaveLength(QUEUED_EMAILS)
    expect(outbox.filter((message) => message.to === work.email)).toHaveLength(1)
    const certificate = await db.certificate.findUniqueOrThrow({ where: { attemptId: work.attemptId } })
    expect(await db.auditEvent.count({ where: { action: 'certificate.issued', targetId: certificate.id } })).toBe(1)

    expect(servers.map((server) => server.pid)).toContain(await leaseHolderPid())
  }, SLOW)

  it('a server started while the other holds the sweep lease leaves the sweep to it', async () => {
    const holder = await leaseHolderPid()
    // The holder keeps the lease a minute after its sweep; the tests before may have taken most of
    // that minute on a busy machine, so it is held on as if a sweep were still running.
    await db.jobLease.update({ where: { name: SWEEP_LEASE }, data: { expiresAt: new Date(Date.now() + 120_000) } })
    const waiting = await abandonedAttempt(7200)

    const other = servers.findIndex((server) => server.pid !== holder)
    await servers[other]?.stop()
    const restarted = await startApp(appEnv)
    servers[other] = restarted
    expect((await new Client(restarted.url).get('/healthz')).status).toBe(200)
    // Its start-up sweep ran as it began listening; give it time to have done anything it would.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(await attemptStatus(waiting.attemptId)).toBe('IN_PROGRESS')
    expect(await leaseHolderPid()).toBe(holder)
  }, SLOW)
})
