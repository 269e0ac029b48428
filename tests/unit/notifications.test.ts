import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import {
  afterFailedAttempt,
  EMAIL_RETRY_DELAYS_MINUTES,
  inboxActionSchema,
  isNotificationKind,
  MAX_EMAIL_ATTEMPTS,
  notificationKinds,
  notificationPath,
  readParams,
  reminderId,
  reminderWindow,
  trainingCourseParam,
  formatSender,
  mailSender,
} from '~/domain/notifications.ts'

const now = new Date('2027-02-01T08:00:00Z')
const minutes = (date: Date) => (date.getTime() - now.getTime()) / 60_000

describe('email retries', () => {
  it('waits 1, 5, 30, 120 and 720 minutes after the 1st to 5th failure, then gives up', () => {
    const waits = [1, 2, 3, 4, 5].map((attempt) => {
      const next = afterFailedAttempt(attempt, now)
      if (next.status !== 'pending') throw new Error(`gave up after ${attempt}`)
      return minutes(next.nextAttemptAt)
    })
    expect(waits).toEqual([1, 5, 30, 120, 720])
    expect(afterFailedAttempt(6, now)).toEqual({ status: 'failed' })
    expect(afterFailedAttempt(60, now)).toEqual({ status: 'failed' })
    expect(MAX_EMAIL_ATTEMPTS).toBe(6)
  })

  it('never waits less after a later failure', () => {
    const delays = [...EMAIL_RETRY_DELAYS_MINUTES]
    expect(delays).toEqual([...delays].sort((a, b) => a - b))
  })
})

describe('stored parameters', () => {
  it.each([
    ['{"code":"AB2CD-EF3GH","n":3}', { code: 'AB2CD-EF3GH', n: '3' }],
    ['{"nested":{"a":1},"list":[1],"ok":"yes","none":null}', { ok: 'yes' }],
    ['not json', {}],
    ['[1,2]', {}],
    ['null', {}],
    ['"text"', {}],
  ])('%s', (json, expected) => {
    expect(readParams(json)).toEqual(expected)
  })
})

describe('links', () => {
  it('points applications to the status page, an acceptance and a reminder to the training, certificates to their page, invitations and messages nowhere', () => {
    expect(notificationPath('application.rejected', { applicationId: 'a' })).toBe('/applications')
    expect(notificationPath('application.certified', { applicationId: 'a' })).toBe('/applications')
    expect(notificationPath('application.reopened', { applicationId: 'a' })).toBe('/applications')
    expect(notificationPath('application.accepted', { applicationId: 'a', courseSlug: 'observer-basics' })).toBe('/courses/observer-basics')
    expect(notificationPath('training.reminder', { courseSlug: 'observer-basics' })).toBe('/courses/observer-basics')
    expect(notificationPath('application.accepted', { applicationId: 'a' })).toBe('/courses')
    expect(notificationPath('training.reminder', {})).toBe('/courses')
    expect(notificationPath('certificate.issued', { code: 'AB2CD-EF3GH' })).toBe('/certificates/AB2CD-EF3GH')
    expect(notificationPath('certificate.revoked', { code: 'a/b' })).toBe('/certificates/a%2Fb')
    expect(notificationPath('certificate.revoked', {})).toBeUndefined()
    expect(notificationPath('account.invited', { ngoId: 'n' })).toBeUndefined()
    expect(notificationPath('message', { text: 'hi' })).toBeUndefined()
    // A certified observer's withdrawal, to the NGO's leads: the recruit's page.
    expect(notificationPath('application.withdrawn', { ngo: 'dala-watch', applicationId: 'app1' })).toBe('/ngo/dala-watch/recruits/app1')
    expect(notificationPath('application.withdrawn', { ngo: 'a/b', applicationId: 'x?y' })).toBe('/ngo/a%2Fb/recruits/x%3Fy')
    expect(notificationPath('application.withdrawn', { applicationId: 'app1' })).toBeUndefined()
  })

  it("names the campaign's course only when it requires exactly one", () => {
    expect(trainingCourseParam([{ courseSlug: 'observer-basics' }])).toEqual({ courseSlug: 'observer-basics' })
    expect(trainingCourseParam([])).toEqual({})
    expect(trainingCourseParam([{ courseSlug: 'a' }, { courseSlug: 'b' }])).toEqual({})
  })

  it('knows its kinds', () => {
    expect(notificationKinds.every(isNotificationKind)).toBe(true)
    expect(isNotificationKind('application.deleted')).toBe(false)
    expect(isNotificationKind(undefined)).toBe(false)
  })
})

