/**
 * What the production server does before and around Remix (app/cli/serve.ts):
 *
 * - security headers through helmet: a Content-Security-Policy whose scripts need this response's
 *   nonce (no 'unsafe-inline', no 'unsafe-eval'), HSTS when APP_URL is https; the build's
 *   fingerprinted files only the headers a script, stylesheet or font is read by (assetHeaders);
 * - a request whose Host header makes no address, or whose path's %-codes do not decode, answered
 *   with a translated 400 page, TRACE and TRACK with a 405 (Express's router and Remix failed on
 *   them with a bare 500);
 * - the origin check of every request that can change something (app/domain/request-origin.ts),
 *   answered with a translated 403 page before anything reads the body;
 * - a size cap on request bodies per route, answered with a translated 413; a body under its cap is
 *   read whole before Remix runs, so no response ever leaves part of a body on a keep-alive
 *   connection (the bytes would be read as the next request); a form sent by a page's script gets
 *   either refusal as an error its route's page shows (`refuse`);
 * - `Cache-Control: private, no-store` on every Remix response to a logged-in visitor (unless the route chose `private`);
 * - each request run in its own scope (app/server/platform/request-scope.server.ts): its loaders
 *   share one read of the session and memberships, and a `Server-Timing` header reports the session
 *   read, each loader and action, and the render up to the first byte;
 * - a request that failed because the database was too busy (another worker's write lock held past
 *   SQLITE_LOCK_WAIT_MS, a PostgreSQL deadlock) answered 503 with Retry-After and a translated page.
 */
import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { performance } from 'node:perf_hooks'
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  data,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node'
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'
import helmet from 'helmet'
import { requestGate } from '../server/platform/request-gate.server.ts'
import { publicPageCacheFor, PublicPageCache, type CachedPage } from './public-page-cache.ts'
import type { FormRefusal } from '../domain/errors.ts'
import { percentDecodes } from '../domain/percent-encoding.ts'
import { checkRequestOrigin } from '../domain/request-origin.ts'
import { edgeLocale, edgePageHtml, edgePageStatus, type EdgePage } from '../http/edge-pages.server.ts'
import { utf8Of } from '../http/page-pieces.server.ts'
import { currentRequestScope, inRequestScope, newRequestScope, pageTextOf, serverTimingHeader, timed } from '../server/platform/request-scope.server.ts'
import { isDatabaseBusy, RETRY_AFTER_SECONDS } from '../server/platform/database-busy.server.ts'
import { logger } from '../server/platform/logger.server.ts'
import { drained } from '../server/platform/reader-backlog.server.ts'

const MB = 1024 * 1024

/** Body caps: forms 1 MB; the studio (lesson sources up to 200 000 characters, 6 bytes each once URL-encoded) 4 MB; the volunteer-list upload 8 MB (its own 5 MB limit answers first, with a message on the form). */
export const BODY_CAPS = { form: 1 * MB, studio: 4 * MB, import: 8 * MB } as const

export function bodyCapFor(pathname: string): number {
  if (/^\/ngo\/[^/]+\/campaigns\/[^/]+\/import(\.data|\/)?$/.test(pathname)) return BODY_CAPS.import
  if (pathname === '/studio' || pathname.startsWith('/studio/') || pathname === '/studio.data') return BODY_CAPS.studio
  return BODY_CAPS.form
}

/** The session cookie's name (app/server/accounts/session.server.ts). */
const SESSION_COOKIE = 'os_session'

const BODYLESS = new Set(['GET', 'HEAD'])

declare module 'express-serve-static-core' {
  interface Locals {
    cspNonce?: string
    body?: Buffer
  }
}

export interface EdgeOptions {
  /** APP_URL (required in production); absent in development, where the request's host is compared. */
  appUrl: string | undefined
}

/** Random bytes for nonces, drawn from the system's generator 256 nonces at a time; each 16 bytes used once. */
const noncePool = Buffer.alloc(16 * 256)
let nonceOffset = noncePool.length

/** A response's script nonce: 128 random bits, base64 (one system call per 256 responses instead of one each). */
export function newNonce(): string {
  if (nonceOffset === noncePool.length) {
    crypto.randomFillSync(noncePool)
    nonceOffset = 0
  }
  const nonce = noncePool.toString('base64', nonceOffset, nonceOffset + 16)
  nonceOffset += 16
  return nonce
}

