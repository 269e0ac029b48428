/**
 * Emails queued notifications: the handler of `notification.email` jobs (queue.server.ts), one job per
 * notification. Every app process runs due jobs (worker.server.ts); the claim makes each email go out
 * from one of them. A process that dies mid-send leaves a lease that expires after EMAIL_LEASE_MS, and
 * the email is sent again: at least once, in the rare case twice, never lost.
 */
import type { Locale } from '~/domain/locale.ts'
import { ADDRESS_CONFIRMATION_KIND, afterFailedAttempt, MAX_EMAIL_ATTEMPTS, PASSWORD_RESET_KIND, readParams, SIGNUP_ATTEMPT_KIND, SIGNUP_LINK_KIND } from '~/domain/notifications.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { createInviteToken, passwordResetEmail, signupAttemptEmail, signupLinkEmail } from '../accounts/accounts.server.ts'
import { addressConfirmationEmail } from '../accounts/address.server.ts'
import { passwordChosen } from '../accounts/password.server.ts'
import { db } from '../platform/db.server.ts'
import { sendEmail, type Email } from '../platform/email.server.ts'
import { env } from '../platform/env.server.ts'
import { logger } from '../platform/logger.server.ts'
import { metrics } from '../platform/metrics.server.ts'
import { createNameLookup, renderNotification, type NameLookup } from './notifications.server.ts'
import { runDueJobs, type JobHandler } from './queue.server.ts'

/** Longer than any SMTP exchange (nodemailer gives up on a silent server after 2 minutes). */
const EMAIL_LEASE_MS = 10 * 60 * 1000

export interface DeliveryCounts {
  sent: number
  /** Failed this time, tried again later. */
  retrying: number
  /** Failed for the last time. */
  failed: number
}

/** Base of emailed links. Set APP_URL in production: a worker has no request to take an origin from. */
export function emailOrigin(): string {
  const { APP_URL, PORT } = env()
  return APP_URL?.replace(/\/$/, '') ?? `http://localhost:${PORT || 3000}`
}

/**
 * Sends a notification's email. `send` is the mailer (tests pass a failing one). An invitation's or a
 * password reset's one-time link is made here, at send time, so no raw token is stored. A failed send
 * is tried again after 1, 5, 30, 120 and 720 minutes, then the job is failed (the message stays in the inbox).
 */
export function emailHandler({ send = sendEmail }: { send?: (email: Email) => Promise<void> } = {}): JobHandler {
  const lookup = createNameLookup()
  const origin = emailOrigin()
  return {
    leaseMs: EMAIL_LEASE_MS,
    maxAttempts: MAX_EMAIL_ATTEMPTS,
    retryAt(attempts, now) {
      const next = afterFailedAttempt(attempts, now)
      return next.status === 'pending' ? next.nextAttemptAt : null
    },
    async run(job, { now }) {
      const row = await db.notification.findUnique({ where: { id: job.subjectId }, include: { user: { select: { email: true, name: true, locale: true, anonymisedAt: true, passwordHash: true } } } })
      // Deleted with its account meanwhile: nothing to send.
      if (!row) return
      if (row.user.anonymisedAt) {
        // Queued for someone anonymised since (a certificate revoked later, say): there is nobody to write to.
        await db.notification.update({ where: { id: row.id }, data: { params: '{}' } })
        return 'cancelled'
      }
      await send(await emailFor(row, origin, lookup, now))
      metrics().emailsSent.inc()
    },
    onFailure(job, error, final) {
      metrics().emailsFailed.inc({ final: String(final) })
      // The notification's id, never its recipient; the error's text is scrubbed of addresses by the logger.
      logger.warn({ job: 'notifications', notificationId: job.subjectId, attempts: job.attempts, final, err: error }, final ? 'Sending an email failed for the last time' : 'Sending an email failed; it will be retried')
    },
  }
}

/** Sends the emails that are due (oldest first, up to `limit`), as the worker does; tests call it with their own clock and mailer. */
export async function deliverDueNotifications({ now = new Date(), limit = 50, send = sendEmail }: { now?: Date; limit?: number; send?: (email: Email) => Promise<void> } = {}): Promise<DeliveryCounts> {
  const outcomes = await runDueJobs({ 'notification.email': emailHandler({ send }) }, { now, limit })
  return {
    sent: outcomes.filter((o) => o.outcome === 'done').length,
    retrying: outcomes.filter((o) => o.outcome === 'retrying').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
  }
}

/**
 * A queued row as an email, in the person's language (their account's), the sender's name too: a
 * password reset, an address's confirmation, a sign-up's link (each link made now), a word that
 * someone signed up with the address, or a notification.
 */
async function emailFor(
  row: { kind: string; params: string; userId: string; user: { email: string; name: string; locale: Locale; passwordHash: string } },
  origin: string,
  lookup: NameLookup,
  now: Date,
): Promise<Email> {
  const t = await getFixedT(row.user.locale)
  return { ...(await emailBody(row, origin, lookup, now)), fromName: t('app.name') }
}

async function emailBody(
  row: { kind: string; params: string; userId: string; user: { email: string; name: string; locale: Locale; passwordHash: string } },
  origin: string,
  lookup: NameLookup,
  now: Date,
): Promise<Email> {
  if (row.kind === PASSWORD_RESET_KIND) return passwordResetEmail({ id: row.userId, ...row.user }, origin, now)
  if (row.kind === ADDRESS_CONFIRMATION_KIND) return addressConfirmationEmail({ id: row.userId, ...row.user }, origin, now)
  if (row.kind === SIGNUP_LINK_KIND) return signupLinkEmail({ id: row.userId, ...row.user }, origin, now, readParams(row.params).redirectTo)
  if (row.kind === SIGNUP_ATTEMPT_KIND) return signupAttemptEmail(row.user, origin, readParams(row.params).redirectTo)
  // `lng` opens the page in the person's language before they have ever logged in.
  const inviteLink = row.kind === 'account.invited' ? `${origin}/reset-password?${new URLSearchParams({ token: await createInviteToken(row.userId, now), lng: row.user.locale })}` : undefined
  const email = await renderNotification(row, row.user.locale, { channel: 'email', origin, recipientName: row.user.name, inviteLink, unclaimed: !passwordChosen(row.user.passwordHash), lookup })
  return { to: row.user.email, subject: email.subject, text: email.text }
}
