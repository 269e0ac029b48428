/**
 * The participant-report import on the realistic Zoom export (tests/fixtures/zoom-participants-ru.csv):
 * matched by email and by name, too short and unmatched left for review, a hand match, the import
 * recording attendance (and certifying the one who now meets every requirement), a second import
 * changing nothing, and a lead of another NGO refused.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Actor } from '~/domain/permissions.ts'
import { importReport, matchByHand, reportAccess, reviewReport, saveReportMapping, uploadReport, getReport } from '~/server/live-sessions/attendance-report.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { addMember, createNgo, createUser } from '../support/factories.ts'
import { liveSession, register } from '../support/live-rule-fixture.ts'
import { recruit, rosterCampaign } from '../support/roster-fixture.ts'

const bytes = new Uint8Array(fs.readFileSync(new URL('../fixtures/zoom-participants-ru.csv', import.meta.url)))
const actorOf = async (userId: string, isAdmin = false): Promise<Actor> => ({ id: userId, isAdmin, memberships: (await db.membership.findMany({ where: { userId } })).map((m) => ({ ngoId: m.ngoId, role: m.role })) })

describe('the participant report import', () => {
  it('matches, reviews, imports once, and certifies who now meets the rule', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    await db.campaign.update({ where: { id: campaign.id }, data: { requiredLiveSessions: 1 } })
    const ngo = await createNgo()
    const other = await createNgo()
    const lead = await createUser()
    await addMember(lead.id, ngo.id, 'LEAD')
    const otherLead = await createUser()
    await addMember(otherLead.id, other.id, 'LEAD')
    const session = await liveSession({ ngoId: ngo.id, campaignIds: [campaign.id], startsAt: new Date(Date.now() - 3 * 3_600_000) })

    const people = {
      aigerim: await recruit(7101, campaign, ngo.id, { fullName: 'Серикова Айгерим Болатовна', state: 'in_training', certificates: [{ course: 'observer-basics' }] }),
      petr: await recruit(7102, campaign, ngo.id, { fullName: 'Иванов Петр Сергеевич', state: 'in_training', certificates: [] }),
      dana: await recruit(7103, campaign, ngo.id, { fullName: 'Ким Дана', state: 'in_training', certificates: [] }),
      asem: await recruit(7104, campaign, ngo.id, { fullName: 'Бақытқызы Әсем', state: 'in_training', certificates: [] }),
      marat: await recruit(7105, campaign, ngo.id, { fullName: 'Маратов Марат', state: 'in_training', certificates: [] }),
      // Same name in another NGO: not a candidate for this NGO's session.
      elsewhere: await recruit(7106, campaign, other.id, { fullName: 'Омаров Ерлан', state: 'in_training', certificates: [] }),
    }
    await db.user.update({ where: { id: people.aigerim.user.id }, data: { email: 'aigerim.serikova@example.org' } })
    await db.user.update({ where: { id: people.dana.user.id }, data: { email: 'dana.kim@example.org' } })
    for (const p of [people.aigerim, people.dana, people.marat]) await register(session.id, p.user.id)

    // A lead of another NGO is refused; the session's lead gets in.
    expect(await reportAccess(await actorOf(otherLead.id), session.id)).toBe('forbidden')
    expect(await reportAccess(await actorOf(lead.id), 'no-such-session')).toBe('notFound')
    const granted = await reportAccess(await actorOf(lead.id), session.id)
    if (typeof granted === 'string') throw new Error(granted)
    const { access } = granted

    const uploaded = await uploadReport(access, { name: '../zoom-participants-ru.csv', bytes }, '127.0.0.1')
    if (!uploaded.ok) throw new Error(uploaded.error.key)
    const stored = (await getReport(access, uploaded.reportId))!
    expect(stored.fileName).toBe('zoom-participants-ru.csv')
    expect(stored.mapping).toMatchObject({ columns: { name: 0, email: 1, joinTime: 2, leaveTime: 3, duration: 4 }, minimumMinutes: 30 })

    const review = await reviewReport(granted.session, stored, { page: 1 })
    expect(review.counts).toEqual({ matchedEmail: 1, matchedName: 2, matchedManual: 0, tooShort: 1, ambiguous: 0, unmatched: 4 })
    const byName = (name: string) => review.rows.find((r) => r.name === name)
    expect(byName('ИВАНОВ Пётр')).toMatchObject({ outcome: 'matchedName', userId: people.petr.user.id, personName: 'Иванов Петр Сергеевич' })
    expect(byName('Дана Ким')).toMatchObject({ outcome: 'tooShort', minutes: 13 })
    expect(byName('ерлан омаров (Омаров Ерлан)')).toMatchObject({ outcome: 'unmatched' })
    // Registered and not matched: who may be matched by hand.
    expect(review.choices.map((c) => c.userId)).toEqual([people.marat.user.id])

    const phone = byName('Samsung SM-A515F')!
    expect(await matchByHand(granted.session, access, stored.id, phone.key, people.elsewhere.user.id, '127.0.0.1')).toEqual({ ok: false, error: 'notCandidate' })
    expect(await matchByHand(granted.session, access, stored.id, phone.key, people.marat.user.id, '127.0.0.1')).toEqual({ ok: true })

    // A lower minimum lets Dana's 13 minutes count.
    expect(await saveReportMapping(access, stored.id, { columns: stored.mapping.columns, minimumMinutes: 10 }, '127.0.0.1')).toBe(true)
    const counts = await importReport(granted.session, access, stored.id, '127.0.0.1')
    expect(counts).toMatchObject({ recorded: 5, already: 0, outcomes: { matchedEmail: 2, matchedName: 2, matchedManual: 1, tooShort: 0 } })
    const attendance = await db.liveSessionRegistration.findMany({ where: { sessionId: session.id, attendedAt: { not: null } }, select: { userId: true, attendanceSource: true, minutesPresent: true } })
    expect(attendance).toHaveLength(5)
    expect(attendance.find((a) => a.userId === people.aigerim.user.id)).toMatchObject({ attendanceSource: 'report', minutesPresent: 76 })
    // Petr never registered: the import gave him a row.
    expect(attendance.some((a) => a.userId === people.petr.user.id)).toBe(true)
    // Aigerim held the certificate already: the session completes her requirements.
    expect((await db.application.findUniqueOrThrow({ where: { id: people.aigerim.application.id } })).state).toBe('certified')
    expect(await db.notification.count({ where: { userId: people.aigerim.user.id, kind: 'application.certified' } })).toBe(1)
    expect((await db.application.findUniqueOrThrow({ where: { id: people.petr.application.id } })).state).toBe('in_training')

    // Again, and a second upload of the same file: nothing new.
    expect(await importReport(granted.session, access, stored.id, '127.0.0.1')).toMatchObject({ recorded: 0, already: 5 })
    const again = await uploadReport(access, { name: 'zoom.csv', bytes }, '127.0.0.1')
    if (!again.ok) throw new Error('upload')
    expect(await importReport(granted.session, access, again.reportId, '127.0.0.1')).toMatchObject({ recorded: 0, already: 3 })
    expect(await db.liveSessionRegistration.count({ where: { sessionId: session.id, attendedAt: { not: null } } })).toBe(5)
    expect(await db.notification.count({ where: { userId: people.aigerim.user.id, kind: 'application.certified' } })).toBe(1)
    const actions = (await db.auditEvent.findMany({ where: { targetType: 'attendance_report', targetId: stored.id }, select: { action: true } })).map((a) => a.action)
    expect(actions.sort()).toEqual(['attendance_report.imported', 'attendance_report.imported', 'attendance_report.mapped', 'attendance_report.matched', 'attendance_report.uploaded'])

    // Another session's report is not reachable through this one.
    const otherSession = await liveSession({ ngoId: ngo.id })
    const otherGranted = await reportAccess(await actorOf(lead.id), otherSession.id)
    if (typeof otherGranted === 'string') throw new Error(otherGranted)
    expect(await getReport(otherGranted.access, stored.id)).toBeNull()
  })

  it('is not imported for a session that has not taken place, nor for a cancelled one', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await createNgo()
    const admin = await createUser({ isAdmin: true })
    // Matched by name («ИВАНОВ Пётр» in the report), with minutes enough.
    const person = await recruit(7201, campaign, ngo.id, { fullName: 'Иванов Петр Сергеевич', state: 'in_training', certificates: [] })
    for (const [options, refusal] of [[{ startsAt: new Date(Date.now() + 6 * 24 * 3_600_000) }, 'notStarted'], [{ startsAt: new Date(Date.now() - 3 * 3_600_000), cancelled: true }, 'cancelled']] as const) {
      const session = await liveSession({ ngoId: ngo.id, campaignIds: [campaign.id], ...options })
      await register(session.id, person.user.id)
      const granted = await reportAccess(await actorOf(admin.id, true), session.id)
      if (typeof granted === 'string') throw new Error(granted)
      const uploaded = await uploadReport(granted.access, { name: 'zoom.csv', bytes }, '127.0.0.1')
      if (!uploaded.ok) throw new Error(uploaded.error.key)
      expect((await reviewReport(granted.session, (await getReport(granted.access, uploaded.reportId))!, { page: 1 })).rows.find((r) => r.userId === person.user.id)).toMatchObject({ outcome: 'matchedName' })
      expect(await importReport(granted.session, granted.access, uploaded.reportId, '127.0.0.1')).toBe(refusal)
      expect(await db.liveSessionRegistration.count({ where: { sessionId: session.id, attendedAt: { not: null } } })).toBe(0)
      expect((await db.attendanceReport.findUniqueOrThrow({ where: { id: uploaded.reportId } })).importedAt).toBeNull()
      expect(await db.auditEvent.count({ where: { action: 'attendance_report.imported', targetId: uploaded.reportId } })).toBe(0)
    }
  })

  it('offers two registered people of one name for a hand match told apart by their addresses', async () => {
    // The demo's session had two «Тулегенов Айгерим»: the select showed the same words twice, and the
    // participant the report could not place ("several people") was the one to be matched by hand.
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await createNgo()
    const admin = await createUser({ isAdmin: true })
    const session = await liveSession({ ngoId: ngo.id, campaignIds: [campaign.id], startsAt: new Date(Date.now() - 3 * 3_600_000) })
    const first = await recruit(7301, campaign, ngo.id, { fullName: 'Тулегенов Айгерим', state: 'in_training', certificates: [] })
    const second = await recruit(7302, campaign, ngo.id, { fullName: 'Тулегенов Айгерим', state: 'in_training', certificates: [] })
    const single = await recruit(7303, campaign, ngo.id, { fullName: 'Маратов Марат', state: 'in_training', certificates: [] })
    await db.user.update({ where: { id: first.user.id }, data: { email: 'aigerim.t@example.org' } })
    await db.user.update({ where: { id: second.user.id }, data: { email: 'tulegenova.a@example.kz' } })
    for (const p of [first, second, single]) await register(session.id, p.user.id)
    const granted = await reportAccess(await actorOf(admin.id, true), session.id)
    if (typeof granted === 'string') throw new Error(granted)
    const csv = 'Name (Original Name),User Email,Duration (Minutes)\nАйгерим Тулегенов,,55\n'
    const uploaded = await uploadReport(granted.access, { name: 'zoom.csv', bytes: new TextEncoder().encode(csv) }, '127.0.0.1')
    if (!uploaded.ok) throw new Error(uploaded.error.key)
    const review = await reviewReport(granted.session, (await getReport(granted.access, uploaded.reportId))!, { page: 1 })
    expect(review.rows.map((r) => r.outcome)).toEqual(['ambiguous'])
    expect(review.choices.map(({ userId, name, hint }) => [userId, name, hint])).toEqual([
      [single.user.id, 'Маратов Марат', null],
      [first.user.id, 'Тулегенов Айгерим', 'ai•••.t@example.org'],
      [second.user.id, 'Тулегенов Айгерим', 'tu•••.a@example.kz'],
    ])
  })

  it('refuses a file that is not a table, changing nothing', async () => {
    const admin = await createUser({ isAdmin: true })
    const session = await liveSession()
    const granted = await reportAccess(await actorOf(admin.id, true), session.id)
    if (typeof granted === 'string') throw new Error(granted)
    const result = await uploadReport(granted.access, { name: 'x.csv', bytes: new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9, 8]) }, '127.0.0.1')
    expect(result.ok).toBe(false)
    expect(await db.attendanceReport.count({ where: { sessionId: session.id } })).toBe(0)
  })
})