/** Helmet with a per-response nonce for scripts. The nonce goes to Remix through the load context. */
export function securityHeaders({ appUrl }: EdgeOptions): RequestHandler {
  const https = appUrl?.startsWith('https://') ?? false
  const scriptNonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as ExpressResponse).locals.cspNonce}'`
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // No 'unsafe-inline' and no 'unsafe-eval': an injected script runs nowhere.
        scriptSrc: ["'self'", scriptNonce],
        // React's style={…} attributes (progress bars, charts) need inline styles; styles run no code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        // The service worker of /v (public/sw.js) that keeps the paper check working offline.
        workerSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  })
  return (req, res, next) => {
    res.locals.cspNonce = newNonce()
    headers(req, res, (error?: unknown) => {
      if (error) return next(error)
      res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
      next()
    })
  }
}

/**
 * The headers of the build's fingerprinted files (`/assets/…`: scripts, stylesheets, fonts,
 * translations): no MIME sniffing, no other site embedding them, the referrer policy a stylesheet's
 * own requests follow, HSTS when APP_URL is https. A document's headers (its Content-Security-Policy
 * with a nonce, framing, opener and permissions policies: about 550 bytes) mean nothing on a file a
 * page loads, and on a phone's link each of a first visit's seven files paid for them uncompressed
 * (HTTP/1.1): about 4 KB, 80 ms at 400 kbit/s (tests/bench/HISTORY.md, session 32). A service worker's
 * script takes its policy from its own response, so public/sw.js is not served through here.
 */
export function assetHeaders({ appUrl }: EdgeOptions): RequestHandler {
  const https = appUrl?.startsWith('https://') ?? false
  return helmet({
    contentSecurityPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    originAgentCluster: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  })
}

/**
 * The pages' security headers (securityHeaders), and for what a page's script fetches and reads as
 * data, never a document, the few a build's file gets (assetHeaders): route discovery's JSON
 * (`/__manifest`) and the loaders' and actions' answers of a client navigation or a form sent by
 * script (`<path>.data`, turbo-stream). A document's policies mean nothing on them: on a phone's first
 * visit route discovery paid about 600 bytes for them on the link the page's scripts were still
 * downloading over, and every navigation after it paid them again.
 */
export function responseHeaders(edge: EdgeOptions): RequestHandler {
  const forData = assetHeaders(edge)
  const forPages = securityHeaders(edge)
  return (req, res, next) => (req.path === '/__manifest' || req.path.endsWith('.data') ? forData : forPages)(req, res, next)
}

/** Methods the Fetch standard forbids a Request to have (CONNECT aside). */
const UNREQUESTABLE = new Set(['TRACE', 'TRACK'])

/**
 * A request nothing further on could read, answered here with a translated page: a path whose
 * %-codes do not decode (`/a%`, `/courses/%E0%A4%A`: a `%` not followed by two hex digits, or bytes
 * that are not UTF-8) gets a 400. Further on, Express's router fails on the path decoding its route
 * parameters, React Router cannot match it, and the Fetch Request cannot be made: a bare 500 for what
 * anyone can send. A query string is not checked: its parsers read a broken code as it stands. TRACE
 * and TRACK, which no Fetch Request may carry, are answered 405 (CONNECT never reaches Express: Node
 * closes it). A Host header that makes no address is remixHandler's to answer: only a page needs one.
 */
