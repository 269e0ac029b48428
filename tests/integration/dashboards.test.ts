/** The dashboards against a real database: funnel, coverage, training and exam numbers for a known data set, the NGO scope, and the access rules over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { campaignDashboard, stateGroupsSql, updatePollingStations } from '~/server/recruitment/dashboards.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { regions as regionData } from '../../prisma/data/regions.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { seedRegions } from '../../prisma/seed.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, auditActions, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let counter = 0

async function campaign(slug: string) {
  return db.campaign.create({
    data: {
      slug, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Dashboard election', kind: 'PARLIAMENTARY',
      electionDay: new Date(Date.now() + 90 * 86_400_000), applicationDeadline: new Date(Date.now() + 30 * 86_400_000),
      courses: { create: [{ courseSlug: 'observer-basics' }] },
    },
  })
}

/** One application in a given state (written directly: the dashboards only read). */
async function application(campaignId: string, ngoId: string, regionCode: string, state: ApplicationState, trainingPercent = 0) {
  const n = 5000 + counter++
  const p = syntheticRecruit(n)
  const user = await createUser({ email: `dash${n}@example.org` })
  await db.application.create({
    data: {
      campaignId, ngoId, userId: user.id, state, trainingPercent, fullName: p.fullName, iin: p.iin, birthDate: p.birthDate, phone: p.phone, email: user.email,
      regionCode, settlement: 'Астана', languages: '["ru"]', availability: '["voting"]', declarations: '[]', experience: 'none', consentVersion: 'test', consentedAt: new Date(),
    },
  })
  return user
}

async function attempt(userId: string, passed: boolean, overridePassed: boolean | null = null, submittedAt = new Date()) {
  await db.examAttempt.create({
    data: { userId, courseSlug: 'observer-basics', examId: 'final', contentVersion: 'v', seed: 's', questionIds: '[]', locale: 'ru', status: 'SUBMITTED', deadline: submittedAt, submittedAt, passed, overridePassed, percent: passed ? 90 : 40 },
  })
}

/**
 * NGO A: Astana (KZ-71) 2 submitted, 1 screening, 1 accepted (no lesson), 1 accepted at 20%, 1 in training at 60%, 2 certified,
 * 1 rejected, 1 withdrawn; Almaty (KZ-75) 1 certified, 1 in training at 10%. NGO B: Astana 3 certified, 1 submitted.
 */
async function knownDataSet(slug: string) {
  const c = await campaign(slug)
  const [a, b] = await Promise.all([createNgo({ slug: `${slug}-a` }), createNgo({ slug: `${slug}-b` })])
  await db.region.update({ where: { code: 'KZ-71' }, data: { pollingStations: 10 } })
  await db.region.update({ where: { code: 'KZ-75' }, data: { pollingStations: 4 } })
  for (const state of ['submitted', 'submitted', 'screening', 'accepted', 'rejected', 'withdrawn'] as const) await application(c.id, a.id, 'KZ-71', state)
  await application(c.id, a.id, 'KZ-71', 'accepted', 20)
  const trainee = await application(c.id, a.id, 'KZ-71', 'in_training', 60)
  const certifiedA1 = await application(c.id, a.id, 'KZ-71', 'certified', 100)
  const certifiedA2 = await application(c.id, a.id, 'KZ-71', 'certified', 100)
  await application(c.id, a.id, 'KZ-75', 'certified', 100)
  await application(c.id, a.id, 'KZ-75', 'in_training', 10)
  for (let i = 0; i < 3; i++) await attempt((await application(c.id, b.id, 'KZ-71', 'certified', 100)).id, true)
  await application(c.id, b.id, 'KZ-71', 'submitted')
  // NGO A's exams: the trainee failed twice; one certified passed after a fail; the other was passed by a trainer's override.
  await attempt(trainee.id, false)
  await attempt(trainee.id, false)
  await attempt(certifiedA1.id, false)
  await attempt(certifiedA1.id, true)
  await attempt(certifiedA2.id, false, true)
  // Before they applied (a year ago, for an earlier election, perhaps with another NGO): no part of this campaign's figures.
  const yearAgo = new Date(Date.now() - 365 * 86_400_000)
  await attempt(trainee.id, true, null, yearAgo)
  await attempt(certifiedA1.id, false, null, yearAgo)
  return { c, a, b }
}

