/**
 * Live sessions against a real database: scheduling and its validation, registration limits and the
 * waitlist (also under a race for the last seat), cancellation, reminders (once each, in the
 * person's language, also with two sweeps racing), attendance by code and by hand, the calendar
 * feed, and what a lead of another NGO can see.
 */
import { describe, expect, it } from 'vitest'
import { ForbiddenError, NotFoundError } from '~/domain/errors.ts'
import { sessionSchema, type SessionInput } from '~/domain/live-sessions.ts'
import type { Actor } from '~/domain/permissions.ts'
import { unfold } from '~/domain/ics.ts'
import type { Email } from '~/server/platform/email.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { listInbox } from '~/server/jobs/notifications.server.ts'
import { confirmCode, currentCode, markAttendance } from '~/server/live-sessions/attendance.server.ts'
import { calendarFeed, calendarToken, regenerateCalendarToken } from '~/server/live-sessions/calendar.server.ts'
import { queueLiveReminders, sweepLiveReminders } from '~/server/live-sessions/reminders.server.ts'
import {
  cancelRegistration,
  cancelSession,
  createSession,
  learnerAttendance,
  listNgoSessions,
  listVolunteerSessions,
  ngoSessionDetail,
  register,
  scheduleChoices,
  sessionAttendees,
  sessionForPerson,
  updateSession,
} from '~/server/live-sessions/sessions.server.ts'
import { addMember, auditActions, createUser } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

const HOUR = 3_600_000
const actorOf = (id: string, memberships: Actor['memberships'] = [], isAdmin = false): Actor => ({ id, isAdmin, memberships })

async function world() {
  const campaign = await rosterCampaign()
  const ngoA = await accreditedNgo()
  const ngoB = await accreditedNgo()
  const trainerUser = await createUser()
  await addMember(trainerUser.id, ngoA.id, 'TRAINER')
  const leadAUser = await createUser()
  await addMember(leadAUser.id, ngoA.id, 'LEAD')
  const leadBUser = await createUser()
  await addMember(leadBUser.id, ngoB.id, 'LEAD')
  const recruitsA = await Promise.all([1, 2, 3, 4].map((n) => recruit(n, campaign, ngoA.id, { state: 'in_training', certificates: [] })))
  const recruitB = await recruit(5, campaign, ngoB.id, { state: 'in_training', certificates: [] })
  return {
    campaign,
    ngoA,
    ngoB,
    trainer: actorOf(trainerUser.id, [{ ngoId: ngoA.id, role: 'TRAINER' }]),
    leadA: actorOf(leadAUser.id, [{ ngoId: ngoA.id, role: 'LEAD' }]),
    leadB: actorOf(leadBUser.id, [{ ngoId: ngoB.id, role: 'LEAD' }]),
    a: recruitsA.map((r) => actorOf(r.user.id)),
    b: actorOf(recruitB.user.id),
    /** This world's people: the database is shared by the tests of this file. */
    people: { userId: { in: [...recruitsA.map((r) => r.user.id), recruitB.user.id] } },
  }
}

function input(campaignId: string, extra: Record<string, unknown> = {}, startsIn = 3 * 24 * HOUR): SessionInput {
  const start = new Date(Date.now() + startsIn + 5 * HOUR)
  const iso = start.toISOString()
  const end = new Date(start.getTime() + HOUR).toISOString()
  const parsed = sessionSchema.parse({
    format: 'OFFLINE', titleRu: 'Подсчёт голосов', titleKk: 'Дауыстарды санау', titleEn: 'Counting the votes', address: 'Алматы, Абая 10', room: '305',
    date: iso.slice(0, 10), startTime: iso.slice(11, 16), endTime: end.slice(11, 16), campaigns: [campaignId], waitlist: 'on', capacity: '2', ...extra,
  })
  return parsed
}