export function malformedRequest(edge: EdgeOptions): RequestHandler {
  // Mounted before the build's files (which have headers of their own), so the page's are set here.
  const pageHeaders = securityHeaders(edge)
  return (req, res, next) => {
    const page = UNREQUESTABLE.has(req.method) ? 'badMethod' : percentDecodes(req.path) ? null : 'badAddress'
    if (page === null) return next()
    if (page === 'badMethod') res.setHeader('Allow', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS')
    pageHeaders(req, res, (error?: unknown) => (error ? next(error) : answerEarly(req, res, page, !BODYLESS.has(req.method))))
  }
}

/**
 * A request Node could not parse, for the server's `clientError` event. Headers over Node's 16 KB
 * limit (a crafted address with a huge query string, say) got Node's bare 431 with no body: now the
 * translated page, in every language, since no header could be read to pick one. Any other parse
 * error gets what Node's own handler answers (400, 408 for a request that timed out, 413 for chunk
 * extensions over their limit), under the same condition: nothing of a response written yet.
 */
export function answerUnreadableRequest(error: Error & { code?: string }, socket: Duplex): void {
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
  if (socket.writable && !pending?.headersSent) {
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const body = edgePageHtml('tooLongHeaders', 'every')
      // Sent whole before the socket closes (a page is more than one write may take at once); the
      // rest of the unread request is dropped.
      socket.end(`HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`)
      socket.resume()
      setTimeout(() => socket.destroy(), 2000).unref()
      return
    }
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW' ? '413 Payload Too Large' : '400 Bad Request'
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
  }
  socket.destroy(error)
}

/**
 * The request's address as @remix-run/express builds it (`req.hostname` follows `trust proxy`, the
 * port comes from the headers), or null when its headers make none.
 */
function requestUrl(req: ExpressRequest): URL | null {
  const port = /:(\d+)$/.exec(req.get('x-forwarded-host') ?? '')?.[1] ?? /:(\d+)$/.exec(req.get('host') ?? '')?.[1]
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  } catch {
    return null
  }
}

/**
 * The origin check and the body cap, in that order, before Remix: a refused request is answered
 * without its body reaching the app; an accepted one has its body read whole into `res.locals.body`.
 */
export function requestGuard({ appUrl }: EdgeOptions): RequestHandler {
  return (req, res, next) => {
    if (BODYLESS.has(req.method)) return next()
    const cap = bodyCapFor(req.path)
    const declared = req.get('content-length') === undefined ? undefined : Number(req.get('content-length'))
    const verdict = checkRequestOrigin({ method: req.method, origin: req.get('origin') ?? null, secFetchSite: req.get('sec-fetch-site') ?? null, host: req.get('host') ?? null }, appUrl)
    if (!verdict.allowed) {
      // Read (and drop) a body of reasonable size first, so the connection can serve the next request.
      void readBody(req, declared, cap, false).then((read) => refuse(req, res, next, 'crossSite', !read.complete), next)
      return
    }
    void readBody(req, declared, cap, true).then((read) => {
      if (!read.complete) return refuse(req, res, next, 'tooLarge', true)
      res.locals.body = read.body
      next()
    }, next)
  }
}

/**
 * A refused request. A browser's own form post (a document request) gets the translated static
 * page. A form sent by the page's script (Remix's single fetch: a POST to `<page>.data`) reads the
 * answer as encoded data, and could not read that page: Remix's client showed a bare "500, something
 * went wrong" for a post refused as too large or cross-site. Such a request goes on to Remix with
 * no body and the refusal in its scope: the route's action is not run, the wrapper in timedBuild
 * throws the refusal's status in its place, and the page shows its error boundary's translated text.
 */
function refuse(req: ExpressRequest, res: ExpressResponse, next: NextFunction, refusal: FormRefusal, close: boolean) {
  if (!req.path.endsWith('.data')) return answerEarly(req, res, refusal, close)
  if (close) closeAfterAnswer(req, res)
  res.locals.body = Buffer.alloc(0)
  res.locals.refusal = refusal
  next()
}

type BodyRead = { complete: true; body: Buffer } | { complete: false }

/**
 * The whole body when it fits under `cap`, else `complete: false` as soon as that is known (a
 * declared Content-Length over the cap is refused without reading a byte).
 */
function readBody(req: IncomingMessage, declared: number | undefined, cap: number, keep: boolean): Promise<BodyRead> {
  if (declared !== undefined && (!Number.isFinite(declared) || declared > cap)) return Promise.resolve({ complete: false })
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > cap) {
        cleanup()
        resolve({ complete: false })
        return
      }
      if (keep) chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve({ complete: true, body: Buffer.concat(chunks, keep ? size : 0) })
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/**
 * A translated static page sent by the server itself. When part of the body is still unread the
 * connection cannot carry another request: say `Connection: close`, drop what still arrives, and
 * end the socket shortly after the answer went out.
 */
