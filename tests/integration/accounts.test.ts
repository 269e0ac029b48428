import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  changePassword,
  createAccountToken,
  createInviteToken,
  isResetTokenUsable,
  login,
  logout,
  logoutEverywhere,
  requestPasswordReset,
  resetPassword,
  signup,
  SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR,
  usableTokenPurpose,
} from '~/server/accounts/accounts.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { verifyPassword } from '~/server/accounts/password.server.ts'
import { deliverDueNotifications, emailOrigin } from '~/server/jobs/notification-worker.server.ts'
import { hashSessionId, lucia } from '~/server/accounts/session.server.ts'
import { auditActions, createUser, pendingEmails, TEST_PASSWORD } from '../support/factories.ts'

const ip = '203.0.113.7'
const sessionIdOf = (cookie: string) => lucia.readSessionCookie(cookie) ?? ''

describe('sign-up (email first)', () => {
  /** The newest email to an address, once the queue delivered (the outbox lists the newest first). */
  async function mailTo(email: string) {
    await deliverDueNotifications()
    const mail = readOutbox().find((m) => m.to === email)
    if (!mail) throw new Error(`no email to ${email}`)
    return mail
  }
  const linksIn = (text: string) => (text.match(/https?:\/\/\S+/g) ?? []).map((link) => new URL(link))

  it('makes an account nobody can log in to, and emails the link where its person chooses a password', async () => {
    await signup({ name: 'Dana', email: 'dana@example.org', locale: 'kk' }, ip)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'dana@example.org' } })
    expect(user.locale).toBe('kk')
    expect(user.passwordHash).toBe('')
    expect(user.emailConfirmedAt).toBeNull()
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await auditActions()).toContain('user.signup')
    // Nothing the sign-up form could post logs in before the link is used.
    expect(await login('dana@example.org', '', ip)).toEqual({ ok: false, error: 'invalidCredentials' })
    // Queued (the page answers before any email goes out), sent in the person's language.
    expect(await pendingEmails({ userId: user.id, kind: 'signup-link' })).toBe(1)
    expect(await db.passwordResetToken.count({ where: { userId: user.id } })).toBe(0)
    const mail = await mailTo('dana@example.org')
    expect(mail.subject).toBe('Бақылаушы мектебі: тіркелуді аяқтаңыз')
    const [link] = linksIn(mail.text)
    expect(link?.pathname).toBe('/reset-password')
    expect(link?.searchParams.get('lng')).toBe('kk')
    const token = link?.searchParams.get('token') ?? ''
    expect(await usableTokenPurpose(token)).toBe('signup')
    const row = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } })
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(6 * 86_400_000)

    const done = await resetPassword(token, 'my own long password', ip)
    if (!done.ok) throw new Error('the sign-up link was refused')
    expect(done.purpose).toBe('signup')
    expect(done.cookie).toMatch(/HttpOnly/i)
    expect(done.cookie).toMatch(/SameSite=Lax/i)
    expect((await lucia.validateSession(sessionIdOf(done.cookie))).user?.id).toBe(user.id)
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(after.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(after.passwordHash, 'my own long password')).toBe(true)
    expect(after.emailConfirmedAt).toBeInstanceOf(Date)
    expect(await auditActions()).toContain('user.signup_completed')
    expect((await login('dana@example.org', 'my own long password', ip)).ok).toBe(true)
    // Once only.
    expect(await resetPassword(token, 'a second long password', ip)).toEqual({ ok: false, error: 'invalidToken' })
  })

  it.each([
    ['confirmed, with a password', 'taken@example.org', { confirmed: true }],
    ['unconfirmed, with a password (signed up before email-first)', 'taken-unconfirmed@example.org', { confirmed: false }],
  ])('changes nothing for an address with an account (%s) and tells its owner, in their language', async (_name, email, overrides) => {
    const owner = await createUser({ email, locale: 'en', name: 'Owner', ...overrides })
    const before = { users: await db.user.count(), tokens: await db.passwordResetToken.count() }
    await signup({ name: 'Someone Else', email, locale: 'ru' }, ip)
    expect(await db.user.count()).toBe(before.users)
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.id } })).toEqual(owner)
    expect(await pendingEmails({ userId: owner.id, kind: 'signup-attempt' })).toBe(1)
    expect(await pendingEmails({ userId: owner.id, kind: 'signup-link' })).toBe(0)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.signup', targetId: owner.id } })
    expect(audit.actorId).toBeNull()
    expect(JSON.parse(audit.details ?? '{}')).toEqual({ accountFound: true })

    const mail = await mailTo(email)
    expect(mail.subject).toBe('Observer School: someone tried to sign up with your address')
    expect(mail.text).toContain('Hello, Owner!')
    expect(linksIn(mail.text).map((l) => l.pathname)).toEqual(['/login', '/forgot-password'])
    // No one-time link: nothing in the email opens or changes the account.
    expect(await db.passwordResetToken.count()).toBe(before.tokens)
    expect((await login(email, TEST_PASSWORD, ip)).ok).toBe(true)
  })

  it('tells an invited account’s owner too (no password, not made by sign-up)', async () => {
    const invited = await db.user.create({ data: { email: 'invited@example.org', name: 'Invited', passwordHash: '', locale: 'ru' } })
    await signup({ name: 'Invited', email: 'invited@example.org', locale: 'ru' }, ip)
    expect(await pendingEmails({ userId: invited.id, kind: 'signup-attempt' })).toBe(1)
    expect(await pendingEmails({ userId: invited.id, kind: 'signup-link' })).toBe(0)
  })

  it('sends a fresh link to an account whose sign-up was never finished; the older link stops working', async () => {
    await signup({ name: 'Lost Mail', email: 'lost@example.org', locale: 'en' }, ip)
    const first = linksIn((await mailTo('lost@example.org')).text)[0]?.searchParams.get('token') ?? ''
    await signup({ name: 'Lost Mail', email: 'lost@example.org', locale: 'en' }, ip)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'lost@example.org' } })
    expect(await db.user.count({ where: { email: 'lost@example.org' } })).toBe(1)
    expect(await pendingEmails({ userId: user.id, kind: 'signup-link' })).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.signup', actorId: null, targetId: user.id } })
    expect(JSON.parse(audit.details ?? '{}')).toEqual({ accountFound: true, linkSentAgain: true })
    const second = linksIn((await mailTo('lost@example.org')).text)[0]?.searchParams.get('token') ?? ''
    expect(second).not.toBe(first)
    expect(await usableTokenPurpose(first)).toBeNull()
    expect((await resetPassword(second, 'finally a password', ip)).ok).toBe(true)
    // Finished: another sign-up with the address is told to the owner, not sent a link.
    await signup({ name: 'Lost Mail', email: 'lost@example.org', locale: 'en' }, ip)
    expect(await pendingEmails({ userId: user.id, kind: 'signup-attempt' })).toBe(1)
  })

  it('sends one account at most SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR sign-up emails in an hour, from however many addresses', async () => {
    const owner = await createUser({ email: 'flooded@example.org', locale: 'en' })
    for (let i = 0; i < SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR + 3; i++) await signup({ name: 'Flood', email: 'flooded@example.org', locale: 'en' }, `198.51.100.${i + 20}`)
    expect(await pendingEmails({ userId: owner.id, kind: 'signup-attempt' })).toBe(SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR)
    const audits = await db.auditEvent.findMany({ where: { action: 'user.signup', targetId: owner.id } })
    expect(audits).toHaveLength(SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR + 3)
    expect(audits.filter((a) => JSON.parse(a.details ?? '{}').emailHeld === true)).toHaveLength(3)
    // An hour later the owner can be written to again.
    await db.notification.updateMany({ where: { userId: owner.id }, data: { createdAt: new Date(Date.now() - 61 * 60 * 1000) } })
    await signup({ name: 'Flood', email: 'flooded@example.org', locale: 'en' }, ip)
    expect(await db.notification.count({ where: { userId: owner.id, kind: 'signup-attempt' } })).toBe(SIGNUP_EMAILS_PER_ACCOUNT_PER_HOUR + 1)
  })

  it('refuses an expired sign-up link', async () => {
    await signup({ name: 'Late', email: 'late-signup@example.org', locale: 'en' }, ip)
    const token = linksIn((await mailTo('late-signup@example.org')).text)[0]?.searchParams.get('token') ?? ''
    await db.passwordResetToken.updateMany({ where: { user: { email: 'late-signup@example.org' } }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await usableTokenPurpose(token)).toBeNull()
    expect(await resetPassword(token, 'whatever password', ip)).toEqual({ ok: false, error: 'invalidToken' })
    expect((await db.user.findUniqueOrThrow({ where: { email: 'late-signup@example.org' } })).passwordHash).toBe('')
  })

  it('lets two sign-ups racing for one new address end with one account and no error', async () => {
    const racers = Array.from({ length: 4 }, (_, i) => signup({ name: `Racer ${i}`, email: 'race@example.org', locale: 'en' }, `198.51.100.${i}`))
    await expect(Promise.all(racers)).resolves.toHaveLength(4)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'race@example.org' } })
    expect(await db.user.count({ where: { email: 'race@example.org' } })).toBe(1)
    // One email per sign-up: the first a link, the others a link again or a word to the owner.
    expect((await pendingEmails({ userId: user.id, kind: 'signup-link' })) + (await pendingEmails({ userId: user.id, kind: 'signup-attempt' }))).toBe(4)
    expect((await deliverDueNotifications()).sent).toBe(4)
  })
})

