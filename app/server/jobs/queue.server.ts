/**
 * The job queue: work that must be done even if the process that took it on dies (an email to send,
 * an import to run), kept in the `Job` table. A job is queued in the transaction of its cause, so it
 * exists exactly when its cause does. Any app process claims a due job with one conditional update
 * (queued and due, or running with an expired lease → running, with this process as holder and a
 * lease), which only one of several processes or servers can win, on SQLite and PostgreSQL alike.
 * The holder renews the lease while it works; only the holder can finish, fail or release the job, so
 * a process that lost its lease (it stalled, and another took over) cannot overwrite the outcome.
 * A job that changes many things (an import's rows) records each change's outcome as a step in the
 * change's own transaction, and a run that takes the job over skips those: nothing is done twice.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { describeJobError, jobKinds, type JobKind } from '~/domain/jobs.ts'
import { db, newId, type Db, type RawClient } from '../platform/db.server.ts'

type StepClient = Pick<Db, 'job' | 'jobStep'>

export interface ClaimedJob {
  id: string
  kind: JobKind
  subjectId: string
  payload: string
  /** Claims so far, this one included. */
  attempts: number
  holder: string
  leaseMs: number
}

const processName = `${os.hostname()}:${process.pid}`

/**
 * Queues a job for a row the caller has just written, in the caller's transaction (Prisma's or a plain
 * one: an email for a new notification). One plain statement, every column given.
 */
export async function queueJob(client: RawClient, kind: JobKind, subjectId: string, options: { payload?: unknown; runAfter?: Date } = {}): Promise<void> {
  const now = new Date()
  await client.$executeRaw`
    INSERT INTO "Job" ("id", "kind", "subjectId", "payload", "state", "attempts", "runAfter", "itemsDone", "createdAt", "updatedAt")
    VALUES (${newId()}, ${kind}, ${subjectId}, ${JSON.stringify(options.payload ?? {})}, 'queued', 0, ${options.runAfter ?? now}, 0, ${now}, ${now})`
}

/**
 * Queues a job that may have run before (an import run again): a new job, or the finished or failed
 * one queued afresh with the new payload and without the steps of its earlier run. Null while the job
 * is queued or running. Call inside a transaction (on SQLite it holds the write lock from its start); of two processes queuing the
 * same new job at once, one gets a unique violation (PostgreSQL) or waits and finds it (SQLite).
 */
export async function requeueJob(tx: StepClient, kind: JobKind, subjectId: string, payload: unknown, now = new Date()): Promise<{ id: string } | null> {
  const existing = await tx.job.findUnique({ where: { kind_subjectId: { kind, subjectId } }, select: { id: true } })
  if (!existing) return tx.job.create({ data: { kind, subjectId, payload: JSON.stringify(payload), runAfter: now }, select: { id: true } })
  const fresh = { state: 'queued', payload: JSON.stringify(payload), attempts: 0, runAfter: now, leaseUntil: null, holder: null, lastError: null, itemsDone: 0, itemsTotal: null, finishedAt: null }
  const queued = await tx.job.updateMany({ where: { id: existing.id, state: { in: ['done', 'failed', 'cancelled'] } }, data: fresh })
  if (queued.count !== 1) return null
  await tx.jobStep.deleteMany({ where: { jobId: existing.id } })
  return existing
}

/** Due: queued and its time has come, or running under a lease that has expired (its holder died or stalled). */
const claimable = (now: Date) => ({ OR: [{ state: 'queued', runAfter: { lte: now } }, { state: 'running', leaseUntil: { lt: now } }] })

/**
 * Takes the job if it is due at `now` and nobody else takes it first; null otherwise. The lease runs
 * from the clock, not from `now`: a batch that started long ago (or a test's clock in the past) must
 * not hand out a lease that has already run out.
 */
export async function claimJob(id: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  const holder = `${processName}:${crypto.randomBytes(4).toString('hex')}`
  const claimed = await db.job.updateMany({
    where: { id, ...claimable(now) },
    data: { state: 'running', holder, leaseUntil: new Date(Math.max(now.getTime(), Date.now()) + leaseMs), attempts: { increment: 1 } },
  })
  if (claimed.count !== 1) return null
  const row = await db.job.findUnique({ where: { id }, select: { id: true, kind: true, subjectId: true, payload: true, attempts: true, holder: true } })
  // Taken over already (a lease shorter than this read): leave it to the new holder.
  if (!row || row.holder !== holder) return null
  return { ...row, kind: row.kind as JobKind, holder, leaseMs }
}

const held = (job: ClaimedJob) => ({ id: job.id, holder: job.holder, state: 'running' })

