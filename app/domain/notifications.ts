/**
 * The rules of notifications that need no database: which kinds exist, where each one links to,
 * how often a failed email is retried, and when a training reminder is due again.
 */
import { z } from 'zod'
import { idField } from './validation/fields.ts'

export const notificationKinds = [
  'application.received',
  'application.accepted',
  'application.rejected',
  'application.certified',
  'application.withdrawn',
  'application.reopened',
  'training.reminder',
  'certificate.issued',
  'certificate.revoked',
  'account.invited',
  'account.deletion_requested',
  'assignment.assigned',
  'assignment.changed',
  'assignment.removed',
  'message',
  'live.reminder_day',
  'live.reminder_hour',
  'live.cancelled',
  'live.promoted',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

/**
 * A password-reset email goes through the same queue (so the form answers as fast whether or not
 * the address has an account) but is not a notification: it never shows in the inbox, and its
 * one-time link is made when it is sent (only a hash of the token is ever stored).
 */
export const PASSWORD_RESET_KIND = 'password-reset'
/** Likewise the link that confirms an address after signing up (app/server/accounts/address.server.ts). */
export const ADDRESS_CONFIRMATION_KIND = 'address-confirmation'
/** The sign-up's link, where a new account's person chooses a password (app/server/accounts/accounts.server.ts). */
export const SIGNUP_LINK_KIND = 'signup-link'
/** To an address that already has an account, when someone signs up with it: links to log in and to reset the password. */
export const SIGNUP_ATTEMPT_KIND = 'signup-attempt'
/** The emails of the account machinery that never show in the inbox. */
export type AccountEmailKind = typeof PASSWORD_RESET_KIND | typeof ADDRESS_CONFIRMATION_KIND | typeof SIGNUP_LINK_KIND | typeof SIGNUP_ATTEMPT_KIND

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (notificationKinds as readonly string[]).includes(value)
}

/** A row's template values. Stored as JSON text (SQLite and PostgreSQL alike); anything unreadable counts as none. */
export function readParams(json: string): Record<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string' || typeof value === 'number') out[key] = String(value)
  return out
}

/**
 * Where a notification points, as a path on the site. An invitation's link carries a one-time
 * token made when the email is sent, so it has no stored path; a lead's message points nowhere.
 */
export function notificationPath(kind: NotificationKind, params: Record<string, string>): string | undefined {
  switch (kind) {
    case 'application.received':
    case 'application.rejected':
    case 'application.certified':
    case 'application.reopened':
      return '/applications'
    case 'application.accepted':
    case 'training.reminder':
      // "Start the training": the campaign's course, else (several courses, or a message queued before
      // messages named one) the courses page, where the learner's courses are marked.
      return params.courseSlug ? `/courses/${encodeURIComponent(params.courseSlug)}` : '/courses'
    case 'application.withdrawn':
      // To the NGO's leads: the recruit's page, where the name and the reason are.
      return params.ngo && params.applicationId ? `/ngo/${encodeURIComponent(params.ngo)}/recruits/${encodeURIComponent(params.applicationId)}` : undefined
    case 'certificate.issued':
    case 'certificate.revoked':
      return params.code ? `/certificates/${encodeURIComponent(params.code)}` : undefined
    case 'account.deletion_requested':
      return '/admin/people?deletion=requested'
    case 'assignment.assigned':
    case 'assignment.changed':
    case 'assignment.removed':
      return '/assignment'
    case 'account.invited':
    case 'message':
      return undefined
    case 'live.reminder_day':
    case 'live.reminder_hour':
    case 'live.cancelled':
    case 'live.promoted':
      return params.sessionId ? `/sessions/${encodeURIComponent(params.sessionId)}` : undefined
  }
}

/** The course a training message links to: the campaign's required course when it has exactly one. */
export function trainingCourseParam(requiredCourses: ReadonlyArray<{ courseSlug: string }>): { courseSlug?: string } {
  const [only, ...more] = requiredCourses
  return only && more.length === 0 ? { courseSlug: only.courseSlug } : {}
}

/**
 * The sender of an email: the address of the `MAIL_FROM` setting ("Name <address>" or a bare
 * address), under `displayName` (the product's name in the recipient's language) instead of any
 * name the setting carries: a Kazakh reader sees «Бақылаушы мектебі», not "Observer School".
 */
export function mailSender(setting: string, displayName: string): { name: string; address: string } {
  const named = /^(.*)<([^<>]+)>\s*$/.exec(setting)
  return { name: displayName, address: (named?.[2] ?? setting).trim() }
}

/** A sender as a From header reads ("Школа наблюдателя <no-reply@…>"), quoting a name with special characters. */
export function formatSender(sender: { name: string; address: string }): string {
  const name = /[()<>[\]:;@\\,."]/.test(sender.name) ? `"${sender.name.replace(/["\\]/g, '\\$&')}"` : sender.name
  return name ? `${name} <${sender.address}>` : sender.address
}

/**
 * Minutes to wait after the 1st, 2nd, … failed attempt. A mail server that is down for the night
 * is still caught by the last retry (12 hours later); after that the email is marked failed and the
 * message stays in the inbox.
 */
export const EMAIL_RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 720] as const
export const MAX_EMAIL_ATTEMPTS = EMAIL_RETRY_DELAYS_MINUTES.length + 1

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' }

/** What becomes of an email whose attempt number `attempts` (counting from 1) has just failed. */
export function afterFailedAttempt(attempts: number, now: Date): AfterFailure {
  const delay = EMAIL_RETRY_DELAYS_MINUTES[Math.max(0, attempts - 1)]
  if (attempts >= MAX_EMAIL_ATTEMPTS || delay === undefined) return { status: 'failed' }
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay * 60_000) }
}

const DAY_MS = 24 * 60 * 60 * 1000
/** At most one training reminder per application in this many days. */
export const REMINDER_REPEAT_DAYS = 7

/**
 * Training stalls when an accepted recruit has not started for `idleDays`, or one in training has
 * not opened a lesson for as long. `since` is that boundary; `lastReminderAfter` is the start of the
 * window in which an earlier reminder means no new one.
 */
export function reminderWindow(now: Date, idleDays: number): { since: Date; lastReminderAfter: Date } {
  return { since: new Date(now.getTime() - idleDays * DAY_MS), lastReminderAfter: new Date(now.getTime() - REMINDER_REPEAT_DAYS * DAY_MS) }
}

/**
 * The id of the reminder for one application in one seven-day period. Two app processes queuing
 * reminders at the same moment both try this id and the primary key lets one through.
 */
export function reminderId(applicationId: string, now: Date): string {
  return `reminder-${applicationId}-${Math.floor(now.getTime() / (REMINDER_REPEAT_DAYS * DAY_MS))}`
}

export const INBOX_PAGE_SIZE = 20

/** The inbox's two buttons. `page` only brings the reader back to where they were. */
export const inboxActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: idField, page: z.coerce.number().int().min(1).max(100_000).default(1) }),
  z.object({ intent: z.literal('readAll'), page: z.coerce.number().int().min(1).max(100_000).default(1) }),
], { error: 'validation.invalid' })
export type InboxAction = z.infer<typeof inboxActionSchema>