function answerEarly(req: ExpressRequest, res: ExpressResponse, page: EdgePage, close: boolean) {
  const locale = edgeLocale({ url: req.originalUrl, cookie: req.get('cookie'), acceptLanguage: req.get('accept-language') })
  if (close) closeAfterAnswer(req, res)
  res
    .status(edgePageStatus[page])
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Language': locale })
    .send(edgePageHtml(page, locale))
}

/**
 * The request's body is still partly unread, so its connection cannot carry another request: say
 * `Connection: close` and drop what still arrives. Node destroys such a socket as soon as the answer
 * is written (destroySoon), while the client may still be sending its body: a reset that can make
 * the client lose the answer (EPIPE). Here only the sending side is closed, and the socket is
 * destroyed 2 s later (a lingering close, as nginx makes).
 */
function closeAfterAnswer(req: ExpressRequest, res: ExpressResponse) {
  res.setHeader('Connection', 'close')
  req.resume()
  const socket = req.socket
  socket.destroySoon = () => {
    socket.end()
    setTimeout(() => socket.destroy(), 2000).unref()
  }
}

/**
 * Remix behind the guard: the request it sees carries the body read by `requestGuard` and no
 * `Origin` header (already checked here against APP_URL; Remix's own check compares it with the Host
 * header, which behind a proxy is not the public one, and answers an empty 500).
 */
export function remixHandler(build: ServerBuild, getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext, options: { inFlight?: number } = {}): RequestHandler {
  const handle = createRequestHandler(timedBuild(build), 'production')
  // Without a limit given (tests that mount the handler themselves), every request at once, as Node does.
  const gate = requestGate(options.inFlight ?? Number.POSITIVE_INFINITY)
  const publicPages = publicPageCacheFor(build)
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const start = performance.now()
      const routeId = res.locals.route as string | undefined
      const pageKey = publicPages.keyFor(req, routeId)
      const nonce = (res.locals.cspNonce as string | undefined) ?? ''
      const kept = pageKey ? publicPages.get(pageKey) : null
      if (kept) return sendKeptPage(res, kept, nonce, start)
      // A Host (or, behind a trusted proxy, X-Forwarded-Host) header that makes no address (`Host: a b`):
      // no Fetch Request can be made for it. A post's body was read by the guard: the connection stays.
      const url = requestUrl(req)
      if (!url) return answerEarly(req, res, 'badRequest', !BODYLESS.has(req.method) && res.locals.body === undefined)
      const scope = newRequestScope(req.method)
      scope.refusal = res.locals.refusal as FormRefusal | undefined
      // In turn (request-gate.server.ts); a request about to wait for another worker's write lock or a password
      // hash leaves its turn (leaveTurn), so the worker computes others meanwhile.
      const response = await gate.run((leave) => {
        scope.leaveTurn = leave
        return inRequestScope(scope, () => handle(remixRequest(req, res, url), getLoadContext(req, res)))
      })
      const timing = serverTimingHeader([...scope.timings, { name: 'total', duration: performance.now() - start }])
      // A rendered page comes as its text (pageResponse); anything else as a body to read.
      let pieces = pageTextOf(response)
      if (pageKey && routeId && response.status === 200 && (pieces || response.body)) {
        // A page that may be kept: read whole (React renders pages into memory anyway), kept if it qualifies, sent.
        const text = pieces ? pieces.join('') : await response.text()
        publicPages.put(pageKey, routeId, response, text, nonce)
        pieces = [text]
      }
      await sendResponse(res, response, { cacheControl: cachePolicy(req, response), timing, pieces })
    } catch (error) {
      next(error)
    }
  }
}

/** A kept public page (app/cli/public-page-cache.ts), with this response's nonce. */
function sendKeptPage(res: ExpressResponse, page: CachedPage, nonce: string, start: number) {
  res.status(page.status)
  for (const [name, value] of page.headers) res.append(name, value)
  res.append('Server-Timing', `cache;desc="public page", total;dur=${(performance.now() - start).toFixed(1)}`)
  res.end(PublicPageCache.bodyFor(page, nonce))
}