describe('login', () => {
  it('makes a new session id on every login (rotation)', async () => {
    const user = await createUser({ email: 'rotate@example.org', locale: 'en' })
    const first = await login('rotate@example.org', TEST_PASSWORD, ip)
    const second = await login('rotate@example.org', TEST_PASSWORD, ip)
    if (!first.ok || !second.ok) throw new Error('login failed')
    expect(first.userId).toBe(user.id)
    expect(first.locale).toBe('en')
    expect(sessionIdOf(first.cookie)).not.toBe(sessionIdOf(second.cookie))
  })

  it('gives the same answer for a wrong password and an unknown email', async () => {
    await createUser({ email: 'known@example.org' })
    expect(await login('known@example.org', 'wrong password', ip)).toEqual({ ok: false, error: 'invalidCredentials' })
    expect(await login('unknown@example.org', 'wrong password', ip)).toEqual({ ok: false, error: 'invalidCredentials' })
    expect((await auditActions()).slice(-2)).toEqual(['user.login_failed', 'user.login_failed'])
  })

  it('throttles an account after 5 failures, even with the right password', async () => {
    await createUser({ email: 'target@example.org' })
    for (let i = 0; i < 5; i++) expect((await login('target@example.org', 'guess ' + i, `198.51.100.${i}`)).ok).toBe(false)
    const blocked = await login('target@example.org', TEST_PASSWORD, '198.51.100.99')
    expect(blocked.ok).toBe(false)
    if (blocked.ok || blocked.error !== 'throttled') throw new Error('expected throttled')
    expect(blocked.retryAfterSeconds).toBeGreaterThan(60)
    // Other accounts are unaffected.
    await createUser({ email: 'bystander@example.org' })
    expect((await login('bystander@example.org', TEST_PASSWORD, '198.51.100.99')).ok).toBe(true)
  })

  it('throttles an address after 30 failures across accounts', async () => {
    const attacker = '192.0.2.66'
    for (let i = 0; i < 30; i++) await login(`nobody${i}@example.org`, 'x', attacker)
    await createUser({ email: 'real@example.org' })
    const result = await login('real@example.org', TEST_PASSWORD, attacker)
    expect(result.ok ? 'ok' : result.error).toBe('throttled')
    expect((await login('real@example.org', TEST_PASSWORD, '192.0.2.67')).ok).toBe(true)
  })

  it('a successful login clears the account counter', async () => {
    await createUser({ email: 'forgetful@example.org' })
    for (let i = 0; i < 4; i++) await login('forgetful@example.org', 'nope', ip)
    expect((await login('forgetful@example.org', TEST_PASSWORD, ip)).ok).toBe(true)
    for (let i = 0; i < 4; i++) await login('forgetful@example.org', 'nope', ip)
    expect((await login('forgetful@example.org', TEST_PASSWORD, ip)).ok).toBe(true)
  })
})

