/**
 * Route matching, remembered. Remix v2's router (@remix-run/router 1.x) flattens and ranks the whole
 * route tree on every `matchRoutes` call and builds a regular expression for each branch it tries;
 * rendering one page calls it about seven times (the server's match, React Router's, and one for
 * each parent path of the lazy route discovery manifest), which with this app's ~75 routes was a
 * fifth of a page's CPU time (a profile under `tests/bench/profile.ts`). React Router 7 caches the
 * ranked branches (remix-run/react-router#14967); Remix 2 does not.
 *
 * `installRouteMatchCache()` replaces the `matchRoutes` that @remix-run/server-runtime, the static
 * handler (patched to call the export, app/server/platform/patches/),
 * @remix-run/react and react-router call (each reads it from the CommonJS module at call time) with
 * one that answers from a cache: per route tree *shape* (every route's id, path, index and
 * caseSensitive flag, and its children: all that matching reads) and pathname, the ids of the
 * matched routes and their params. Each answer is made afresh from the tree it was asked about (its
 * own route objects, a new params object), so it equals what the original returns. A tree whose
 * routes lack unique ids, and anything the cache cannot answer, goes to the original.
 */
import { createRequire } from 'node:module'

export interface MatchableRoute {
  id?: string
  path?: string
  index?: boolean
  caseSensitive?: boolean
  children?: MatchableRoute[]
}

type Location = string | { pathname?: string }
interface RouteMatch<R> {
  params: Record<string, string | undefined>
  pathname: string
  pathnameBase: string
  route: R
}
export type MatchRoutes = <R extends MatchableRoute>(routes: R[], location: Location, basename?: string) => RouteMatch<R>[] | null

interface Remembered {
  ids: string[]
  params: Record<string, string | undefined>
  pathnames: Array<[string, string]>
}

/** Pathnames remembered per tree shape; past this the cache starts again (URLs carry ids). */
const MAX_PATHS = 5000

interface Tree {
  shape: string
  byId: Map<string, MatchableRoute>
}

/** The shape and routes of a tree, or null when its ids are missing or repeated. */
function describe(routes: MatchableRoute[]): Tree | null {
  const byId = new Map<string, MatchableRoute>()
  let shape = ''
  const walk = (list: MatchableRoute[]): boolean => {
    for (const route of list) {
      if (typeof route.id !== 'string' || byId.has(route.id)) return false
      byId.set(route.id, route)
      shape += `${route.id.length}:${route.id}${route.index ? 'i' : ''}${route.caseSensitive ? 'c' : ''}${route.path === undefined ? '-' : `${route.path.length}:${route.path}`}`
      if (route.children?.length) {
        shape += '('
        if (!walk(route.children)) return false
        shape += ')'
      }
      shape += ','
    }
    return true
  }
  return walk(routes) ? { shape, byId } : null
}

/** `matchRoutes` answering from a cache, with `original` for what it has not seen. */
export function cachedMatchRoutes(original: MatchRoutes): MatchRoutes {
  const trees = new WeakMap<object, Tree | null>()
  const answers = new Map<string, Map<string, Remembered | null>>()
  return <R extends MatchableRoute>(routes: R[], location: Location, basename = '/'): RouteMatch<R>[] | null => {
    // A string is matched as its pathname, so one without a search or hash is the same question as a
    // location object with that pathname: the server's match (a string) and the static handler's (an
    // object) share one answer, and a page at a new address is matched once, not once for each.
    const path = typeof location === 'string' ? (location.includes('?') || location.includes('#') ? undefined : location) : location.pathname
    if (!Array.isArray(routes) || typeof path !== 'string') return original(routes, location, basename)
    let tree = trees.get(routes)
    if (tree === undefined) {
      tree = describe(routes)
      trees.set(routes, tree)
    }
    if (!tree) return original(routes, location, basename)
    let byPath = answers.get(tree.shape)
    if (!byPath) answers.set(tree.shape, (byPath = new Map()))
    const key = `${basename}\u0000${path}`
    let remembered = byPath.get(key)
    if (remembered === undefined) {
      const matches = original(routes, location, basename)
      remembered = matches && {
        ids: matches.map((m) => m.route.id as string),
        params: { ...matches.at(-1)?.params },
        pathnames: matches.map((m) => [m.pathname, m.pathnameBase]),
      }
      if (byPath.size >= MAX_PATHS) byPath.clear()
      byPath.set(key, remembered)
      return matches
    }
    if (remembered === null) return null
    // As the original does: one params object shared by every match.
    const params = { ...remembered.params }
    const { byId } = tree
    return remembered.ids.map((id, i) => {
      const [pathname, pathnameBase] = remembered.pathnames[i] ?? ['', '']
      return { params, pathname, pathnameBase, route: byId.get(id) as R }
    })
  }
}

let router: { matchRoutes: MatchRoutes } | undefined

/** @remix-run/router as CommonJS: the module every caller of `matchRoutes` reads it from (required once: a require made per call cost more than the match it saved). */
function routerModule(): { matchRoutes: MatchRoutes } {
  return (router ??= createRequire(import.meta.url)('@remix-run/router') as { matchRoutes: MatchRoutes })
}

/**
 * `matchRoutes` as @remix-run/router exports it at the time of the call: the cached one once the
 * server build has installed it. For callers outside React Router (the request log's route name),
 * which would otherwise hold the original and match a page's new address a third time.
 */
export const matchRoutesNow: MatchRoutes = (routes, location, basename) => routerModule().matchRoutes(routes, location, basename)

let installed = false

/** Puts the cached `matchRoutes` in place of @remix-run/router's for every module that calls it. */
export function installRouteMatchCache(): void {
  if (installed) return
  installed = true
  const exported = routerModule()
  exported.matchRoutes = cachedMatchRoutes(exported.matchRoutes)
}
