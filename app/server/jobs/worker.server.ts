/**
 * The background loop of every app process: due jobs of the queue (emails, import runs: queue.server.ts),
 * training reminders, and the sweep of interrupted work. Started by the production server from the
 * build (app/entry.server.tsx exports startBackgroundJobs) and by the dev server.
 */
import { LIVE_REMINDERS_EVERY_MS, sweepLiveReminders } from '../live-sessions/reminders.server.ts'
import { importJobHandler } from '../recruitment/imports.server.ts'
import { isDatabaseBusy } from '../platform/database-busy.server.ts'
import { env } from '../platform/env.server.ts'
import { logger } from '../platform/logger.server.ts'
import { metrics, watchQueues, type QueueDepths } from '../platform/metrics.server.ts'
import { deliverDueNotifications } from './notification-worker.server.ts'
import { queueTrainingReminders } from './notifications.server.ts'
import { jobsByState, resumeJobRuns, runDueJobs, stopJobRuns } from './queue.server.ts'
import { SWEEP_EVERY_MS, sweepInterruptedWork } from './sweeps.server.ts'

const REMINDERS_EVERY_MS = 60 * 60 * 1000
/** Below the 30 seconds the cluster's primary gives a stopping worker. */
const STOP_WAIT_MS = 20_000

let importsRunning: Promise<unknown> | null = null

/**
 * Runs the due jobs: an import run, if one is due (one queued by a process that died, or due for a
 * retry; a lead's run starts at once in the process that queued it), and the emails, one after another.
 * An import can take minutes, so it runs beside the loop, one at a time per process, and emails keep going.
 */
export async function runJobs() {
  importsRunning ??= runDueJobs({ 'import.run': importJobHandler }, { limit: 1 })
    .catch((error: unknown) => logger.error({ err: error, job: 'imports' }, 'Running an import failed; trying again shortly.'))
    .finally(() => (importsRunning = null))
  return { emails: await deliverDueNotifications() }
}

/** The queues' depth for /metrics: jobs waiting (queued or running) and failed for good, per kind. */
async function jobQueueDepths(): Promise<QueueDepths> {
  const counts = await jobsByState()
  const depth = (kind: keyof typeof counts) => ({ waiting: counts[kind].queued + counts[kind].running, failed: counts[kind].failed })
  return { notifications: depth('notification.email'), imports: depth('import.run') }
}

/** Whether a job's result reports work done (a count above zero somewhere in it): such runs are logged at info, the others at debug. */
function didWork(result: unknown): boolean {
  if (typeof result === 'number') return result > 0
  return typeof result === 'object' && result !== null && Object.values(result).some(didWork)
}

export interface BackgroundJobs {
  /** Stops the loop and waits (up to 20 seconds) for the jobs this process is running; an import gives its job back between rows. */
  stop(): Promise<void>
}

const processJobs = globalThis as unknown as { __observerJobs?: BackgroundJobs }

/**
 * Starts this process's work: at once, the sweep of interrupted work (attempts and certificates a
 * crash left undone; under a lease, so one process of several does it) and a first run of due jobs
 * (so work a stopped or dead process left is resumed at start-up); then a loop that every
 * NOTIFICATIONS_INTERVAL_MS runs due jobs, once an hour queues training reminders, once a minute
 * live-session reminders, and every five
 * minutes sweeps again. One loop per process even if called again (Vite reloads modules in
 * development). A failing run is logged and the next one tries again; nothing here can end the process.
 */
export function startBackgroundJobs({
  intervalMs = env().NOTIFICATIONS_INTERVAL_MS,
  tasks = { queueReminders: () => queueTrainingReminders(), runJobs, sweep: () => sweepInterruptedWork(), liveReminders: () => sweepLiveReminders() },
}: {
  intervalMs?: number
  /** The jobs (tests replace them). */
  tasks?: { queueReminders: () => Promise<unknown>; runJobs: () => Promise<unknown>; sweep?: () => Promise<unknown>; liveReminders?: () => Promise<unknown> }
} = {}): BackgroundJobs {
  if (processJobs.__observerJobs) return processJobs.__observerJobs
  resumeJobRuns()
  let running: Promise<void> | null = null
  let stopped = false
  watchQueues('jobs', jobQueueDepths)

  async function attempt(job: 'sweep' | 'reminders' | 'live-reminders' | 'jobs', task: () => Promise<unknown>, failure: string) {
    try {
      const result = await task()
      logger[didWork(result) ? 'info' : 'debug']({ job, result }, `Job ${job} done`)
    } catch (error) {
      metrics().jobFailures.inc({ job })
      // Another process held the database's write lock past the wait (SQLite under load, a PostgreSQL
      // conflict): nothing is lost, the run is tried again on its next tick. A warning, so error-level
      // lines stay for what needs someone (counted as a failed run all the same).
      if (isDatabaseBusy(error)) logger.warn({ job, err: error }, `${failure} The database was busy.`)
      else logger.error({ job, err: error }, failure)
    }
  }

  const sweep = tasks.sweep
  let lastSweep = Date.now()
  if (sweep) running = attempt('sweep', sweep, 'Finishing interrupted work failed; trying again in five minutes.').finally(() => (running = null))
  if (intervalMs <= 0) {
    // No loop, but a lead's import may still run here, started by a request.
    return {
      stop: async () => {
        await stopJobRuns(STOP_WAIT_MS)
        await running
      },
    }
  }
  let lastReminders = 0
  let lastLiveReminders = 0
  const liveReminders = tasks.liveReminders

  async function run() {
    if (Date.now() - lastReminders >= REMINDERS_EVERY_MS) {
      lastReminders = Date.now()
      await attempt('reminders', tasks.queueReminders, 'Queuing training reminders failed; trying again in an hour.')
    }
    // Live-session reminders (a day and an hour before) are due to the minute; each is sent once (reminders.server.ts).
    if (liveReminders && Date.now() - lastLiveReminders >= LIVE_REMINDERS_EVERY_MS) {
      lastLiveReminders = Date.now()
      await attempt('live-reminders', liveReminders, 'Queuing live-session reminders failed; trying again in a minute.')
    }
    if (sweep && Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now()
      await attempt('sweep', sweep, 'Finishing interrupted work failed; trying again in five minutes.')
    }
    await attempt('jobs', tasks.runJobs, 'Running queued jobs failed; trying again shortly.')
  }

  const tick = () => {
    if (!stopped) running ??= run().finally(() => (running = null))
  }
  // The first run follows the start-up sweep at once: work left by a process that stopped is resumed now.
  void (running ?? Promise.resolve()).then(tick)
  const timer = setInterval(tick, intervalMs)
  // The loop alone never keeps a process alive (the HTTP server does).
  timer.unref()

  const jobs: BackgroundJobs = {
    async stop() {
      stopped = true
      clearInterval(timer)
      if (processJobs.__observerJobs === jobs) delete processJobs.__observerJobs
      const started = Date.now()
      // No new claims from here; running jobs are asked to stop and awaited, then the loop's own run.
      await stopJobRuns(STOP_WAIT_MS)
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, Math.max(0, STOP_WAIT_MS - (Date.now() - started))).unref())])
    },
  }
  processJobs.__observerJobs = jobs
  return jobs
}