describe('scheduling', () => {
  it('a trainer schedules coalition-wide sessions, a lead their own NGO, nobody else', async () => {
    const w = await world()
    const coalition = await createSession(w.trainer, null, input(w.campaign.id), 'ru')
    expect(coalition.ok).toBe(true)
    const own = await createSession(w.leadA, w.ngoA.id, input(w.campaign.id), 'ru')
    expect(own.ok).toBe(true)
    await expect(createSession(w.leadA, null, input(w.campaign.id), 'ru')).rejects.toThrow(ForbiddenError)
    await expect(createSession(w.leadB, w.ngoA.id, input(w.campaign.id), 'ru')).rejects.toThrow(ForbiddenError)
    await expect(createSession(w.a[0]!, w.ngoA.id, input(w.campaign.id), 'ru')).rejects.toThrow(ForbiddenError)
    expect((await auditActions()).filter((a) => a.startsWith('live.'))).toEqual(['live.session.create', 'live.session.create'])
  })

  it('schedules one session when the same form is sent twice at once (a double click); a changed form is another session', async () => {
    // Outside probe after session 39: a double click on "Create" scheduled two identical sessions.
    const w = await world()
    const [first, second] = await Promise.all([createSession(w.leadA, w.ngoA.id, input(w.campaign.id), 'ru'), createSession(w.leadA, w.ngoA.id, input(w.campaign.id), 'ru')])
    expect(first).toEqual(second)
    expect(await db.liveSession.count({ where: { ngoId: w.ngoA.id } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'live.session.create', ngoId: w.ngoA.id } })).toBe(1)
    expect((await createSession(w.leadA, w.ngoA.id, input(w.campaign.id, { room: '306' }), 'ru')).ok).toBe(true)
    expect((await createSession(w.leadA, w.ngoA.id, input(w.campaign.id, { trainers: [w.trainer.id] }), 'ru')).ok).toBe(true)
    expect(await db.liveSession.count({ where: { ngoId: w.ngoA.id } })).toBe(3)
  })

  it('refuses a campaign or trainer that does not exist, and changes nothing', async () => {
    const w = await world()
    expect(await createSession(w.trainer, null, input(w.campaign.id, { campaigns: ['no-such-campaign'] }), 'ru')).toEqual({ ok: false, error: 'campaigns' })
    expect(await createSession(w.trainer, null, input(w.campaign.id, { trainers: [w.a[0]!.id] }), 'ru')).toEqual({ ok: false, error: 'trainers' })
    expect(await db.liveSession.count({ where: { campaigns: { some: { campaignId: w.campaign.id } } } })).toBe(0)
  })

  it("an NGO's own session is run by that NGO's trainers only; a coalition-wide one by anyone who trains", async () => {
    const w = await world()
    const trainerB = await createUser()
    await addMember(trainerB.id, w.ngoB.id, 'TRAINER')
    // NGO A's trainer would see NGO B's attendees and meeting link: refused, nothing made.
    expect(await createSession(w.leadB, w.ngoB.id, input(w.campaign.id, { trainers: [w.trainer.id] }), 'ru')).toEqual({ ok: false, error: 'trainers' })
    expect(await db.liveSession.count({ where: { ngoId: w.ngoB.id } })).toBe(0)
    const own = await createSession(w.leadB, w.ngoB.id, input(w.campaign.id, { trainers: [trainerB.id] }), 'ru')
    if (!own.ok) throw new Error(own.error)
    // Nor added later by editing it.
    expect(await updateSession(w.leadB, own.id, input(w.campaign.id, { trainers: [trainerB.id, w.trainer.id] }), 'ru')).toEqual({ ok: false, error: 'trainers' })
    expect((await db.liveSessionTrainer.findMany({ where: { sessionId: own.id } })).map((t) => t.userId)).toEqual([trainerB.id])
    // The form offers only NGO B's trainers for it; a coalition-wide session offers both.
    expect((await scheduleChoices('ru', w.ngoB.id)).trainers.map((t) => t.id)).toEqual([trainerB.id])
    const everyone = (await scheduleChoices('ru', null)).trainers.map((t) => t.id)
    expect(everyone).toEqual(expect.arrayContaining([trainerB.id, w.trainer.id]))
    expect((await createSession(w.trainer, null, input(w.campaign.id, { trainers: [w.trainer.id, trainerB.id] }), 'ru')).ok).toBe(true)
  })

  it('moving a session sends its reminders again; more seats move the waitlist up', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id, { capacity: '1' }, 20 * HOUR), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    expect(await register(w.a[0]!, s.id)).toBe('registered')
    expect(await register(w.a[1]!, s.id)).toBe('waitlisted')
    await queueLiveReminders()
    expect((await db.liveSessionRegistration.findFirstOrThrow({ where: { userId: w.a[0]!.id } })).reminderDaySentAt).not.toBeNull()
    await updateSession(w.trainer, s.id, input(w.campaign.id, { capacity: '2' }, 2 * 24 * HOUR), 'ru')
    const rows = await db.liveSessionRegistration.findMany({ where: { sessionId: s.id }, orderBy: { registeredAt: 'asc' } })
    expect(rows.map((r) => [r.status, r.reminderDaySentAt])).toEqual([['registered', null], ['registered', null]])
    expect(await db.notification.count({ where: { userId: w.a[1]!.id, kind: 'live.promoted' } })).toBe(1)
  })
})

