/**
 * Whether the person who can log in to an account reads its address's mail. Signing up proves
 * nothing: anyone can type another person's address. Whoever signed up with a volunteer's address
 * before the NGO added the volunteer from a paper form would otherwise have got the application
 * with its IIN and phone, and an admin giving that address a lead's role would have given it to
 * them. So an account's address counts once a link emailed to it was used: the confirmation sent on
 * signing up (asked again from the account page), a password reset, an invitation claimed.
 */
import { ADDRESS_CONFIRMATION_KIND } from '~/domain/notifications.ts'
import type { Locale } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, type Tx } from '../platform/db.server.ts'
import type { Email } from '../platform/email.server.ts'
import { CONFIRM_TOKEN_TTL_MS, createAccountToken, hashToken, queueLinkEmail, usableToken } from './accounts.server.ts'
import { NO_PASSWORD, passwordChosen } from './password.server.ts'

/** A new confirmation link is sent at most this often (each one replaces the last). */
export const CONFIRMATION_RESEND_MS = 5 * 60 * 1000

/** Someone can log in to the account (it has a password) without having shown the address is theirs. */
export function addressUnproven(user: { passwordHash: string; emailConfirmedAt: Date | null }): boolean {
  return passwordChosen(user.passwordHash) && user.emailConfirmedAt === null
}

/** Whether the person has shown the account's address is theirs. */
export async function isAddressConfirmed(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailConfirmedAt: true } })
  return !!user?.emailConfirmedAt
}

/**
 * An account whose address is unproven, taken back for the address's owner inside the caller's
 * transaction (a lead has added the address's owner as a recruit): its password cleared and its
 * sessions ended, so only the invitation emailed to the address opens it again. The application
 * drafts whoever signed up typed (an IIN, a phone: theirs or made up) are deleted, so the owner's
 * form is never filled in with them nor their data download holds them.
 */
export async function reclaimForAddressOwner(tx: Tx, userId: string, audit: { actorId: string; ngoId: string; ip: string; source: string }): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash: NO_PASSWORD } })
  await tx.session.deleteMany({ where: { userId } })
  const drafts = await tx.applicationDraft.deleteMany({ where: { userId } })
  await recordAudit({ actorId: audit.actorId, action: 'user.reclaimed', targetType: 'user', targetId: userId, ngoId: audit.ngoId, ip: audit.ip, details: { source: audit.source, draftsDeleted: drafts.count } }, tx)
}

/** The queued confirmation email, in the person's language, with a link made now (see the worker). */
export async function addressConfirmationEmail(user: { id: string; email: string; name: string; locale: Locale }, origin: string, now = new Date()): Promise<Email> {
  const token = await createAccountToken(user.id, 'confirm', now)
  const t = await getFixedT(user.locale)
  const link = `${origin}/confirm-email?${new URLSearchParams({ token, lng: user.locale })}`
  return { to: user.email, subject: t('email.confirm.subject'), text: t('email.confirm.body', { name: user.name, link, days: CONFIRM_TOKEN_TTL_MS / 86_400_000 }) }
}

export type ConfirmationRequest = { ok: true } | { ok: false; error: 'confirmed' } | { ok: false; error: 'tooSoon'; minutes: number }

/** Another confirmation link (the account page's button): not for a confirmed address, nor twice in five minutes. */
export async function requestAddressConfirmation(userId: string, ip: string, now = new Date()): Promise<ConfirmationRequest> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailConfirmedAt: true } })
    if (user.emailConfirmedAt) return { ok: false, error: 'confirmed' } as const
    const last = await tx.notification.findFirst({ where: { userId, kind: ADDRESS_CONFIRMATION_KIND }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } })
    const wait = last ? last.createdAt.getTime() + CONFIRMATION_RESEND_MS - now.getTime() : 0
    if (wait > 0) return { ok: false, error: 'tooSoon', minutes: Math.ceil(wait / 60_000) } as const
    await queueLinkEmail(tx, userId, ADDRESS_CONFIRMATION_KIND, now)
    await recordAudit({ actorId: userId, action: 'user.confirmation_requested', targetType: 'user', targetId: userId, ip }, tx)
    return { ok: true } as const
  })
}

/** What a confirmation link is to the person logged in: theirs to use, another account's, or spent (used, expired, unknown). */
export async function confirmationLinkState(userId: string, token: string, now = new Date()): Promise<'usable' | 'otherAccount' | 'unusable'> {
  if (!token) return 'unusable'
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { userId: true, purpose: true, usedAt: true, expiresAt: true } })
  if (!usableToken(row, ['confirm'], now)) return 'unusable'
  return row.userId === userId ? 'usable' : 'otherAccount'
}

/**
 * Confirms the address with its link, for the person logged in to that account only: a link opened
 * by a mail scanner, or by the address's owner who never signed up, confirms nothing.
 */
export async function confirmAddress(userId: string, token: string, ip: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, purpose: true, usedAt: true, expiresAt: true } })
    if (!usableToken(row, ['confirm'], now) || row.userId !== userId) return false
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } })
    if (claimed.count !== 1) return false
    await tx.user.updateMany({ where: { id: userId, emailConfirmedAt: null }, data: { emailConfirmedAt: now } })
    await recordAudit({ actorId: userId, action: 'user.email_confirmed', targetType: 'user', targetId: userId, ip }, tx)
    return true
  })
}
