/** Accounts as coalition admins see them: search, roles, the admin flag, requests to delete their data. */
import { pageCount } from '~/domain/paging.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { databaseProvider, db, type Prisma, type Tx } from '../platform/db.server.ts'
import { addressUnproven } from './address.server.ts'

export const PEOPLE_PAGE_SIZE = 25

/** `deletionRequested`: only people who asked for their data to be deleted and are not anonymised yet. */
export async function listPeople({ page, query, deletionRequested = false }: { page: number; query?: string; deletionRequested?: boolean }) {
  const where: Prisma.UserWhereInput = {
    ...(query ? { OR: [{ email: { contains: query.toLowerCase() } }, { name: { contains: query } }] } : {}),
    ...(deletionRequested ? { deletionRequestedAt: { not: null }, anonymisedAt: null } : {}),
  }
  const [total, people] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      // The oldest request first: it has waited longest. Otherwise the newest account first, and among
      // accounts made at the same moment (an import makes many) by id, so pages neither repeat nor
      // skip anyone (User_createdAt_id_idx serves this order).
      orderBy: deletionRequested ? [{ deletionRequestedAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PEOPLE_PAGE_SIZE,
      take: PEOPLE_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        email: true,
        isAdmin: true,
        createdAt: true,
        deletionRequestedAt: true,
        anonymisedAt: true,
        emailConfirmedAt: true,
        memberships: { select: { role: true, ngo: { select: { id: true, name: true } } } },
      },
    }),
  ])
  return { total, people, pageCount: pageCount(total, PEOPLE_PAGE_SIZE) }
}

/**
 * How many coalition admins there are, for a decision that must leave one (a flag withdrawn, a person
 * anonymised). On PostgreSQL the admins' rows are locked until the transaction ends: two admins
 * withdrawing each other's flag at the same moment had both counted two and left none; the second now
 * waits for the first and counts what it left. On SQLite the transaction already holds the write lock.
 */
export async function lockedAdminCount(tx: Tx): Promise<number> {
  if (databaseProvider() === 'sqlite') return tx.user.count({ where: { isAdmin: true } })
  const admins = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "isAdmin" = true FOR UPDATE`
  return admins.length
}

export type AdminFlagResult = { ok: true } | { ok: false; error: 'lastAdmin' | 'noSuchUser' | 'unconfirmed' }

/**
 * Grants or withdraws coalition admin; the last admin cannot be removed (the coalition would be
 * locked out), and nobody is made an admin whose address is not confirmed (whoever signed up with it
 * may not be its owner).
 */
export async function setAdminFlag(actorId: string, userId: string, isAdmin: boolean, ip: string): Promise<AdminFlagResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, isAdmin: true, email: true, anonymisedAt: true, passwordHash: true, emailConfirmedAt: true } })
    // An anonymised account is nobody any more: it cannot be made an admin.
    if (!user || (user.anonymisedAt && isAdmin)) return { ok: false, error: 'noSuchUser' } as const
    if (isAdmin && !user.isAdmin && addressUnproven(user)) return { ok: false, error: 'unconfirmed' } as const
    if (user.isAdmin && !isAdmin && (await lockedAdminCount(tx)) <= 1) return { ok: false, error: 'lastAdmin' } as const
    await tx.user.update({ where: { id: userId }, data: { isAdmin } })
    await recordAudit({ actorId, action: isAdmin ? 'user.admin_granted' : 'user.admin_revoked', targetType: 'user', targetId: userId, ip, details: { email: user.email } }, tx)
    return { ok: true } as const
  })
}

export async function adminOverview() {
  const [ngos, campaigns, users, leads, trainers] = await Promise.all([
    db.ngo.count(),
    db.campaign.count(),
    db.user.count(),
    db.membership.count({ where: { role: 'LEAD' } }),
    db.membership.count({ where: { role: 'TRAINER' } }),
  ])
  return { ngos, campaigns, users, leads, trainers }
}

/** The roles a person holds in NGOs, for their own account page. */
export async function listMembershipsOf(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { id: true, role: true, ngo: { select: { name: true, slug: true } } },
    orderBy: { createdAt: 'asc' },
  })
  return memberships.map((m) => ({ id: m.id, role: m.role, ngoName: m.ngo.name, ngoSlug: m.ngo.slug }))
}

/** Throws when the database cannot be reached (health checks). */
export async function checkDatabase(): Promise<void> {
  await db.region.count()
}