/** Extends the claim and records progress. False when the claim is lost (another process took the job over): stop working on it. */
export async function renewLease(job: ClaimedJob, progress?: { done: number; total: number }): Promise<boolean> {
  const renewed = await db.job.updateMany({
    where: held(job),
    data: { leaseUntil: new Date(Date.now() + job.leaseMs), ...(progress ? { itemsDone: progress.done, itemsTotal: progress.total } : {}) },
  })
  return renewed.count === 1
}

/** Ends the job as done, in the transaction of its last write when it has one. False when the claim was lost. */
export async function finishJob(job: ClaimedJob, client: StepClient = db, now = new Date()): Promise<boolean> {
  const finished = await client.job.updateMany({ where: held(job), data: { state: 'done', finishedAt: now, leaseUntil: null, holder: null, lastError: null } })
  if (finished.count !== 1) return false
  await client.jobStep.deleteMany({ where: { jobId: job.id } })
  return true
}

/** A failed attempt: queued again for `retryAt`, or failed for good when that is null. False when the claim was lost. */
export async function failJob(job: ClaimedJob, error: unknown, retryAt: Date | null, now = new Date()): Promise<boolean> {
  const lastError = describeJobError(error instanceof Error ? error.message : String(error))
  const failed = await db.job.updateMany({
    where: held(job),
    data: { ...(retryAt ? { state: 'queued', runAfter: retryAt } : { state: 'failed', finishedAt: now }), lastError, leaseUntil: null, holder: null },
  })
  return failed.count === 1
}

/** Ends a claimed job as cancelled: there is nothing to do any more. */
async function cancelClaimed(job: ClaimedJob, now: Date): Promise<boolean> {
  const cancelled = await db.job.updateMany({ where: held(job), data: { state: 'cancelled', finishedAt: now, leaseUntil: null, holder: null, lastError: null } })
  return cancelled.count === 1
}

/**
 * Cancels the jobs of these subjects that are not done (the emails of a person being anonymised), in
 * the caller's transaction. One running now may still finish what it does; it can no longer end the job.
 */
export async function cancelJobs(client: Pick<Db, 'job'>, kind: JobKind, subjectIds: string[], now = new Date()): Promise<number> {
  if (subjectIds.length === 0) return 0
  const cancelled = await client.job.updateMany({
    where: { kind, subjectId: { in: subjectIds }, state: { in: ['queued', 'running', 'failed'] } },
    data: { state: 'cancelled', finishedAt: now, leaseUntil: null, holder: null, lastError: null },
  })
  return cancelled.count
}

/** Puts a job back in the queue, due at once, when its process stops before it is done; the stop does not count as an attempt. */
export async function releaseJob(job: ClaimedJob): Promise<boolean> {
  const released = await db.job.updateMany({ where: held(job), data: { state: 'queued', runAfter: new Date(), leaseUntil: null, holder: null, attempts: { decrement: 1 } } })
  return released.count === 1
}

/** Records that item `n` of the job is done, with its outcome, in the transaction of the item's change. */
export async function recordStep(tx: StepClient, job: ClaimedJob, n: number, result: unknown): Promise<void> {
  await tx.jobStep.create({ data: { jobId: job.id, n, result: JSON.stringify(result) } })
}

/** The items an earlier run of the job finished, by number. */
export async function readSteps(jobId: string): Promise<Map<number, unknown>> {
  const rows = await db.jobStep.findMany({ where: { jobId }, select: { n: true, result: true } })
  return new Map(rows.map((row) => [row.n, JSON.parse(row.result) as unknown]))
}

/** Jobs not done, per kind and state, in one grouped count (the admin page, /metrics). */
export async function jobsByState(): Promise<Record<JobKind, { queued: number; running: number; failed: number }>> {
  const groups = await db.job.groupBy({ by: ['kind', 'state'], where: { state: { in: ['queued', 'running', 'failed'] } }, _count: { _all: true } })
  const counts = Object.fromEntries(jobKinds.map((kind) => [kind, { queued: 0, running: 0, failed: 0 }])) as Record<JobKind, { queued: number; running: number; failed: number }>
  for (const group of groups) {
    const kind = counts[group.kind as JobKind]
    if (kind && (group.state === 'queued' || group.state === 'running' || group.state === 'failed')) kind[group.state] = group._count._all
  }
  return counts
}

/** The job of a subject (an import's run), for its page. */
export function jobOf(kind: JobKind, subjectId: string) {
  return db.job.findUnique({ where: { kind_subjectId: { kind, subjectId } }, select: { id: true, state: true, itemsDone: true, itemsTotal: true, lastError: true, finishedAt: true } })
}

// ---------------------------------------------------------------------------------------------
// Running jobs

