/**
 * Prometheus metrics (prom-client), served at /metrics when METRICS_TOKEN is set
 * (app/cli/http-observability.ts). Each process counts its own: request durations by route, emails
 * sent and failed, failed background jobs, and Node's defaults (event-loop lag, memory, CPU). Under
 * the cluster of `npm start` a worker that is asked for /metrics asks the primary, which collects
 * every worker's counts with prom-client's AggregatorRegistry.clusterMetrics() and answers with their
 * sum, so one scrape sees the whole server whichever worker takes it.
 *
 * The metrics live in prom-client's global registry, created once per process even though two copies
 * of this module run in it (the server's and the Remix build's).
 */
import cluster from 'node:cluster'
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
  // A cluster worker answers the primary's requests for its metrics once an AggregatorRegistry exists in it.
  if (cluster.isWorker) new AggregatorRegistry()
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
type Answer = { type: typeof ANSWER; id: string; text?: string; contentType?: string; error?: string }

/** In the cluster's primary: answers workers' requests with every worker's metrics, aggregated. */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry()
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'string') return
    const id = message.id
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id, ...answer } satisfies Answer)
    }
    aggregator.clusterMetrics().then(
      (text) => reply({ text, contentType: aggregator.contentType }),
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
