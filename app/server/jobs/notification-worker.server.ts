/**
 * Emails queued notifications. Every app process runs the same loop (startBackgroundJobs); a row is
 * claimed with a conditional update before it is sent, so however many processes poll one database,
 * each row is sent by one of them. A process that dies mid-send leaves a claim that expires after
 * CLAIM_MS, and the row is sent again: at least once, in the rare case twice, never lost.
 */
import type { Locale } from '~/domain/locale.ts'
import { afterFailedAttempt, PASSWORD_RESET_KIND } from '~/domain/notifications.ts'
import { createInviteToken, passwordResetEmail } from '../accounts/accounts.server.ts'
import { db } from '../platform/db.server.ts'
import { sendEmail, type Email } from '../platform/email.server.ts'
import { env } from '../platform/env.server.ts'
import { logger } from '../platform/logger.server.ts'
import { metrics, watchQueues, type QueueDepths } from '../platform/metrics.server.ts'
import { createNameLookup, queueTrainingReminders, renderNotification, type NameLookup } from './notifications.server.ts'
import { SWEEP_EVERY_MS, sweepInterruptedWork } from './sweeps.server.ts'

/** Longer than any SMTP exchange (nodemailer gives up on a silent server after 2 minutes). */
const CLAIM_MS = 10 * 60 * 1000
const REMINDERS_EVERY_MS = 60 * 60 * 1000

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

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500)
}

/**
 * Sends the emails that are due (oldest first, up to `limit`). `send` is the mailer (tests pass a
 * failing one). An invitation's or a password reset's one-time link is made here, at send time, so no
 * raw token is stored.
 */
export async function deliverDueNotifications({ now = new Date(), limit = 50, send = sendEmail }: { now?: Date; limit?: number; send?: (email: Email) => Promise<void> } = {}): Promise<DeliveryCounts> {
  const due = { emailStatus: 'pending', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] }
  const candidates = await db.notification.findMany({ where: due, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: limit, select: { id: true } })
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0 }
  const lookup = createNameLookup()
  const origin = emailOrigin()
  for (const { id } of candidates) {
    const claimed = await db.notification.updateMany({ where: { id, ...due }, data: { lockedUntil: new Date(now.getTime() + CLAIM_MS) } })
    if (claimed.count !== 1) continue // another process has it
    const row = await db.notification.findUniqueOrThrow({ where: { id }, include: { user: { select: { email: true, name: true, locale: true, anonymisedAt: true } } } })
    if (row.user.anonymisedAt) {
      // Queued for someone anonymised since (a certificate revoked later, say): there is nobody to write to.
      await db.notification.update({ where: { id }, data: { emailStatus: 'cancelled', lockedUntil: null, params: '{}' } })
      continue
    }
    try {
      await send(await emailFor(row, origin, lookup, now))
      await db.notification.update({ where: { id }, data: { emailStatus: 'sent', sentAt: now, emailAttempts: { increment: 1 }, lockedUntil: null, lastError: null } })
      counts.sent++
      metrics().emailsSent.inc()
    } catch (error) {
      const attempts = row.emailAttempts + 1
      const next = afterFailedAttempt(attempts, now)
      const final = next.status === 'failed'
      metrics().emailsFailed.inc({ final: String(final) })
      // The row's id and kind, never its recipient; the error's text is scrubbed of addresses by the logger.
      logger.warn({ job: 'notifications', notificationId: id, kind: row.kind, attempts, final, err: error }, final ? 'Sending an email failed for the last time' : 'Sending an email failed; it will be retried')
      await db.notification.update({
        where: { id },
        data: { emailAttempts: attempts, lastError: describeError(error), lockedUntil: null, emailStatus: next.status, ...(next.status === 'pending' ? { nextAttemptAt: next.nextAttemptAt } : {}) },
      })
      if (next.status === 'failed') counts.failed++
      else counts.retrying++
    }
  }
  return counts
}

