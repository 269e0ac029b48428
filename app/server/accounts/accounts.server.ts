/** Sign-up (email first), login, logout, password change and reset; the one-time links emailed for them. */
import crypto from 'node:crypto'
import type { Locale } from '~/domain/locale.ts'
import { PASSWORD_RESET_KIND, SIGNUP_LINK_KIND, SIGNUP_ATTEMPT_KIND, type AccountEmailKind } from '~/domain/notifications.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { safeRedirect } from '~/domain/validation/auth.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, isUniqueViolation, type Tx } from '../platform/db.server.ts'
import { queueJob } from '../jobs/queue.server.ts'
import type { Email } from '../platform/email.server.ts'
import { dummyPasswordHash, hashPassword, NO_PASSWORD, passwordChosen, passwordUsable, verifyPassword } from './password.server.ts'
import { lucia } from './session.server.ts'
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from '../platform/throttle.server.ts'

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000
/** An invitation waits longer than a reset: the person may not read their mail for a while. */
export const INVITE_TOKEN_TTL_MS = 14 * 24 * 60 * 60 * 1000
/** The link that confirms an address after signing up (a new one can be asked for on the account page). */
export const CONFIRM_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** The sign-up's link, where the person chooses a password (signing up again sends a new one). */
export const SIGNUP_TOKEN_TTL_MS = CONFIRM_TOKEN_TTL_MS

/** A new session's Set-Cookie value. Every login makes a new session id (rotation). */
async function startSession(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {})
  return lucia.createSessionCookie(session.id).serialize()
}

/**
 * Email-first sign-up. Every valid request takes the same path to the same answer ("check your
 * inbox"): one lookup, then one transaction with the audit record and one queued email, so neither
 * the page nor its timing tells whether the address has an account.
 * - A new address: an account without a password (nobody can log in to it) and an emailed link
 *   where its person chooses one, which also shows the address is theirs.
 * - An account made by sign-up whose link was never used (no password, a sign-up link queued for it
 *   before): a fresh link, so whoever lost the first email can sign up again.
 * - Any other account: nothing changes; its owner is told someone signed up with the address, with
 *   links to log in and to reset the password.
 */
export async function signup(input: { name: string; email: string; locale: Locale; redirectTo?: string }, ip: string): Promise<void> {
  // The page that sent them to sign up (an NGO's apply form, say): the emailed links lead back to it.
  const back = withRedirect(input.redirectTo ?? '')
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, notifications: { where: { kind: SIGNUP_LINK_KIND }, select: { id: true }, take: 1 } },
  })
  if (existing) {
    const unfinished = !passwordChosen(existing.passwordHash) && existing.notifications.length > 0
    await answerExistingAccount(existing.id, unfinished, ip, back)
    return
  }
  try {
    await db.$transaction(async (tx) => {
      // No password (as for an invited account: it matches none) until the emailed link sets one.
      const created = await tx.user.create({ data: { name: input.name, email: input.email, passwordHash: NO_PASSWORD, locale: input.locale }, select: { id: true } })
      await recordAudit({ actorId: created.id, action: 'user.signup', targetType: 'user', targetId: created.id, ip }, tx)
      await queueLinkEmail(tx, created.id, SIGNUP_LINK_KIND, new Date(), back)
    })
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides; the other is answered as for any account.
    if (!isUniqueViolation(error)) throw error
    const winner = await db.user.findUnique({ where: { email: input.email }, select: { id: true } })
    if (winner) await answerExistingAccount(winner.id, false, ip, back)
  }
}

/**
 * At most this many sign-up emails (links and words to the owner) to one account in an hour: the
 * form's limit is per client address, so someone posting from many addresses still cannot flood a
 * person's inbox through it. Past it the sign-up is audited and answered alike, with no email.
 */
export const SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR = 5

