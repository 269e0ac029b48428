/**
 * Production HTTP server: Express in front of the Remix build, with compression, long-lived
 * caching of fingerprinted assets, security headers, the origin check and body caps of
 * app/cli/http-edge.ts. `PORT=0` picks a free port (tests). WEB_CONCURRENCY worker processes share
 * the port (default: one per CPU core); everything shared lives in the database, so workers need no
 * coordination (but for /metrics, which the primary sums over them: app/server/platform/metrics.server.ts).
 * Requests, start-up, shutdown and errors are logged as JSON lines (app/cli/http-observability.ts). It refuses to start on an invalid environment (app/server/platform/env.server.ts), naming
 * every problem.
 */
import cluster from 'node:cluster'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import type { ServerBuild } from '@remix-run/node'
import zlib from 'node:zlib'
import compression from 'compression'
import expressStaticGzip from 'express-static-gzip'
import express from 'express'
import { providerOf } from '../../prisma/scripts/database-url.ts'
import { readEnv, type Env } from '../server/platform/env.server.ts'
import type { BackgroundJobs } from '../server/jobs/worker.server.ts'
import { logger } from '../server/platform/logger.server.ts'
import { aggregateWorkerMetrics } from '../server/platform/metrics.server.ts'
import { matchRoutesNow } from '../server/platform/route-matching.server.ts'
import { answerUnreadableRequest, assetHeaders, malformedRequest, remixHandler, requestGuard, responseHeaders } from './http-edge.ts'
import { errorLog, metricsEndpoint, requestLog, requestRoute } from './http-observability.ts'
import { mallocEnv } from './malloc-env.ts'
import { v8PoolArgs } from './v8-pool.ts'

// Before React is first imported (the Remix build and @remix-run/react below, imported once this has
// run): React and React DOM choose their production or development build then. No module imported
// above may import React (tests/integration/production-start.test.ts starts the server without NODE_ENV).
process.env.NODE_ENV ??= 'production'

// Prisma's query compiler is a WebAssembly module of several megabytes. V8's optimising tier
// (TurboFan) recompiling it in background threads raised a worker's peak RSS by about 45–70 MB, most
// of it kept by the allocator afterwards; its baseline code (Liftoff) is all it needs, since the
// compiler is well under 1% of a request's CPU (README, Speed). Set before the build, and so the
// module, is loaded.
v8.setFlagsFromString('--liftoff-only')
const checked = readEnv(process.env)
if (!checked.ok) {
  // Plain text, not a log line: it is read by the person starting the server (LOG_LEVEL may be what is wrong).
  console.error(`Observer School cannot start: the environment has ${checked.problems.length === 1 ? 'a problem' : `${checked.problems.length} problems`}.`)
  for (const problem of checked.problems) console.error(`  - ${problem}`)
  console.error('See "Configuration" in README.md.')
  process.exit(1)
}
const config: Env = checked.env
const workers = config.WEB_CONCURRENCY ?? Math.max(1, os.availableParallelism())
const requestedPort = config.PORT

if (cluster.isPrimary && workers > 1) {
  // With PORT=0 the primary picks the port, so every worker listens on the same one.
  const port = requestedPort === 0 ? await freePort() : requestedPort
  // GET /metrics, taken by any worker, is answered with the sum over all of them, collected here.
  if (config.METRICS_TOKEN) aggregateWorkerMetrics()
  // One V8 background thread per core between the workers (app/cli/v8-pool.ts).
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...v8PoolArgs(process.execArgv, process.env.NODE_OPTIONS, os.availableParallelism(), workers)] })
  for (let i = 0; i < workers; i++) cluster.fork({ ...mallocEnv(process.env), PORT: String(port), OBSERVER_WORKER: '1' })
  // Announced once every worker listens, so the first requests (and scrapes) meet all of them.
  let announced = false
  let listening = 0
  cluster.on('listening', () => {
    listening += 1
    if (announced || listening < workers) return
    announced = true
    logger.info({ port, workers }, `Observer School is running at http://localhost:${port} (${workers} workers)`)
  })
  let stopping = false
  const stoppingWorkers = new Set<number>()
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping && signal !== 'SIGTERM' && code !== 0) {
      logger.error({ workerPid: worker.process.pid, code, signal }, 'A worker exited; starting another.')
      cluster.fork({ ...mallocEnv(process.env), PORT: String(port), OBSERVER_WORKER: '1' })
    }
    // Stopping: the primary leaves only once every worker has finished its requests and jobs.
    if (stopping) {
      stoppingWorkers.delete(worker.id)
      if (stoppingWorkers.size === 0) process.exit(0)
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'Stopping: waiting for the workers to finish their requests and jobs.')
      const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)
      if (running.length === 0) process.exit(0)
      for (const worker of running) {
        stoppingWorkers.add(worker.id)
        worker.kill('SIGTERM')
      }
      // A worker that does not finish in time is ended, so a restart never hangs.
      setTimeout(() => {
        logger.error('Workers did not stop within 30 seconds; ending them.')
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL')
        process.exit(1)
      }, 30_000).unref()
    })
  }
} else {
  await serve()
}

