/**
 * The patch of @remix-run/server-runtime (app/server/platform/patches/, applied by `npm ci`'s
 * postinstall): a loader or action gets the request as it came when there is no `index` or `_routes`
 * parameter to strip, instead of two fresh copies of it; with one, the parameter is stripped as before.
 * A page's route modules are one object per build's manifest, not a new one per page.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)

interface Args {
  request: Request
  context: unknown
  params: Record<string, string>
}
interface Data {
  callRouteLoader: (options: { loader: (args: Args) => unknown; request: Request; params: object; loadContext: object; routeId: string; singleFetch: boolean }) => Promise<unknown>
  callRouteAction: (options: { action: (args: Args) => unknown; request: Request; params: object; loadContext: object; routeId: string; singleFetch: boolean }) => Promise<unknown>
}
const data = require('@remix-run/server-runtime/dist/data.js') as Data

async function seenByLoader(request: Request): Promise<Request> {
  let seen: Request | undefined
  await data.callRouteLoader({ loader: ({ request: given }) => ((seen = given), null), request, params: {}, loadContext: {}, routeId: 'root', singleFetch: true })
  if (!seen) throw new Error('the loader did not run')
  return seen
}

describe('the patched @remix-run/server-runtime', () => {
  it('is what npm installed (the postinstall applied the patch to both builds of the module)', () => {
    for (const file of ['dist/data.js', 'dist/esm/data.js']) {
      expect(fs.readFileSync(require.resolve(`@remix-run/server-runtime/${file}`), 'utf8'), file).toContain('Observer School patch')
    }
  })

  it('hands a loader the request itself when there is nothing to strip', async () => {
    const controller = new AbortController()
    const request = new Request('http://localhost/courses/basics/03-rights?page=2&q=a%20b', { headers: { Cookie: 'os_session=x' }, signal: controller.signal })
    const seen = await seenByLoader(request)
    expect(seen).toBe(request)
    expect(seen.url).toBe('http://localhost/courses/basics/03-rights?page=2&q=a%20b')
    controller.abort()
    expect(seen.signal.aborted).toBe(true)
  })

  it('still strips an empty index parameter and the _routes parameter, keeping everything else', async () => {
    const request = new Request('http://localhost/apply?index&_routes=routes%2Fapply&campaign=march', { headers: { Cookie: 'os_session=x' } })
    const seen = await seenByLoader(request)
    expect(seen).not.toBe(request)
    const url = new URL(seen.url)
    expect(url.searchParams.has('index')).toBe(false)
    expect(url.searchParams.has('_routes')).toBe(false)
    expect(url.searchParams.get('campaign')).toBe('march')
    expect(seen.headers.get('Cookie')).toBe('os_session=x')
  })

  it('hands an action its posted body, with or without an index parameter to strip', async () => {
    for (const address of ['http://localhost/login', 'http://localhost/login?index']) {
      let body = ''
      await data.callRouteAction({
        action: async ({ request }) => ((body = await request.text()), null),
        request: new Request(address, { method: 'POST', body: 'email=a%40example.org', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
        params: {},
        loadContext: {},
        routeId: 'routes/login',
        singleFetch: true,
      })
      expect(body, address).toBe('email=a%40example.org')
    }
  })

  it('makes the route-modules object once per manifest, with every route’s module', () => {
    const entry = require('@remix-run/server-runtime/dist/entry.js') as { createEntryRouteModules: (manifest: Record<string, { module: unknown }>) => Record<string, unknown> }
    const rootModule = { default: () => null }
    const loginModule = { default: () => null }
    const build = { root: { module: rootModule }, 'routes/login': { module: loginModule } }
    const first = entry.createEntryRouteModules(build)
    expect(first).toEqual({ root: rootModule, 'routes/login': loginModule })
    expect(entry.createEntryRouteModules(build)).toBe(first)
    // Another build (a development server's reload): its own modules.
    const rebuilt = { root: { module: { default: () => null } } }
    expect(entry.createEntryRouteModules(rebuilt)).not.toBe(first)
    expect(Object.keys(entry.createEntryRouteModules(rebuilt))).toEqual(['root'])
  })
})