/** A sign-up with an address that has an account: a fresh sign-up link for an unfinished one, else a word to its owner. */
async function answerExistingAccount(userId: string, unfinished: boolean, ip: string, back: { redirectTo?: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const lately = await tx.notification.count({ where: { userId, kind: { in: [SIGNUP_LINK_KIND, SIGNUP_ATTEMPT_KIND] }, createdAt: { gt: new Date(Date.now() - 60 * 60 * 1000) } } })
    const held = lately >= SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR
    if (!held) await queueLinkEmail(tx, userId, unfinished ? SIGNUP_LINK_KIND : SIGNUP_ATTEMPT_KIND, new Date(), back)
    const details = { accountFound: true, ...(unfinished ? { linkSentAgain: !held } : {}), ...(held ? { emailHeld: true } : {}) }
    await recordAudit({ actorId: null, action: 'user.signup', targetType: 'user', targetId: userId, ip, details }, tx)
  })
}

export type LoginResult =
  | { ok: true; userId: string; isAdmin: boolean; locale: Locale; cookie: string }
  | { ok: false; error: 'invalidCredentials' }
  | { ok: false; error: 'throttled'; retryAfterSeconds: number }

export async function login(email: string, password: string, ip: string): Promise<LoginResult> {
  const retryAfterSeconds = await loginRetryAfter(email, ip)
  if (retryAfterSeconds > 0) return { ok: false, error: 'throttled', retryAfterSeconds }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, locale: true, isAdmin: true } })
  // An account without a password (invited, or signed up and not finished) is verified against the
  // dummy too: refused as slowly as a wrong password, so login's timing does not tell it apart.
  const hasPassword = !!user && passwordUsable(user.passwordHash)
  const valid = await verifyPassword(hasPassword ? user.passwordHash : await dummyPasswordHash(), password)
  if (!user || !hasPassword || !valid) {
    await recordLoginFailure(email, ip)
    await recordAudit({ actorId: user?.id ?? null, action: 'user.login_failed', details: { email }, ip })
    return { ok: false, error: 'invalidCredentials' }
  }
  await clearLoginFailures(email)
  await recordAudit({ actorId: user.id, action: 'user.login', targetType: 'user', targetId: user.id, ip })
  return { ok: true, userId: user.id, isAdmin: user.isAdmin, locale: user.locale, cookie: await startSession(user.id) }
}

export async function logout(sessionId: string): Promise<string> {
  await lucia.invalidateSession(sessionId)
  return lucia.createBlankSessionCookie().serialize()
}

export async function logoutEverywhere(userId: string, ip: string): Promise<string> {
  await lucia.invalidateUserSessions(userId)
  await recordAudit({ actorId: userId, action: 'user.logout_everywhere', targetType: 'user', targetId: userId, ip })
  return lucia.createBlankSessionCookie().serialize()
}

export async function updateProfile(userId: string, input: { name: string; locale: Locale }, ip: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Named fields only: whatever else the caller's object carries (a form's `intent`) is not a column.
    await tx.user.update({ where: { id: userId }, data: { name: input.name, locale: input.locale } })
    await recordAudit({ actorId: userId, action: 'user.profile_updated', targetType: 'user', targetId: userId, ip, details: { locale: input.locale } }, tx)
  })
}

export async function setUserLocale(userId: string, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } })
}

export type ChangePasswordResult = { ok: true; cookie: string } | { ok: false; error: 'wrongPassword' }

/** Changes the password and ends every other session: a stolen session dies with the old password. */
export async function changePassword(userId: string, currentPassword: string, newPassword: string, ip: string): Promise<ChangePasswordResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false, error: 'wrongPassword' }
  const passwordHash = await hashPassword(newPassword)
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await tx.session.deleteMany({ where: { userId } })
    await endPasswordLinks(tx, userId)
    await recordAudit({ actorId: userId, action: 'user.password_changed', targetType: 'user', targetId: userId, ip }, tx)
  })
  return { ok: true, cookie: await startSession(userId) }
}

/**
 * An email of the account machinery (a password reset, an address's confirmation, a sign-up's link,
 * a word that someone signed up with the address), its one-time link made when it is sent,
 * queued in the caller's transaction: a `Notification` row the inbox never shows, and its job.
 */
