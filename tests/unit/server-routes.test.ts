/** Remix's server routes built once per build (app/server/platform/server-routes.server.ts). */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installServerRoutesCache } from '~/server/platform/server-routes.server.ts'

const routesModule = createRequire(import.meta.url)('@remix-run/react/dist/routes.js') as {
  createServerRoutes: (manifest: object, routeModules: object, future: object, isSpaMode: boolean) => Array<{ id: string; path?: string; children?: unknown[] }>
}

const manifest = () => ({
  root: { id: 'root', path: '', hasLoader: true, hasClientLoader: false, hasAction: false, hasErrorBoundary: true },
  'routes/login': { id: 'routes/login', parentId: 'root', path: 'login', hasLoader: true, hasClientLoader: false, hasAction: true, hasErrorBoundary: false },
})
const modules = { root: { default: () => null }, 'routes/login': { default: () => null } }
const future = { v3_singleFetch: true }

describe('the server routes cache', () => {
  it('answers a build’s second render with the routes of its first, and another build with its own', () => {
    installServerRoutesCache()
    installServerRoutesCache()
    const build = manifest()
    const first = routesModule.createServerRoutes(build, modules, future, false)
    expect(first.map((r) => r.id)).toEqual(['root'])
    expect((first[0]?.children as Array<{ id: string; path: string }>).map((r) => [r.id, r.path])).toEqual([['routes/login', 'login']])
    expect(routesModule.createServerRoutes(build, modules, future, false)).toBe(first)
    // Remix hands a new route-modules object per request, with the same modules: still the same routes.
    expect(routesModule.createServerRoutes(build, { ...modules }, future, false)).toBe(first)
    // Another manifest (a rebuild), other modules or other flags: built afresh.
    expect(routesModule.createServerRoutes(manifest(), modules, future, false)).not.toBe(first)
    expect(routesModule.createServerRoutes(build, { ...modules, 'routes/login': { default: () => null } }, future, false)).not.toBe(first)
    expect(routesModule.createServerRoutes(build, modules, { v3_singleFetch: false }, false)).not.toBe(first)
  })
})
