/**
 * The rules of background jobs that need no database: which kinds exist, their states, when a job
 * is tried again, when one counts as stuck, and how the admin page shows an error without the
 * addresses in it. The queue itself is app/server/jobs/queue.server.ts.
 */
import { z } from 'zod'
import { maskEmail } from './masking.ts'
import { idField } from './validation/fields.ts'

export const jobKinds = ['notification.email', 'import.run'] as const
export type JobKind = (typeof jobKinds)[number]

export function isJobKind(value: unknown): value is JobKind {
  return typeof value === 'string' && (jobKinds as readonly string[]).includes(value)
}

/**
 * queued → running → done; a failure goes back to queued (a retry later) or, after the last attempt, to
 * failed. cancelled: not to be done any more (an email to someone anonymised before it went).
 */
export const jobStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type JobState = (typeof jobStates)[number]

/**
 * Minutes to wait after the 1st, 2nd, … failed attempt of an import run. Rows already written are
 * not written again, so a retry costs only the rows left; two retries are enough for a lost database
 * connection, and a run that keeps failing waits for an admin (/admin/operations).
 */
export const IMPORT_RETRY_DELAYS_MINUTES = [1, 10] as const

/** When attempt number `attempts` (from 1) has failed: the time of the next one, or null to give up. */
export function retryAfter(delaysMinutes: readonly number[], attempts: number, now: Date): Date | null {
  const delay = delaysMinutes[Math.max(0, attempts - 1)]
  return delay === undefined ? null : new Date(now.getTime() + delay * 60_000)
}

/** A queued job this long past its time has no worker taking it (the loop is off or every process is busy). */
export const QUEUED_STUCK_AFTER_MS = 15 * 60_000

export type JobCondition = 'failed' | 'stalled' | 'waiting'

/**
 * What the admin page says about a job that needs a look, or null when it needs none: `failed` after
 * its last attempt, `stalled` (running, but its holder stopped renewing the lease: the process died and
 * no other has taken it over yet), `waiting` (queued long past its time).
 */
export function jobCondition(job: { state: string; leaseUntil: Date | null; runAfter: Date }, now: Date): JobCondition | null {
  if (job.state === 'failed') return 'failed'
  if (job.state === 'running' && (!job.leaseUntil || job.leaseUntil < now)) return 'stalled'
  if (job.state === 'queued' && job.runAfter.getTime() < now.getTime() - QUEUED_STUCK_AFTER_MS) return 'waiting'
  return null
}

export const JOBS_PAGE_SIZE = 25

const EMAIL_IN_TEXT = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+\.[^\s<>()[\]"',;:]+/g

/** An error message as stored and shown: addresses a mail server quoted are masked, and it is bounded. */
export function describeJobError(message: string, max = 500): string {
  return message.replace(EMAIL_IN_TEXT, (found) => maskEmail(found)).slice(0, max)
}

/** The admin's retry button. */
export const retryJobSchema = z.object({
  intent: z.literal('retry', { error: 'validation.invalid' }),
  jobId: idField,
})