/** What one kind of job does, how long its lease lasts, and how often it is tried. */
export interface JobHandler {
  /** Longer than one step of the work takes; a longer job renews it as it goes (renewLease). */
  leaseMs: number
  /** Claims after which a job whose process died each time is given up (a job that ends its process). */
  maxAttempts: number
  /** After attempt `attempts` failed: when to try again, or null to give up. */
  retryAt(attempts: number, now: Date): Date | null
  /**
   * Does the work. Returning nothing finishes the job; 'done' says the work finished it itself (in its
   * last transaction); 'released' says it gave the job back (releaseJob) because the process is stopping;
   * 'cancelled' says there is nothing to do any more (an email to someone anonymised). Throwing fails the attempt.
   */
  run(job: ClaimedJob, context: { signal: AbortSignal; now: Date }): Promise<void | 'done' | 'released' | 'cancelled'>
  /** Told of each failed attempt (metrics, a log line); `final` when no retry follows. */
  onFailure?(job: ClaimedJob, error: unknown, final: boolean): void
}

export type JobOutcome = 'done' | 'retrying' | 'failed' | 'released' | 'cancelled' | 'lost'

/** The work claimed by this process, so that a stopping process waits for it; the signal asks long jobs to stop between steps. */
interface Runs {
  controller: AbortController
  running: Set<Promise<unknown>>
}
const processRuns = globalThis as unknown as { __observerJobRuns?: Runs }
const runs = (): Runs => (processRuns.__observerJobRuns ??= { controller: new AbortController(), running: new Set() })

/** Runs `work` (a claimed job) so that stopping the process waits for it. */
export function trackJobRun<T>(work: () => Promise<T>): Promise<T> {
  const { running } = runs()
  const promise = work()
  running.add(promise)
  void promise.then(
    () => running.delete(promise),
    () => running.delete(promise),
  )
  return promise
}

/**
 * Asks running jobs to stop (an import gives its job back after the row it is on) and waits for them,
 * up to `timeoutMs`. A job still running then keeps its lease until it expires, and another process
 * takes it over.
 */
export async function stopJobRuns(timeoutMs: number): Promise<void> {
  const current = runs()
  current.controller.abort()
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())
  await Promise.race([Promise.allSettled([...current.running]), timeout])
}

/** Lets jobs run again after stopJobRuns (a process stops once; tests start and stop the loop again). */
export function resumeJobRuns(): void {
  const current = runs()
  if (current.controller.signal.aborted) current.controller = new AbortController()
}

/**
 * Lets the event loop take its turn. SQLite answers synchronously, so a loop of queries is otherwise
 * one long chain of promises, during which the process answers no request and notices no SIGTERM.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Runs a claimed job through its handler and records the outcome. */
export async function runClaimed(job: ClaimedJob, handler: JobHandler, now = new Date()): Promise<JobOutcome> {
  if (job.attempts > handler.maxAttempts) {
    const error = new Error(`Given up: the process running it stopped during each of ${handler.maxAttempts} attempts.`)
    handler.onFailure?.(job, error, true)
    await failJob(job, error, null, now)
    return 'failed'
  }
  let ended: void | 'done' | 'released' | 'cancelled'
  try {
    ended = await handler.run(job, { signal: runs().controller.signal, now })
  } catch (error) {
    const retryAt = handler.retryAt(job.attempts, now)
    handler.onFailure?.(job, error, retryAt === null)
    if (!(await failJob(job, error, retryAt, now))) return 'lost'
    return retryAt ? 'retrying' : 'failed'
  }
  if (ended === 'released') return 'released'
  if (ended === 'done') return 'done'
  if (ended === 'cancelled') return (await cancelClaimed(job, now)) ? 'cancelled' : 'lost'
  return (await finishJob(job, db, now)) ? 'done' : 'lost'
}

/** Claims and runs the due jobs of the given kinds, oldest first, one at a time, up to `limit`; stops early when the process is stopping. */
export async function runDueJobs(handlers: Partial<Record<JobKind, JobHandler>>, { now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<Array<{ kind: JobKind; outcome: JobOutcome }>> {
  const kinds = Object.keys(handlers) as JobKind[]
  const due = await db.job.findMany({ where: { kind: { in: kinds }, ...claimable(now) }, orderBy: [{ runAfter: 'asc' }, { id: 'asc' }], take: limit, select: { id: true, kind: true } })
  const outcomes: Array<{ kind: JobKind; outcome: JobOutcome }> = []
  for (const candidate of due) {
    await nextTurn()
    if (runs().controller.signal.aborted) break
    const handler = handlers[candidate.kind as JobKind]
    if (!handler) continue
    const job = await claimJob(candidate.id, handler.leaseMs, now)
    if (!job) continue // another process has it
    outcomes.push({ kind: job.kind, outcome: await trackJobRun(() => runClaimed(job, handler, now)) })
  }
  return outcomes
}
