/**
 * Reminders of live sessions, a day and an hour before, each exactly once per registration, by
 * email and in the inbox. Each is claimed by a conditional update of its `reminder…SentAt` column in
 * the transaction that queues the notification: however many processes run this at once (several
 * app servers, a restart in the middle), one of them sends it, and a crash before the commit leaves
 * it to the next run.
 */
import { dueReminder, ONE_HOUR_MS, REMINDER_LOOKAHEAD_MS, type ReminderKind } from '~/domain/live-sessions.ts'
import { withLease, type LeaseOutcome } from '../jobs/job-lease.server.ts'
import { notify } from '../jobs/notifications.server.ts'
import { db } from '../platform/db.server.ts'

export const LIVE_REMINDERS_EVERY_MS = 60_000

export async function queueLiveReminders(now = new Date()): Promise<{ day: number; hour: number }> {
  const rows = await db.liveSessionRegistration.findMany({
    where: {
      status: 'registered',
      session: { cancelledAt: null, startsAt: { gt: now, lte: new Date(now.getTime() + REMINDER_LOOKAHEAD_MS) } },
      OR: [{ reminderHourSentAt: null }, { reminderDaySentAt: null, session: { startsAt: { gt: new Date(now.getTime() + ONE_HOUR_MS) } } }],
    },
    select: { id: true, userId: true, sessionId: true, reminderDaySentAt: true, reminderHourSentAt: true, session: { select: { startsAt: true } } },
    take: 2000,
  })
  const sent = { day: 0, hour: 0 }
  for (const row of rows) {
    const kind = dueReminder(row.session.startsAt, now, { day: row.reminderDaySentAt !== null, hour: row.reminderHourSentAt !== null })
    if (!kind) continue
    if (await sendOnce(row.id, row.userId, row.sessionId, kind, now)) sent[kind]++
  }
  return sent
}

async function sendOnce(registrationId: string, userId: string, sessionId: string, kind: ReminderKind, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claimed =
      kind === 'day'
        ? await tx.liveSessionRegistration.updateMany({ where: { id: registrationId, status: 'registered', reminderDaySentAt: null }, data: { reminderDaySentAt: now } })
        : await tx.liveSessionRegistration.updateMany({ where: { id: registrationId, status: 'registered', reminderHourSentAt: null }, data: { reminderHourSentAt: now } })
    if (claimed.count !== 1) return false
    await notify(userId, kind === 'day' ? 'live.reminder_day' : 'live.reminder_hour', { sessionId }, tx)
    return true
  })
}

/** The background loop's call: under a lease, so of several processes one usually does the work (the claim above makes it safe either way). */
export function sweepLiveReminders(now = new Date()): Promise<LeaseOutcome<{ day: number; hour: number }>> {
  return withLease('live-reminders', { ttlMs: 5 * 60_000 }, () => queueLiveReminders(now))
}
