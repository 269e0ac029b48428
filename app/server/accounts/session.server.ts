/**
 * Lucia v3 sessions over Prisma. Lucia upstream is in maintenance, so it stays behind this module:
 * the adapter below is the whole contract (Session(id, userId, expiresAt)).
 *
 * The database never holds a session id that works as a cookie: `Session.id` is the SHA-256 of the
 * id Lucia hands the adapter, hashed on every read, write and delete, so a leaked database or backup
 * opens no session. Lucia reuses the id the adapter returns (to extend a session and to refresh its
 * cookie), so reads answer with the raw id they were given, never the stored hash.
 */
import crypto from 'node:crypto'
import { Lucia, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia'
import type { Locale } from '~/domain/locale.ts'
import { percentDecodes } from '~/domain/percent-encoding.ts'
import { db, plainRead } from '../platform/db.server.ts'
import { secureCookies } from '../platform/env.server.ts'

interface SessionRow {
  userId: string
  expiresAt: Date | string
  email: string
  name: string
  locale: Locale
  isAdmin: boolean | number
}

/** What `Session.id` stores for a session id. */
export function hashSessionId(sessionId: string): string {
  return crypto.createHash('sha256').update(sessionId).digest('hex')
}

class PrismaSessionAdapter implements Adapter {
  /**
   * Read on every request of a logged-in visitor: one plain statement (plainRead; Prisma's `include`
   * makes two and costs about ten times as much CPU), and never cached between requests, so a session
   * ended by a logout, on any worker, is refused on the very next request.
   */
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const rows = await plainRead<SessionRow>`
      SELECT s."userId", s."expiresAt", u."email", u."name", u."locale", u."isAdmin"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId"
      WHERE s."id" = ${hashSessionId(sessionId)}`
    const row = rows[0]
    if (!row) return [null, null]
    const user = { id: row.userId, email: row.email, name: row.name, locale: row.locale, isAdmin: Boolean(row.isAdmin) }
    return [
      { id: sessionId, userId: row.userId, expiresAt: new Date(row.expiresAt), attributes: {} },
      { id: user.id, attributes: user },
    ]
  }
  /** Only the hashes are known here; nothing in the app lists sessions by id. */
  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await db.session.findMany({ where: { userId } })
    return rows.map((s) => ({ id: s.id, userId: s.userId, expiresAt: s.expiresAt, attributes: {} }))
  }
  async setSession(session: DatabaseSession): Promise<void> {
    await db.session.create({ data: { id: hashSessionId(session.id), userId: session.userId, expiresAt: session.expiresAt } })
  }
  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await db.session.updateMany({ where: { id: hashSessionId(sessionId) }, data: { expiresAt } })
  }
  async deleteSession(sessionId: string): Promise<void> {
    await db.session.deleteMany({ where: { id: hashSessionId(sessionId) } })
  }
  async deleteUserSessions(userId: string): Promise<void> {
    await db.session.deleteMany({ where: { userId } })
  }
  async deleteExpiredSessions(): Promise<void> {
    await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } })
  }
}

export const SESSION_COOKIE_NAME = 'os_session'

export const lucia = new Lucia(new PrismaSessionAdapter(), {
  sessionCookie: {
    name: SESSION_COOKIE_NAME,
    attributes: { secure: secureCookies(), sameSite: 'lax' },
  },
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    name: attributes.name,
    locale: attributes.locale,
    isAdmin: attributes.isAdmin,
  }),
})

/**
 * The session id in a request's Cookie header. Lucia's reader decodes every cookie of the header, so
 * one cookie with a stray `%` (another application's on the same domain, or a hand-made one) threw,
 * and every page answered 500. Pairs that do not decode are left out before it reads them.
 */
export function sessionIdFromCookies(header: string): string | null {
  try {
    return lucia.readSessionCookie(header)
  } catch {
    return lucia.readSessionCookie(header.split('; ').filter(percentDecodes).join('; '))
  }
}

declare module 'lucia' {
  interface Register {
    Lucia: typeof lucia
    DatabaseUserAttributes: { email: string; name: string; locale: Locale; isAdmin: boolean }
  }
}

export type SessionUser = { id: string; email: string; name: string; locale: Locale; isAdmin: boolean }
