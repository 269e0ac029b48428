import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { AppCssContext } from './components/app-styles.tsx'
import { LessonHtmlContext } from './components/lesson/lesson-body.tsx'
import { NonceProvider } from './components/nonce.tsx'
import { getLocale } from './i18n/i18next.server.ts'
import { PageTranslationsContext } from './components/page-translations.tsx'
import { i18nFor, pageTranslationsJson } from './i18n/instances.server.ts'
import { cachedLessonHtml } from './server/courses/lesson-body.server.tsx'
import { appCssText } from './http/app-styles.server.ts'
import { env } from './server/platform/env.server.ts'
import { logger } from './server/platform/logger.server.ts'
import { pageResponse, usedTranslationGroups } from './server/platform/request-scope.server.ts'
import { documentPieces } from './http/page-pieces.server.ts'
import { installRouteMatchCache } from './server/platform/route-matching.server.ts'
import { installServerRoutesCache } from './server/platform/server-routes.server.ts'
import { nextTurn } from './server/jobs/queue.server.ts'
import { startBackgroundJobs } from './server/jobs/worker.server.ts'

// The production server (app/cli/serve.ts) starts the jobs from the build; `npm run dev` has no such
// server, so the dev build starts them here and queued emails reach the dev outbox.
export { startBackgroundJobs }
if (env().NODE_ENV === 'development') startBackgroundJobs()

// Remix matches routes about seven times a page, each time from scratch: answered from a cache instead.
installRouteMatchCache()
installServerRoutesCache()

const ABORT_DELAY = 5_000

/** React's renderToString with this project's patch: `segments` receives the output but its last piece (app/http/page-pieces.server.ts). */
const renderInPieces = renderToString as unknown as (element: ReactElement, options: { segments: string[] }) => string

/**
 * Remix's notice, handed to handleError, for a `?_data=` request (the data API single fetch replaced):
 * not a failure, and anyone can add the parameter to any address, one error line a request.
 */
const DATA_PARAMETER_NOTICE = 'Single fetch-enabled apps should not be making ?_data requests'

/**
 * An error in a loader, an action or rendering, logged with the request's id (app/cli/http-observability.ts)
 * as message and stack only. Not logged: a request the visitor abandoned, answers such as 404
 * that a route chose, and Remix's notice about a `?_data=` parameter.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : error
  if (cause === undefined || (isRouteErrorResponse(error) && error.status < 500)) return
  if (cause instanceof Error && cause.message.includes(DATA_PARAMETER_NOTICE)) return
  logger.error({ requestId: request.headers.get('x-request-id') ?? undefined, err: cause }, 'Request failed')
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const locale = await getLocale(request)
  const instance = await i18nFor(locale)
  // The translations the page asked for while rendering (none known outside a request's scope: `npm run dev`, where the browser fetches the whole language).
  const pageTranslations = () => {
    const used = usedTranslationGroups()
    return used ? pageTranslationsJson(locale, used) : ''
  }
  // The page's data for the browser, whole, before rendering (readHandoff): nothing in the page then
  // waits, and React renders it in one pass.
  await readHandoff(remixContext)
  // A turn of the event loop first, as React's streaming renderer takes one (it starts its work with
  // setImmediate): sockets that became readable meanwhile are read and their requests queue in turn
  // (request-gate.server.ts). Without it a page went from its first loader to its last byte in one
  // run of microtasks, nothing else was read, and at 50 connections some requests waited seconds.
  await nextTurn()
  // In pieces (app/http/page-pieces.server.ts): the patched renderToString pushes all but the last one.
  const pieces: string[] = []
  const last = renderInPieces(
    <NonceProvider value={nonce ?? ''}>
      <I18nextProvider i18n={instance}>
        {/* Lesson bodies print their HTML from the server's cache, not from the loader data. */}
        <LessonHtmlContext.Provider value={cachedLessonHtml}>
          {/* The core stylesheet's text, for a browser's first page (app/http/app-styles.server.ts). */}
          <AppCssContext.Provider value={appCssText()}>
            <PageTranslationsContext.Provider value={pageTranslations}>
              <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
            </PageTranslationsContext.Provider>
          </AppCssContext.Provider>
        </LessonHtmlContext.Provider>
      </I18nextProvider>
    </NonceProvider>,
    { segments: pieces },
  )
  pieces.push(last)
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  // The HTTP edge writes the pieces to the socket itself (pageResponse).
  return pageResponse(documentPieces(pieces), { headers: responseHeaders, status: responseStatusCode })
}

/** Where the patched server runtime leaves a page's data already encoded (patches/@remix-run+server-runtime). */
const TURBO_STREAM_TEXT = Symbol.for('remix.turboStreamText')

/**
 * Reads the page's data for the browser (single fetch's turbo-stream, `serverHandoffStream`) to its
 * end and hands every chunk to Remix's `<Scripts>` through `renderMeta.streamCache` (EntryContext's own
 * field for it), so its StreamTransfer prints them without suspending on each one.
 */
async function readHandoff(context: EntryContext): Promise<void> {
  const stream = context.serverHandoffStream
  const meta = context.renderMeta
  if (!stream || !meta) return
  // Data without promises comes as its text (the turbo-stream and server-runtime patches): the
  // stream's one chunk, then its end, as reading it would give them.
  const text = (stream as { [TURBO_STREAM_TEXT]?: unknown })[TURBO_STREAM_TEXT]
  if (typeof text === 'string') {
    meta.streamCache = {
      0: Object.assign(Promise.resolve(), { result: { done: false, value: text } }),
      1: Object.assign(Promise.resolve(), { result: { done: true, value: '' } }),
    }
    return
  }
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  const cache: NonNullable<typeof meta.streamCache> = {}
  for (let chunk = 0; ; chunk++) {
    const { done, value } = await reader.read()
    cache[chunk] = Object.assign(Promise.resolve(), { result: { done, value: decoder.decode(value, { stream: !done }) } })
    if (done) break
  }
  reader.releaseLock()
  meta.streamCache = cache
}
