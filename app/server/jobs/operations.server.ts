/**
 * What the coalition admin sees of the job queue (/admin/operations): how many jobs wait, run and
 * failed, and the jobs that need a look (failed, stalled, waiting too long), with the retry of one.
 * Shows no more about people than a masked address: the recipient of an email, never its text.
 */
import { describeJobError, jobCondition, JOBS_PAGE_SIZE, QUEUED_STUCK_AFTER_MS, type JobCondition, type JobKind } from '~/domain/jobs.ts'
import { maskEmail } from '~/domain/masking.ts'
import { pageCount } from '~/domain/paging.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { jobsByState } from './queue.server.ts'

/** Failed, stalled (running under an expired lease), or queued long past its time. */
const needsAttention = (now: Date) => ({
  OR: [{ state: 'failed' }, { state: 'running', leaseUntil: { lt: now } }, { state: 'queued', runAfter: { lt: new Date(now.getTime() - QUEUED_STUCK_AFTER_MS) } }],
})

/** What the admin may retry: a failed job, or one whose process died. A job merely waiting is already queued. */
const retryable = (now: Date) => ({ OR: [{ state: 'failed' }, { state: 'running', leaseUntil: { lt: now } }] })

export interface QueueCounts {
  queued: number
  running: number
  failed: number
  /** Running under a lease that has expired: its process died and no other has taken it over yet. */
  stalled: number
}

/** Jobs per kind that are not done, and how many of the running ones are stalled. */
export async function queueOverview(now = new Date()): Promise<Record<JobKind, QueueCounts>> {
  const [counts, stalled] = await Promise.all([jobsByState(), db.job.groupBy({ by: ['kind'], where: { state: 'running', leaseUntil: { lt: now } }, _count: { _all: true } })])
  const overview = Object.fromEntries(Object.entries(counts).map(([kind, c]) => [kind, { ...c, stalled: 0 }])) as Record<JobKind, QueueCounts>
  for (const group of stalled) {
    const kind = overview[group.kind as JobKind]
    if (kind) kind.stalled = group._count._all
  }
  return overview
}

export type JobSubject =
  | { type: 'email'; notificationKind: string; to: string }
  | { type: 'import'; ngo: string; campaign: { nameRu: string; nameKk: string; nameEn: string } | null; done: number; total: number | null }
  /** Its row is gone (the account or the import was deleted). */
  | { type: 'gone' }

export interface AttentionJob {
  id: string
  kind: JobKind
  condition: JobCondition
  retryable: boolean
  attempts: number
  lastError: string | null
  /** When it last changed: failed, was claimed, or was queued. */
  since: Date
  subject: JobSubject
}

/** One page of the jobs that need a look, the most recently changed first. */
export async function listJobsNeedingAttention({ page, now = new Date() }: { page: number; now?: Date }) {
  const where = needsAttention(now)
  const [total, rows] = await Promise.all([
    db.job.count({ where }),
    db.job.findMany({
      where,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * JOBS_PAGE_SIZE,
      take: JOBS_PAGE_SIZE,
      select: { id: true, kind: true, subjectId: true, state: true, attempts: true, lastError: true, runAfter: true, leaseUntil: true, updatedAt: true, itemsDone: true, itemsTotal: true },
    }),
  ])
  const subjects = await describeSubjects(rows)
  const items: AttentionJob[] = rows.map((row) => {
    const condition = jobCondition(row, now) ?? 'failed'
    return {
      id: row.id,
      kind: row.kind as JobKind,
      condition,
      retryable: condition !== 'waiting',
      attempts: row.attempts,
      // Masked again: errors stored before masking was added may quote an address.
      lastError: row.lastError ? describeJobError(row.lastError, 300) : null,
      since: row.updatedAt,
      subject: subjects.get(row.id) ?? { type: 'gone' },
    }
  })
  return { items, total, pageCount: pageCount(total, JOBS_PAGE_SIZE) }
}

/** Each job's subject in a few batched reads: the masked recipient of an email, the NGO and campaign of an import. */
async function describeSubjects(rows: Array<{ id: string; kind: string; subjectId: string; itemsDone: number; itemsTotal: number | null }>): Promise<Map<string, JobSubject>> {
  const emailIds = rows.filter((r) => r.kind === 'notification.email').map((r) => r.subjectId)
  const importIds = rows.filter((r) => r.kind === 'import.run').map((r) => r.subjectId)
  const [notifications, imports] = await Promise.all([
    emailIds.length ? db.notification.findMany({ where: { id: { in: emailIds } }, select: { id: true, kind: true, user: { select: { email: true } } } }) : [],
    importIds.length ? db.recruitImport.findMany({ where: { id: { in: importIds } }, select: { id: true, ngoId: true, campaignId: true } }) : [],
  ])
  const [ngos, campaigns] = await Promise.all([
    imports.length ? db.ngo.findMany({ where: { id: { in: imports.map((i) => i.ngoId) } }, select: { id: true, name: true } }) : [],
    imports.length ? db.campaign.findMany({ where: { id: { in: imports.map((i) => i.campaignId) } }, select: { id: true, nameRu: true, nameKk: true, nameEn: true } }) : [],
  ])
  const notificationById = new Map(notifications.map((n) => [n.id, n]))
  const importById = new Map(imports.map((i) => [i.id, i]))
  const ngoName = new Map(ngos.map((n) => [n.id, n.name]))
  const campaignById = new Map(campaigns.map(({ id, ...names }) => [id, names]))
  const subjects = new Map<string, JobSubject>()
  for (const row of rows) {
    if (row.kind === 'notification.email') {
      const notification = notificationById.get(row.subjectId)
      if (notification) subjects.set(row.id, { type: 'email', notificationKind: notification.kind, to: maskEmail(notification.user.email) })
    } else if (row.kind === 'import.run') {
      const found = importById.get(row.subjectId)
      if (found) subjects.set(row.id, { type: 'import', ngo: ngoName.get(found.ngoId) ?? '', campaign: campaignById.get(found.campaignId) ?? null, done: row.itemsDone, total: row.itemsTotal })
    }
  }
  return subjects
}

export type RetryResult = { ok: true } | { ok: false; error: 'notFound' | 'notRetryable' }

/**
 * Queues a failed or stalled job again, due now and with its attempts counted afresh, in one
 * transaction with the audit record. An import taken up again skips the rows it already wrote.
 */
export async function retryJob(actorId: string, jobId: string, ip: string, now = new Date()): Promise<RetryResult> {
  return db.$transaction(async (tx) => {
    const job = await tx.job.findUnique({ where: { id: jobId }, select: { id: true, kind: true, subjectId: true, state: true, attempts: true, lastError: true, runAfter: true, leaseUntil: true } })
    if (!job) return { ok: false, error: 'notFound' } as const
    const condition = jobCondition(job, now)
    const retried = await tx.job.updateMany({ where: { id: job.id, ...retryable(now) }, data: { state: 'queued', runAfter: now, attempts: 0, leaseUntil: null, holder: null, finishedAt: null } })
    if (retried.count !== 1) return { ok: false, error: 'notRetryable' } as const
    await recordAudit(
      { actorId, action: 'job.retried', targetType: 'job', targetId: job.id, ip, details: { kind: job.kind, subjectId: job.subjectId, condition, attempts: job.attempts, lastError: job.lastError ? describeJobError(job.lastError, 300) : null } },
      tx,
    )
    return { ok: true } as const
  })
}