describe('registration, limits and the waitlist', () => {
  it('seats up to capacity, then waitlists; a cancellation promotes the first waitlisted, who is told', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    expect(await register(w.a[0]!, s.id)).toBe('registered')
    expect(await register(w.a[0]!, s.id)).toBe('already')
    expect(await register(w.a[1]!, s.id)).toBe('registered')
    expect(await register(w.a[2]!, s.id)).toBe('waitlisted')
    expect(await register(w.a[3]!, s.id)).toBe('waitlisted')
    expect(await cancelRegistration(w.a[0]!, s.id)).toBe('cancelled')
    const status = async (a: Actor) => (await db.liveSessionRegistration.findFirstOrThrow({ where: { sessionId: s.id, userId: a.id } })).status
    expect([await status(w.a[0]!), await status(w.a[2]!), await status(w.a[3]!)]).toEqual(['cancelled', 'registered', 'waitlisted'])
    expect(await db.notification.findMany({ where: { kind: 'live.promoted', ...w.people }, select: { userId: true } })).toEqual([{ userId: w.a[2]!.id }])
    // Back after cancelling: at the end of the queue.
    expect(await register(w.a[0]!, s.id)).toBe('waitlisted')
  })

  it('without a waitlist a full session refuses; a race for the last seat seats one', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id, { capacity: '1', waitlist: undefined }), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    const outcomes = await Promise.all(w.a.map((a) => register(a, s.id)))
    expect(outcomes.filter((o) => o === 'registered')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(3)
    expect(await db.liveSessionRegistration.count({ where: { sessionId: s.id, status: 'registered' } })).toBe(1)
  })

  it("volunteers see their campaigns' coalition sessions and their own NGO's, not another NGO's", async () => {
    const w = await world()
    const coalition = await createSession(w.trainer, null, input(w.campaign.id), 'ru')
    const ofA = await createSession(w.leadA, w.ngoA.id, input(w.campaign.id), 'ru')
    if (!coalition.ok || !ofA.ok) throw new Error('not scheduled')
    const seen = async (a: Actor) => (await listVolunteerSessions(a.id, { page: 1, locale: 'ru' })).items.map((i) => i.id).sort()
    expect(await seen(w.a[0]!)).toEqual([coalition.id, ofA.id].sort())
    expect(await seen(w.b)).toEqual([coalition.id])
    await expect(register(w.b, ofA.id)).rejects.toThrow(NotFoundError)
    const stranger = actorOf((await createUser()).id)
    expect(await seen(stranger)).toEqual([])
    await expect(sessionForPerson(stranger, coalition.id, 'ru')).rejects.toThrow(NotFoundError)
  })

  it('cancelling a session tells the registered and the waitlisted, once', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    for (const a of w.a.slice(0, 3)) await register(a, s.id)
    await cancelRegistration(w.a[0]!, s.id)
    expect(await cancelSession(w.trainer, s.id)).toEqual({ notified: 2 })
    expect(await cancelSession(w.trainer, s.id)).toEqual({ notified: 0 })
    expect((await db.notification.findMany({ where: { kind: 'live.cancelled', ...w.people }, select: { userId: true } })).map((n) => n.userId).sort()).toEqual([w.a[1]!.id, w.a[2]!.id].sort())
    expect(await register(w.a[3]!, s.id)).toBe('closed')
    await expect(cancelSession(w.leadB, s.id)).rejects.toThrow(ForbiddenError)
  })
})

