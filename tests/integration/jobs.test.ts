/**
 * The job queue against a real database (SQLite, and PostgreSQL under test:pg): a claim is won by one
 * of several processes, a lease that expires is taken over and the old holder can no longer end the
 * job, failures are retried and then given up, a job that kills its process each time is given up, a
 * stopping process gives its long job back, and a finished job can be queued again.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import {
  claimJob,
  finishJob,
  queueJob,
  readSteps,
  recordStep,
  releaseJob,
  renewLease,
  requeueJob,
  resumeJobRuns,
  runClaimed,
  runDueJobs,
  stopJobRuns,
  trackJobRun,
  type JobHandler,
} from '~/server/jobs/queue.server.ts'

const LEASE = 60_000
const subject = () => `subject-${crypto.randomBytes(6).toString('hex')}`

/** A job of a kind no worker in these tests runs by default (imports need an import row), queued now. */
async function queued(runAfter = new Date(Date.now() - 1000)) {
  const subjectId = subject()
  await queueJob(db, 'import.run', subjectId, { runAfter })
  return db.job.findUniqueOrThrow({ where: { kind_subjectId: { kind: 'import.run', subjectId } } })
}

/** Claims each of `ids` in another process at the same moment; the ids that process won. */
function claimInProcess(ids: string[], startAt: number): Promise<string[]> {
  const script = `
    const { claimJob } = await import('./app/server/jobs/queue.server.ts')
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ${startAt} - Date.now())))
    const won = []
    for (const id of ${JSON.stringify(ids)}) if (await claimJob(id, ${LEASE})) won.push(id)
    console.log('WON' + JSON.stringify(won))
  `
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', () => {
      const match = output.match(/WON(\[.*\])/)
      if (match?.[1]) resolve(JSON.parse(match[1]) as string[])
      else reject(new Error(`claimer failed:\n${output}`))
    })
  })
}

describe('claims', () => {
  it('a job is claimed once by two concurrent claimers, in this process and in two others', async () => {
    const jobs = await Promise.all(Array.from({ length: 12 }, () => queued()))
    const ids = jobs.map((j) => j.id)
    // Both processes start claiming at the same moment, after their start-up.
    const startAt = Date.now() + 4000
    const [first, second] = await Promise.all([claimInProcess(ids, startAt), claimInProcess([...ids].reverse(), startAt)])
    expect([...first, ...second].sort()).toEqual([...ids].sort())
    expect(first.filter((id) => second.includes(id))).toEqual([])

    const job = await queued()
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimJob(job.id, LEASE)))
    expect(claims.filter(Boolean)).toHaveLength(1)
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: 'running', attempts: 1 })
  })

  it('is not claimed before its time, nor while its lease runs; once the lease expires another process takes it over and the old holder can no longer end it', async () => {
    const later = await queued(new Date(Date.now() + 60_000))
    expect(await claimJob(later.id, LEASE)).toBeNull()

    const job = await queued()
    const first = await claimJob(job.id, LEASE)
    if (!first) throw new Error('not claimed')
    expect(await claimJob(job.id, LEASE)).toBeNull()
    expect(await renewLease(first, { done: 5, total: 10 })).toBe(true)
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ itemsDone: 5, itemsTotal: 10 })

    // Its process died: the lease runs out.
    await db.job.update({ where: { id: job.id }, data: { leaseUntil: new Date(Date.now() - 1) } })
    const second = await claimJob(job.id, LEASE)
    if (!second) throw new Error('not taken over')
    expect(second.attempts).toBe(2)
    expect(await renewLease(first)).toBe(false)
    expect(await finishJob(first)).toBe(false)
    expect(await finishJob(second)).toBe(true)
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: 'done', holder: null, leaseUntil: null })
  })
})