export async function queueLinkEmail(tx: Tx, userId: string, kind: AccountEmailKind, createdAt = new Date(), params: { redirectTo?: string } = {}): Promise<void> {
  const queued = await tx.notification.create({ data: { userId, kind, createdAt, params: JSON.stringify(params) }, select: { id: true } })
  await queueJob(tx, 'notification.email', queued.id)
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/**
 * Queues a reset email when the address has an account. Both cases take the same path: one lookup,
 * then one transaction with the audit record (and, for an account, the queued email); nothing is
 * sent here. The caller shows the same message either way, so neither the answer nor its timing
 * tells who has an account.
 */
export async function requestPasswordReset(email: string, ip: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } })
  await db.$transaction(async (tx) => {
    if (user) {
      await queueLinkEmail(tx, user.id, PASSWORD_RESET_KIND)
    }
    await recordAudit(
      user ? { actorId: user.id, action: 'user.password_reset_requested', targetType: 'user', targetId: user.id, ip } : { actorId: null, action: 'user.password_reset_requested', details: { accountFound: false }, ip },
      tx,
    )
  })
}

export type TokenPurpose = 'reset' | 'invite' | 'confirm' | 'signup'
/** What a link that sets a password (the reset page) is for: a reset, an invitation, a sign-up. */
export type PasswordPurpose = 'reset' | 'invite' | 'signup'
const PASSWORD_PURPOSES: readonly TokenPurpose[] = ['reset', 'invite', 'signup']

/** A stored link that still works for one of `purposes`: there, unused and unexpired. */
export function usableToken<Row extends { purpose: string; usedAt: Date | null; expiresAt: Date }>(row: Row | null, purposes: readonly TokenPurpose[], now = new Date()): row is Row {
  return !!row && !row.usedAt && row.expiresAt > now && (purposes as readonly string[]).includes(row.purpose)
}
/**
 * Once a password is set (changed on the account page, or by one emailed link) the other links that
 * set one stop working: a reset link someone else asked for (or read in the mailbox) before the owner
 * changed the password, an unused invitation or sign-up link, would otherwise take the account back
 * for up to their 14 days. An address's confirmation sets no password and stays.
 */
async function endPasswordLinks(tx: Tx, userId: string): Promise<void> {
  await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null, purpose: { in: [...PASSWORD_PURPOSES] } } })
}
const TOKEN_TTL_MS: Record<TokenPurpose, number> = { reset: RESET_TOKEN_TTL_MS, invite: INVITE_TOKEN_TTL_MS, confirm: CONFIRM_TOKEN_TTL_MS, signup: SIGNUP_TOKEN_TTL_MS }

/**
 * A one-time link's token, made when its email is sent (only its hash is stored, never the token);
 * an older unused token for the same purpose stops working. An invitation (an account a lead
 * created) lasts 14 days, an address's confirmation and a sign-up's link 7, a reset one hour.
 */
export async function createAccountToken(userId: string, purpose: TokenPurpose, now: Date): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  const ttl = TOKEN_TTL_MS[purpose]
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId, purpose, usedAt: null } })
    await tx.passwordResetToken.create({ data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttl) } })
  })
  return token
}

/** The invitation's one-time link (the reset page sets the first password). */
export function createInviteToken(userId: string, now = new Date()): Promise<string> {
  return createAccountToken(userId, 'invite', now)
}

/** The queued reset email, worded in the person's language, with a link made now (see the worker). */
export async function passwordResetEmail(user: { id: string; email: string; name: string; locale: Locale }, origin: string, now = new Date()): Promise<Email> {
  const token = await createAccountToken(user.id, 'reset', now)
  const t = await getFixedT(user.locale)
  const link = `${origin}/reset-password?${new URLSearchParams({ token, lng: user.locale })}`
  return { to: user.email, subject: t('email.reset.subject'), text: t('email.reset.body', { name: user.name, link, minutes: RESET_TOKEN_TTL_MS / 60000 }) }
}