/**
 * The build's other public files (favicon, robots.txt, fonts) for an hour. Only a path whose first
 * segment is one of them reaches the file system: a page's request costs no failed `stat`.
 */
function publicFiles(dir: string): express.RequestHandler {
  const names = new Set(fs.readdirSync(dir))
  const files = express.static(dir, { maxAge: '1h' })
  return (req, res, next) => {
    const first = req.path.split('/')[1] ?? ''
    if (names.has(first)) files(req, res, next)
    else next()
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net')
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function serve() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
  const build = (await import(pathToFileURL(path.join(root, 'build/server/index.js')).href)) as ServerBuild

  const app = express()
  app.use(requestLog())
  app.disable('x-powered-by')
  // Behind a reverse proxy (nginx, a load balancer) set TRUST_PROXY so login throttling sees client addresses.
  app.set('trust proxy', config.TRUST_PROXY)
  // Pages are compressed as they stream: Brotli at quality 5 rather than the middleware's 4, about a
  // tenth fewer bytes for a lesson page (11.1 → 10.1 KB) for 0.04 ms more of CPU, which a phone on a
  // slow link gets back twenty times over.
  app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } } }))
  const edge = { appUrl: config.APP_URL }
  // A path that does not decode or a TRACE: a translated 400 or 405 page before anything reads it.
  app.use(malformedRequest(edge))
  // Fingerprinted assets, with the Brotli or gzip file made at build time (app/cli/precompress-assets.ts)
  // when the browser takes it; `compression` leaves an already encoded response alone. Before the
  // pages' security headers: a file gets the few that apply to it (assetHeaders). Immutable, so no
  // ETag or Last-Modified either (nothing revalidates a file cached for a year under its hash). A
  // missing file falls through to the pages' 404.
  app.use('/assets', assetHeaders(edge), expressStaticGzip(path.join(root, 'build/client/assets'), { enableBrotli: true, orderPreference: ['br', 'gz'], index: false, serveStatic: { immutable: true, maxAge: '1y', etag: false, lastModified: false } }))
  // A page's security headers; route discovery's JSON answers get a file's few (responseHeaders).
  app.use(responseHeaders(edge))
  if (config.METRICS_TOKEN) app.get('/metrics', metricsEndpoint(config.METRICS_TOKEN))
  app.use(publicFiles(path.join(root, 'build/client')))
  // React Router's matchRoutes as exported when called: the cache the server build installs
  // (route-matching.server.ts), which a page's new address then reaches once, not three times.
  app.use(requestRoute(build, matchRoutesNow))
  app.use(requestGuard(edge))
  // Requests in turn (app/server/platform/request-gate.server.ts): on SQLite two at a time by default (SQLite answers
  // synchronously, so more at once only interleave); PostgreSQL's answers come over the network, and
  // no limit is set unless REQUESTS_IN_FLIGHT says so (not measured there).
  const inFlight = config.REQUESTS_IN_FLIGHT ?? (providerOf(config.DATABASE_URL) === 'sqlite' ? 2 : undefined)
  app.all('*', remixHandler(build, (req, res) => ({ clientIp: req.ip ?? 'unknown', cspNonce: res.locals.cspNonce }), { inFlight }))
  app.use(errorLog)

  const server = app.listen(requestedPort, config.HOST, () => {
    const address = server.address()
    const actualPort = typeof address === 'object' && address ? address.port : requestedPort
    // Load the database connection and the compiled courses now, not on the first visitor's request.
    fetch(`http://127.0.0.1:${actualPort}/healthz`)
      .then((response) => {
        if (!response.ok) logger.warn({ status: response.status }, 'The warm-up request to /healthz failed; see the error above.')
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'The warm-up request to /healthz failed.'))
    if (!config.OBSERVER_WORKER) logger.info({ port: actualPort }, `Observer School is running at http://localhost:${actualPort}`)
  })
  // A request Node cannot parse (headers over 16 KB: a translated 431 page instead of an empty one).
  server.on('clientError', answerUnreadableRequest)

  // Each process also runs queued jobs, emails and imports (app/server/jobs/worker.server.ts, exported
  // by app/entry.server.tsx so it shares the build's modules and database client). On SIGTERM it stops
  // claiming jobs and waits for the ones it runs before the server closes.
  const { startBackgroundJobs } = build.entry.module as { startBackgroundJobs?: () => BackgroundJobs }
  const jobs = startBackgroundJobs?.()

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'Stopping: finishing requests and background jobs.')
      void (jobs?.stop() ?? Promise.resolve()).finally(() =>
        server.close(() => {
          logger.info('Stopped.')
          process.exit(0)
        }),
      )
    })
  }
}