describe('dashboard numbers', () => {
  it('counts states and training progress in one walk of the list-counts index, for an NGO and for the coalition', async () => {
    if (databaseProvider() !== 'sqlite') return
    const lead = await createUser()
    const plan = async (scope: Parameters<typeof stateGroupsSql>[0]) => {
      const statement = stateGroupsSql(scope, 'any-campaign')
      return (await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${statement.sql}`, ...statement.values)).map((row) => row.detail).join(' | ')
    }
    // The coalition names every NGO: without that SQLite read the campaign's rows from the table.
    for (const scope of [{ kind: 'ngo', actorId: lead.id, ngoId: 'any-ngo' } as const, { kind: 'coalition', actorId: lead.id } as const]) {
      expect(await plan(scope), scope.kind).toMatch(/^SEARCH Application USING COVERING INDEX Application_list_counts_idx \(ngoId=\? AND campaignId=\?\)/)
    }
  })

  it('builds the cumulative funnel, coverage per region, training and exam figures of one NGO, and of the coalition', async () => {
    const { c, a, b } = await knownDataSet('dash-known')
    const lead = await createUser({ email: 'dash-lead-a@example.org' })
    const mine = await campaignDashboard({ kind: 'ngo', actorId: lead.id, ngoId: a.id }, c.id, 'en')
    expect(mine.funnel.total).toBe(12)
    expect(mine.funnel.steps.map((s) => s.count)).toEqual([12, 7, 5, 3])
    expect([mine.funnel.rejected, mine.funnel.withdrawn]).toEqual([1, 1])
    const astana = mine.regions.find((r) => r.code === 'KZ-71')
    const almaty = mine.regions.find((r) => r.code === 'KZ-75')
    expect(astana?.name).toBe('Astana')
    expect(astana?.funnel.steps.map((s) => s.count)).toEqual([10, 5, 3, 2])
    expect(astana?.coverage).toMatchObject({ certified: 2, pollingStations: 10, percent: 20, gap: 8 })
    expect(almaty?.coverage).toMatchObject({ certified: 1, pollingStations: 4, percent: 25, gap: 3 })
    expect(mine.regions).toHaveLength(20)
    expect(mine.coverage.certified).toBe(3)
    // accepted 2 (one opened) + in training 2 + certified 3 = 7 reached accepted; opened 1 + 2 + 3; half-way: the 60% trainee + 3 certified.
    expect(mine.training).toMatchObject({ accepted: 7, opened: 6, halfway: 4, passed: 3, openedPercent: 86, halfwayPercent: 57, passedPercent: 43 })
    expect(mine.exams).toMatchObject({ attempts: 5, passedAttempts: 2, people: 3, peoplePassed: 2, passRate: 40, attemptsPerPerson: 1.7 })

    // Made just now: one week of arrivals, the one holding today in Kazakhstan time. No NGO funnels on an NGO's dashboard.
    expect(mine.arrivals.map((w) => w.count)).toEqual([12])
    expect(mine.ngos).toEqual([])

    const theirs = await campaignDashboard({ kind: 'ngo', actorId: lead.id, ngoId: b.id }, c.id)
    expect(theirs.funnel.steps.map((s) => s.count)).toEqual([4, 3, 3, 3])
    expect(theirs.exams).toMatchObject({ attempts: 3, passedAttempts: 3, people: 3 })

    const coalition = await campaignDashboard({ kind: 'coalition', actorId: lead.id }, c.id)
    expect(coalition.funnel.steps.map((s) => s.count)).toEqual([16, 10, 8, 6])
    expect(coalition.regions.find((r) => r.code === 'KZ-71')?.coverage).toMatchObject({ certified: 5, percent: 50 })
    expect(coalition.exams.attempts).toBe(8)
    expect(coalition.arrivals.map((w) => w.count)).toEqual([16])
    // Each NGO's funnel, the bigger first, the same figures as each NGO's own dashboard.
    expect(coalition.ngos.map((n) => [n.code, n.funnel.steps.map((s) => s.count), n.funnel.rejected, n.funnel.withdrawn])).toEqual([
      [a.slug, [12, 7, 5, 3], 1, 1],
      [b.slug, [4, 3, 3, 3], 0, 0],
    ])
  })

  it('counts arrivals per week by the day in Kazakhstan time, with the empty weeks in between', async () => {
    const c = await campaign('dash-weeks')
    const ngo = await createNgo({ slug: 'dash-weeks-a' })
    const madeAt = ['2026-11-02T00:30:00Z', '2026-11-08T18:59:00Z', '2026-11-08T19:00:00Z', '2026-11-24T10:00:00Z']
    for (const at of madeAt) {
      const user = await application(c.id, ngo.id, 'KZ-71', 'submitted')
      await db.application.update({ where: { campaignId_userId: { campaignId: c.id, userId: user.id } }, data: { createdAt: new Date(at) } })
    }
    // The deadline passed on 1 December: the weeks end with the deadline's.
    await db.campaign.update({ where: { id: c.id }, data: { applicationDeadline: new Date('2026-12-01T18:59:00Z') } })
    const lead = await createUser()
    const dashboard = await campaignDashboard({ kind: 'ngo', actorId: lead.id, ngoId: ngo.id }, c.id)
    // 18:59 UTC on Sunday the 8th is 23:59 in Astana (that week); 19:00 UTC is Monday the 9th.
    expect(dashboard.arrivals).toEqual([
      { weekStart: '2026-11-02', count: 2 },
      { weekStart: '2026-11-09', count: 1 },
      { weekStart: '2026-11-16', count: 0 },
      { weekStart: '2026-11-23', count: 1 },
      { weekStart: '2026-11-30', count: 0 },
    ])
  })

  it('updates polling-station counts, audits only real changes', async () => {
    const admin = await createUser({ email: 'dash-admin-direct@example.org', isAdmin: true })
    const before = await db.region.findUniqueOrThrow({ where: { code: 'KZ-62' } })
    expect((await updatePollingStations(admin.id, { 'KZ-62': before.pollingStations }, '127.0.0.1')).changed).toBe(0)
    expect(await auditActions()).not.toContain('region.polling_stations_updated')
    expect((await updatePollingStations(admin.id, { 'KZ-62': 155, 'XX-00': 3 }, '127.0.0.1')).changed).toBe(1)
    expect((await db.region.findUniqueOrThrow({ where: { code: 'KZ-62' } })).pollingStations).toBe(155)
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'region.polling_stations_updated' } })
    expect(JSON.parse(event.details)).toEqual({ changes: { 'KZ-62': { from: before.pollingStations, to: 155 } } })
  })
})

describe('seeded polling-station counts', () => {
  it('come to about 10,000 in the country, and a re-seed fills only counts still at 0, keeping an admin’s edit', async () => {
    const total = regionData.reduce((sum, r) => sum + r.pollingStations, 0)
    expect(total).toBeGreaterThan(9500)
    expect(total).toBeLessThan(10_500)
    await db.region.update({ where: { code: 'KZ-15' }, data: { pollingStations: 1234 } })
    await db.region.update({ where: { code: 'KZ-23' }, data: { pollingStations: 0 } })
    await seedRegions()
    expect((await db.region.findUniqueOrThrow({ where: { code: 'KZ-15' } })).pollingStations).toBe(1234)
    expect((await db.region.findUniqueOrThrow({ where: { code: 'KZ-23' } })).pollingStations).toBe(regionData.find((r) => r.code === 'KZ-23')?.pollingStations)
  })
})

describe('dashboards over HTTP', () => {
  let app: RunningApp
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
  })
  afterAll(async () => {
    await app.stop()
  })

  async function signedIn(email: string, isAdmin = false) {
    const user = await createUser({ email, locale: 'en', isAdmin })
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login(email, TEST_PASSWORD)
    return { user, client }
  }

  it('shows a lead their NGO’s dashboard and refuses another NGO’s; refuses a volunteer the coalition’s', async () => {
    const { a, b } = await knownDataSet('dash-http')
    if (!a.name || !b.name) throw new Error('NGOs without names')
    const lead = await signedIn('dash-http-lead@example.org')
    await addMember(lead.user.id, a.id, 'LEAD')
    const own = await lead.client.get(`/ngo/${a.slug}/dashboard?campaign=dash-http`)
    expect(own.status).toBe(200)
    const html = await own.text()
    expect(html).toContain('Show as table')
    expect(html).toContain('12 (100% of submitted)')
    expect(html).toContain('2 of 10 (20%)')
    expect(html).toContain('Applications per week')
    // Other NGOs' figures are the coalition's, not a lead's.
    expect(html).not.toContain('Funnel per NGO')
    expect(html).not.toContain(b.name)
    // The region funnel's legend: which bar is which stage, in words, in the bars' order.
    const legend = (page: string) => [.../<ol class="dash-legend"[^>]*>(.*?)<\/ol>/.exec(page)?.[1]?.matchAll(/<li class="dash-stage-(\w+)">.*?<\/span>([^<]+)<\/li>/g) ?? []].map((m) => `${m[1]}: ${m[2]}`)
    expect(html).toContain('The bars of a region’s row, top to bottom, and the figures beside them, left to right:')
    expect(legend(html)).toEqual(['submitted: Submitted', 'accepted: Accepted', 'in_training: In training', 'certified: Certified'])
    const kazakh = await (await lead.client.get(`/ngo/${a.slug}/dashboard?campaign=dash-http&lng=kk`)).text()
    expect(legend(kazakh)).toEqual(['submitted: Берілді', 'accepted: Қабылданды', 'in_training: Оқуда', 'certified: Сертификатталды'])
    await lead.client.get(`/ngo/${a.slug}/dashboard?campaign=dash-http&lng=en`) // back to English for what follows
    expect((await lead.client.get(`/ngo/${b.slug}/dashboard`)).status).toBe(403)
    expect((await lead.client.get(`/ngo/${a.slug}/dashboard?campaign=no-such-campaign`)).status).toBe(404)
    expect((await lead.client.get('/admin/dashboard')).status).toBe(403)

    const volunteer = await signedIn('dash-volunteer@example.org')
    expect((await volunteer.client.get('/admin/dashboard')).status).toBe(403)
    expect((await volunteer.client.get(`/ngo/${a.slug}/dashboard`)).status).toBe(403)

    const admin = await signedIn('dash-http-admin@example.org', true)
    const coalition = await admin.client.get('/admin/dashboard?campaign=dash-http')
    expect(coalition.status).toBe(200)
    const coalitionHtml = await coalition.text()
    expect(coalitionHtml).toContain('16 (100% of submitted)')
    expect(coalitionHtml).toContain('Funnel per NGO')
    expect(coalitionHtml).toContain(`${a.name}</span>`)
    expect(coalitionHtml).toContain('12 → 7 → 5 → 3')
    expect((await admin.client.get(`/ngo/${b.slug}/dashboard?campaign=dash-http`)).status).toBe(200)

    // A newer campaign with nothing in it yet: the dashboards still open on the one with activity.
    const empty = await campaign('dash-empty-newer')
    await db.campaign.update({ where: { id: empty.id }, data: { electionDay: new Date(Date.now() + 400 * 86_400_000) } })
    expect(await (await admin.client.get('/admin/dashboard')).text()).toContain('16 (100% of submitted)')
    expect(await (await lead.client.get(`/ngo/${a.slug}/dashboard`)).text()).toContain('12 (100% of submitted)')
  })

  it('lets an admin edit polling-station counts; bad input answers 400 and changes nothing; others get 403', async () => {
    const admin = await signedIn('dash-regions-admin@example.org', true)
    const regions = await db.region.findMany({ orderBy: { sortOrder: 'asc' } })
    const valid = Object.fromEntries(regions.map((r) => [`stations.${r.code}`, String(r.pollingStations)]))
    const eventsBefore = await db.auditEvent.count({ where: { action: 'region.polling_stations_updated' } })
    for (const bad of ['-1', '5001', '2.5', 'many', '']) {
      const response = await admin.client.post('/admin/regions', { ...valid, 'stations.KZ-10': bad })
      expect(response.status, bad).toBe(400)
      expect(await response.text()).toContain('Enter a whole number from 0 to 5000.')
    }
    const { 'stations.KZ-11': _dropped, ...missing } = valid
    expect((await admin.client.post('/admin/regions', missing)).status).toBe(400)
    expect(await db.region.findMany({ orderBy: { sortOrder: 'asc' } })).toEqual(regions)
    expect(await db.auditEvent.count({ where: { action: 'region.polling_stations_updated' } })).toBe(eventsBefore)

    const saved = await admin.client.post('/admin/regions', { ...valid, 'stations.KZ-10': '777' })
    expect(saved.status).toBe(302)
    expect((await db.region.findUniqueOrThrow({ where: { code: 'KZ-10' } })).pollingStations).toBe(777)
    expect(await db.auditEvent.count({ where: { action: 'region.polling_stations_updated' } })).toBe(eventsBefore + 1)
    expect(await (await admin.client.get('/admin/regions')).text()).toContain('777')

    const volunteer = await signedIn('dash-regions-volunteer@example.org')
    expect((await volunteer.client.get('/admin/regions')).status).toBe(403)
    expect((await volunteer.client.post('/admin/regions', { ...valid, 'stations.KZ-10': '1' })).status).toBe(403)
    expect((await db.region.findUniqueOrThrow({ where: { code: 'KZ-10' } })).pollingStations).toBe(777)
  })
})
