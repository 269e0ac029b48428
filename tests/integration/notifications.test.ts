/** The notification queue against a real database: sending, retries, claims, invitations, reminders, the inbox. */
import crypto from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { login, resetPassword, usableTokenPurpose } from '~/server/accounts/accounts.server.ts'
import { NO_PASSWORD } from '~/server/accounts/password.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox, type Email } from '~/server/platform/email.server.ts'
import { logger } from '~/server/platform/logger.server.ts'
import { metrics } from '~/server/platform/metrics.server.ts'
import { deliverDueNotifications, emailOrigin } from '~/server/jobs/notification-worker.server.ts'
import { startBackgroundJobs } from '~/server/jobs/worker.server.ts'
import { countUnread, listInbox, markAllRead, markRead, notify, queueTrainingReminders } from '~/server/jobs/notifications.server.ts'
import { createNgo, createUser } from '../support/factories.ts'

const ip = '192.0.2.10'
const DAY = 24 * 60 * 60 * 1000

async function campaign(electionDay = new Date('2027-03-21T00:00:00Z')) {
  return db.campaign.create({
    data: {
      slug: `c-${crypto.randomBytes(4).toString('hex')}`,
      nameRu: 'Выборы в Мажилис 2027',
      nameKk: 'Мәжіліс сайлауы 2027',
      nameEn: 'Mazhilis election 2027',
      kind: 'PARLIAMENTARY',
      electionDay,
      applicationDeadline: new Date(electionDay.getTime() - 30 * DAY),
    },
  })
}

async function application(userId: string, campaignId: string, ngoId: string, state: 'submitted' | 'accepted' | 'in_training', stateChangedAt: Date) {
  return db.application.create({
    data: {
      campaignId, ngoId, userId, state, stateChangedAt,
      fullName: 'Test Recruit', iin: String(crypto.randomInt(100_000_000_000, 999_999_999_999)), birthDate: new Date('1990-05-15'), phone: '+77012345678',
      email: 'recruit@example.org', regionCode: 'KZ-75', settlement: 'Алматы', languages: '["kk"]', availability: '["voting"]', declarations: '[]',
      experience: 'none', consentVersion: 'test', consentedAt: stateChangedAt,
    },
  })
}

const mailsTo = (to: string) => readOutbox().filter((m) => m.to === to)
/** A notification's email: its job. */
const emailJob = (notificationId: string) => db.job.findUniqueOrThrow({ where: { kind_subjectId: { kind: 'notification.email', subjectId: notificationId } } })
const firstNotification = (userId: string) => db.notification.findFirstOrThrow({ where: { userId } })

