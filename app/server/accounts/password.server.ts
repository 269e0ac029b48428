import { hash, verify } from '@node-rs/argon2'
import { leaveTurn } from '../platform/request-scope.server.ts'

// argon2id (the library's default algorithm) with OWASP's recommended minimum: 19 MiB, 2 passes.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

// Both run on the thread pool for tens of milliseconds: the request leaves its turn meanwhile (request-scope.server.ts).
export function hashPassword(password: string): Promise<string> {
  leaveTurn()
  return hash(password, options)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  leaveTurn()
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when no account matches, so a wrong email takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('no-such-account-password')
  return dummyHash
}
