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
 */
import { createRequire } from 'node:module'

type CreateServerRoutes = (manifest: object, routeModules: object, future: object, isSpaMode: boolean, parentId?: string, ...rest: unknown[]) => unknown[]

const shared = globalThis as unknown as { __observerServerRoutes?: boolean }

export function installServerRoutesCache(): void {
  if (shared.__observerServerRoutes) return
  shared.__observerServerRoutes = true
  const module = createRequire(import.meta.url)('@remix-run/react/dist/routes.js') as { createServerRoutes: CreateServerRoutes }
  const original = module.createServerRoutes
  // Per manifest (the build's, one object for the process): the route modules and flags each answer was
  // built from. Remix makes a new route-modules object for every request, holding the same modules, so
  // those are compared module by module.
  const cache = new WeakMap<object, Array<{ modules: Record<string, unknown>; flags: string; routes: unknown[] }>>()
  const sameModules = (a: Record<string, unknown>, b: Record<string, unknown>) => {
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
    built.push({ modules: { ...modules }, flags, routes })
    return routes
  }
}
