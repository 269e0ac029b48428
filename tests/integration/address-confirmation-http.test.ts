/**
 * An account's address counts once its owner used a link emailed to it. Found by an outside probe:
 * whoever signed up first with a volunteer's address got the application an NGO later added for that
 * address (IIN, phone, birth date in the account's data download), and an admin could give such an
 * account a lead's role. Over HTTP against the built app, the emails through the real queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NgoScope } from '~/domain/permissions.ts'
import { applicationSchema } from '~/domain/validation/application.ts'
import { ADDRESS_CONFIRMATION_KIND } from '~/domain/notifications.ts'
import { hashToken, queueLinkEmail } from '~/server/accounts/accounts.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { addRecruit } from '~/server/recruitment/recruitment.server.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

const client = () => new Client(app.url, { 'Accept-Language': 'en' })

/**
 * An account made before sign-up went email first: a password, an unconfirmed address, the link to
 * confirm it queued with the account, and its person logged in. Such accounts keep working as they did.
 */
async function signedUpBefore(email: string) {
  const user = await createUser({ email, name: 'Signed Up', locale: 'en', confirmed: false })
  await db.$transaction((tx) => queueLinkEmail(tx, user.id, ADDRESS_CONFIRMATION_KIND))
  const c = client()
  await c.login(email, TEST_PASSWORD)
  return c
}

/** The newest link to `page` emailed to an address (the queue delivered first). */
async function linkTo(email: string, page = '/confirm-email'): Promise<URL> {
  await deliverDueNotifications()
  const links = readOutbox()
    .filter((m) => m.to === email)
    .map((m) => new URL(m.text.match(/https?:\/\/\S+/)?.[0] ?? 'http://none/'))
    .filter((link) => link.pathname === page)
  const newest = await db.passwordResetToken.findFirst({ where: { user: { email } }, orderBy: { createdAt: 'desc' }, select: { tokenHash: true } })
  const link = links.find((l) => hashToken(l.searchParams.get('token') ?? '') === newest?.tokenHash)
  if (!link) throw new Error(`no link to ${page} emailed to ${email}`)
  return link
}

const confirmedAt = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).emailConfirmedAt