describe('sessions are stored as hashes', () => {
  it('keeps only the SHA-256 of the cookie’s session id, and finds the session by it', async () => {
    const user = await createUser({ email: 'hashed@example.org' })
    const result = await login('hashed@example.org', TEST_PASSWORD, ip)
    if (!result.ok) throw new Error('login failed')
    const raw = sessionIdOf(result.cookie)
    expect(raw.length).toBeGreaterThan(20)
    const rows = await db.session.findMany({ where: { userId: user.id } })
    expect(rows.map((r) => r.id)).toEqual([crypto.createHash('sha256').update(raw).digest('hex')])
    expect(hashSessionId(raw)).toBe(rows[0]?.id)
    expect(await db.session.count({ where: { id: raw } })).toBe(0)
    // Lucia gets back the raw id it was given (it reuses it for the refreshed cookie).
    const { session } = await lucia.validateSession(raw)
    expect(session?.id).toBe(raw)
    // The stored value does not work as a cookie.
    expect((await lucia.validateSession(rows[0]?.id ?? '')).session).toBeNull()
  })

  it('extends a session that is past half its life, under the same raw id', async () => {
    await createUser({ email: 'extend@example.org' })
    const result = await login('extend@example.org', TEST_PASSWORD, ip)
    if (!result.ok) throw new Error('login failed')
    const raw = sessionIdOf(result.cookie)
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000)
    await db.session.update({ where: { id: hashSessionId(raw) }, data: { expiresAt: soon } })
    const { session } = await lucia.validateSession(raw)
    expect(session?.fresh).toBe(true)
    expect(session?.id).toBe(raw)
    const row = await db.session.findUniqueOrThrow({ where: { id: hashSessionId(raw) } })
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000)
  })
})

