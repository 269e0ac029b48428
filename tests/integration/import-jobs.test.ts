/**
 * An import run is a durable job. A real server killed (SIGKILL) in the middle of a run leaves the rows
 * written so far, each recorded as a step of the job; the restarted server's worker takes the run over
 * where it stopped and finishes it, with no row, audit record or notification twice, and the result
 * reports every row as the first attempt wrote it. A server stopped with SIGTERM gives the run back
 * between two rows and the next server finishes it.
 */
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { iinCheckDigit } from '~/domain/iin.ts'
import { guessMapping } from '~/domain/import.ts'
import { db } from '~/server/platform/db.server.ts'
import { getImport, importResult, previewImport, uploadImport } from '~/server/recruitment/imports.server.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { Client, crashWhilePosting, startApp } from '../support/app-server.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

const ip = '127.0.0.1'
const ROWS = 100
const env = () => ({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })

let serial = 0
/** Valid IINs of people born on 15 May 1990, never the same twice in this file. */
function iins(count: number): string[] {
  const out: string[] = []
  while (out.length < count) {
    const first11 = `9005153${String(serial++).padStart(4, '0')}`
    const check = iinCheckDigit([...first11].map(Number))
    if (check !== null) out.push(`${first11}${check}`)
  }
  return out
}

function csv(count: number, tag: string): Uint8Array {
  const lines = ['ФИО;ИИН;Телефон;Эл. почта;Область;Населённый пункт;Языки;Когда может;Опыт']
  iins(count).forEach((iin, i) => lines.push([`Волонтёр ${tag}${i}`, iin, `+7701${String(1_000_000 + i).slice(1)}0`, `${tag}${i}@example.org`, 'Алматы', 'Алматы', 'рус', 'весь день', 'нет'].join(';')))
  return new TextEncoder().encode(`${lines.join('\n')}\n`)
}

interface Setup {
  scope: NgoScope
  email: string
  campaignId: string
  importId: string
  page: string
}