describe('sending', () => {
  it('emails a queued notification once, in the recipient’s language, with the campaign and NGO by name and an absolute link', async () => {
    const [user, ngo, c] = await Promise.all([createUser({ locale: 'kk', name: 'Айгүл' }), createNgo({ name: 'Дала азаматтық бақылауы' }), campaign()])
    await notify(user.id, 'application.accepted', { applicationId: 'a1', campaignId: c.id, ngoId: ngo.id, courseSlug: 'observer-basics' })
    expect(await deliverDueNotifications()).toEqual({ sent: 1, retrying: 0, failed: 0 })
    const [mail, ...more] = mailsTo(user.email)
    expect(more).toEqual([])
    expect(mail?.subject).toBe('Бақылаушы мектебі: Өтініміңіз мақұлданды')
    // The sender's name in the reader's language too, at the configured address.
    expect(mail?.from).toBe('Бақылаушы мектебі <no-reply@observer-school.local>')
    expect(mail?.text).toContain('Сәлеметсіз бе, Айгүл!')
    expect(mail?.text).toContain('«Мәжіліс сайлауы 2027»')
    expect(mail?.text).toContain('Дала азаматтық бақылауы')
    // "Start the training" leads to the training itself, the campaign's course.
    expect(mail?.text).toContain('Келесі қадам — оқу курсы')
    expect(mail?.text).toContain(`Оқуды бастау: ${emailOrigin()}/courses/observer-basics`)
    expect(mail?.text).not.toMatch(/{{|}}/)
    expect(await emailJob((await firstNotification(user.id)).id)).toMatchObject({ state: 'done', attempts: 1, leaseUntil: null, holder: null })
    expect(await deliverDueNotifications()).toEqual({ sent: 0, retrying: 0, failed: 0 })
    expect(mailsTo(user.email)).toHaveLength(1)
  })

  it('words a rejection with its reason and a revocation with the code, in English for an English reader', async () => {
    const [user, ngo, c] = await Promise.all([createUser({ locale: 'en' }), createNgo({ name: 'Tulpar Youth' }), campaign()])
    await notify(user.id, 'application.rejected', { applicationId: 'a2', campaignId: c.id, ngoId: ngo.id, reason: 'Member of a commission' })
    await notify(user.id, 'certificate.revoked', { code: 'AB2CD-EF3GH', reason: 'Mistaken identity' })
    await deliverDueNotifications()
    expect(mailsTo(user.email).map((m) => m.from)).toEqual(['Observer School <no-reply@observer-school.local>', 'Observer School <no-reply@observer-school.local>'])
    const texts = mailsTo(user.email).map((m) => `${m.subject}\n${m.text}`)
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Your application was not accepted[\s\S]*Tulpar Youth has not accepted your application for the Mazhilis election 2027\.\nReason: Member of a commission/),
        expect.stringMatching(/certificate AB2CD-EF3GH was revoked[\s\S]*Reason: Mistaken identity[\s\S]*\/certificates\/AB2CD-EF3GH/),
      ]),
    )
  })

  it('retries a failing send after 1, 5, 30, 120 and 720 minutes, then marks it failed and stops', async () => {
    const user = await createUser()
    await notify(user.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    const row = await emailJob((await firstNotification(user.id)).id)
    const failing = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1')
    }
    let at = new Date(row.runAfter.getTime() + 1000)
    const waits: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      const counts = await deliverDueNotifications({ now: at, send: failing })
      expect(counts).toEqual(attempt < 6 ? { sent: 0, retrying: 1, failed: 0 } : { sent: 0, retrying: 0, failed: 1 })
      const after = await db.job.findUniqueOrThrow({ where: { id: row.id } })
      expect(after.attempts).toBe(attempt)
      expect(after.lastError).toContain('ECONNREFUSED')
      expect(after.leaseUntil).toBeNull()
      if (attempt < 6) {
        // Not due before its time.
        expect(await deliverDueNotifications({ now: new Date(after.runAfter.getTime() - 1000), send: failing })).toEqual({ sent: 0, retrying: 0, failed: 0 })
        waits.push((after.runAfter.getTime() - at.getTime()) / 60_000)
        at = after.runAfter
      } else {
        expect(after.state).toBe('failed')
      }
    }
    expect(waits).toEqual([1, 5, 30, 120, 720])
    expect(await deliverDueNotifications({ now: new Date(at.getTime() + 30 * DAY) })).toEqual({ sent: 0, retrying: 0, failed: 0 })
    expect(mailsTo(user.email)).toEqual([])
    // The message stays in the inbox whatever happened to the email.
    expect((await listInbox(user.id, { page: 1, locale: 'ru' })).items).toHaveLength(1)
  })

  it('sends after a failure once the mail server is back', async () => {
    const user = await createUser()
    await notify(user.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    const start = new Date(Date.now() + 1000)
    await deliverDueNotifications({ now: start, send: () => Promise.reject(new Error('421 try later')) })
    expect(await deliverDueNotifications({ now: new Date(start.getTime() + 61_000) })).toEqual({ sent: 1, retrying: 0, failed: 0 })
    expect(await emailJob((await firstNotification(user.id)).id)).toMatchObject({ state: 'done', attempts: 2, lastError: null })
  })

  it('two workers running at once send each row once', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser()))
    for (const user of users) await notify(user.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    const sent: string[] = []
    const slowSend = async (email: Email) => {
      await new Promise((resolve) => setTimeout(resolve, 15))
      sent.push(email.to)
    }
    const now = new Date(Date.now() + 1000)
    const [a, b] = await Promise.all([deliverDueNotifications({ now, send: slowSend }), deliverDueNotifications({ now, send: slowSend })])
    expect(a.sent + b.sent).toBe(6)
    expect([...sent].sort()).toEqual(users.map((u) => u.email).sort())
  })
})