/**
 * A loader or action that failed because the database was too busy (database-busy.server.ts) answers
 * 503: the route's error page then says, in the reader's language, to try again in a few seconds, and
 * the edge adds Retry-After (sendResponse). Logged as a warning, with the route: operators see it
 * beside the 503s in the request log and the metrics.
 */
async function busyAs503<T>(routeId: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isDatabaseBusy(error)) throw error
    logger.warn({ route: routeId, err: error }, 'The database was too busy for this request; answered 503.')
    throw data(null, { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } })
  }
}

/**
 * A form sent by a page's script and refused by the guard (`refuse`): its status, thrown in place of
 * the action, so nothing runs and Remix answers the script with an error its route's boundary shows
 * (errorPageKind in app/domain/errors.ts reads `refusal`).
 */
function refusedAtEdge(): void {
  const refusal = currentRequestScope()?.refusal
  if (refusal) throw data({ refusal }, { status: edgePageStatus[refusal] })
}

/**
 * The build with every loader and action timed under its route id (`root`, `routes/login`) and the
 * document render (up to the first byte) as `render`. Remix has no loader middleware; the routes
 * stay as they are.
 */
export function timedBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue
    const { loader, action } = route.module
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: (args: Parameters<typeof loader>[0]) => timed(id, () => busyAs503(id, () => loader(args)) as ReturnType<typeof loader>) } : {}),
        ...(action ? { action: (args: Parameters<typeof action>[0]) => timed(id, () => busyAs503(id, () => (refusedAtEdge(), action(args))) as ReturnType<typeof action>, 'action') } : {}),
      },
    }
  }
  const render = build.entry.module.default
  const entryModule = { ...build.entry.module, default: (...args: Parameters<typeof render>) => timed('render', () => render(...args)) }
  return { ...build, routes, entry: { ...build.entry, module: entryModule } }
}

function remixRequest(req: ExpressRequest, res: ExpressResponse, url: URL): Request {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === 'origin') continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item)
  }
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal }
  if (!BODYLESS.has(req.method)) {
    const body = res.locals.body
    if (body) init.body = body as Uint8Array<ArrayBuffer>
    else {
      // Only when a request skipped the guard (it should not): stream it as Remix's adapter does.
      init.body = createReadableStreamFromReadable(req)
      init.duplex = 'half'
    }
  }
  return new Request(url.href, init)
}

/**
 * Route discovery's answers (`/__manifest?p=…&version=…`: which route modules serve those paths) are
 * the same for everyone and never change for one build's version, which is in the address. Kept by
 * the browser, the page's early discovery request (app/components/route-discovery.tsx) is the one
 * Remix's own discovery then reads, instead of a second round trip after the page has loaded.
 */
export const MANIFEST_CACHE = 'private, max-age=31536000, immutable'

/**
 * Anything Remix answers a logged-in visitor may show their (or a recruit's) personal data: stored
 * nowhere, unless the route itself chose `private` caching for something that holds none. The
 * Cache-Control the response gets instead of its own, or null to keep its own.
 */
function cachePolicy(req: ExpressRequest, response: Response): string | null {
  if (req.path === '/__manifest' && response.status === 200 && req.query.version) return MANIFEST_CACHE
  const loggedIn = new RegExp(`(^|;\\s*)${SESSION_COOKIE}=`).test(req.get('cookie') ?? '') || response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))
  const policy = response.headers.get('Cache-Control') ?? ''
  // Already kept out of shared caches on purpose (a lesson body: private, immutable, no personal data).
  if (!loggedIn || /no-store|private/.test(policy)) return null
  return 'private, no-store'
}

interface Sending {
  /** Instead of the response's own Cache-Control (cachePolicy). */
  cacheControl: string | null
  /** The Server-Timing header's value. */
  timing: string
  /** A rendered page's text (pageResponse), written instead of the response's body. */
  pieces: readonly string[] | undefined
}

