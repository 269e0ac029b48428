import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { API_TOKEN_PREFIX, apiTokenNameSchema, bearerToken, shownPrefix } from '~/domain/api-tokens.ts'
import { hashApiToken, newApiToken } from '~/server/accounts/api-token-secret.server.ts'

describe('API tokens', () => {
  it('are os_ and 32 random bytes in base64url, different every time', () => {
    const a = newApiToken()
    const b = newApiToken()
    expect(a).toMatch(/^os_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a.slice(API_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('are stored as their SHA-256 in hex, and shown by a short prefix', () => {
    const token = newApiToken()
    expect(hashApiToken(token)).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashApiToken(token)).not.toContain(token.slice(3, 10))
    expect(shownPrefix(token)).toBe(token.slice(0, 9))
  })

  it('are read from a Bearer header only when well formed', () => {
    const token = newApiToken()
    expect(bearerToken(`Bearer ${token}`)).toBe(token)
    expect(bearerToken(`bearer   ${token} `)).toBe(token)
    expect(bearerToken(null)).toBeNull()
    expect(bearerToken('')).toBeNull()
    expect(bearerToken(`Basic ${token}`)).toBeNull()
    expect(bearerToken(`Bearer ${token.slice(0, -1)}`)).toBeNull()
    expect(bearerToken(`Bearer ${token}x`)).toBeNull()
    expect(bearerToken(`Bearer xx_${token.slice(3)}`)).toBeNull()
    expect(bearerToken(`Bearer ${token} extra`)).toBeNull()
  })

  it('need a name of 1 to 80 characters', () => {
    expect(apiTokenNameSchema.safeParse({ name: ' Sync ' }).data).toEqual({ name: 'Sync' })
    expect(apiTokenNameSchema.safeParse({ name: '  ' }).error?.issues[0]?.message).toBe('apiTokens.errors.name')
    expect(apiTokenNameSchema.safeParse({ name: 'x'.repeat(81) }).success).toBe(false)
  })
})
