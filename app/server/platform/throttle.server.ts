/**
 * Login throttling, per account and per client address, and a limit per address on every other form
 * an anonymous visitor (or a fresh account) can post. Counters live in the database
 * (rate-limiter-flexible's Prisma store) so several app servers on one PostgreSQL share them.
 */
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible'
import { db } from './db.server.ts'
import { env } from './env.server.ts'

function limiter(keyPrefix: string, points: number) {
  return new RateLimiterPrisma({
    storeClient: db,
    tableName: 'rateLimiterFlexible',
    keyPrefix,
    points,
    duration: env().LOGIN_THROTTLE_SECONDS,
    clearExpiredByTimeout: false,
  })
}

let limiters: { account: RateLimiterPrisma; ip: RateLimiterPrisma } | undefined
function getLimiters() {
  limiters ??= {
    account: limiter('login-account', env().LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ip: limiter('login-ip', env().LOGIN_MAX_FAILURES_PER_IP),
  }
  return limiters
}

/** Seconds until another attempt is allowed, or 0 when this account and address may try now. */
export async function loginRetryAfter(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = getLimiters()
  const [a, b] = await Promise.all([account.get(email), byIp.get(ip)])
  const blocked = [
    a && a.consumedPoints >= env().LOGIN_MAX_FAILURES_PER_ACCOUNT ? a.msBeforeNext : 0,
    b && b.consumedPoints >= env().LOGIN_MAX_FAILURES_PER_IP ? b.msBeforeNext : 0,
  ]
  return Math.ceil(Math.max(...blocked) / 1000)
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = getLimiters()
  await Promise.all([
    account.consume(email).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e
    }),
    byIp.consume(ip).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e
    }),
  ])
}

export async function clearLoginFailures(email: string): Promise<void> {
  await getLimiters().account.delete(email)
}

let verifyLimiter: RateLimiterPrisma | undefined

/** Public certificate lookups per client address and minute; false when this one is over the limit. */
export async function allowVerifyLookup(ip: string): Promise<boolean> {
  verifyLimiter ??= new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimiterFlexible', keyPrefix: 'verify', points: env().VERIFY_LOOKUPS_PER_MINUTE, duration: 60, clearExpiredByTimeout: false })
  try {
    await verifyLimiter.consume(ip)
    return true
  } catch (error) {
    if (error instanceof RateLimiterRes) return false
    throw error
  }
}

/**
 * Forms limited per client address: sign-up, password-reset requests, submitted applications, and
 * `anonymousForm` for the other forms anyone can post (setting a password from a link, the
 * certificate check). Every submission counts, valid or not.
 */
export const formLimits = ['signup', 'passwordReset', 'apply', 'anonymousForm'] as const
export type FormLimit = (typeof formLimits)[number]

function formLimitPoints(kind: FormLimit): number {
  const e = env()
  switch (kind) {
    case 'signup':
      return e.SIGNUPS_PER_ADDRESS
    case 'passwordReset':
      return e.PASSWORD_RESETS_PER_ADDRESS
    case 'apply':
      return e.APPLICATIONS_PER_ADDRESS
    case 'anonymousForm':
      return e.ANONYMOUS_FORMS_PER_ADDRESS
  }
}

const formLimiters = new Map<FormLimit, RateLimiterPrisma>()

export interface Throttled {
  retryAfterSeconds: number
  /** For the message: "try again in N min" (at least 1). */
  retryAfterMinutes: number
}

/** Counts one submission of a form from an address; when it is over the limit, how long to wait. */
export async function throttleForm(kind: FormLimit, ip: string): Promise<Throttled | null> {
  let limiter = formLimiters.get(kind)
  if (!limiter) {
    limiter = new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimiterFlexible', keyPrefix: `form-${kind}`, points: formLimitPoints(kind), duration: env().FORM_THROTTLE_SECONDS, clearExpiredByTimeout: false })
    formLimiters.set(kind, limiter)
  }
  try {
    await limiter.consume(ip)
    return null
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000))
    return { retryAfterSeconds, retryAfterMinutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }
  }
}
