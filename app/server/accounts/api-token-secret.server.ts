/** Making and fingerprinting API tokens: 32 random bytes, stored only as SHA-256 (hex). */
import crypto from 'node:crypto'
import { API_TOKEN_PREFIX } from '~/domain/api-tokens.ts'

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`
}

export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}