describe('training reminders', () => {
  it('looks back the idle days, and a week for an earlier reminder', () => {
    const { since, lastReminderAfter } = reminderWindow(now, 3)
    expect(minutes(since)).toBe(-3 * 24 * 60)
    expect(minutes(lastReminderAfter)).toBe(-7 * 24 * 60)
  })

  it('gives one id per application and week, so two processes cannot both queue one', () => {
    const day = 24 * 60 * 60 * 1000
    const weekStart = new Date(Math.floor(now.getTime() / (7 * day)) * 7 * day)
    expect(reminderId('app1', weekStart)).toBe(reminderId('app1', new Date(weekStart.getTime() + 7 * day - 1)))
    expect(reminderId('app1', weekStart)).not.toBe(reminderId('app1', new Date(weekStart.getTime() + 7 * day)))
    expect(reminderId('app1', now)).not.toBe(reminderId('app2', now))
  })
})

describe('inbox actions', () => {
  it.each([
    [{ intent: 'read', id: 'abc', page: '2' }, { intent: 'read', id: 'abc', page: 2 }],
    [{ intent: 'read', id: 'abc' }, { intent: 'read', id: 'abc', page: 1 }],
    [{ intent: 'readAll', page: '3' }, { intent: 'readAll', page: 3 }],
  ])('accepts %j', (form, expected) => {
    expect(inboxActionSchema.parse(form)).toEqual(expected)
  })

  it.each([{}, { intent: 'read' }, { intent: 'read', id: '' }, { intent: 'read', id: 'x'.repeat(101) }, { intent: 'delete', id: 'abc' }, { intent: 'readAll', page: '0' }, { intent: 'readAll', page: 'abc' }])('refuses %j', (form) => {
    expect(inboxActionSchema.safeParse(form).success).toBe(false)
  })
})

describe('templates', () => {
  type Tree = { [key: string]: string | Tree }
  const resources = { ru, kk, en } as unknown as Record<'ru' | 'kk' | 'en', Tree>
  const template = (lng: 'ru' | 'kk' | 'en', path: string): string | undefined => {
    let node: string | Tree | undefined = resources[lng]
    for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined
    return typeof node === 'string' ? node : undefined
  }
  const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort()
  // What renderNotification fills in; any other placeholder would be sent as "{{…}}".
  const supplied = new Set(['name', 'campaign', 'ngo', 'reason', 'code', 'text', 'station', 'days', 'action', 'link', 'session', 'when'])

  it.each(notificationKinds.flatMap((kind) => (['ru', 'kk', 'en'] as const).map((lng) => [kind, lng] as const)))('%s has a subject, a body and (when it links) an action in %s', (kind, lng) => {
    expect(template(lng, `notifications.${kind}.subject`)).toBeTruthy()
    expect(template(lng, `notifications.${kind}.body`)).toBeTruthy()
    if (notificationPath(kind, { code: 'X' }) || kind === 'account.invited') expect(template(lng, `notifications.${kind}.action`)).toBeTruthy()
  })

  it('uses only values the renderer supplies, the same ones in every language', () => {
    const keys = notificationKinds.flatMap((kind) => ['subject', 'body', 'body_station', 'action'].map((part) => `notifications.${kind}.${part}`))
    keys.push('notifications.greeting', 'notifications.emailLink', 'notifications.account.invited.emailNote', 'notifications.unclaimedNote')
    for (const key of keys) {
      const ru = template('ru', key)
      if (ru === undefined) continue
      for (const name of placeholders(ru)) expect(supplied.has(name ?? ''), `${key}: {{${name}}}`).toBe(true)
      expect(placeholders(template('kk', key) ?? ''), key).toEqual(placeholders(ru))
      expect(placeholders(template('en', key) ?? ''), key).toEqual(placeholders(ru))
    }
    // The reason of a rejection or revocation is the point of the message.
    for (const lng of ['ru', 'kk', 'en'] as const) {
      expect(template(lng, 'notifications.application.rejected.body')).toContain('{{reason}}')
      expect(template(lng, 'notifications.certificate.revoked.body')).toContain('{{reason}}')
      expect(template(lng, 'notifications.message.body')).toContain('{{text}}')
      expect(template(lng, 'notifications.application.withdrawn.body_station')).toContain('{{station}}')
    }
  })
})

describe('the sender', () => {
  it("keeps MAIL_FROM's address under the name in the reader's language", () => {
    expect(mailSender('Observer School <no-reply@observer-school.local>', 'Бақылаушы мектебі')).toEqual({ name: 'Бақылаушы мектебі', address: 'no-reply@observer-school.local' })
    expect(mailSender('"Coalition, Almaty" <mail@example.kz> ', 'Школа наблюдателя')).toEqual({ name: 'Школа наблюдателя', address: 'mail@example.kz' })
    expect(mailSender('mail@example.kz', 'Observer School')).toEqual({ name: 'Observer School', address: 'mail@example.kz' })
  })
  it('writes it as a From header reads, quoting a name with special characters', () => {
    expect(formatSender({ name: 'Школа наблюдателя', address: 'a@example.kz' })).toBe('Школа наблюдателя <a@example.kz>')
    expect(formatSender({ name: 'Dala "Watch", KZ', address: 'a@example.kz' })).toBe('"Dala \\"Watch\\", KZ" <a@example.kz>')
    expect(formatSender({ name: '', address: 'a@example.kz' })).toBe('a@example.kz')
  })
})