describe('logout', () => {
  it('ends one session, or every session of the person', async () => {
    await createUser({ email: 'multi@example.org' })
    const phone = await login('multi@example.org', TEST_PASSWORD, ip)
    const laptop = await login('multi@example.org', TEST_PASSWORD, ip)
    if (!phone.ok || !laptop.ok) throw new Error('login failed')
    const blank = await logout(sessionIdOf(phone.cookie))
    expect(blank).toMatch(/Max-Age=0/i)
    expect(await db.session.count({ where: { id: hashSessionId(sessionIdOf(phone.cookie)) } })).toBe(0)
    expect((await lucia.validateSession(sessionIdOf(phone.cookie))).session).toBeNull()
    expect((await lucia.validateSession(sessionIdOf(laptop.cookie))).session).not.toBeNull()
    const tablet = await login('multi@example.org', TEST_PASSWORD, ip)
    if (!tablet.ok) throw new Error('login failed')
    await logoutEverywhere(laptop.userId, ip)
    expect(await db.session.count({ where: { userId: laptop.userId } })).toBe(0)
  })
})

describe('change password', () => {
  it('needs the current password, then ends the other sessions', async () => {
    const user = await createUser({ email: 'change@example.org' })
    const other = await login('change@example.org', TEST_PASSWORD, ip)
    if (!other.ok) throw new Error('login failed')
    expect(await changePassword(user.id, 'not it', 'a brand new password', ip)).toEqual({ ok: false, error: 'wrongPassword' })
    const changed = await changePassword(user.id, TEST_PASSWORD, 'a brand new password', ip)
    if (!changed.ok) throw new Error('change failed')
    expect((await lucia.validateSession(sessionIdOf(other.cookie))).session).toBeNull()
    expect((await lucia.validateSession(sessionIdOf(changed.cookie))).session).not.toBeNull()
    expect((await login('change@example.org', TEST_PASSWORD, ip)).ok).toBe(false)
    expect((await login('change@example.org', 'a brand new password', ip)).ok).toBe(true)
  })
})

