/**
 * Per-NGO API tokens for the JSON roster endpoint. A lead of the NGO creates (the token is returned
 * once, never stored), lists and revokes them; the endpoint looks a token up by its SHA-256 only.
 * A token acts as its creator: it works only while they may still lead the NGO (removed as its lead,
 * or anonymised, their tokens stop working, so a key does not leave with a departing coordinator).
 */
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible'
import { bearerToken, shownPrefix } from '~/domain/api-tokens.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { hashApiToken, newApiToken } from './api-token-secret.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { env } from '../platform/env.server.ts'

export async function createApiToken(scope: NgoScope, name: string, ip: string): Promise<{ id: string; token: string }> {
  const token = newApiToken()
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { ngoId: scope.ngoId, name, tokenHash: hashApiToken(token), prefix: shownPrefix(token), createdById: scope.actorId } })
    await recordAudit({ actorId: scope.actorId, action: 'apiToken.created', targetType: 'apiToken', targetId: created.id, ngoId: scope.ngoId, ip, details: { name, prefix: created.prefix } }, tx)
    return created
  })
  return { id: row.id, token }
}

/** Who among `userIds` may still act as the NGO's lead (a lead of it, or a coalition admin), not anonymised. */
async function stillLeading(userIds: ReadonlyArray<string | null>, ngoId: string): Promise<Set<string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))]
  if (!ids.length) return new Set()
  const users = await db.user.findMany({
    where: { id: { in: ids }, anonymisedAt: null, OR: [{ isAdmin: true }, { memberships: { some: { ngoId, role: 'LEAD' } } }] },
    select: { id: true },
  })
  return new Set(users.map((u) => u.id))
}

/** The NGO's tokens; `creatorGone` for one that no longer works because its creator no longer leads the NGO. */
export async function listApiTokens(scope: NgoScope) {
  const tokens = await db.apiToken.findMany({
    where: { ngoId: scope.ngoId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdById: true },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  })
  const leading = await stillLeading(tokens.map((x) => x.createdById), scope.ngoId)
  return tokens.map(({ createdById, ...x }) => ({ ...x, creatorGone: !createdById || !leading.has(createdById) }))
}

/** False for another NGO's token id (or none): the route answers "not found". Revoking twice keeps the first revocation. */
export async function revokeApiToken(scope: NgoScope, id: string, ip: string): Promise<boolean> {
  const token = await db.apiToken.findFirst({ where: { id, ngoId: scope.ngoId }, select: { id: true, name: true, revokedAt: true } })
  if (!token) return false
  if (token.revokedAt) return true
  await db.$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date(), revokedById: scope.actorId } })
    await recordAudit({ actorId: scope.actorId, action: 'apiToken.revoked', targetType: 'apiToken', targetId: id, ngoId: scope.ngoId, ip, details: { name: token.name } }, tx)
  })
  return true
}

export interface ApiCaller {
  tokenId: string
  tokenName: string
  createdById: string | null
  ngo: { id: string; slug: string; name: string }
}

/** The NGO a request's bearer token belongs to, or null (missing, malformed, unknown, revoked, or its creator no longer leads the NGO). */
export async function authenticateApiToken(authorization: string | null): Promise<ApiCaller | null> {
  const token = bearerToken(authorization)
  if (!token) return null
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, select: { id: true, name: true, createdById: true, revokedAt: true, ngo: { select: { id: true, slug: true, name: true } } } })
  if (!row || row.revokedAt) return null
  if (!row.createdById || !(await stillLeading([row.createdById], row.ngo.id)).has(row.createdById)) return null
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
  return { tokenId: row.id, tokenName: row.name, createdById: row.createdById, ngo: row.ngo }
}

let apiLimiter: RateLimiterPrisma | undefined

/**
 * Requests per client address and minute, counted before the token is checked (so guessing is
 * throttled too); 0 when allowed, else the seconds to wait.
 */
export async function apiRetryAfter(ip: string): Promise<number> {
  apiLimiter ??= new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimiterFlexible', keyPrefix: 'api', points: env().API_REQUESTS_PER_MINUTE, duration: 60, clearExpiredByTimeout: false })
  try {
    await apiLimiter.consume(ip)
    return 0
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000))
    throw error
  }
}