describe('reminders', () => {
  it('a day and an hour before, exactly once each, even with two sweeps racing, in the person’s language', async () => {
    const w = await world()
    await db.user.update({ where: { id: w.a[1]!.id }, data: { locale: 'kk' } })
    const s = await createSession(w.trainer, null, input(w.campaign.id, {}, 18 * HOUR), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    await register(w.a[0]!, s.id)
    await register(w.a[1]!, s.id)
    const session = await db.liveSession.findUniqueOrThrow({ where: { id: s.id } })

    const dayBefore = new Date(session.startsAt.getTime() - 20 * HOUR)
    await Promise.all([queueLiveReminders(dayBefore), queueLiveReminders(dayBefore), sweepLiveReminders(dayBefore)])
    expect(await db.notification.count({ where: { kind: 'live.reminder_day', ...w.people } })).toBe(2)
    await queueLiveReminders(dayBefore)
    expect(await db.notification.count({ where: { kind: 'live.reminder_day', ...w.people } })).toBe(2)

    const hourBefore = new Date(session.startsAt.getTime() - 40 * 60_000)
    await Promise.all([queueLiveReminders(hourBefore), queueLiveReminders(hourBefore)])
    await queueLiveReminders(new Date(hourBefore.getTime() + 60_000))
    expect(await db.notification.count({ where: { kind: 'live.reminder_hour', ...w.people } })).toBe(2)
    expect(await db.notification.count({ where: { kind: { startsWith: 'live.reminder' }, ...w.people } })).toBe(4)

    // Each email in its reader's language, with the title in that language and the Kazakhstan time.
    const sent: Email[] = []
    await deliverDueNotifications({ send: async (email) => void sent.push(email) })
    const emailOf = async (a: Actor) => (await db.user.findUniqueOrThrow({ where: { id: a.id } })).email
    const [kkEmail, ruEmail] = [await emailOf(w.a[1]!), await emailOf(w.a[0]!)]
    const kazakh = sent.filter((e) => e.to === kkEmail)
    const russian = sent.filter((e) => e.to === ruEmail)
    expect(kazakh.map((e) => e.subject).sort()).toEqual(['Бақылаушы мектебі: Бір сағаттан кейін: Дауыстарды санау', 'Бақылаушы мектебі: Ертең: Дауыстарды санау'])
    expect(russian.map((e) => e.subject).sort()).toEqual(['Школа наблюдателя: Завтра: Подсчёт голосов', 'Школа наблюдателя: Через час: Подсчёт голосов'])
    expect(russian[0]?.text).toContain(`/sessions/${s.id}`)
    const inbox = await listInbox(w.a[1]!.id, { page: 1, locale: 'kk' })
    expect(inbox.items.map((i) => i.href)).toEqual([`/sessions/${s.id}`, `/sessions/${s.id}`])
  })

  it('nobody cancelled, waitlisted or at a cancelled session is reminded', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id, { capacity: '1' }, 10 * HOUR), 'ru')
    const t = await createSession(w.trainer, null, input(w.campaign.id, {}, 10 * HOUR), 'ru')
    if (!s.ok || !t.ok) throw new Error('not scheduled')
    await register(w.a[0]!, s.id)
    await register(w.a[1]!, s.id) // waitlisted
    await register(w.a[2]!, t.id)
    await cancelSession(w.trainer, t.id)
    await cancelRegistration(w.a[0]!, s.id) // promotes a[1]
    await queueLiveReminders()
    expect((await db.notification.findMany({ where: { kind: 'live.reminder_day', ...w.people }, select: { userId: true } })).map((n) => n.userId)).toEqual([w.a[1]!.id])
  })
})

