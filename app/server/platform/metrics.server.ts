/**
 * Prometheus metrics (prom-client), served at /metrics when METRICS_TOKEN is set
 * (app/cli/http-observability.ts). Each process counts its own: request durations by route, emails
 * sent and failed, failed background jobs, and Node's defaults (event-loop lag, memory, CPU). Under
 * the cluster of `npm start` a worker that is asked for /metrics asks the primary, which collects
 * the counts of every worker that is listening and adds them up with prom-client's
 * AggregatorRegistry.aggregate(), so one scrape sees the whole server whichever worker takes it. A
 * worker still starting, or too busy to answer within 3 seconds, is left out of that scrape and
 * counted in `observer_metrics_workers_missing` rather than failing it (prom-client's own
 * clusterMetrics() fails the whole scrape when any forked worker is silent for 5 seconds).
 *
 * The metrics live in prom-client's global registry, created once per process even though two copies
 * of this module run in it (the server's and the Remix build's).
 */
import cluster, { type Worker } from 'node:cluster'
import crypto from 'node:crypto'
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client'
import { logger } from './logger.server.ts'

/** Rows waiting in each job queue, and rows that gave up (failed for the last time), by queue name. */
export type QueueDepths = Record<string, { waiting: number; failed: number }>

export interface Metrics {
  requestDuration: Histogram<'route' | 'method' | 'status'>
  emailsSent: Counter
  /** Every failed attempt to send one; `final` when it was the last try. */
  emailsFailed: Counter<'final'>
  jobFailures: Counter<'job'>
}

const shared = globalThis as unknown as { __observerMetrics?: Metrics; __observerQueues?: Map<string, () => Promise<QueueDepths>> }

/** This process's metrics, created (with Node's default metrics) on the first call. */
export function metrics(): Metrics {
  return (shared.__observerMetrics ??= createMetrics())
}

/**
 * Adds (or replaces, under the same `source` name) a reader of queue depths, read at each scrape: the
 * notification worker registers the notification queue; other job queues add their own.
 */
export function watchQueues(source: string, read: () => Promise<QueueDepths>): void {
  shared.__observerQueues ??= new Map()
  shared.__observerQueues.set(source, read)
}

function createMetrics(): Metrics {
  collectDefaultMetrics()
  // A cluster worker answers the primary's requests for its metrics once they exist.
  if (cluster.isWorker) {
    process.on('message', (message: { type?: string; id?: string }) => {
      if (message?.type !== COLLECT || typeof message.id !== 'string') return
      const id = message.id
      register.getMetricsAsJSON().then(
        (values) => process.send?.({ type: COLLECTED, id, values }),
        (error: unknown) => process.send?.({ type: COLLECTED, id, error: error instanceof Error ? error.message : String(error) }),
      )
    })
  }
  const queues = (read: (depths: QueueDepths[string]) => number) =>
    async function collect(this: Gauge<'queue'>) {
      for (const [source, readDepths] of shared.__observerQueues ?? []) {
        try {
          for (const [queue, depths] of Object.entries(await readDepths())) this.set({ queue }, read(depths))
        } catch (error) {
          logger.warn({ err: error, source }, 'Metrics: reading a job queue failed')
        }
      }
    }
  // Every worker reads the same database: the cluster's value is the largest, not the sum.
  new Gauge({ name: 'observer_queue_waiting', help: 'Rows waiting in a job queue (e.g. notification emails not sent yet).', labelNames: ['queue'], aggregator: 'max', collect: queues((d) => d.waiting) })
  new Gauge({ name: 'observer_queue_failed', help: 'Rows of a job queue that failed for the last time and wait for a person.', labelNames: ['queue'], aggregator: 'max', collect: queues((d) => d.failed) })
  return {
    requestDuration: new Histogram({
      name: 'observer_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by Remix route id (or static path), method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    emailsSent: new Counter({ name: 'observer_emails_sent_total', help: 'Emails handed to the mail server (or written to the outbox).' }),
    emailsFailed: new Counter({ name: 'observer_emails_failed_total', help: 'Failed attempts to send an email; final="true" when no retry follows.', labelNames: ['final'] }),
    jobFailures: new Counter({ name: 'observer_job_failures_total', help: 'Background job runs that failed (retried at the next run).', labelNames: ['job'] }),
  }
}

const REQUEST = 'observer:metrics-request'
const ANSWER = 'observer:metrics-answer'
const COLLECT = 'observer:metrics-collect'
const COLLECTED = 'observer:metrics-collected'
/** How long the primary waits for one worker's metrics before leaving it out of a scrape. */
const WORKER_TIMEOUT_MS = 3_000
type Answer = { type: typeof ANSWER; id: string; text?: string; contentType?: string; error?: string }
type WorkerMetrics = Awaited<ReturnType<typeof register.getMetricsAsJSON>>
type Collected = { type: typeof COLLECTED; id: string; values?: WorkerMetrics; error?: string }

/** Asks one worker for its metrics; undefined when it does not answer in time (or answers with an error). */
function collectFrom(worker: Worker): Promise<WorkerMetrics | undefined> {
  const id = crypto.randomUUID()
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), WORKER_TIMEOUT_MS)
    const onMessage = (message: Collected) => {
      if (message?.type === COLLECTED && message.id === id) finish(message.values)
    }
    const onExit = () => finish(undefined)
    function finish(values: WorkerMetrics | undefined) {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('exit', onExit)
      resolve(values)
    }
    worker.on('message', onMessage)
    worker.on('exit', onExit)
    try {
      worker.send({ type: COLLECT, id })
    } catch {
      finish(undefined)
    }
  })
}

