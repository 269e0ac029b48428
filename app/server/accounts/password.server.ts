import { hash, verify } from '@node-rs/argon2'
import { requestGate } from '../platform/request-gate.server.ts'
import { leaveTurn } from '../platform/request-scope.server.ts'

// argon2id (the library's default algorithm) with OWASP's recommended minimum: 19 MiB, 2 passes.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

/**
 * Hashes computed at once by this worker. Each takes 19 MiB for its tens of milliseconds, on one of
 * libuv's four threads: a crowd logging in at once (a class after its live session) took a worker
 * 19 MiB × 4 over what it otherwise holds. Two at a time keep both cores busy with half that peak;
 * the others wait first come, first served.
 */
export const PASSWORD_HASHES_AT_ONCE = 2
const hashing = requestGate(PASSWORD_HASHES_AT_ONCE)

/**
 * The hash of an account nobody has chosen a password for yet (a lead added the person, or a sign-up
 * not finished): it matches no password. Two questions are asked of a hash, each in one place below.
 */
export const NO_PASSWORD = ''

/** Someone has chosen this account's password (an anonymised account counts: its owner once did). */
export function passwordChosen(passwordHash: string): boolean {
  return passwordHash !== NO_PASSWORD
}

/** Login can verify against this hash: argon2's, neither NO_PASSWORD nor an anonymised account's marker. */
export function passwordUsable(passwordHash: string): boolean {
  return passwordHash.startsWith('$argon2')
}

/** Hashes running and waiting now (tests). */
export function passwordHashing(): { running: number; waiting: number } {
  return { running: hashing.running, waiting: hashing.waiting }
}

// Both run on the thread pool for tens of milliseconds: the request leaves its turn meanwhile (request-scope.server.ts).
export function hashPassword(password: string): Promise<string> {
  leaveTurn()
  return hashing.run(() => hash(password, options))
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  leaveTurn()
  try {
    return await hashing.run(() => verify(passwordHash, password))
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