describe('signing up, email first', () => {
  const form = (email: string) => ({ name: 'Aruzhan Test', email, locale: 'en' })
  /** What the visitor sees: the status, the page (its per-request nonce aside) and the cookies set. */
  async function answer(email: string) {
    const response = await client().post('/signup', form(email))
    return { status: response.status, body: (await response.text()).replace(/ nonce="[^"]*"/g, ''), cookies: response.headers.getSetCookie() }
  }

  it('answers the same for a new address, a confirmed account, an unconfirmed one and an unfinished sign-up; nothing is made for an account', async () => {
    const confirmed = await createUser({ email: 'has-account@example.org', locale: 'kk', name: 'Әлия' })
    await signedUpBefore('legacy-unconfirmed@example.org')
    await client().post('/signup', form('unfinished@example.org'))
    const users = await db.user.count()
    const emails = ['brand-new@example.org', 'has-account@example.org', 'legacy-unconfirmed@example.org', 'unfinished@example.org']
    const answers = []
    for (const email of emails) answers.push(await answer(email))
    const first = answers[0]!
    expect(first.status).toBe(200)
    expect(first.cookies.some((c) => c.startsWith('os_session='))).toBe(false)
    for (const [i, other] of answers.entries()) expect({ ...other, body: other.body.replaceAll(emails[i]!, 'EMAIL') }, emails[i]).toEqual({ ...first, body: first.body.replaceAll(emails[0]!, 'EMAIL') })
    expect(first.body).toContain('Check your inbox')
    expect(first.body).toContain('We have sent a message to brand-new@example.org.')
    expect(await db.user.count()).toBe(users + 1)
    expect(await db.user.findUniqueOrThrow({ where: { id: confirmed.id } })).toEqual(confirmed)

    // The owner of the account hears of it, in their language, with the ways in and no one-time link.
    await deliverDueNotifications()
    const told = readOutbox().find((m) => m.to === 'has-account@example.org')
    expect(told?.subject).toBe('Бақылаушы мектебі: мекенжайыңызбен тіркелу әрекеті')
    expect(told?.text).toContain('/forgot-password?lng=kk')
    expect(await db.passwordResetToken.count({ where: { userId: confirmed.id } })).toBe(0)
    expect(readOutbox().find((m) => m.to === 'legacy-unconfirmed@example.org')?.subject).toBe('Observer School: someone tried to sign up with your address')
    expect(readOutbox().find((m) => m.to === 'unfinished@example.org')?.subject).toBe('Observer School: finish signing up')
  })

  it('the emailed link: opening it changes nothing; its form sets the password, confirms the address, logs in, once', async () => {
    expect((await answer('newcomer@example.org')).status).toBe(200)
    // Nothing the visitor knows logs in before the link is used.
    expect((await client().post('/login', { email: 'newcomer@example.org', password: 'long enough password' })).status).toBe(400)
    const link = await linkTo('newcomer@example.org', '/reset-password')
    const token = link.searchParams.get('token') ?? ''
    const before = await db.user.findUniqueOrThrow({ where: { email: 'newcomer@example.org' } })

    const person = client()
    const page = await person.get(`${link.pathname}${link.search}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Choose your password')
    expect(html).not.toContain('Set a new password')
    // A mail scanner opening the link (twice) uses nothing up.
    await client().get(`${link.pathname}${link.search}`)
    expect(await db.user.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before)
    expect(await db.passwordResetToken.count({ where: { userId: before.id, usedAt: { not: null } } })).toBe(0)
    expect(await db.session.count({ where: { userId: before.id } })).toBe(0)

    const mismatch = await person.post('/reset-password', { token, password: 'my chosen password', confirmPassword: 'another one entirely' })
    expect(mismatch.status).toBe(400)
    const tooShort = await person.post('/reset-password', { token, password: 'short', confirmPassword: 'short' })
    expect(tooShort.status).toBe(400)
    const done = await person.post('/reset-password', { token, password: 'my chosen password', confirmPassword: 'my chosen password' })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/account?welcome=1')
    expect(person.cookie('os_session')).toBeTruthy()
    const welcome = await (await person.get('/account?welcome=1')).text()
    expect(welcome).toContain('Welcome, Aruzhan Test!')
    // The next step is a button away: the page that sent them to sign up is behind the mail.
    expect(welcome).toMatch(/<a[^>]*class="btn btn-primary"[^>]*href="\/apply"[^>]*>Become an observer<\/a>|<a[^>]*href="\/apply"[^>]*class="btn btn-primary"[^>]*>Become an observer<\/a>/)
    expect(await confirmedAt('newcomer@example.org')).toBeInstanceOf(Date)
    expect(await db.auditEvent.count({ where: { action: 'user.signup_completed', targetId: before.id } })).toBe(1)
    expect((await client().post('/login', { email: 'newcomer@example.org', password: 'my chosen password' })).status).toBe(302)

    // Used once: the page says so and a second post is refused.
    expect(await (await client().get(`${link.pathname}${link.search}`)).text()).toContain('This link is invalid or has expired.')
    expect((await client().post('/reset-password', { token, password: 'a second password', confirmPassword: 'a second password' })).status).toBe(400)
  })

  it('leads back to the page that sent the visitor to sign up, and never to another site', async () => {
    // An apply form sends a visitor without an account to log in; from there they sign up.
    const apply = '/apply/some-campaign?ngo=dala'
    // A link in a language opens the login page in it, with the way back.
    const asked = await client().get('/apply/some-campaign?lng=kk')
    const loginUrl = new URL(asked.headers.get('Location') ?? '', app.url)
    expect([asked.status, loginUrl.pathname, loginUrl.searchParams.get('redirectTo'), loginUrl.searchParams.get('lng')]).toEqual([302, '/login', '/apply/some-campaign?lng=kk', 'kk'])
    expect(await (await client().get(`${loginUrl.pathname}${loginUrl.search}`)).text()).toContain('<html lang="kk"')
    const login = await (await client().get(`/login?${new URLSearchParams({ redirectTo: apply })}`)).text()
    // Both links to sign up: the header's and the form's.
    const signupHrefs = [...login.matchAll(/href="(\/signup[^"]*)"/g)].map((m) => m[1]?.replaceAll('&amp;', '&') ?? '')
    expect(signupHrefs.map((href) => new URL(href, app.url).searchParams.get('redirectTo'))).toEqual([apply, apply])
    const signupHref = signupHrefs[0] ?? ''
    const signupPage = await (await client().get(signupHref)).text()
    expect(signupPage).toContain(`name="redirectTo" value="${apply.replace('&', '&amp;')}"`)

    await client().post('/signup', { ...form('came-from-apply@example.org'), redirectTo: apply })
    const link = await linkTo('came-from-apply@example.org', '/reset-password')
    expect(link.searchParams.get('redirectTo')).toBe(apply)
    const person = client()
    expect(await (await person.get(`${link.pathname}${link.search}`)).text()).toContain(`name="redirectTo" value="${apply.replace('&', '&amp;')}"`)
    const done = await person.post('/reset-password', { token: link.searchParams.get('token') ?? '', redirectTo: apply, password: 'my chosen password', confirmPassword: 'my chosen password' })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(apply)

    // Someone who already has an account is told to log in, with the way back in that link too.
    await createUser({ email: 'has-account-apply@example.org', locale: 'en' })
    await client().post('/signup', { ...form('has-account-apply@example.org'), redirectTo: apply })
    await deliverDueNotifications()
    const told = readOutbox().find((m) => m.to === 'has-account-apply@example.org')?.text ?? ''
    expect(new URL(told.match(/https?:\/\/\S+\/login\S*/)?.[0] ?? 'http://none/').searchParams.get('redirectTo')).toBe(apply)

    // Another site, a protocol-relative address or a back-slash trick: not stored, not linked, not followed.
    for (const [i, hostile] of ['https://evil.example/x', '//evil.example/x', '/\\evil.example'].entries()) {
      const email = `hostile-${i}@example.org`
      await client().post('/signup', { ...form(email), redirectTo: hostile })
      const hostileLink = await linkTo(email, '/reset-password')
      expect(hostileLink.searchParams.get('redirectTo'), hostile).toBeNull()
      const posted = await client().post('/reset-password', { token: hostileLink.searchParams.get('token') ?? '', redirectTo: hostile, password: 'my chosen password', confirmPassword: 'my chosen password' })
      expect(posted.headers.get('Location'), hostile).toBe('/account?welcome=1')
    }
  })

  it('refuses an expired link', async () => {
    await answer('expired-link@example.org')
    const link = await linkTo('expired-link@example.org', '/reset-password')
    await db.passwordResetToken.updateMany({ where: { user: { email: 'expired-link@example.org' } }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await (await client().get(`${link.pathname}${link.search}`)).text()).toContain('This link is invalid or has expired.')
    const refused = await client().post('/reset-password', { token: link.searchParams.get('token') ?? '', password: 'my chosen password', confirmPassword: 'my chosen password' })
    expect(refused.status).toBe(400)
    expect((await db.user.findUniqueOrThrow({ where: { email: 'expired-link@example.org' } })).passwordHash).toBe('')
  })
})

describe('confirming an address', () => {
  it('an account made before email-first sign-up: its link confirms only for that account, once, with the button', async () => {
    const owner = await signedUpBefore('owner@example.org')
    const link = await linkTo('owner@example.org')
    expect(link.pathname).toBe('/confirm-email')
    const token = link.searchParams.get('token') ?? ''
    const account = await (await owner.get('/account')).text()
    expect(account).toContain('Your address owner@example.org is not confirmed yet.')

    // Opening the link changes nothing; not logged in, it asks to log in first.
    expect((await client().get(`/confirm-email?token=${token}`)).headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    // Another account's person can neither see a button for it nor use it.
    const other = client()
    await other.login((await createUser({ locale: 'en' })).email, TEST_PASSWORD)
    expect(await (await other.get(`/confirm-email?token=${token}`)).text()).toContain('This link is for another account.')
    expect((await other.post('/confirm-email', { token })).status).toBe(400)
    expect(await confirmedAt('owner@example.org')).toBeNull()

    const page = await (await owner.get(`/confirm-email?token=${token}`)).text()
    expect(page).toContain('Confirm that owner@example.org is your address.')
    expect(await confirmedAt('owner@example.org')).toBeNull()
    const confirmed = await owner.post('/confirm-email', { token })
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('Location')).toBe('/account')
    expect(await confirmedAt('owner@example.org')).toBeInstanceOf(Date)
    expect(await (await owner.get('/account')).text()).toContain('Your address owner@example.org is confirmed.')
    expect(await db.auditEvent.count({ where: { action: 'user.email_confirmed', targetId: (await db.user.findUniqueOrThrow({ where: { email: 'owner@example.org' } })).id } })).toBe(1)
    // Used once: a second post is refused.
    expect((await owner.post('/confirm-email', { token })).status).toBe(400)
  })

  it('sends another link from the account page, not twice in five minutes, and never sets a password with it', async () => {
    const person = await signedUpBefore('again@example.org')
    const first = (await linkTo('again@example.org')).searchParams.get('token') ?? ''
    const tooSoon = await person.post('/account', { intent: 'send-confirmation' })
    expect(tooSoon.status).toBe(429)
    expect(Number(tooSoon.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await tooSoon.text()).toMatch(/A link was sent a moment ago\. You can ask for another in \d min\./)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'again@example.org' } })
    await db.notification.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } })
    expect((await person.post('/account', { intent: 'send-confirmation' })).status).toBe(302)
    const second = (await linkTo('again@example.org')).searchParams.get('token') ?? ''
    expect(second).not.toBe(first)
    // The newer link replaces the older one.
    expect(await (await person.get(`/confirm-email?token=${first}`)).text()).toContain('This link does not work any more')
    // A confirmation link is not a password link.
    const reset = await client().post('/reset-password', { token: second, password: 'a new long password', confirmPassword: 'a new long password' })
    expect(reset.status).toBe(400)
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash)
  })

  it('counts a password reset as proof of the address', async () => {
    await signedUpBefore('resets@example.org')
    await client().post('/forgot-password', { email: 'resets@example.org' })
    const link = await linkTo('resets@example.org', '/reset-password')
    expect((await client().post('/reset-password', { token: link.searchParams.get('token') ?? '', password: 'a new long password', confirmPassword: 'a new long password' })).status).toBe(302)
    expect(await confirmedAt('resets@example.org')).toBeInstanceOf(Date)
  })
})

describe('what an unconfirmed address does not get', () => {
  async function campaign() {
    return db.campaign.create({
      data: {
        slug: `c-${Math.random().toString(36).slice(2, 8)}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY',
        electionDay: new Date(Date.now() + 90 * 86_400_000), applicationDeadline: new Date(Date.now() + 60 * 86_400_000),
      },
    })
  }
  function recruit(n: number, email: string) {
    const p = syntheticRecruit(n)
    return applicationSchema({ electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2099-01-01T00:00:00Z'), minimumAge: 18, declarations: [], now: new Date() }).parse({
      fullName: p.fullName, iin: p.iin, birthDate: p.birthDate.toISOString().slice(0, 10), phone: p.phone, email, regionCode: p.regionCode, settlement: p.settlement,
      languages: ['ru'], availability: ['voting'], experience: 'none', consent: 'on',
    })
  }

  it('an application a lead adds for the address: whoever signed up is logged out, the address’s owner is invited, the data stays with them', async () => {
    const squatter = await signedUpBefore('victim@example.org')
    const [c, ngo, lead] = await Promise.all([campaign(), createNgo(), createUser()])
    // Whoever signed up had started an application: a draft with an IIN and a phone they typed.
    const squatterId = (await db.user.findUniqueOrThrow({ where: { email: 'victim@example.org' } })).id
    await db.applicationDraft.create({ data: { userId: squatterId, campaignId: c.id, data: JSON.stringify({ iin: '900101300999', phone: '+77770000000' }) } })
    const scope: NgoScope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
    const input = recruit(301, 'victim@example.org')
    const added = await addRecruit(scope, c.id, input, 'manual', '127.0.0.1')
    expect(added).toMatchObject({ ok: true, invited: true })

    // The signed-up session is over, the password no longer opens the account, nothing of the application reaches it.
    expect((await squatter.get('/account/data.json')).headers.get('Location')).toMatch(/^\/login/)
    expect((await client().post('/login', { email: 'victim@example.org', password: TEST_PASSWORD })).status).toBe(400)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'victim@example.org' } })
    expect(user.passwordHash).toBe('')
    expect(await db.auditEvent.count({ where: { action: 'user.reclaimed', targetId: user.id, ngoId: ngo.id } })).toBe(1)
    expect(JSON.parse((await db.auditEvent.findFirstOrThrow({ where: { action: 'user.reclaimed', targetId: user.id } })).details)).toMatchObject({ draftsDeleted: 1 })
    expect(await db.applicationDraft.count({ where: { userId: user.id } })).toBe(0)

    // The address's owner gets the invitation; setting a password with it proves the address.
    const invitation = await linkTo('victim@example.org', '/reset-password')
    const owner = client()
    expect((await owner.post('/reset-password', { token: invitation.searchParams.get('token') ?? '', password: 'the owner’s password', confirmPassword: 'the owner’s password' })).status).toBe(302)
    expect(await confirmedAt('victim@example.org')).toBeInstanceOf(Date)
    const download = (await (await owner.get('/account/data.json')).json()) as { applications: Array<{ iin: string }> }
    expect(download.applications.map((a) => a.iin)).toEqual([input.iin])
  })

  it('a confirmed account keeps its session and gets the application as before', async () => {
    const person = await signedUpBefore('confirmed@example.org')
    const token = (await linkTo('confirmed@example.org')).searchParams.get('token') ?? ''
    expect((await person.post('/confirm-email', { token })).status).toBe(302)
    const [c, ngo, lead] = await Promise.all([campaign(), createNgo(), createUser()])
    const added = await addRecruit({ kind: 'ngo', actorId: lead.id, ngoId: ngo.id }, c.id, recruit(302, 'confirmed@example.org'), 'manual', '127.0.0.1')
    expect(added).toMatchObject({ ok: true, invited: false })
    expect((await person.get('/account')).status).toBe(200)
  })

  it('a lead’s or trainer’s role, or an admin’s, is refused until the address is confirmed', async () => {
    const admin = client()
    await admin.login((await createUser({ isAdmin: true, locale: 'en' })).email, TEST_PASSWORD)
    const ngo = await createNgo()
    await signedUpBefore('would-be-lead@example.org')
    const before = await db.membership.count({ where: { ngoId: ngo.id } })
    const refused = await admin.post(`/admin/ngos/${ngo.id}`, { intent: 'assign', email: 'would-be-lead@example.org', role: 'LEAD' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('This person has not confirmed their email address yet.')
    expect(await db.membership.count({ where: { ngoId: ngo.id } })).toBe(before)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'would-be-lead@example.org' } })
    const notAdmin = await admin.post('/admin/people', { userId: user.id, isAdmin: 'true' })
    expect(notAdmin.status).toBe(400)
    expect(await notAdmin.text()).toContain('they cannot be made an administrator until they do')
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).isAdmin).toBe(false)
    // The people list says so beside the address, before anyone tries.
    const row = async () => (await (await admin.get(`/admin/people?q=${encodeURIComponent('would-be-lead')}`)).text()).match(/<tr>(?:(?!<\/tr>)[\s\S])*would-be-lead@example\.org(?:(?!<\/tr>)[\s\S])*<\/tr>/)?.[0] ?? ''
    expect(await row()).toContain('address not confirmed')

    // Confirmed, the same requests go through.
    await db.user.update({ where: { id: user.id }, data: { emailConfirmedAt: new Date() } })
    expect(await row()).toContain('would-be-lead@example.org')
    expect(await row()).not.toContain('address not confirmed')
    expect((await admin.post(`/admin/ngos/${ngo.id}`, { intent: 'assign', email: 'would-be-lead@example.org', role: 'LEAD' })).status).toBe(302)
    expect((await admin.post('/admin/people', { userId: user.id, isAdmin: 'true' })).status).toBe(302)
    // An invited account nobody has claimed yet (no password) can be given a role: only its address's owner can open it.
    const invited = await db.user.create({ data: { email: 'invited@example.org', name: 'Invited', passwordHash: '' } })
    expect((await admin.post(`/admin/ngos/${ngo.id}`, { intent: 'assign', email: invited.email, role: 'TRAINER' })).status).toBe(302)
  })
})