/** The sign-up's email, in the person's language, with a link made now (see the worker) to choose a password. */
export async function signupLinkEmail(user: { id: string; email: string; name: string; locale: Locale }, origin: string, now = new Date(), redirectTo = ''): Promise<Email> {
  const token = await createAccountToken(user.id, 'signup', now)
  const t = await getFixedT(user.locale)
  const link = `${origin}/reset-password?${new URLSearchParams({ token, lng: user.locale, ...withRedirect(redirectTo) })}`
  return { to: user.email, subject: t('email.signup.subject'), text: t('email.signup.body', { name: user.name, link, days: SIGNUP_TOKEN_TTL_MS / 86_400_000 }) }
}

/** To an account's address when someone signed up with it: no token, only the pages to log in and to reset the password. */
export async function signupAttemptEmail(user: { email: string; name: string; locale: Locale }, origin: string, redirectTo = ''): Promise<Email> {
  const t = await getFixedT(user.locale)
  const lng = new URLSearchParams({ lng: user.locale })
  const login = new URLSearchParams({ lng: user.locale, ...withRedirect(redirectTo) })
  return { to: user.email, subject: t('email.signupAttempt.subject'), text: t('email.signupAttempt.body', { name: user.name, loginLink: `${origin}/login?${login}`, resetLink: `${origin}/forgot-password?${lng}` }) }
}

/** The page a sign-up's emails lead back to, as link parameters: only a path of this site. */
const withRedirect = (redirectTo: string): { redirectTo?: string } => {
  const path = safeRedirect(redirectTo, '')
  return path ? { redirectTo: path } : {}
}

/** What an unused, unexpired link that sets a password is for (the reset page greets an invited or signing-up person differently), or null. */
export async function usableTokenPurpose(token: string): Promise<PasswordPurpose | null> {
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true, expiresAt: true, purpose: true } })
  if (!usableToken(row, PASSWORD_PURPOSES)) return null
  return row.purpose === 'invite' || row.purpose === 'signup' ? row.purpose : 'reset'
}

export async function isResetTokenUsable(token: string): Promise<boolean> {
  return (await usableTokenPurpose(token)) !== null
}

export type ResetResult = { ok: true; cookie: string; purpose: PasswordPurpose } | { ok: false; error: 'invalidToken' }

/**
 * Sets the password with an emailed link (a reset, an invitation, a sign-up's), once: the address is
 * confirmed with it, every other session ends, and a new session starts.
 */
export async function resetPassword(token: string, newPassword: string, ip: string): Promise<ResetResult> {
  const passwordHash = await hashPassword(newPassword)
  const claimed = await db.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) } })
    const now = new Date()
    if (!usableToken(row, PASSWORD_PURPOSES, now)) return null
    // Claim the token first so two submissions of the same link change the password once.
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } })
    if (claimed.count !== 1) return null
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } })
    // The link came by email to the account's address: its owner has it.
    await tx.user.updateMany({ where: { id: row.userId, emailConfirmedAt: null }, data: { emailConfirmedAt: now } })
    await tx.session.deleteMany({ where: { userId: row.userId } })
    await endPasswordLinks(tx, row.userId)
    const purpose: PasswordPurpose = row.purpose === 'invite' || row.purpose === 'signup' ? row.purpose : 'reset'
    await recordAudit({ actorId: row.userId, action: purpose === 'signup' ? 'user.signup_completed' : 'user.password_reset', targetType: 'user', targetId: row.userId, ip }, tx)
    return { userId: row.userId, purpose }
  })
  if (!claimed) return { ok: false, error: 'invalidToken' }
  const user = await db.user.findUniqueOrThrow({ where: { id: claimed.userId }, select: { email: true } })
  await clearLoginFailures(user.email)
  return { ok: true, purpose: claimed.purpose, cookie: await startSession(claimed.userId) }
}

// Defined with the database client (the job queue needs it too); kept importable from here for its many users.
export { isUniqueViolation }
