/**
 * Per-NGO API tokens: `os_` and 32 random bytes in base64url (made and hashed in
 * app/server/accounts/api-token-secret.server.ts). Only a SHA-256 of a token is stored (as with password-reset
 * tokens), so a database leak does not hand out roster access; the first characters are kept to tell
 * tokens apart. Here: the shape of a token and of the Authorization header.
 */
import { z } from 'zod'
import { idField, oneLine, plainString } from './validation/fields.ts'

export const API_TOKEN_PREFIX = 'os_'
const TOKEN_PATTERN = /^os_[A-Za-z0-9_-]{43}$/
/** `os_` and six characters: enough to recognise a token in a list, far too few to guess it. */
export const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6

export function shownPrefix(token: string): string {
  return token.slice(0, SHOWN_PREFIX_LENGTH)
}

/** The token of an `Authorization: Bearer os_…` header, or null when the header is missing or malformed. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')
  const token = match?.[1]
  return token && TOKEN_PATTERN.test(token) ? token : null
}

export const apiTokenNameSchema = z.object({
  name: plainString({ error: 'apiTokens.errors.name' }).trim().min(1, { error: 'apiTokens.errors.name' }).max(80, { error: 'apiTokens.errors.name' })
    .refine(oneLine, { error: 'validation.singleLine' }),
})

/** The tokens page: create one (the default) or revoke one. */
export const apiTokenActionSchema = z.discriminatedUnion(
  'intent',
  [apiTokenNameSchema.extend({ intent: z.literal('create').default('create') }), z.object({ intent: z.literal('revoke'), tokenId: idField })],
  { error: 'validation.invalid' },
)
