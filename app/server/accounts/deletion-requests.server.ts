/**
 * A person asks, from their account page, for their data to be deleted. The request is recorded on
 * the account (and audited), every coalition admin gets a message, and /admin/people lists pending
 * requests; an admin then anonymises the person (anonymise.server.ts), typically once the campaign
 * is over. The person may cancel while it is pending.
 */
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { notify } from '../jobs/notifications.server.ts'

export async function deletionRequestOf(userId: string): Promise<Date | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { deletionRequestedAt: true } })
  return user?.deletionRequestedAt ?? null
}

/**
 * Records the request and tells the admins (not the person themselves, if they are one), in one
 * transaction. Asking again while a request is pending changes nothing and tells nobody again.
 */
export async function requestDeletion(userId: string, ip: string, now = new Date()): Promise<{ requestedAt: Date; alreadyRequested: boolean }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { deletionRequestedAt: true } })
    if (user.deletionRequestedAt) return { requestedAt: user.deletionRequestedAt, alreadyRequested: true }
    await tx.user.update({ where: { id: userId }, data: { deletionRequestedAt: now } })
    await recordAudit({ actorId: userId, action: 'account.deletion_requested', targetType: 'user', targetId: userId, ip }, tx)
    // The message names nobody: the admins see who on the list it links to.
    const admins = await tx.user.findMany({ where: { isAdmin: true, anonymisedAt: null, id: { not: userId } }, select: { id: true } })
    for (const admin of admins) await notify(admin.id, 'account.deletion_requested', {}, tx)
    return { requestedAt: now, alreadyRequested: false }
  })
}

/** Withdraws a pending request; false when there was none. */
export async function cancelDeletion(userId: string, ip: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({ where: { id: userId, deletionRequestedAt: { not: null }, anonymisedAt: null }, data: { deletionRequestedAt: null } })
    if (changed.count === 0) return false
    await recordAudit({ actorId: userId, action: 'account.deletion_cancelled', targetType: 'user', targetId: userId, ip }, tx)
    return true
  })
}

/** Requests not yet acted on, for the admins' tab. */
export async function countPendingDeletions(): Promise<number> {
  return db.user.count({ where: { deletionRequestedAt: { not: null }, anonymisedAt: null } })
}
