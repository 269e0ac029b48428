/**
 * What the loaders of one HTTP request share, and how long their work took.
 *
 * Remix hands each loader of a page its own copy of the Request, so a memo keyed by the Request
 * object never hits; the production server (app/cli/http-edge.ts) instead runs each request inside
 * its own scope (AsyncLocalStorage), made afresh per request and dropped with it. The session and the
 * person's memberships are then read once per page, however many loaders ask (app/server/accounts/
 * permissions.server.ts), and nothing read for one request can answer another: a session ended
 * by a logout is refused on the very next request.
 *
 * Only GET and HEAD requests memoise: a form post runs its action and then the page's loaders in one
 * request, and the action may just have logged someone in or out, or changed their roles.
 *
 * The scope also collects timings (`timed`), sent as a `Server-Timing` header, which the browser's
 * developer tools show for each response. Outside a scope (`npm run dev`, scripts, tests that call
 * server modules directly) nothing is memoised or timed.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { performance } from 'node:perf_hooks'
import type { FormRefusal } from '~/domain/errors.ts'

export interface Timing {
  name: string
  duration: number
  description?: string
}

export interface RequestScope {
  /** Reads shared by this request's loaders; null when the request may change what they read (not GET/HEAD). */
  readonly memo: Map<string, Promise<unknown>> | null
  readonly timings: Timing[]
  /** The top-level translation groups (`courses`, `nav`) the page's render asked for (app/i18n/instances.server.ts). */
  readonly translationGroups: Set<string>
  /** Gives this request's place among the requests computed in turn to the next one (app/server/platform/request-gate.server.ts); set by the HTTP edge. */
  leaveTurn?: () => void
  /** A form post the HTTP edge refused (cross-site, too large) that Remix answers with that status instead of running the action. */
  refusal?: FormRefusal | undefined
}

/**
 * One store per process, though this module is bundled twice (into the Remix build, whose loaders
 * read it, and into build/cli/serve.js, whose HTTP edge opens a scope per request): both copies find
 * it under the same global symbol.
 */
const STORE = Symbol.for('observer-school.request-scope')
const storage = ((globalThis as { [STORE]?: AsyncLocalStorage<RequestScope> })[STORE] ??= new AsyncLocalStorage<RequestScope>())

export function newRequestScope(method: string): RequestScope {
  return { memo: method === 'GET' || method === 'HEAD' ? new Map() : null, timings: [], translationGroups: new Set() }
}

/** Runs `work` (one request's Remix handling) with `scope` as the current request's scope. */
export function inRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work)
}

/** The current request's scope, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore()
}

/** The value `read` gives, read once per request under `key` (and every time outside a memoising scope). */
export function memoised<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = storage.getStore()?.memo
  if (!memo) return read()
  let value = memo.get(key) as Promise<T> | undefined
  if (!value) {
    value = read()
    memo.set(key, value)
    // A failed read is not kept: a later loader of the same request tries again.
    value.catch(() => memo.delete(key))
  }
  return value
}

/**
 * The current request is about to wait on something outside this worker (another worker's write lock,
 * a password hash on the thread pool): its place among the requests computed in turn goes to the next
 * one, and it goes on without one. Nothing outside a request, or without a limit.
 */
export function leaveTurn(): void {
  storage.getStore()?.leaveTurn?.()
}

/** Notes the translation key (`courses.title`, or several) the current request's render asked for. */
export function noteTranslationKey(key: unknown): void {
  const groups = storage.getStore()?.translationGroups
  if (!groups) return
  for (const one of Array.isArray(key) ? (key as unknown[]) : [key]) {
    if (typeof one !== 'string') continue
    const bare = one.includes(':') ? one.slice(one.indexOf(':') + 1) : one
    groups.add(bare.split('.', 1)[0] ?? bare)
  }
}

/** The translation groups the current request's render has asked for so far; undefined outside a request's scope. */
export function usedTranslationGroups(): ReadonlySet<string> | undefined {
  return storage.getStore()?.translationGroups
}

/** Runs `work` and records its duration under `name` in the current request's Server-Timing. */
export async function timed<T>(name: string, work: () => Promise<T> | T, description?: string): Promise<T> {
  const scope = storage.getStore()
  if (!scope) return work()
  const start = performance.now()
  try {
    return await work()
  } finally {
    scope.timings.push({ name, duration: performance.now() - start, ...(description ? { description } : {}) })
  }
}

/** A metric name as the header allows it (an HTTP token): a route id such as `routes/courses.$course` becomes `routes-courses.$course`. */
function metricName(name: string): string {
  return name.replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, '-')
}

/** The `Server-Timing` header value of the timings recorded so far, e.g. `session;dur=1.2, root;dur=3.4`. */
export function serverTimingHeader(timings: readonly Timing[]): string {
  return timings
    .map(({ name, duration, description }) => `${metricName(name)};dur=${duration.toFixed(1)}${description ? `;desc="${description.replace(/["\\]/g, '')}"` : ''}`)
    .join(', ')
}

/**
 * Pages the HTTP edge writes to the socket from the text React rendered (pageResponse): the text is
 * kept on the Response that stands for it, under a global symbol (this module is bundled twice, as
 * the scopes are). Not in a WeakMap keyed by the Response: V8's young-generation collections keep
 * a WeakMap's values alive until a full collection, so every page's text (and every object a
 * per-request WeakMap held) was moved to the old generation, 2 MB each young collection on the
 * lesson page (tests/bench/HISTORY.md, session 20). A property dies with its object.
 */
const PAGE_TEXT = Symbol.for('observer-school.page-text')
type WithPageText = Response & { [PAGE_TEXT]?: readonly string[] }

/**
 * A rendered page (its text in pieces: app/http/page-pieces.server.ts) as a Response. Inside a
 * request's scope (the production edge, app/cli/http-edge.ts, the only place that opens one around
 * Remix) the Response has no body of its own and the edge writes the pieces itself (pageTextOf): a
 * string body would be made into a web stream, encoded into it and read back out of it, about 0.1 ms
 * and its garbage a page (issue 15). Outside a scope (`npm run dev`'s server) an ordinary body.
 */
export function pageResponse(pieces: readonly string[], init: ResponseInit): Response {
  if (!storage.getStore()) return new Response(pieces.join(''), init)
  const response: WithPageText = new Response(null, init)
  response[PAGE_TEXT] = pieces
  return response
}

/** The text (in pieces) a pageResponse stands for; undefined for any other Response (a copy of one included). */
export function pageTextOf(response: Response): readonly string[] | undefined {
  return (response as WithPageText)[PAGE_TEXT]
}
