/**
 * Remix's server routes, built once. `RemixServer` (@remix-run/react) turns the build's route
 * manifest into React Router routes (`createServerRoutes`, every route with its components) on every
 * page it renders, then React Router copies them again into its static router; with this app's ~200
 * routes that was a visible share of a page's CPU (tests/bench/profile.ts). The routes depend only on
 * the build (its manifest, and the route modules: a new object per request, holding the same
 * modules) and two flags, and neither Remix nor React Router changes them (React Router copies each route before it
 * adds its own fields), so `installServerRoutesCache()` answers the top-level call from a cache per
 * build. The module is CommonJS and `RemixServer` reads the function from it at each call, as
 * route-matching.server.ts relies on for `matchRoutes`.
 *
 * React Router's `createStaticRouter` then copies those routes into data routes (every route again,
 * with its id and flags) for each page; those copies are kept too, per routes array, so that the same
 * tree reaches route matching, whose ranked branches @remix-run/router keeps per tree (patched, see
 * app/server/platform/patches/).
 */
import { createRequire } from 'node:module'

type ConvertRoutes = (routes: unknown[], mapRouteProperties: unknown, parentPath?: string[], manifest?: Record<string, unknown>, ...rest: unknown[]) => unknown[]
type CreateServerRoutes = (manifest: object, routeModules: object, future: object, isSpaMode: boolean, parentId?: string, ...rest: unknown[]) => unknown[]

const shared = globalThis as unknown as { __observerServerRoutes?: boolean }

export function installServerRoutesCache(): void {
  if (shared.__observerServerRoutes) return
  shared.__observerServerRoutes = true
  const require = createRequire(import.meta.url)
  cacheDataRoutes(require('@remix-run/router') as { UNSAFE_convertRoutesToDataRoutes: ConvertRoutes })
  const module = require('@remix-run/react/dist/routes.js') as { createServerRoutes: CreateServerRoutes }
  const original = module.createServerRoutes
  // Per manifest (the build's, one object for the process): the route modules and flags each answer was
  // built from. The route-modules object is the same on every page (made once per build: patch of
  // @remix-run/server-runtime); another one (a copy) is compared module by module.
  const cache = new WeakMap<object, Array<{ modules: Record<string, unknown>; flags: string; routes: unknown[] }>>()
  const sameModules = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    // The same object on every page since @remix-run/server-runtime makes it once per build (patch).
    if (a === b) return true
    const keys = Object.keys(a)
    if (keys.length !== Object.keys(b).length) return false
    for (const key of keys) if (a[key] !== b[key]) return false
    return true
  }
  module.createServerRoutes = (manifest, routeModules, future, isSpaMode, parentId, ...rest) => {
    // Only the whole tree is cached: the nested calls come from inside the original.
    if (parentId !== undefined && parentId !== '') return original(manifest, routeModules, future, isSpaMode, parentId, ...rest)
    const modules = routeModules as Record<string, unknown>
    const flags = `${isSpaMode ? 1 : 0}:${JSON.stringify(future)}`
    let built = cache.get(manifest)
    if (!built) cache.set(manifest, (built = []))
    const hit = built.find((entry) => entry.flags === flags && sameModules(entry.modules, modules))
    if (hit) return hit.routes
    const routes = original(manifest, routeModules, future, isSpaMode)
    // A few builds' worth at most (a development server reloads modules); the oldest goes first.
    if (built.length >= 4) built.shift()
    built.push({ modules, flags, routes })
    return routes
  }
}

/**
 * The data routes React Router makes of one routes array with one `mapRouteProperties`, made once:
 * the first answer and the manifest it filled (route id to data route) are kept, and each later call
 * gets the same data routes and its manifest filled from the kept one. Only top-level calls are kept.
 */
function cacheDataRoutes(router: { UNSAFE_convertRoutesToDataRoutes: ConvertRoutes }): void {
  const original = router.UNSAFE_convertRoutesToDataRoutes
  const cache = new WeakMap<object, { mapRouteProperties: unknown; dataRoutes: unknown[]; manifest: Record<string, unknown> }>()
  router.UNSAFE_convertRoutesToDataRoutes = (routes, mapRouteProperties, parentPath, manifest, ...rest) => {
    if ((parentPath !== undefined && parentPath.length > 0) || rest.length > 0 || !manifest) return original(routes, mapRouteProperties, parentPath, manifest, ...rest)
    const hit = cache.get(routes)
    if (hit && hit.mapRouteProperties === mapRouteProperties) {
      Object.assign(manifest, hit.manifest)
      return hit.dataRoutes
    }
    const dataRoutes = original(routes, mapRouteProperties, parentPath, manifest)
    cache.set(routes, { mapRouteProperties, dataRoutes, manifest: { ...manifest } })
    return dataRoutes
  }
}