async function sendResponse(res: ExpressResponse, response: Response, { cacheControl, timing, pieces }: Sending) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) {
    if (key === 'set-cookie' || (cacheControl && key === 'cache-control')) continue
    res.append(key, value)
  }
  if (cacheControl) res.set('Cache-Control', cacheControl)
  if (timing) res.append('Server-Timing', timing)
  // A busy database (busyAs503): a document or data request says when to try again, like the resource routes' own 503s.
  if (response.status === 503 && !response.headers.has('Retry-After')) res.set('Retry-After', String(RETRY_AFTER_SECONDS))
  for (const line of response.headers.getSetCookie()) res.append('Set-Cookie', line)
  // A rendered page goes to the socket in one send, with its Content-Length (which compression drops when it compresses).
  if (pieces) {
    const bytes = utf8Of(pieces)
    res.setHeader('Content-Length', bytes.length)
    return void res.end(bytes)
  }
  // Anything else (a download, a data request) is made as it is read, so it waits for the connection before making more.
  if (response.body) await writeBody(response.body, res)
  else res.end()
}

/** What writeBody needs of a response: Node's writable side, and compression's `flush` when it is there. */
export interface BodyTarget {
  write(chunk: Uint8Array): boolean
  end(): void
  destroy(error?: Error): void
  once(event: 'drain' | 'close', listener: () => void): unknown
  removeListener(event: 'drain' | 'close', listener: () => void): unknown
  readonly destroyed: boolean
  flush?: () => void
  cork?: () => void
  uncork?: () => void
}

/**
 * Writes a response body as Remix's writeReadableStreamToWritable does, with these differences (issue 15):
 *
 * - **Backpressure** (`backpressure`, for downloads). Remix's reads the body as fast as it is produced and
 *   ignores `write`'s answer, so a 100,000-row roster (20 MB) sat whole in the worker's memory while a
 *   slow link drained it. Here the next part is asked for only once the connection has taken the last
 *   one (`drain`), so an export holds a few batches at a time. `backpressure: false` writes without
 *   waiting: rendered pages went this way (waiting for each drain only added event-loop turns, `/login`
 *   15–25% fewer requests a second at 50 connections); they are now written by sendResponse, and no
 *   caller in the app passes it.
 * - **A client that goes away** cancels the body (an export stops reading its batches).
 * - **Flushing.** Remix's flushes the compressor after every chunk: a body of many pieces was compressed
 *   as that many separately flushed ones. Here the compressor is flushed only when nothing more is
 *   ready to be written (what is ready at once is compressed as one piece; an export still being
 *   produced goes out as far as it is ready). Rendered pages do not come this way at all any
 *   more: sendResponse writes their text (pageResponse) in one send; React's streaming renderer
 *   handed them over in 2 KB pieces.
 * - **One write to the socket for what is ready.** Each piece was its own `write` and system call
 *   (`writev` was 5% of the exam attempt page's CPU when pages came in 2 KB pieces). The response is
 *   corked while pieces are ready at once and uncorked when nothing more is, so what is ready goes to
 *   the socket in one call.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: BodyTarget, { backpressure = true }: { backpressure?: boolean } = {}): Promise<void> {
  const reader = body.getReader()
  let gone = false
  const onClose = () => {
    gone = true
  }
  res.once('close', onClose)
  let corked = false
  const uncork = () => {
    if (corked) res.uncork?.()
    corked = false
  }
  try {
    let next = reader.read()
    for (;;) {
      const { done, value } = await next
      if (done) break
      if (gone || res.destroyed) {
        // Nobody is reading any more: stop the body's producer. A body that fails as it stops changes nothing for a client already gone.
        await reader.cancel().catch(() => undefined)
        return
      }
      if (!corked && res.cork) {
        res.cork()
        corked = true
      }
      const accepted = res.write(value)
      next = reader.read()
      if (!(await settlesAtOnce(next))) {
        res.flush?.()
        uncork()
      }
      if (backpressure && !accepted && !gone) {
        uncork()
        await drained(res)
      }
    }
    uncork()
    res.end()
  } catch (error) {
    uncork()
    res.destroy(error instanceof Error ? error : new Error(String(error)))
    throw error
  } finally {
    uncork()
    res.removeListener('close', onClose)
  }
}

/** Whether a read is answered from what the stream already holds (it settles within a few microtask turns). */
async function settlesAtOnce(read: Promise<unknown>): Promise<boolean> {
  let settled = false
  read.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let turn = 0; turn < 3 && !settled; turn++) await null
  return settled
}