describe('invitations', () => {
  it('emails a link, made at send time, that sets the first password; the person can then log in', async () => {
    const [ngo, c] = await Promise.all([createNgo({ name: 'Dala Civic Watch' }), campaign()])
    // A lead-created account: nobody knows its password.
    const user = await createUser({ locale: 'en', name: 'Marat' })
    await db.user.update({ where: { id: user.id }, data: { passwordHash: 'unusable' } })
    await notify(user.id, 'account.invited', { ngoId: ngo.id, campaignId: c.id })
    // Nothing that could sign in is stored before the email goes out.
    expect(await db.passwordResetToken.count({ where: { userId: user.id } })).toBe(0)

    // The first attempt fails after its link was made; the retry's link replaces it.
    const links: string[] = []
    const capture = (fail: boolean) => async (email: Email) => {
      links.push(email.text.match(/https?:\/\/\S+/)?.[0] ?? '')
      if (fail) throw new Error('timeout')
    }
    await deliverDueNotifications({ send: capture(true) })
    await deliverDueNotifications({ now: new Date(Date.now() + 61_000), send: capture(false) })
    const [first, second] = links.map((link) => new URL(link))
    if (!first || !second) throw new Error('no invitation links')
    expect(second.pathname).toBe('/reset-password')
    expect(second.searchParams.get('lng')).toBe('en')
    const token = second.searchParams.get('token') ?? ''
    expect(await usableTokenPurpose(first.searchParams.get('token') ?? '')).toBeNull()
    expect(await usableTokenPurpose(token)).toBe('invite')
    expect(await db.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0)
    const stored = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id, usedAt: null } })
    expect(stored.purpose).toBe('invite')
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(13 * DAY)

    expect((await resetPassword(token, 'my own long password', ip)).ok).toBe(true)
    expect((await login(user.email, 'my own long password', ip)).ok).toBe(true)
    expect(await usableTokenPurpose(token)).toBeNull()
  })

  it('words the invitation with the NGO, the campaign and the link’s lifetime', async () => {
    const [ngo, c, user] = await Promise.all([createNgo({ name: 'Тұлпар жастары' }), campaign(), createUser({ locale: 'ru', name: 'Ерлан' })])
    await notify(user.id, 'account.invited', { ngoId: ngo.id, campaignId: c.id })
    await deliverDueNotifications()
    const [mail] = mailsTo(user.email)
    expect(mail?.subject).toBe('Школа наблюдателя: Организация Тұлпар жастары создала для вас учётную запись в Школе наблюдателя')
    expect(mail?.text).toContain('«Выборы в Мажилис 2027»')
    expect(mail?.text).toContain('Ссылка действует 14 дней')
    expect(mail?.text).toMatch(/Задать пароль: http:\/\/\S+\/reset-password\?token=/)
  })
})

describe('emails to an account nobody has claimed yet', () => {
  it('say how to set the password, with a link to ask for one that leaves the invitation working', async () => {
    const [ngo, c] = await Promise.all([createNgo({ name: 'Dala Civic Watch' }), campaign()])
    const [unclaimed, claimed] = await Promise.all([createUser({ locale: 'en', name: 'Marat' }), createUser({ locale: 'en', name: 'Dana' })])
    await db.user.update({ where: { id: unclaimed.id }, data: { passwordHash: NO_PASSWORD } })
    await notify(unclaimed.id, 'account.invited', { ngoId: ngo.id, campaignId: c.id })
    await deliverDueNotifications()
    const invitation = await db.passwordResetToken.findFirstOrThrow({ where: { userId: unclaimed.id, purpose: 'invite', usedAt: null } })

    for (const user of [unclaimed, claimed]) await notify(user.id, 'application.accepted', { applicationId: 'a', campaignId: c.id, ngoId: ngo.id })
    await deliverDueNotifications()
    const accepted = (email: string) => mailsTo(email).find((mail) => mail.subject.includes('accepted'))?.text ?? ''
    expect(accepted(unclaimed.email)).toContain('You have not set a password for your account yet')
    expect(accepted(unclaimed.email)).toMatch(/ask for a new link: http:\/\/\S+\/forgot-password\?lng=en/)
    expect(accepted(claimed.email)).toContain('Start the training')
    expect(accepted(claimed.email)).not.toContain('password')
    // No new token was made, so the invitation's link still works.
    expect(await db.passwordResetToken.findMany({ where: { userId: unclaimed.id } })).toEqual([invitation])
  })
})

