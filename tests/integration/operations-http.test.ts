/**
 * /admin/operations over HTTP: coalition admins only; failed and stuck jobs listed with addresses
 * masked, page by page; the retry is a validated POST that queues the job again and is audited, and
 * refuses what is not failed or stuck.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JOBS_PAGE_SIZE } from '~/domain/jobs.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
let admin: Client
let volunteer: Client
let adminId = ''

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
  const [adminUser, volunteerUser] = await Promise.all([createUser({ isAdmin: true }), createUser()])
  adminId = adminUser.id
  admin = new Client(app.url)
  volunteer = new Client(app.url)
  await Promise.all([admin.login(adminUser.email, TEST_PASSWORD), volunteer.login(volunteerUser.email, TEST_PASSWORD)])
})

afterAll(async () => {
  await app?.stop()
})

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

/** A message to `email` whose email job is in the given state. */
async function emailJob(email: string, job: { state: string; attempts?: number; lastError?: string; runAfter?: Date; leaseUntil?: Date; holder?: string }) {
  const user = await createUser({ email })
  const notification = await db.notification.create({ data: { userId: user.id, kind: 'certificate.issued', params: '{"code":"AB2CD-EF3GH"}' } })
  return db.job.create({ data: { kind: 'notification.email', subjectId: notification.id, attempts: 6, ...job } })
}

const html = async (client: Client, path: string) => {
  const response = await client.get(path)
  return { status: response.status, text: await response.text() }
}

describe('/admin/operations', () => {
  it('lists failed and stuck jobs to admins, with addresses masked, and nothing to anyone else', async () => {
    const failed = await emailJob('aigul.nurlanovna@example.org', { state: 'failed', lastError: '550 5.1.1 <aigul.nurlanovna@example.org>: mailbox unavailable' })
    const [ngo, campaign] = await Promise.all([
      createNgo({ name: 'Дала бақылауы' }),
      db.campaign.create({ data: { slug: `c-${crypto.randomBytes(4).toString('hex')}`, nameRu: 'Выборы 2027', nameKk: 'Сайлау 2027', nameEn: 'Election 2027', kind: 'PARLIAMENTARY', electionDay: new Date('2027-03-21'), applicationDeadline: new Date('2027-02-21') } }),
    ])
    const recruitImport = await db.recruitImport.create({ data: { ngoId: ngo.id, campaignId: campaign.id, fileName: 'list.csv', headers: '[]', rows: '[]' } })
    const stalled = await db.job.create({ data: { kind: 'import.run', subjectId: recruitImport.id, state: 'running', attempts: 1, holder: 'gone:1:abcd', leaseUntil: minutesAgo(1), itemsDone: 60, itemsTotal: 150 } })
    const waiting = await emailJob('waiting@example.org', { state: 'queued', attempts: 0, runAfter: minutesAgo(60) })
    const healthy = await emailJob('healthy@example.org', { state: 'running', attempts: 1, holder: 'alive:1:abcd', leaseUntil: new Date(Date.now() + 60_000) })

    const page = await html(admin, '/admin/operations?lng=en')
    expect(page.status).toBe(200)
    expect(page.text).toContain('Email to a•••@example.org')
    expect(page.text).toContain('550 5.1.1 &lt;a•••@example.org&gt;: mailbox unavailable')
    expect(page.text).not.toContain('aigul.nurlanovna')
    expect(page.text).toContain('Import for Дала бақылауы, Election 2027')
    expect(page.text).toContain('60 of 150 rows done')
    expect(page.text).toContain('Stuck: the process running it stopped')
    expect(page.text).toContain('Waiting: no process is taking jobs')
    expect(page.text).not.toContain('healthy@')
    expect(page.text).not.toContain('h•••@example.org')
    // A retry button for the failed and the stalled job, none for the one already queued.
    for (const job of [failed, stalled]) expect(page.text).toContain(`value="${job.id}"`)
    expect(page.text).not.toContain(`value="${waiting.id}"`)
    expect(page.text).not.toContain(`value="${healthy.id}"`)
    expect((await html(admin, '/admin/operations?lng=ru')).text).toContain('Письмо на a•••@example.org')
    expect((await html(admin, '/admin/operations?lng=kk')).text).toContain('a•••@example.org адресіне хат')

    expect((await volunteer.get('/admin/operations')).status).toBe(403)
    expect((await new Client(app.url).get('/admin/operations')).status).toBe(302)
  })

  it('retries a failed job: queued again, due now, attempts counted afresh, audited; a second retry is refused', async () => {
    const failed = await emailJob('retry.me@example.org', { state: 'failed', lastError: 'connect ECONNREFUSED' })
    expect((await volunteer.post('/admin/operations', { intent: 'retry', jobId: failed.id })).status).toBe(403)
    expect(await db.job.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ state: 'failed' })

    const retried = await admin.post('/admin/operations?lng=en', { intent: 'retry', jobId: failed.id })
    expect(retried.status).toBe(302)
    expect(retried.headers.get('Location')).toBe('/admin/operations?lng=en')
    const after = await db.job.findUniqueOrThrow({ where: { id: failed.id } })
    expect(after).toMatchObject({ state: 'queued', attempts: 0, holder: null, leaseUntil: null })
    expect(after.runAfter.getTime()).toBeGreaterThan(Date.now() - 60_000)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'job.retried', targetId: failed.id } })
    expect(audit.actorId).toBe(adminId)
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'notification.email', condition: 'failed', attempts: 6, lastError: 'connect ECONNREFUSED' })

    const again = await admin.post('/admin/operations?lng=en', { intent: 'retry', jobId: failed.id })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This job is no longer failed or stuck; nothing was changed.')
    expect(await db.auditEvent.count({ where: { action: 'job.retried', targetId: failed.id } })).toBe(1)
  })

  it('answers a bad or unknown retry with 400 and changes nothing', async () => {
    const failed = await emailJob('bad.input@example.org', { state: 'failed' })
    const bodies: Array<Record<string, string>> = [{}, { intent: 'retry' }, { intent: 'delete', jobId: failed.id }, { intent: 'retry', jobId: '../../etc' }, { intent: 'retry', jobId: 'x'.repeat(61) }]
    for (const body of bodies) {
      expect((await admin.post('/admin/operations', body)).status, JSON.stringify(body)).toBe(400)
    }
    const unknown = await admin.post('/admin/operations?lng=en', { intent: 'retry', jobId: 'no-such-job' })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('There is no such job.')
    expect(await db.job.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ state: 'failed' })
  })

  it('pages the list', async () => {
    await db.job.deleteMany({ where: { state: { in: ['failed', 'queued', 'running'] } } })
    for (let i = 0; i <= JOBS_PAGE_SIZE; i++) await emailJob(`paged${i}@example.org`, { state: 'failed' })
    const buttons = (text: string) => text.split('name="intent" value="retry"').length - 1
    const first = await html(admin, '/admin/operations?lng=en')
    expect(buttons(first.text)).toBe(JOBS_PAGE_SIZE)
    expect(first.text).toContain(`${JOBS_PAGE_SIZE + 1} in total`)
    expect(buttons((await html(admin, '/admin/operations?lng=en&page=2')).text)).toBe(1)
  })
})
