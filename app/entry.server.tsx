import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { createInstance, type i18n } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { NonceProvider } from './components/nonce.tsx'
import { i18nConfig, resources } from './i18n/config.ts'
import type { Locale } from './domain/locale.ts'
import { getLocale } from './i18n/i18next.server.ts'
import { env } from './server/env.server.ts'
import { startBackgroundJobs } from './server/notification-worker.server.ts'

// The production server (app/cli/serve.ts) starts the jobs from the build; `npm run dev` has no such
// server, so the dev build starts them here and queued emails reach the dev outbox.
export { startBackgroundJobs }
if (env().NODE_ENV === 'development') startBackgroundJobs()

const ABORT_DELAY = 5_000

// One i18next instance per language, made once: rendering never changes an instance's language.
const instances = new Map<Locale, Promise<i18n>>()
function i18nFor(lng: Locale): Promise<i18n> {
  let instance = instances.get(lng)
  if (!instance) {
    const created = createInstance()
    instance = created.use(initReactI18next).init({ ...i18nConfig, resources, lng }).then(() => created)
    instances.set(lng, instance)
  }
  return instance
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const instance = await i18nFor(await getLocale(request))
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ''}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