describe('attendance', () => {
  async function running() {
    const w = await world()
    // Begun ten minutes ago: attendance is open.
    const s = await createSession(w.trainer, null, input(w.campaign.id, {}, -10 * 60_000), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    await register(w.a[0]!, s.id)
    await register(w.a[1]!, s.id)
    return { w, id: s.id }
  }

  it('a code: recorded once per person; a replay records nothing new; an expired or unknown code is refused', async () => {
    const { w, id } = await running()
    const now = new Date()
    const shown = await currentCode(w.trainer, id, now)
    expect(shown.code).toMatch(/^[A-Z0-9]{5}$/)
    // The same code for the rest of the minute, a new one after.
    expect((await currentCode(w.trainer, id, new Date(now.getTime() + 30_000))).code).toBe(shown.code)
    const next = await currentCode(w.trainer, id, new Date(now.getTime() + 61_000))
    expect(next.code).not.toBe(shown.code)

    expect(await confirmCode(w.a[0]!.id, shown.code.toLowerCase(), undefined, new Date(now.getTime() + 70_000))).toMatchObject({ outcome: 'recorded', walkIn: false })
    expect(await confirmCode(w.a[0]!.id, next.code, undefined, new Date(now.getTime() + 80_000))).toMatchObject({ outcome: 'alreadyRecorded' })
    const first = await db.liveSessionRegistration.findFirstOrThrow({ where: { userId: w.a[0]!.id } })
    expect([first.attendanceSource, first.attendedAt?.getTime()]).toEqual(['code', now.getTime() + 70_000])
    expect(await confirmCode(w.a[1]!.id, shown.code, undefined, new Date(now.getTime() + 5 * 60_000))).toMatchObject({ outcome: 'expired' })
    expect(await confirmCode(w.a[1]!.id, 'QQQQQ')).toMatchObject({ outcome: 'unknown' })
    expect(await confirmCode(w.a[1]!.id, 'not a code at all')).toMatchObject({ outcome: 'unknown' })
    expect((await db.liveSessionRegistration.findFirstOrThrow({ where: { userId: w.a[1]!.id } })).attendedAt).toBeNull()
  })

  it('tells two attendees of one name apart by the ends of their addresses, so the right one is marked present', async () => {
    const { w, id } = await running()
    await db.user.update({ where: { id: w.a[0]!.id }, data: { name: 'Тулегенов Айгерим', email: 'aigerim.t@example.org' } })
    await db.user.update({ where: { id: w.a[1]!.id }, data: { name: 'Тулегенов Айгерим', email: 'tulegenova.a@example.kz' } })
    const people = await sessionAttendees(id, 'ru', null, { page: 1 })
    expect(people.items.map((p) => [p.userId, p.name, p.hint])).toEqual([
      [w.a[0]!.id, 'Тулегенов Айгерим', 'ai•••.t@example.org'],
      [w.a[1]!.id, 'Тулегенов Айгерим', 'tu•••.a@example.kz'],
    ])
    await db.user.update({ where: { id: w.a[1]!.id }, data: { name: 'Маратов Марат' } })
    expect((await sessionAttendees(id, 'ru', null, { page: 1 })).items.map((p) => p.hint)).toEqual([null, null])
  })

  it('someone not registered (a forwarded code) is recorded as a walk-in the trainer sees and can remove', async () => {
    const { w, id } = await running()
    const shown = await currentCode(w.trainer, id)
    expect(await confirmCode(w.b.id, shown.code)).toMatchObject({ outcome: 'recorded', walkIn: true })
    const people = await sessionAttendees(id, 'ru', null, { page: 1 })
    expect(people.items.find((p) => p.userId === w.b.id)).toMatchObject({ status: 'walk-in', attended: true, source: 'code' })
    expect(await markAttendance(w.trainer, id, w.b.id, false)).toBe('changed')
    expect((await db.liveSessionRegistration.findFirstOrThrow({ where: { userId: w.b.id } })).attendedAt).toBeNull()
  })

  it("at an NGO's own session a forwarded code records that NGO's volunteers as walk-ins and refuses another NGO's (their name never reaches the list)", async () => {
    const w = await world()
    const s = await createSession(w.leadA, w.ngoA.id, input(w.campaign.id, {}, -10 * 60_000), 'ru')
    if (!s.ok) throw new Error('not scheduled')
    const shown = await currentCode(w.leadA, s.id)
    expect(await confirmCode(w.b.id, shown.code)).toMatchObject({ outcome: 'otherNgo' })
    expect(await db.liveSessionRegistration.count({ where: { sessionId: s.id, userId: w.b.id } })).toBe(0)
    expect((await sessionAttendees(s.id, 'ru', null, { page: 1 })).items.map((p) => p.userId)).not.toContain(w.b.id)
    expect(await confirmCode(w.a[2]!.id, shown.code)).toMatchObject({ outcome: 'recorded', walkIn: true })
  })

  it('by hand, and undone; only people of the session; only by those who run it', async () => {
    const { w, id } = await running()
    expect(await markAttendance(w.trainer, id, w.a[1]!.id, true)).toBe('changed')
    expect(await markAttendance(w.trainer, id, w.a[1]!.id, true)).toBe('unchanged')
    const row = await db.liveSessionRegistration.findFirstOrThrow({ where: { userId: w.a[1]!.id } })
    expect([row.attendanceSource, row.attendanceMarkedById]).toEqual(['manual', w.trainer.id])
    expect(await markAttendance(w.trainer, id, w.a[1]!.id, false)).toBe('changed')
    expect(await markAttendance(w.trainer, id, w.a[3]!.id, true)).toBe('unknown')
    await expect(markAttendance(w.leadA, id, w.a[1]!.id, true)).rejects.toThrow(ForbiddenError)
    await expect(currentCode(w.a[0]!, id)).rejects.toThrow(ForbiddenError)
    const audited = await db.auditEvent.findMany({ where: { targetId: id, action: { startsWith: 'live.attend' } }, orderBy: { at: 'asc' }, select: { action: true } })
    expect(audited.map((a) => a.action)).toEqual(['live.attend.mark', 'live.attend.unmark'])
  })

  it('nothing is recorded before attendance opens (half an hour before the start) nor at a cancelled session', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id), 'ru') // in three days
    if (!s.ok) throw new Error('not scheduled')
    await register(w.a[0]!, s.id)
    const session = await db.liveSession.findUniqueOrThrow({ where: { id: s.id } })
    // No code on the screen days ahead, and no mark by hand.
    await expect(currentCode(w.trainer, s.id)).rejects.toThrow(ForbiddenError)
    expect(await markAttendance(w.trainer, s.id, w.a[0]!.id, true)).toBe('notStarted')
    // A code shown once the half hour began, then the session moved a day later: refused.
    const early = new Date(session.startsAt.getTime() - 20 * 60_000)
    const shown = await currentCode(w.trainer, s.id, early)
    await db.liveSession.update({ where: { id: s.id }, data: { startsAt: new Date(session.startsAt.getTime() + 24 * HOUR), endsAt: new Date(session.endsAt.getTime() + 24 * HOUR) } })
    expect(await confirmCode(w.a[0]!.id, shown.code, undefined, new Date(early.getTime() + 60_000))).toMatchObject({ outcome: 'notStarted' })
    expect(await markAttendance(w.trainer, s.id, w.a[0]!.id, true, undefined, early)).toBe('notStarted')
    expect((await db.liveSessionRegistration.findFirstOrThrow({ where: { sessionId: s.id, userId: w.a[0]!.id } })).attendedAt).toBeNull()
    expect(await db.auditEvent.count({ where: { targetId: s.id, action: { startsWith: 'live.attend' } } })).toBe(0)
    // From half an hour before the (new) start it is open; a cancelled session never is, though a mark can still be removed.
    const open = new Date(session.startsAt.getTime() + 24 * HOUR - 30 * 60_000)
    expect(await markAttendance(w.trainer, s.id, w.a[0]!.id, true, undefined, open)).toBe('changed')
    await cancelSession(w.trainer, s.id)
    const after = new Date(open.getTime() + HOUR)
    expect(await markAttendance(w.trainer, s.id, w.a[1]!.id, true, undefined, after)).toBe('cancelled')
    expect(await markAttendance(w.trainer, s.id, w.a[0]!.id, false, undefined, after)).toBe('changed')
  })

  it('guessing is throttled per person', async () => {
    const { w } = await running()
    let last = ''
    for (let i = 0; i < 61; i++) last = (await confirmCode(w.a[0]!.id, 'QQQQQ')).outcome
    expect(last).toBe('throttled')
  })
})