describe('training reminders', () => {
  it('reminds a stalled recruit at most once a week, and only while the election is ahead', async () => {
    const now = new Date('2027-02-01T06:00:00Z')
    const [ngo, c, past] = await Promise.all([createNgo(), campaign(), campaign(new Date('2027-01-15T00:00:00Z'))])
    await db.campaignCourse.create({ data: { campaignId: c.id, courseSlug: 'observer-basics' } })
    const people = await Promise.all(Array.from({ length: 6 }, () => createUser()))
    const [acceptedLongAgo, acceptedYesterday, idleLearner, activeLearner, submitted, electionOver] = people as [typeof people[0], typeof people[0], typeof people[0], typeof people[0], typeof people[0], typeof people[0]]
    const apps = {
      acceptedLongAgo: await application(acceptedLongAgo.id, c.id, ngo.id, 'accepted', new Date(now.getTime() - 4 * DAY)),
      acceptedYesterday: await application(acceptedYesterday.id, c.id, ngo.id, 'accepted', new Date(now.getTime() - 1 * DAY)),
      idleLearner: await application(idleLearner.id, c.id, ngo.id, 'in_training', new Date(now.getTime() - 10 * DAY)),
      activeLearner: await application(activeLearner.id, c.id, ngo.id, 'in_training', new Date(now.getTime() - 10 * DAY)),
      submitted: await application(submitted.id, c.id, ngo.id, 'submitted', new Date(now.getTime() - 20 * DAY)),
      electionOver: await application(electionOver.id, past.id, ngo.id, 'accepted', new Date(now.getTime() - 20 * DAY)),
    }
    const lesson = (userId: string, lastSeenAt: Date) => db.lessonProgress.create({ data: { userId, courseSlug: 'observer-basics', lessonSlug: '01', contentVersion: 'v1', openedAt: lastSeenAt, lastSeenAt } })
    await lesson(idleLearner.id, new Date(now.getTime() - 5 * DAY))
    await lesson(activeLearner.id, new Date(now.getTime() - 1 * DAY))
    const remindedApps = async () =>
      (await db.notification.findMany({ where: { kind: 'training.reminder' }, orderBy: { createdAt: 'asc' } })).map((n) => (JSON.parse(n.params) as { applicationId: string }).applicationId)

    expect(await queueTrainingReminders(now, 3)).toBe(2)
    expect((await remindedApps()).sort()).toEqual([apps.acceptedLongAgo.id, apps.idleLearner.id].sort())
    expect(await queueTrainingReminders(now, 3)).toBe(0)
    // Three days on, the two who were fine are stalled too; the first two wait out their week.
    expect(await queueTrainingReminders(new Date(now.getTime() + 3 * DAY), 3)).toBe(2)
    expect((await remindedApps()).slice(2).sort()).toEqual([apps.acceptedYesterday.id, apps.activeLearner.id].sort())
    expect(await queueTrainingReminders(new Date(now.getTime() + 6 * DAY), 3)).toBe(0)
    // A week after the first reminder, the first two get another.
    expect(await queueTrainingReminders(new Date(now.getTime() + 8 * DAY), 3)).toBe(2)
    expect((await remindedApps()).slice(4).sort()).toEqual([apps.acceptedLongAgo.id, apps.idleLearner.id].sort())
    expect(await remindedApps()).not.toContain(apps.submitted.id)
    expect(await remindedApps()).not.toContain(apps.electionOver.id)

    const reminder = await db.notification.findFirstOrThrow({ where: { kind: 'training.reminder', userId: acceptedLongAgo.id } })
    expect(JSON.parse(reminder.params)).toEqual({ applicationId: apps.acceptedLongAgo.id, campaignId: c.id, ngoId: ngo.id, courseSlug: 'observer-basics' })
    const [item] = (await listInbox(acceptedLongAgo.id, { page: 1, locale: 'en' })).items
    // "Continue the training" opens the campaign's course.
    expect(item).toMatchObject({ subject: 'Your observer training is waiting for you', href: '/courses/observer-basics', action: 'Continue the training' })
    expect(item?.text).toContain('Mazhilis election 2027')
  })

  it('two processes queuing at once queue one reminder', async () => {
    const now = new Date('2027-02-02T06:00:00Z')
    const [ngo, c, user] = await Promise.all([createNgo(), campaign(), createUser()])
    const app = await application(user.id, c.id, ngo.id, 'accepted', new Date(now.getTime() - 5 * DAY))
    const results = await Promise.all([queueTrainingReminders(now, 3), queueTrainingReminders(now, 3), queueTrainingReminders(now, 3)])
    expect(results.reduce((a, b) => a + b, 0)).toBe(1)
    expect(await db.notification.count({ where: { kind: 'training.reminder', params: { contains: app.id } } })).toBe(1)
  })
})