/** A lead, a campaign and a confirmed import of ROWS new people. */
async function confirmedImport(tag: string): Promise<Setup> {
  const [ngo, lead] = await Promise.all([createNgo(), createUser()])
  await addMember(lead.id, ngo.id, 'LEAD')
  const campaign = await db.campaign.create({
    data: {
      slug: `c-${crypto.randomBytes(4).toString('hex')}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY',
      electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2020-01-01T00:00:00Z'),
    },
  })
  const scope: NgoScope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
  const uploaded = await uploadImport(scope, campaign.id, { name: 'list.csv', bytes: csv(ROWS, tag) }, ip)
  if (!uploaded.ok) throw new Error(uploaded.error.key)
  const found = await getImport(scope, campaign.id, uploaded.importId)
  if (!found) throw new Error('import not found')
  const previewed = await previewImport(scope, uploaded.importId, guessMapping(found.headers), ip)
  if (!previewed.ok || previewed.preview.counts.new !== ROWS) throw new Error('preview')
  return { scope, email: lead.email, campaignId: campaign.id, importId: uploaded.importId, page: `/ngo/${ngo.slug}/campaigns/${campaign.slug}/import/${uploaded.importId}` }
}

const jobOf = (importId: string) => db.job.findUniqueOrThrow({ where: { kind_subjectId: { kind: 'import.run', subjectId: importId } } })

/** What the run wrote, counted: each must end at exactly ROWS (or 1 for the run's own records). */
async function written({ scope, campaignId, importId }: Setup) {
  const applications = await db.application.findMany({ where: { campaignId }, select: { id: true, userId: true } })
  return {
    applications: applications.length,
    accounts: new Set(applications.map((a) => a.userId)).size,
    added: await db.auditEvent.count({ where: { action: 'recruit.added', ngoId: scope.ngoId } }),
    received: await db.notification.count({ where: { kind: 'application.received', userId: { in: applications.map((a) => a.userId) } } }),
    invited: await db.notification.count({ where: { kind: 'account.invited', userId: { in: applications.map((a) => a.userId) } } }),
    runsAudited: await db.auditEvent.count({ where: { action: 'import.run', targetId: importId } }),
  }
}

// Everyone in the file is new: one email each, the invitation (it names the campaign), not also "received".
const complete = { applications: ROWS, accounts: ROWS, added: ROWS, received: 0, invited: ROWS, runsAudited: 1 }

describe('an import run survives its server', () => {
  it('SIGKILL in the middle of the run: the restarted server finishes it, with no row twice', async () => {
    const setup = await confirmedImport('k')
    await crashWhilePosting(env(), 'import.row@40', { email: setup.email, password: TEST_PASSWORD }, setup.page, { intent: 'run' })

    // Forty rows written, each with everything it causes, each recorded as a step of the running job.
    expect(await written(setup)).toEqual({ applications: 40, accounts: 40, added: 40, received: 0, invited: 40, runsAudited: 0 })
    const job = await jobOf(setup.importId)
    expect(job).toMatchObject({ state: 'running', attempts: 1 })
    expect(await db.jobStep.count({ where: { jobId: job.id } })).toBe(40)
    expect((await getImport(setup.scope, setup.campaignId, setup.importId))?.running).toMatchObject({ total: ROWS })

    // The lease of the dead process runs out (two minutes; the test does not wait for them).
    await db.job.update({ where: { id: job.id }, data: { leaseUntil: new Date(Date.now() - 1) } })
    const restarted = await startApp({ ...env(), NOTIFICATIONS_INTERVAL_MS: '200' })
    try {
      await expect.poll(async () => (await jobOf(setup.importId)).state, { timeout: 25_000, interval: 200 }).toBe('done')
    } finally {
      await restarted.stop()
    }
    expect(await written(setup)).toEqual(complete)
    const result = await importResult(setup.scope, setup.importId, { page: 1 })
    // The rows written before the crash are reported as created, not as "unchanged".
    expect(result?.counts).toEqual({ error: 0, created: ROWS, updated: 0, unchanged: 0 })
    expect(await jobOf(setup.importId)).toMatchObject({ state: 'done', attempts: 2, holder: null })
    expect(await db.jobStep.count({ where: { jobId: job.id } })).toBe(0)
  }, 60_000)

  it('SIGTERM in the middle of the run: the server gives the run back between two rows, answers the lead, and the next server finishes it', async () => {
    const setup = await confirmedImport('t')
    const app = await startApp(env())
    const client = new Client(app.url)
    await client.login(setup.email, TEST_PASSWORD)
    const answer = client.post(setup.page, { intent: 'run' })
    await expect.poll(async () => (await db.jobStep.count({ where: { job: { subjectId: setup.importId } } })) > 10, { timeout: 20_000, interval: 50 }).toBe(true)
    await app.stop()
    // The run stopped, was given back, and the lead was told it goes on in the background.
    const response = await answer
    expect(response.status).toBe(302)
    const job = await jobOf(setup.importId)
    expect(job).toMatchObject({ state: 'queued', attempts: 0, holder: null })
    const steps = await db.jobStep.count({ where: { jobId: job.id } })
    expect(steps).toBeLessThan(ROWS)
    expect((await written(setup)).applications).toBe(steps)

    const next = await startApp({ ...env(), NOTIFICATIONS_INTERVAL_MS: '200' })
    try {
      await expect.poll(async () => (await jobOf(setup.importId)).state, { timeout: 25_000, interval: 200 }).toBe('done')
    } finally {
      await next.stop()
    }
    expect(await written(setup)).toEqual(complete)
    expect((await importResult(setup.scope, setup.importId, { page: 1 }))?.counts).toEqual({ error: 0, created: ROWS, updated: 0, unchanged: 0 })
  }, 60_000)
})