describe('access: a lead of NGO B and NGO A’s sessions', () => {
  it("cannot see NGO A's own session or its attendees; at a coalition session sees only NGO B's recruits", async () => {
    const w = await world()
    const ofA = await createSession(w.leadA, w.ngoA.id, input(w.campaign.id, { capacity: undefined }), 'ru')
    // Under way (attendance is marked below).
    const coalition = await createSession(w.trainer, null, input(w.campaign.id, { capacity: undefined }, -10 * 60_000), 'ru')
    if (!ofA.ok || !coalition.ok) throw new Error('not scheduled')
    await register(w.a[0]!, ofA.id)
    await register(w.a[0]!, coalition.id)
    await register(w.b, coalition.id)
    await markAttendance(w.trainer, coalition.id, w.a[0]!.id, true)
    await markAttendance(w.trainer, coalition.id, w.b.id, true)
    const scopeB = { kind: 'ngo' as const, actorId: w.leadB.id, ngoId: w.ngoB.id }
    const scopeA = { kind: 'ngo' as const, actorId: w.leadA.id, ngoId: w.ngoA.id }

    await expect(ngoSessionDetail(scopeB, ofA.id, 'ru')).rejects.toThrow(NotFoundError)
    const listB = (await listNgoSessions(scopeB, { page: 1, when: 'upcoming', locale: 'ru' })).items
    expect(listB.map((i) => i.id)).toContain(coalition.id)
    expect(listB.map((i) => i.id)).not.toContain(ofA.id)
    const seenByB = await ngoSessionDetail(scopeB, coalition.id, 'ru')
    expect(seenByB.own).toBe(false)
    expect(seenByB.detail.meetingUrl).toBeNull()
    const attendeesB = await sessionAttendees(coalition.id, 'ru', seenByB.limitToNgo, { page: 1 })
    expect(attendeesB.items.map((p) => p.userId)).toEqual([w.b.id])
    // Its figures count NGO B's recruits only.
    expect(listB.find((i) => i.id === coalition.id)).toMatchObject({ registered: 1, attended: 1 })
    expect((await learnerAttendance({ kind: 'ngo', ngoId: w.ngoB.id }, { page: 1 })).items.map((i) => i.userId)).toEqual([w.b.id])

    const seenByA = await ngoSessionDetail(scopeA, ofA.id, 'ru')
    expect(seenByA.own).toBe(true)
    expect((await learnerAttendance({ kind: 'ngo', ngoId: w.ngoA.id }, { page: 1 })).items).toEqual([expect.objectContaining({ userId: w.a[0]!.id, attended: 1, registered: 2 })])
  })
})