describe('inbox', () => {
  it('lists only the reader’s own notifications, newest first, a page at a time, in the reading language', async () => {
    const [me, other, ngo] = await Promise.all([createUser({ locale: 'ru' }), createUser(), createNgo({ name: 'Dala' })])
    const base = Date.now() - 60 * DAY
    for (let i = 0; i < 23; i++) {
      await db.notification.create({ data: { userId: me.id, kind: 'message', params: JSON.stringify({ ngoId: ngo.id, text: `note ${i}` }), createdAt: new Date(base + i * 60_000) } })
    }
    await notify(other.id, 'message', { ngoId: ngo.id, text: 'not for you' })
    const first = await listInbox(me.id, { page: 1, locale: 'en' })
    expect(first).toMatchObject({ total: 23, unread: 23, pageCount: 2 })
    expect(first.items).toHaveLength(20)
    expect(first.items[0]).toMatchObject({ subject: 'Message from Dala', text: 'Dala writes:\n\nnote 22', read: false })
    expect(first.items[0]?.href).toBeUndefined()
    const second = await listInbox(me.id, { page: 2, locale: 'kk' })
    expect(second.items.map((i) => i.text)).toEqual(['Dala жазады:\n\nnote 2', 'Dala жазады:\n\nnote 1', 'Dala жазады:\n\nnote 0'])
    expect([...first.items, ...second.items].some((i) => i.text.includes('not for you'))).toBe(false)
  })

  it('marks one or all of the reader’s own as read, and nobody else’s', async () => {
    const [me, other] = await Promise.all([createUser(), createUser()])
    await notify(me.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    await notify(me.id, 'message', { text: 'hello' })
    await notify(other.id, 'message', { text: 'theirs' })
    const theirs = await db.notification.findFirstOrThrow({ where: { userId: other.id } })
    const mine = await db.notification.findFirstOrThrow({ where: { userId: me.id, kind: 'message' } })
    expect(await countUnread(me.id)).toBe(2)

    expect(await markRead(me.id, theirs.id)).toBe(false)
    expect(await markRead(me.id, 'no-such-id')).toBe(false)
    expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull()

    const readAt = new Date('2027-01-01T00:00:00Z')
    expect(await markRead(me.id, mine.id, readAt)).toBe(true)
    expect(await markRead(me.id, mine.id)).toBe(true)
    expect((await db.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).toEqual(readAt)
    expect(await countUnread(me.id)).toBe(1)

    expect(await markAllRead(me.id)).toBe(1)
    expect(await countUnread(me.id)).toBe(0)
    expect(await countUnread(other.id)).toBe(1)
  })
})

describe('the loop in each app process', () => {
  it('logs a failing run and carries on (a busy database as a warning), queues reminders at most hourly, is started once, and stops', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => {})
    const warnings = vi.spyOn(logger, 'warn').mockImplementation(() => {})
    const failures = async () => (await metrics().jobFailures.get()).values.find((v) => v.labels.job === 'jobs')?.value ?? 0
    const failuresBefore = await failures()
    let deliveries = 0
    let reminders = 0
    const tasks = {
      queueReminders: async () => {
        reminders++
      },
      runJobs: () => {
        deliveries++
        if (deliveries === 1) throw new Error('thrown at once')
        if (deliveries === 2) return Promise.reject(new Error('database is locked'))
        return Promise.resolve()
      },
    }
    const jobs = startBackgroundJobs({ intervalMs: 5, tasks })
    try {
      expect(startBackgroundJobs({ intervalMs: 5, tasks })).toBe(jobs)
      await vi.waitFor(() => expect(deliveries).toBeGreaterThanOrEqual(4), { timeout: 2000 })
      expect(errors.mock.calls.map((call) => (call as unknown[])[1])).toEqual(['Running queued jobs failed; trying again shortly.'])
      expect(warnings.mock.calls.map((call) => (call as unknown[])[1])).toEqual(['Running queued jobs failed; trying again shortly. The database was busy.'])
      expect(await failures()).toBe(failuresBefore + 2)
      expect(reminders).toBe(1)
    } finally {
      await jobs.stop()
      errors.mockRestore()
      warnings.mockRestore()
    }
    const stoppedAt = deliveries
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(deliveries).toBe(stoppedAt)
    expect(startBackgroundJobs({ intervalMs: 0 })).not.toBe(jobs)
  })
})