/** In the cluster's primary: the metrics of every listening worker, added up (see the header). */
export async function clusterMetricsText(workers: Worker[]): Promise<{ contentType: string; text: string }> {
  const answers = await Promise.all(workers.map((worker) => collectFrom(worker)))
  const answered = answers.filter((values): values is WorkerMetrics => values !== undefined)
  const missing = workers.length - answered.length
  if (missing > 0) logger.warn({ missing, workers: workers.length }, 'Metrics: some workers did not answer in time; this scrape leaves them out')
  const aggregated = AggregatorRegistry.aggregate(answered)
  new Gauge({
    name: 'observer_metrics_workers_missing',
    help: 'Workers left out of this scrape because they were starting or did not answer within 3 seconds.',
    registers: [aggregated],
  }).set(missing)
  return { contentType: aggregated.contentType, text: await aggregated.metrics() }
}

/** In the cluster's primary: answers workers' requests with every listening worker's metrics, aggregated. */
export function aggregateWorkerMetrics(): void {
  // Only a worker that listens has loaded the app and its metrics; one still starting would not answer.
  const listening = new Set<Worker>()
  cluster.on('listening', (worker) => void listening.add(worker))
  cluster.on('exit', (worker) => void listening.delete(worker))
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'string') return
    const id = message.id
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id, ...answer } satisfies Answer)
    }
    clusterMetricsText([...listening].filter((w) => w.isConnected())).then(
      (answer) => reply(answer),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    )
  })
}

/** The metrics text for a scrape: this process's, or under the cluster the sum over all workers (asked of the primary). */
export async function scrapeMetrics(): Promise<{ contentType: string; text: string }> {
  metrics()
  if (!cluster.isWorker || !process.send) return { contentType: register.contentType, text: await register.metrics() }
  const id = crypto.randomUUID()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('the primary did not answer within 10 seconds')), 10_000)
    const onMessage = (message: Answer) => {
      if (message?.type !== ANSWER || message.id !== id) return
      done(message.error === undefined ? undefined : new Error(message.error), message)
    }
    function done(error: Error | undefined, answer?: Answer) {
      clearTimeout(timer)
      process.off('message', onMessage)
      if (error || answer?.text === undefined) reject(error ?? new Error('empty answer'))
      else resolve({ contentType: answer.contentType ?? register.contentType, text: answer.text })
    }
    process.on('message', onMessage)
    process.send?.({ type: REQUEST, id })
  })
}
