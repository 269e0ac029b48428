/**
 * The patch of @remix-run/router (app/server/platform/patches/, applied by `npm ci`'s postinstall):
 * ranked branches kept per route tree, compiled patterns kept, and the static handler matching
 * through the module's export; and the data routes React Router makes per page, kept per routes array
 * (app/server/platform/server-routes.server.ts).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installServerRoutesCache } from '~/server/platform/server-routes.server.ts'

const require = createRequire(import.meta.url)

interface Route {
  id?: string
  path?: string
  index?: boolean
  caseSensitive?: boolean
  children?: Route[]
}
interface Match {
  route: Route
  params: Record<string, string | undefined>
}
interface Router {
  matchRoutes: (routes: Route[], location: string) => Match[] | null
  matchPath: (pattern: { path: string; caseSensitive?: boolean; end?: boolean } | string, pathname: string) => { params: Record<string, string | undefined> } | null
  createStaticHandler: (routes: object[]) => { query: (request: Request) => Promise<unknown> }
  UNSAFE_convertRoutesToDataRoutes: (routes: object[], mapRouteProperties: unknown, parentPath: string[] | undefined, manifest: Record<string, unknown>) => Array<{ id: string; children?: unknown[] }>
}
const router = require('@remix-run/router') as Router

const ids = (matches: Match[] | null) => matches?.map((m) => m.route.id) ?? null

describe('the patched @remix-run/router', () => {
  it('is what npm installed (the postinstall applied the patch)', () => {
    expect(fs.readFileSync(require.resolve('@remix-run/router'), 'utf8')).toContain('Observer School patch')
  })

  it('matches from a tree ranked once, and ranks it again when routes are added to it', () => {
    const routes: Route[] = [{ id: 'root', path: '', children: [{ id: 'login', path: 'login' }, { id: 'lesson', path: 'courses/:course/:lesson' }, { id: 'splat', path: '*' }] }]
    for (let round = 0; round < 3; round++) {
      expect(ids(router.matchRoutes(routes, '/login'))).toEqual(['root', 'login'])
      expect(router.matchRoutes(routes, '/courses/basics/03')?.at(-1)?.params).toEqual({ course: 'basics', lesson: '03' })
      expect(ids(router.matchRoutes(routes, '/courses/basics'))).toEqual(['root', 'splat'])
    }
    // Lazy route discovery adds children to a tree in place: the new route must be found and ranked.
    routes[0]?.children?.push({ id: 'course', path: 'courses/:course' })
    expect(ids(router.matchRoutes(routes, '/courses/basics'))).toEqual(['root', 'course'])
    expect(ids(router.matchRoutes(routes, '/login'))).toEqual(['root', 'login'])
  })

  it('keeps a compiled pattern per case rule and end rule', () => {
    for (let round = 0; round < 2; round++) {
      expect(router.matchPath({ path: '/Studio', caseSensitive: true }, '/studio')).toBeNull()
      expect(router.matchPath({ path: '/Studio', caseSensitive: false }, '/studio')).not.toBeNull()
      expect(router.matchPath({ path: '/ngo/:ngo', end: false }, '/ngo/dala/recruits')?.params).toEqual({ ngo: 'dala' })
      expect(router.matchPath({ path: '/ngo/:ngo', end: true }, '/ngo/dala/recruits')).toBeNull()
    }
  })

  it('has the static handler match through the module’s export', async () => {
    const handler = router.createStaticHandler([{ id: 'root', path: '/', children: [{ id: 'page', path: 'page', loader: () => 'loaded' }] }])
    const original = router.matchRoutes
    const asked: string[] = []
    router.matchRoutes = (routes, location) => {
      asked.push(typeof location === 'string' ? location : (location as { pathname: string }).pathname)
      return original(routes, location)
    }
    try {
      const context = (await handler.query(new Request('http://localhost/page'))) as { loaderData: Record<string, unknown> }
      expect(context.loaderData.page).toBe('loaded')
      expect(asked).toEqual(['/page'])
    } finally {
      router.matchRoutes = original
    }
  })
})

describe('the data routes of a page', () => {
  it('are made once per routes array, and each caller’s manifest is filled as before', () => {
    installServerRoutesCache()
    const routes = [{ id: 'root', path: '/', children: [{ id: 'login', path: 'login' }] }]
    const mapRouteProperties = (route: object) => ({ hasErrorBoundary: 'ErrorBoundary' in route })
    const firstManifest: Record<string, unknown> = {}
    const first = router.UNSAFE_convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, firstManifest)
    const secondManifest: Record<string, unknown> = {}
    const second = router.UNSAFE_convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, secondManifest)
    expect(second).toBe(first)
    expect(Object.keys(secondManifest).sort()).toEqual(['login', 'root'])
    expect(secondManifest.login).toBe(first[0]?.children?.[0])
    // Another routes array, or another mapping: made afresh.
    expect(router.UNSAFE_convertRoutesToDataRoutes([...routes], mapRouteProperties, undefined, {})).not.toBe(first)
    expect(router.UNSAFE_convertRoutesToDataRoutes(routes, () => ({}), undefined, {})).not.toBe(first)
  })
})