describe('running', () => {
  const failing = (maxAttempts = 3): JobHandler => ({
    leaseMs: LEASE,
    maxAttempts,
    retryAt: (attempts, now) => (attempts < maxAttempts ? new Date(now.getTime() + attempts * 60_000) : null),
    run: () => Promise.reject(new Error('SMTP said 550 <volunteer.name@example.org>: no such user')),
  })

  it('a failing job is retried after its wait, then failed with its last error (addresses masked)', async () => {
    const job = await queued()
    let now = new Date()
    for (const expected of ['retrying', 'retrying', 'failed']) {
      const claimed = await claimJob(job.id, LEASE, now)
      if (!claimed) throw new Error('not due')
      expect(await runClaimed(claimed, failing(), now)).toBe(expected)
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } })
      if (expected === 'retrying') {
        expect(row).toMatchObject({ state: 'queued', holder: null })
        expect(await claimJob(job.id, LEASE, new Date(row.runAfter.getTime() - 1000))).toBeNull()
        now = row.runAfter
      }
    }
    const failed = await db.job.findUniqueOrThrow({ where: { id: job.id } })
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastError: 'SMTP said 550 <v•••@example.org>: no such user' })
    expect(failed.finishedAt).not.toBeNull()
  })

  it('a job whose process died during each of its attempts is given up without running again', async () => {
    const job = await queued()
    await db.job.update({ where: { id: job.id }, data: { state: 'running', attempts: 3, leaseUntil: new Date(Date.now() - 1) } })
    const claimed = await claimJob(job.id, LEASE)
    if (!claimed) throw new Error('not taken over')
    let ran = false
    expect(await runClaimed(claimed, { ...failing(), run: async () => void (ran = true) })).toBe('failed')
    expect(ran).toBe(false)
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).lastError).toMatch(/stopped during each of 3 attempts/)
  })

  it('a stopping process asks its long job to stop, waits for it, and the job goes back to the queue with its steps', async () => {
    const job = await queued()
    const claimed = await claimJob(job.id, LEASE)
    if (!claimed) throw new Error('not claimed')
    let steps = 0
    const handler: JobHandler = {
      ...failing(),
      async run(running, { signal }) {
        for (;;) {
          if (signal.aborted) {
            await releaseJob(running)
            return 'released'
          }
          await db.$transaction((tx) => recordStep(tx, running, ++steps, { n: steps }))
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      },
    }
    const outcome = trackJobRun(() => runClaimed(claimed, handler))
    await new Promise((resolve) => setTimeout(resolve, 150))
    await stopJobRuns(5000)
    expect(await outcome).toBe('released')
    resumeJobRuns()
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: 'queued', attempts: 0, holder: null })
    expect((await readSteps(job.id)).size).toBe(steps)
    // The next claim runs it to the end; finishing forgets the steps.
    const again = await claimJob(job.id, LEASE)
    if (!again) throw new Error('not claimed again')
    expect(await runClaimed(again, { ...failing(), run: async () => undefined })).toBe('done')
    expect((await readSteps(job.id)).size).toBe(0)
  })

  it('runs the due jobs of the given kinds, oldest first', async () => {
    const [older, newer] = [await queued(new Date(Date.now() - 5000)), await queued(new Date(Date.now() - 4000))]
    const order: string[] = []
    const outcomes = await runDueJobs({ 'import.run': { ...failing(), run: async (job) => void order.push(job.subjectId) } }, { limit: 1000 })
    expect(outcomes.every((o) => o.outcome === 'done')).toBe(true)
    expect(order.indexOf(older.subjectId)).toBeLessThan(order.indexOf(newer.subjectId))
    expect(await db.job.count({ where: { id: { in: [older.id, newer.id] }, state: 'done' } })).toBe(2)
  })
})

describe('queuing again', () => {
  it('a job queued or running is busy; a finished one is queued afresh without the steps of its earlier run', async () => {
    const subjectId = subject()
    const queue = () => db.$transaction((tx) => requeueJob(tx, 'import.run', subjectId, { round: 2 }))
    const first = await queue()
    if (!first) throw new Error('not queued')
    expect(await queue()).toBeNull()
    const claimed = await claimJob(first.id, LEASE)
    if (!claimed) throw new Error('not claimed')
    await db.$transaction((tx) => recordStep(tx, claimed, 1, { outcome: 'created' }))
    expect(await queue()).toBeNull()
    await db.job.update({ where: { id: first.id }, data: { state: 'failed', holder: null, leaseUntil: null, lastError: 'boom' } })
    expect(await queue()).toEqual(first)
    expect(await db.job.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ state: 'queued', attempts: 0, lastError: null, payload: '{"round":2}' })
    expect((await readSteps(first.id)).size).toBe(0)
  })
})