/** A queued row as an email: a password reset (its link made now), or a notification in the person's language. */
async function emailFor(
  row: { kind: string; params: string; userId: string; user: { email: string; name: string; locale: Locale } },
  origin: string,
  lookup: NameLookup,
  now: Date,
): Promise<Email> {
  if (row.kind === PASSWORD_RESET_KIND) return passwordResetEmail({ id: row.userId, ...row.user }, origin, now)
  // `lng` opens the page in the person's language before they have ever logged in.
  const inviteLink = row.kind === 'account.invited' ? `${origin}/reset-password?${new URLSearchParams({ token: await createInviteToken(row.userId, now), lng: row.user.locale })}` : undefined
  const email = await renderNotification(row, row.user.locale, { channel: 'email', origin, recipientName: row.user.name, inviteLink, lookup })
  return { to: row.user.email, subject: email.subject, text: email.text }
}

/** The notification queue's depth for /metrics: emails waiting to be sent, and those that gave up. */
async function notificationQueue(): Promise<QueueDepths> {
  const [waiting, failed] = await Promise.all([db.notification.count({ where: { emailStatus: 'pending' } }), db.notification.count({ where: { emailStatus: 'failed' } })])
  return { notifications: { waiting, failed } }
}

/** Whether a job's result reports work done (a count above zero somewhere in it): such runs are logged at info, the others at debug. */
function didWork(result: unknown): boolean {
  if (typeof result === 'number') return result > 0
  return typeof result === 'object' && result !== null && Object.values(result).some(didWork)
}

export interface BackgroundJobs {
  /** Stops the loop and waits (up to 10 seconds) for a run in progress to finish. */
  stop(): Promise<void>
}

const processJobs = globalThis as unknown as { __observerJobs?: BackgroundJobs }

/**
 * Starts this process's work: at once, the sweep of interrupted work (attempts and certificates a
 * crash left undone; under a lease, so one process of several does it); then a loop that every
 * NOTIFICATIONS_INTERVAL_MS sends due emails, once an hour queues training reminders and every five
 * minutes sweeps again. One loop per process even if called again (Vite reloads modules in
 * development). A failing run is logged and the next one tries again; nothing here can end the process.
 */
export function startBackgroundJobs({
  intervalMs = env().NOTIFICATIONS_INTERVAL_MS,
  tasks = { queueReminders: () => queueTrainingReminders(), deliver: () => deliverDueNotifications(), sweep: () => sweepInterruptedWork() },
}: {
  intervalMs?: number
  /** The jobs (tests replace them). */
  tasks?: { queueReminders: () => Promise<unknown>; deliver: () => Promise<unknown>; sweep?: () => Promise<unknown> }
} = {}): BackgroundJobs {
  if (processJobs.__observerJobs) return processJobs.__observerJobs
  let running: Promise<void> | null = null
  watchQueues('notifications', notificationQueue)

  async function attempt(job: 'sweep' | 'reminders' | 'notifications', task: () => Promise<unknown>, failure: string) {
    try {
      const result = await task()
      logger[didWork(result) ? 'info' : 'debug']({ job, result }, `Job ${job} done`)
    } catch (error) {
      metrics().jobFailures.inc({ job })
      logger.error({ job, err: error }, failure)
    }
  }

  const sweep = tasks.sweep
  let lastSweep = Date.now()
  if (sweep) running = attempt('sweep', sweep, 'Finishing interrupted work failed; trying again in five minutes.').finally(() => (running = null))
  if (intervalMs <= 0) {
    return { stop: async () => void (await running) }
  }
  let lastReminders = 0

  async function run() {
    if (Date.now() - lastReminders >= REMINDERS_EVERY_MS) {
      lastReminders = Date.now()
      await attempt('reminders', tasks.queueReminders, 'Queuing training reminders failed; trying again in an hour.')
    }
    if (sweep && Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now()
      await attempt('sweep', sweep, 'Finishing interrupted work failed; trying again in five minutes.')
    }
    await attempt('notifications', tasks.deliver, 'Sending notifications failed; trying again shortly.')
  }

  const timer = setInterval(() => {
    running ??= run().finally(() => (running = null))
  }, intervalMs)
  // The loop alone never keeps a process alive (the HTTP server does).
  timer.unref()

  const jobs: BackgroundJobs = {
    async stop() {
      clearInterval(timer)
      if (processJobs.__observerJobs === jobs) delete processJobs.__observerJobs
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
    },
  }
  processJobs.__observerJobs = jobs
  return jobs
}
