/**
 * The live-session requirement end to end: the exam path does not certify while sessions are missing;
 * attendance recorded later certifies in its own transaction (event, audit record, notification);
 * removing it sends the application back to training; the admin sets the number, audited.
 */
import { describe, expect, it } from 'vitest'
import { campaignSchema } from '~/domain/validation/admin.ts'
import { certificationFacts } from '~/server/exams/certification.server.ts'
import { campaignCertification, readinessFor } from '~/server/exams/certificates.server.ts'
import { markAttendance } from '~/server/live-sessions/attendance.server.ts'
import { reevaluateCertification } from '~/server/live-sessions/certification-hook.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { createCampaign, updateCampaign } from '~/server/recruitment/campaigns.server.ts'
import { certifyApplications } from '~/server/recruitment/applications.server.ts'
import { campaignDashboard } from '~/server/recruitment/dashboards.server.ts'
import { stuckRecruits } from '~/server/recruitment/recruitment.server.ts'
import { findRosterCampaign, rosterSummary, waitingForLiveSessions } from '~/server/rosters/rosters.server.ts'
import { createNgo, createUser } from '../support/factories.ts'
import { liveSession, register } from '../support/live-rule-fixture.ts'
import { recruit, rosterCampaign } from '../support/roster-fixture.ts'

async function setAttendance(sessionId: string, userId: string, attended: boolean) {
  return db.$transaction(async (tx) => {
    await tx.liveSessionRegistration.update({
      where: { sessionId_userId: { sessionId, userId } },
      data: attended ? { attendedAt: new Date(), attendanceSource: 'manual' } : { attendedAt: null, attendanceSource: null },
    })
    return reevaluateCertification(tx, userId)
  })
}

describe('a campaign that requires live sessions', () => {
  it('certifies only when the last session is attended, and un-certifies when attendance is removed', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    await db.campaign.update({ where: { id: campaign.id }, data: { requiredLiveSessions: 2 } })
    const ngo = await createNgo()
    const { user, application } = await recruit(7001, campaign, ngo.id, { state: 'in_training', certificates: [{ course: 'observer-basics' }] })
    const ofCampaign = await liveSession({ campaignIds: [campaign.id] })
    const ofCourse = await liveSession({ courseSlugs: ['observer-basics'] })
    const cancelled = await liveSession({ campaignIds: [campaign.id], cancelled: true })
    for (const s of [ofCampaign, ofCourse, cancelled]) await register(s.id, user.id)

    // The exam path (certificate issued, then the rule applied) does not certify yet.
    expect(await db.$transaction(async (tx) => certifyApplications(tx, user.id, await certificationFacts(tx, user.id)))).toEqual([])
    expect((await campaignCertification(user.id, 'en')).find((c) => c.id === campaign.id)).toMatchObject({ certified: false, missing: [{ kind: 'liveSessions', attended: 0, count: 2 }] })

    const scope = { kind: 'ngo' as const, actorId: user.id, ngoId: ngo.id }
    expect((await stuckRecruits(scope, campaign.id, 'liveSessions')).map((r) => r.id)).toEqual([application.id])
    const rosterRequest = { scope, campaign: (await findRosterCampaign(campaign.slug))!, regions: [] }
    expect(await waitingForLiveSessions(rosterRequest)).toBe(1)
    expect((await campaignDashboard(scope, campaign.id, 'en')).waitingForLiveSessions).toBe(1)
    expect(await setAttendance(ofCampaign.id, user.id, true)).toEqual({ certified: [], uncertified: [] })
    expect((await readinessFor(campaign.id, [user.id], 'en'))?.get(user.id)).toEqual({ certified: false, missing: [{ kind: 'liveSessions', attended: 1, count: 2 }] })
    // A cancelled session does not count.
    expect(await setAttendance(cancelled.id, user.id, true)).toEqual({ certified: [], uncertified: [] })
    expect((await campaignCertification(user.id, 'en')).find((c) => c.id === campaign.id)).toMatchObject({ missing: [{ kind: 'liveSessions', attended: 1, count: 2 }] })
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('in_training')

    expect(await setAttendance(ofCourse.id, user.id, true)).toEqual({ certified: [campaign.id], uncertified: [] })
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('certified')
    expect(await stuckRecruits(scope, campaign.id, 'liveSessions')).toEqual([])
    expect(await waitingForLiveSessions(rosterRequest)).toBe(0)
    expect((await rosterSummary({ ...rosterRequest, locale: 'en' })).total).toBe(1)
    expect(await db.applicationEvent.findFirst({ where: { applicationId: application.id, toState: 'certified' } })).toMatchObject({ fromState: 'in_training', actorRole: 'system' })
    expect(await db.auditEvent.findFirst({ where: { action: 'application.moved', targetId: application.id }, orderBy: { at: 'desc' } })).toMatchObject({ ngoId: ngo.id })
    expect(await db.notification.count({ where: { userId: user.id, kind: 'application.certified' } })).toBe(1)
    expect((await campaignCertification(user.id, 'en')).find((c) => c.id === campaign.id)).toMatchObject({ certified: true, missing: [] })

    // Recording it again changes nothing; removing one sends the application back to training.
    expect(await setAttendance(ofCourse.id, user.id, true)).toEqual({ certified: [], uncertified: [] })
    expect(await setAttendance(ofCampaign.id, user.id, false)).toEqual({ certified: [], uncertified: [campaign.id] })
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('in_training')
    expect(await db.notification.count({ where: { userId: user.id, kind: 'application.certified' } })).toBe(1)
  })

  it('a campaign without the requirement certifies on the courses alone, as before', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await createNgo()
    const { user, application } = await recruit(7002, campaign, ngo.id, { state: 'in_training', certificates: [{ course: 'observer-basics' }] })
    expect(await db.$transaction(async (tx) => certifyApplications(tx, user.id, await certificationFacts(tx, user.id)))).toEqual([{ campaignId: campaign.id, ngoId: ngo.id }])
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('certified')
  })
})

