/** Reading the session id from a Cookie header that other cookies share (app/server/accounts/session.server.ts). */
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE_NAME, sessionIdFromCookies } from '~/server/accounts/session.server.ts'

describe('sessionIdFromCookies', () => {
  it('finds the session beside other cookies', () => {
    expect(sessionIdFromCookies(`lng=InJ1Ig%3D%3D; ${SESSION_COOKIE_NAME}=abc123; theme=dark`)).toBe('abc123')
    expect(sessionIdFromCookies('lng=InJ1Ig%3D%3D')).toBeNull()
    expect(sessionIdFromCookies('')).toBeNull()
  })

  it('is not thrown off by another cookie with a stray %, before or after it', () => {
    expect(sessionIdFromCookies(`discount=50%; ${SESSION_COOKIE_NAME}=abc123`)).toBe('abc123')
    expect(sessionIdFromCookies(`${SESSION_COOKIE_NAME}=abc123; x=%E0%A4%A; y=%zz`)).toBe('abc123')
  })

  it('takes a session cookie that does not decode for none', () => {
    expect(sessionIdFromCookies(`${SESSION_COOKIE_NAME}=%%%`)).toBeNull()
    expect(sessionIdFromCookies(`a=%; ${SESSION_COOKIE_NAME}=%zz`)).toBeNull()
  })
})
