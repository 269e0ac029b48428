import { describe, expect, it } from 'vitest'
import { errorPageKind } from '~/domain/errors.ts'

describe('errorPageKind', () => {
  it('names the page by status', () => {
    expect(errorPageKind(403, null)).toBe('forbidden')
    expect(errorPageKind(404, undefined)).toBe('notFound')
    expect(errorPageKind(413, null)).toBe('tooLarge')
    expect(errorPageKind(429, 'Too many')).toBe('tooMany')
    expect(errorPageKind(503, null)).toBe('busy')
    expect(errorPageKind(400, { fields: ['x'] })).toBe('badRequest')
    expect(errorPageKind(405, null)).toBe('badRequest')
    expect(errorPageKind(500, null)).toBe('server')
    expect(errorPageKind(502, null)).toBe('server')
  })

  it('says a refused form was sent from another site, not that the reader lacks rights', () => {
    expect(errorPageKind(403, { refusal: 'crossSite' })).toBe('crossSite')
    expect(errorPageKind(413, { refusal: 'tooLarge' })).toBe('tooLarge')
    // Anything else in `refusal` is not a refusal the server makes: the status decides.
    expect(errorPageKind(403, { refusal: 'somethingElse' })).toBe('forbidden')
    expect(errorPageKind(403, { refusal: 1 })).toBe('forbidden')
  })
})
