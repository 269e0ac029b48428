/** A person downloads their own data from their account: theirs only, complete, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createUser, TEST_PASSWORD } from '../support/factories.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

describe('my data', () => {
  it('downloads the person’s account, application with its IIN, certificates and activity, nobody else’s, and records the download', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Data Watch' })
    const me = await recruit(1, campaign, ngo.id, { fullName: 'Әсел Нұрланқызы' })
    const other = await recruit(2, campaign, ngo.id, { fullName: 'Someone Else' })

    const anonymous = await new Client(app.url).get('/account/data.json')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=%2Faccount%2Fdata\.json/)

    const client = new Client(app.url)
    await client.login(me.user.email, TEST_PASSWORD)
    const account = await (await client.get('/account?lng=en')).text()
    expect(account).toContain('href="/account/data.json"')
    const response = await client.get('/account/data.json')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="observer-school-my-data\.json"/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const text = await response.text()
    const data = JSON.parse(text) as { account: { email: string }; applications: Array<{ iin: string; fullName: string; ngo: { name: string }; languages: unknown }>; certificates: Array<{ code: string }> }
    expect(data.account.email).toBe(me.user.email)
    expect(data.applications).toHaveLength(1)
    expect(data.applications[0]).toMatchObject({ iin: me.iin, fullName: 'Әсел Нұрланқызы', ngo: { name: 'Data Watch' }, languages: ['kk', 'ru'] })
    const mine = await db.certificate.findMany({ where: { userId: me.user.id }, select: { code: true } })
    expect(data.certificates.map((c) => c.code).sort()).toEqual(mine.map((c) => c.code).sort())
    expect(text).not.toContain(other.iin)
    expect(text).not.toContain('Someone Else')
    expect(text).not.toContain('passwordHash')
    expect(await db.auditEvent.count({ where: { action: 'account.data_exported', actorId: me.user.id } })).toBe(1)
  })

  it('holds their election-day assignment with its check-ins, an unsent application, courses, knowledge checks and extra time: theirs only', async () => {
    const campaign = await rosterCampaign()
    const later = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Placement Watch' })
    const me = await recruit(3, campaign, ngo.id, { fullName: 'Мадина Ержанқызы' })
    const other = await recruit(4, campaign, ngo.id, { fullName: 'Other Observer' })
    const lead = await createUser({ name: 'Lead Person' })
    const shifts = await campaignShifts(campaign.id)
    const mine = await db.assignment.create({
      data: { campaignId: campaign.id, ngoId: ngo.id, applicationId: me.application.id, stationId: (await station(campaign.id, 'KZ-75', '101', 'Алмалинский район', 'ул. Толе би, 55')).id, shiftId: shifts.opening.id, status: 'declined', declineReason: 'Экзамен в университете', respondedAt: new Date(), idDocumentNumber: 'N04417788' },
    })
    await db.checkIn.createMany({ data: [{ assignmentId: mine.id, kind: 'arrived', clientId: 'c-1', deviceAt: new Date() }, { assignmentId: mine.id, kind: 'left', clientId: 'c-2', recordedById: lead.id }] })
    await db.assignment.create({
      data: { campaignId: campaign.id, ngoId: ngo.id, applicationId: other.application.id, stationId: (await station(campaign.id, 'KZ-75', '202', 'Бостандыкский район', 'пр. Абая, 999')).id, shiftId: shifts.opening.id, idDocumentNumber: 'N09990000' },
    })
    await db.applicationDraft.create({ data: { userId: me.user.id, campaignId: later.id, data: JSON.stringify({ fullName: 'Мадина Ержанқызы', phone: '+77017776655' }) } })
    await db.courseEnrollment.create({ data: { userId: me.user.id, courseSlug: 'observer-basics', source: 'campaign', campaignId: campaign.id } })
    await db.knowledgeCheckAnswer.create({ data: { userId: me.user.id, courseSlug: 'observer-basics', lessonSlug: '01-why-observe', quizId: 'q1', locale: 'kk', selected: '["b"]', correct: true, contentVersion: 'v1' } })
    await db.examAccommodation.create({ data: { userId: me.user.id, courseSlug: 'observer-basics', extraMinutes: 15, reason: 'Note by a lead', grantedById: lead.id } })

    const client = new Client(app.url)
    await client.login(me.user.email, TEST_PASSWORD)
    const text = await (await client.get('/account/data.json')).text()
    const data = JSON.parse(text) as Record<string, unknown>
    expect(data.assignments).toEqual([
      expect.objectContaining({
        campaign: campaign.slug, ngo: 'Placement Watch', status: 'declined', declineReason: 'Экзамен в университете', idDocumentNumber: 'N04417788',
        station: { regionCode: 'KZ-75', number: '101', district: 'Алмалинский район', address: 'ул. Толе би, 55' },
        shift: expect.objectContaining({ name: { ru: 'Открытие – 14:00', kk: 'Ашылу – 14:00', en: 'Opening – 14:00' } }),
        checkIns: [expect.objectContaining({ kind: 'arrived', recordedBy: 'self' }), expect.objectContaining({ kind: 'left', recordedBy: 'lead' })],
      }),
    ])
    expect(data.applicationDrafts).toEqual([expect.objectContaining({ campaign: later.slug, form: { fullName: 'Мадина Ержанқызы', phone: '+77017776655' } })])
    expect(data.courses).toEqual([expect.objectContaining({ courseSlug: 'observer-basics', source: 'campaign' })])
    expect(data.knowledgeChecks).toEqual([expect.objectContaining({ lessonSlug: '01-why-observe', quizId: 'q1', selected: ['b'], correct: true })])
    expect(data.examExtraTime).toEqual([expect.objectContaining({ courseSlug: 'observer-basics', extraMinutes: 15 })])
    // Nobody else's placement, and no other person named or identified.
    for (const foreign of ['N09990000', 'пр. Абая, 999', 'Other Observer', 'Lead Person', lead.id, lead.email, 'Note by a lead']) expect(text).not.toContain(foreign)
  })
})
