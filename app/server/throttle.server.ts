/**
 * Login throttling, per account and per client address. Counters live in the database
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