describe('calendar', () => {
  it('the feed lists the sessions one holds a seat at, in UTC; a new address kills the old one', async () => {
    const w = await world()
    const s = await createSession(w.trainer, null, input(w.campaign.id, { format: 'ONLINE', meetingUrl: 'https://zoom.us/j/42' }), 'ru')
    const t = await createSession(w.trainer, null, input(w.campaign.id), 'ru')
    if (!s.ok || !t.ok) throw new Error('not scheduled')
    await register(w.a[0]!, s.id)
    const token = await calendarToken(w.a[0]!.id)
    expect(await calendarToken(w.a[0]!.id)).toBe(token)
    const feed = await calendarFeed(token, 'https://school.example.org')
    const lines = unfold(feed ?? '')
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1)
    expect(lines.some((l) => /^DTSTART:\d{8}T\d{6}Z$/.test(l))).toBe(true)
    expect(lines).toContain(`URL:https://school.example.org/sessions/${s.id}`)
    expect(feed).toContain('https://zoom.us/j/42')
    const renewed = await regenerateCalendarToken(w.a[0]!.id)
    expect(renewed).not.toBe(token)
    expect(await calendarFeed(token, 'https://school.example.org')).toBeNull()
    expect(await calendarFeed(renewed, 'https://school.example.org')).not.toBeNull()
    expect(await calendarFeed('../../etc/passwd', 'https://school.example.org')).toBeNull()
  })
})
