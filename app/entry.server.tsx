import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
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
import { usedTranslationGroups } from './server/platform/request-scope.server.ts'
import { installRouteMatchCache } from './server/platform/route-matching.server.ts'
import { installServerRoutesCache } from './server/platform/server-routes.server.ts'
import { startBackgroundJobs } from './server/jobs/worker.server.ts'

// The production server (app/cli/serve.ts) starts the jobs from the build; `npm run dev` has no such
// server, so the dev build starts them here and queued emails reach the dev outbox.
export { startBackgroundJobs }
if (env().NODE_ENV === 'development') startBackgroundJobs()

// Remix matches routes about seven times a page, each time from scratch: answered from a cache instead.
installRouteMatchCache()
installServerRoutesCache()

const ABORT_DELAY = 5_000

/**
 * An error in a loader, an action or rendering, logged with the request's id (app/cli/http-observability.ts)
 * as message and stack only. Not logged: a request the visitor abandoned, and answers such as 404
 * that a route chose.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : error
  if (cause === undefined || (isRouteErrorResponse(error) && error.status < 500)) return
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
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const timer = setTimeout(() => abort(), ABORT_DELAY)
    const respond = () => {
      shellRendered = true
      const body = new PassThrough()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
      pipe(body)
      // React 18 aborts its render when the stream it writes to closes, even a render long complete:
      // a new Error and a write after end (a second error) for every page. Once the whole page has been
      // read out ('end'), nothing is left to abort, so React's close handler goes; a client that leaves
      // early still closes the stream before its end and stops the render.
      body.once('end', () => body.removeAllListeners('close'))
    }
    const { pipe, abort } = renderToPipeableStream(
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
      {
        nonce,
        onShellReady() {
          if (!waitForAll) respond()
        },
        onAllReady() {
          // Everything is rendered: nothing is left to abort. The timer would otherwise keep this
          // render (its tree and its output) alive for ABORT_DELAY after the page was sent, and then
          // end a stream already ended: at hundreds of pages a second, megabytes held and collected.
          clearTimeout(timer)
          if (waitForAll) respond()
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logger.error({ requestId: request.headers.get('x-request-id') ?? undefined, err: error }, 'Rendering failed')
        },
      },
    )
  })
}
