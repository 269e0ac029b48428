/**
 * What the production server (app/cli/serve.ts) tells its operator:
 *
 * - one JSON log line per request: a request id (also sent back as `X-Request-Id`; a proxy's own id
 *   is kept when it is a short safe token), the Remix route id (or, for a static file, its path with
 *   anything id-like replaced), method, status and duration. Never the query string, a header, a
 *   cookie or a body: those carry reset tokens, sessions and personal data;
 * - the same duration in the `observer_http_request_duration_seconds` histogram;
 * - GET /metrics in Prometheus's text format, only with `Authorization: Bearer <METRICS_TOKEN>`;
 * - errors that escape Remix, logged (message and stack) instead of Express printing them.
 */
import crypto from 'node:crypto'
import type { ServerBuild } from '@remix-run/node'
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { logger } from '../server/platform/logger.server.ts'
import { metrics, scrapeMetrics } from '../server/platform/metrics.server.ts'
import type { MatchRoutes } from '../server/platform/route-matching.server.ts'

declare module 'express-serve-static-core' {
  interface Locals {
    requestId?: string
    /** The Remix route that answers (set by `requestRoute`); absent for static files and /metrics. */
    route?: string
  }
}

/** An incoming X-Request-Id is kept only if it cannot be personal data: 8–64 letters, digits, `.`, `_`, `-`, at least one letter (so never an IIN or a phone number). */
const SAFE_REQUEST_ID = /^(?=[\w.-]*[A-Za-z])[\w.-]{8,64}$/

export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** A path that no Remix route answers, as it may be logged: fingerprinted assets as one, and any segment that could be an id or a value replaced. */
export function pathTemplate(pathname: string): string {
  if (pathname.startsWith('/assets/')) return '/assets/*'
  return pathname
    .split('/')
    .map((segment) => (segment === '' || /^[A-Za-z_.-]{1,32}$/.test(segment) ? segment : ':id'))
    .join('/')
}

/** Logs each request once it is answered (or abandoned) and records its duration. Mount it first. */
export function requestLog(): RequestHandler {
  // Created now, not at the first request: a cluster worker must answer the primary's first scrape.
  const { requestDuration } = metrics()
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const id = requestIdFrom(req.get('x-request-id'))
    // Remix sees the same id (its errors are logged with it: app/entry.server.tsx).
    req.headers['x-request-id'] = id
    res.locals.requestId = id
    res.setHeader('X-Request-Id', id)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const route = res.locals.route ?? pathTemplate(req.path)
      const method = METHODS.has(req.method) ? req.method : 'OTHER'
      const status = res.statusCode
      requestDuration.observe({ route, method, status: String(status) }, seconds)
      const line = { requestId: id, method, route, status, durationMs: Math.round(seconds * 10_000) / 10, ...(res.writableFinished ? {} : { aborted: true }) }
      if (status >= 500) logger.error(line, 'request')
      else logger.info(line, 'request')
    }
    res.on('finish', finish)
    res.on('close', finish)
    next()
  }
}

type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children: RouteNode[] }

/** The build's routes as the tree Remix matches against (as @remix-run/server-runtime's createRoutes does). */
function routeTree(manifest: ServerBuild['routes'], parentId: string | undefined = undefined): RouteNode[] {
  return Object.values(manifest)
    .filter((route) => route !== undefined && route.parentId === parentId)
    .map((route) => ({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: routeTree(manifest, route.id) }))
}

/** The id of the Remix route that answers `pathname` (single-fetch `.data` requests included), as Remix matches it. */
export function remixRouteId(matchRoutes: MatchRoutes, routes: RouteNode[], pathname: string): string | undefined {
  if (pathname === '/__manifest') return '/__manifest'
  const path = pathname.endsWith('.data') ? pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/') : pathname
  return matchRoutes(routes, path)?.at(-1)?.route.id
}

/**
 * Names the Remix route of a request for its log line and metrics. Mount it after the static files.
 * `matchRoutes` is passed in (app/cli/serve.ts gives React Router's as exported at the call, so the
 * server build's cache answers it: route-matching.server.ts).
 */
export function requestRoute(build: ServerBuild, matchRoutes: MatchRoutes): RequestHandler {
  const routes = routeTree(build.routes)
  // Each path's route id, kept (bounded: paths carry ids): the shared match cache would answer a path seen
  // before too, but makes its matches afresh each time, and only the id is needed here.
  const known = new Map<string, string>()
  return (req, res, next) => {
    let route = known.get(req.path)
    if (route === undefined) {
      route = remixRouteId(matchRoutes, routes, req.path) ?? '(unmatched)'
      if (known.size >= 5000) known.clear()
      known.set(req.path, route)
    }
    res.locals.route = route
    next()
  }
}

/** Whether an Authorization header carries the token, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1]
  const digest = (value: string) => crypto.createHash('sha256').update(value).digest()
  return crypto.timingSafeEqual(digest(given ?? ''), digest(token)) && given !== undefined
}

/** GET /metrics: 401 without the token; mount it only when METRICS_TOKEN is set, so that otherwise /metrics is an ordinary 404. */
export function metricsEndpoint(token: string): RequestHandler {
  return (req, res, next) => {
    res.set('Cache-Control', 'no-store')
    if (!bearerMatches(req.get('authorization'), token)) {
      res.status(401).set({ 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain; charset=utf-8' }).send('Unauthorized\n')
      return
    }
    scrapeMetrics().then(({ contentType, text }) => void res.set('Content-Type', contentType).send(text), next)
  }
}

/** The last handler: an error that escaped Remix or the edge is logged with the request's id, and answered 500. */
export const errorLog: ErrorRequestHandler = (error, req, res, _next) => {
  logger.error({ requestId: res.locals.requestId, err: error }, 'request failed')
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  res.status(500).set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).send('Internal Server Error\n')
}
