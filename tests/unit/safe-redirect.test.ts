import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeRedirect } from '~/domain/validation/auth.ts'

const origin = 'https://observer.example.kz'
const FALLBACK = '/account'

/** What every answer must be: the fallback, or a path that stays on this origin and cannot be read otherwise. */
function assertSafe(result: string) {
  if (result === FALLBACK) return
  expect(result.startsWith('/')).toBe(true)
  expect(result.startsWith('//')).toBe(false)
  // eslint-disable-next-line no-control-regex
  expect(result).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/)
  expect(new URL(result, origin).origin).toBe(origin)
  // A browser resolving it against any page of the site stays on the site as well.
  expect(new URL(result, `${origin}/courses/basics/lesson-1?x=1`).origin).toBe(origin)
}

/** Known open-redirect bypasses (after the query string is decoded once, as `searchParams.get` does). */
const bypasses = [
  '//evil.example',
  '//evil.example/phish',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\/\\/evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\t\\evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\r/evil.example',
  '/ /evil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/\u0085/evil.example',
  '%2F%2Fevil.example',
  '/%2F/evil.example',
  '/%09/evil.example',
  '/%5Cevil.example',
  'https://evil.example',
  'http:evil.example',
  'https:/evil.example',
  '//https://evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/..//evil.example',
  '/./..//evil.example',
  '/a/../..//evil.example',
  '/%2e%2e//evil.example',
  '/.%2e//evil.example',
  '／／evil.example',
  '/／evil.example',
  '/\uff3cevil.example',
  '/\u2215\u2215evil.example',
  '/\u3002evil.example',
  '//evil。example',
  '//ｅｖｉｌ.example',
  '/@evil.example',
  '//user@evil.example',
  '/\u2028/evil.example',
  '',
  'account',
]

describe('safeRedirect', () => {
  it.each([
    ['/admin/ngos?page=2', '/admin/ngos?page=2'],
    ['/courses/basics/lesson-1#quiz', '/courses/basics/lesson-1#quiz'],
    ['/account', '/account'],
    ['/курсы', '/%D0%BA%D1%83%D1%80%D1%81%D1%8B'],
    [undefined, FALLBACK],
    [42, FALLBACK],
    [null, FALLBACK],
  ])('%j → %s', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected)
  })

  it.each(bypasses)('never leaves the site for %j', (target) => {
    const result = safeRedirect(target)
    assertSafe(result)
    // Those that keep a path keep it on this site: the host named in the bypass is at most a path segment.
    if (result !== FALLBACK) expect(new URL(result, origin).host).toBe('observer.example.kz')
  })

  it.each(['//evil.example', '/\t/evil.example', '/\t\\evil.example', '/\r\n/evil.example', '/\n/evil.example', 'https://evil.example', '/..//evil.example', '/\\evil.example'])('falls back for %j', (target) => {
    expect(safeRedirect(target)).toBe(FALLBACK)
  })

  it('uses the fallback it is given', () => {
    expect(safeRedirect('//evil.example', '/')).toBe('/')
  })

  it('answers something safe for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (target) => assertSafe(safeRedirect(target))),
      { numRuns: 3000 },
    )
    // Thousands of URL parses: room for a busy two-core machine.
  }, 60_000)

  it('answers something safe for strings built from the characters bypasses use', () => {
    const pieces = fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', '.', '..', ':', '@', '%2F', '%5C', '%09', 'evil.example', 'https:', 'javascript:', '／', '\u3002', '\u0000', '?', '#')
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }), (parts) => assertSafe(safeRedirect(parts.join('')))),
      { numRuns: 5000 },
    )
  }, 60_000)

  it('keeps any plain same-site path as it is', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/)
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join('/')}`
        expect(safeRedirect(path)).toBe(path)
      }),
    )
  })
})