describe('password reset', () => {
  function linkFromOutbox(to: string): string {
    const mail = readOutbox().find((m) => m.to === to)
    const link = mail?.text.match(/https?:\/\/\S+/)?.[0]
    if (!link) throw new Error('no reset email')
    return link
  }

  it('emails a one-time link in the person’s language that sets a new password and ends old sessions', async () => {
    await createUser({ email: 'reset@example.org', locale: 'kk', name: 'Әсел' })
    const old = await login('reset@example.org', TEST_PASSWORD, ip)
    if (!old.ok) throw new Error('login failed')
    await requestPasswordReset('reset@example.org', ip)
    // Queued, not sent inline: the request does the same work whether or not the account exists.
    expect(readOutbox().filter((m) => m.to === 'reset@example.org')).toEqual([])
    expect(await pendingEmails({ user: { email: 'reset@example.org' }, kind: 'password-reset' })).toBe(1)
    // No token exists until the email is sent.
    expect(await db.passwordResetToken.count({ where: { user: { email: 'reset@example.org' } } })).toBe(0)
    expect((await deliverDueNotifications()).sent).toBe(1)
    const mail = readOutbox().find((m) => m.to === 'reset@example.org')
    expect(mail?.subject).toBe('Бақылаушы мектебі: құпиясөзді қалпына келтіру')
    expect(mail?.text).toContain('Әсел')
    const link = new URL(linkFromOutbox('reset@example.org'))
    // The link's base is APP_URL (never a request's Host header), and it opens in the person's language.
    expect(link.origin).toBe(emailOrigin())
    expect(link.searchParams.get('lng')).toBe('kk')
    const token = link.searchParams.get('token') ?? ''
    expect(await isResetTokenUsable(token)).toBe(true)
    // Only a hash of the token is stored.
    expect(await db.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0)

    const reset = await resetPassword(token, 'my new long password', ip)
    expect(reset.ok).toBe(true)
    expect((await lucia.validateSession(sessionIdOf(old.cookie))).session).toBeNull()
    expect((await login('reset@example.org', 'my new long password', ip)).ok).toBe(true)
    expect(await resetPassword(token, 'another password 2', ip)).toEqual({ ok: false, error: 'invalidToken' })
    expect(await auditActions()).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']))
  })

  it('stops every other link that sets a password once the password is changed or set by one of them', async () => {
    // Outside probe after session 39: a reset link asked for before the owner changed their password
    // still worked afterwards, and took the account back (the owner's new session ended).
    const user = await createUser({ email: 'links@example.org' })
    await requestPasswordReset('links@example.org', ip)
    await deliverDueNotifications()
    const resetToken = new URL(linkFromOutbox('links@example.org')).searchParams.get('token') ?? ''
    const confirmToken = await createAccountToken(user.id, 'confirm', new Date())
    const changed = await changePassword(user.id, TEST_PASSWORD, 'the owner’s new password', ip)
    if (!changed.ok) throw new Error('change failed')
    expect(await isResetTokenUsable(resetToken)).toBe(false)
    expect(await resetPassword(resetToken, 'someone else’s password', ip)).toEqual({ ok: false, error: 'invalidToken' })
    expect((await lucia.validateSession(sessionIdOf(changed.cookie))).session).not.toBeNull()
    expect((await login('links@example.org', 'the owner’s new password', ip)).ok).toBe(true)
    // A password set by one link ends the others (an invitation lasts 14 days); a confirmation sets no password and stays.
    const invite = await createInviteToken(user.id)
    const reset = await createAccountToken(user.id, 'reset', new Date())
    expect((await resetPassword(reset, 'a password from the reset', ip)).ok).toBe(true)
    expect(await isResetTokenUsable(invite)).toBe(false)
    expect(await resetPassword(invite, 'a password from the invitation', ip)).toEqual({ ok: false, error: 'invalidToken' })
    expect(await db.passwordResetToken.count({ where: { userId: user.id, usedAt: null, purpose: 'confirm', tokenHash: crypto.createHash('sha256').update(confirmToken).digest('hex') } })).toBe(1)
  })

  it('queues nothing for an unknown address and refuses expired or made-up tokens', async () => {
    const before = await db.notification.count()
    await requestPasswordReset('ghost@example.org', ip)
    expect(await db.notification.count()).toBe(before)
    await deliverDueNotifications()
    expect(readOutbox().filter((m) => m.to === 'ghost@example.org')).toEqual([])
    expect(await auditActions()).toContain('user.password_reset_requested')
    expect(await resetPassword('made-up-token-value', 'whatever password', ip)).toEqual({ ok: false, error: 'invalidToken' })

    await createUser({ email: 'late@example.org' })
    await requestPasswordReset('late@example.org', ip)
    await deliverDueNotifications()
    const token = new URL(linkFromOutbox('late@example.org')).searchParams.get('token') ?? ''
    await db.passwordResetToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await isResetTokenUsable(token)).toBe(false)
    expect(await resetPassword(token, 'whatever password', ip)).toEqual({ ok: false, error: 'invalidToken' })
  })
})
