import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { cachedMatchRoutes, type MatchableRoute } from '~/server/platform/route-matching.server.ts'
import { loginFormErrors } from '~/domain/validation/login-check.ts'

const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as { matchRoutes: Parameters<typeof cachedMatchRoutes>[0] }

/** A tree shaped like the app's: a root, pathless and index routes, params, a splat. Made afresh each call, as Remix does per request. */
function tree(): MatchableRoute[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'routes/_index', index: true },
        { id: 'routes/login', path: 'login' },
        { id: 'routes/courses.$course.$lesson', path: 'courses/:course/:lesson' },
        { id: 'routes/courses.$course._index', path: 'courses/:course', index: true },
        { id: 'routes/courses.$course.exam._index', path: 'courses/:course/exam', index: true },
        { id: 'routes/ngo.$ngo', path: 'ngo/:ngo', children: [{ id: 'routes/ngo.$ngo._index', index: true }, { id: 'routes/ngo.$ngo.recruits.$applicationId', path: 'recruits/:applicationId' }] },
        { id: 'routes/Studio', path: 'Studio', caseSensitive: true },
        { id: 'routes/$', path: '*' },
      ],
    },
  ]
}

const PATHS = ['/', '/login', '/login/', '/courses/observer-basics/03-rights', '/courses/observer-basics', '/courses/a%20b/exam', '/ngo/dala/recruits/c123', '/ngo/dala', '/studio', '/Studio', '/nowhere/at/all', { pathname: '/ngo/x' }]

describe('route matching from a cache', () => {
  it('answers as @remix-run/router does, with the route objects of the tree it is asked about', () => {
    const cached = cachedMatchRoutes(matchRoutes)
    for (let round = 0; round < 3; round++) {
      for (const path of PATHS) {
        const routes = tree()
        const want = matchRoutes(routes, path)
        const got = cached(routes, path)
        expect(got).toEqual(want)
        got?.forEach((match, i) => expect(match.route).toBe(want?.[i]?.route))
      }
    }
  })

  it('gives each answer its own params object, shared by its matches as the original does', () => {
    const cached = cachedMatchRoutes(matchRoutes)
    const routes = tree()
    const first = cached(routes, '/ngo/dala/recruits/c1')
    const second = cached(routes, '/ngo/dala/recruits/c1')
    expect(second?.[0]?.params).not.toBe(first?.[0]?.params)
    expect(second?.[0]?.params).toBe(second?.[2]?.params)
    if (first?.[0]) first[0].params.ngo = 'changed'
    expect(cached(routes, '/ngo/dala/recruits/c1')?.[0]?.params.ngo).toBe('dala')
  })

  it('matches a new address once for the string and the location object that name it', () => {
    let calls = 0
    const counted: typeof matchRoutes = (routes, location, basename) => {
      calls++
      return matchRoutes(routes, location, basename)
    }
    const cached = cachedMatchRoutes(counted)
    // The server's match (a string), the static handler's (a location), the request log's (another tree of the same shape).
    const first = cached(tree(), '/ngo/dala/recruits/c9')
    const second = cached(tree(), { pathname: '/ngo/dala/recruits/c9' })
    const third = cached(tree(), '/ngo/dala/recruits/c9')
    expect(calls).toBe(1)
    expect(second).toEqual(first)
    expect(third?.at(-1)?.params).toEqual({ ngo: 'dala', applicationId: 'c9' })
    // A string with a search or a hash is the original's to parse, every time, with the original's answer.
    for (const path of ['/ngo/dala?tab=1', '/ngo/dala#top', '/login?next=/courses']) {
      const before = calls
      expect(cached(tree(), path)).toEqual(matchRoutes(tree(), path))
      expect(calls).toBe(before + 1)
    }
  })

  it('tells apart trees of another shape, and leaves trees without ids to the original', () => {
    const cached = cachedMatchRoutes(matchRoutes)
    expect(cached(tree(), '/login')?.at(-1)?.route.id).toBe('routes/login')
    const renamed = tree()
    const login = renamed[0]?.children?.[1]
    if (login) login.path = 'sign-in'
    expect(cached(renamed, '/login')?.at(-1)?.route.id).toBe('routes/$')
    const anonymous = [{ path: 'a' }, { path: 'b' }]
    expect(cached(anonymous, '/b')?.[0]?.route).toBe(anonymous[1])
  })
})

describe('the login form checked in the browser', () => {
  it('asks for what loginSchema asks for, with the same messages', () => {
    expect(loginFormErrors({})).toEqual({ email: ['validation.required'], password: ['validation.required'] })
    expect(loginFormErrors({ email: 'not-an-email', password: 'x' })).toEqual({ email: ['validation.email'] })
    expect(loginFormErrors({ email: ` ${'a'.repeat(250)}@b.kz `, password: 'x' })).toEqual({ email: ['validation.tooLong'] })
    expect(loginFormErrors({ email: 'volunteer@example.org', password: 'p'.repeat(129) })).toEqual({ password: ['validation.tooLong'] })
    expect(loginFormErrors({ email: ' Volunteer@Example.org ', password: 'observer-demo-2026' })).toBeNull()
  })
})