describe('attendance marked by the trainer', () => {
  it('certifies through attendanceChanged, and unmarking sends the application back', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    await db.campaign.update({ where: { id: campaign.id }, data: { requiredLiveSessions: 1 } })
    const ngo = await createNgo()
    const { user, application } = await recruit(7003, campaign, ngo.id, { state: 'in_training', certificates: [{ course: 'observer-basics' }] })
    const admin = await createUser({ isAdmin: true })
    const session = await liveSession({ ngoId: ngo.id, campaignIds: [campaign.id], startsAt: new Date(Date.now() - 3_600_000) })
    await register(session.id, user.id)
    const actor = { id: admin.id, isAdmin: true, memberships: [] }
    expect(await markAttendance(actor, session.id, user.id, true)).toBe('changed')
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('certified')
    expect(await markAttendance(actor, session.id, user.id, false)).toBe('changed')
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('in_training')
  })
})

describe('the admin campaign form', () => {
  it('takes 0 to 20 live sessions, stores and audits the number', async () => {
    const base = { slug: 'live-2027', nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay: '2027-03-21', applicationDeadline: '2027-02-15' }
    expect(campaignSchema.parse(base).requiredLiveSessions).toBe(0)
    for (const bad of ['21', '-1', '1.5', 'two']) expect(campaignSchema.safeParse({ ...base, requiredLiveSessions: bad }).success).toBe(false)
    const admin = await createUser({ isAdmin: true })
    const created = await createCampaign(admin.id, campaignSchema.parse({ ...base, requiredLiveSessions: '2' }), '127.0.0.1')
    if (!created.ok) throw new Error('create failed')
    expect((await db.campaign.findUniqueOrThrow({ where: { id: created.id } })).requiredLiveSessions).toBe(2)
    await updateCampaign(admin.id, created.id, campaignSchema.parse({ ...base, requiredLiveSessions: '3' }), '127.0.0.1')
    expect((await db.campaign.findUniqueOrThrow({ where: { id: created.id } })).requiredLiveSessions).toBe(3)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'campaign.updated', targetId: created.id } })
    expect(JSON.parse(audit.details ?? '{}')).toMatchObject({ requiredLiveSessions: 3 })
  })
})

describe('changing what a campaign requires', () => {
  it('measures its recruits again at once: raising the number of sessions sends the certified back to training, lowering it certifies them', async () => {
    const admin = await createUser({ isAdmin: true })
    const base = { slug: 'raise-2027', nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay: '2027-03-21', applicationDeadline: '2027-02-15', requiredCourses: ['observer-basics'] }
    const created = await createCampaign(admin.id, campaignSchema.parse(base), '127.0.0.1')
    if (!created.ok) throw new Error('create failed')
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: created.id } })
    const ngo = await createNgo()
    const { application } = await recruit(7004, campaign, ngo.id, { state: 'certified', certificates: [{ course: 'observer-basics' }] })
    await updateCampaign(admin.id, campaign.id, campaignSchema.parse({ ...base, requiredLiveSessions: '1' }), '127.0.0.1')
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('in_training')
    await updateCampaign(admin.id, campaign.id, campaignSchema.parse({ ...base, requiredLiveSessions: '0' }), '127.0.0.1')
    expect((await db.application.findUniqueOrThrow({ where: { id: application.id } })).state).toBe('certified')
    expect(await db.applicationEvent.count({ where: { applicationId: application.id, actorRole: 'system' } })).toBe(2)
  })
})
