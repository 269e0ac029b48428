/**
 * Issue 12 over real HTTP against the built app: redirects after login, hashed and extended sessions,
 * the profile form, studio rollbacks without a version, per-address limits and the honeypot on the
 * forms anyone can post, and password-reset requests that look the same for every address.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInviteToken } from '~/server/accounts/accounts.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { auditActions, createUser, pendingEmails, TEST_PASSWORD } from '../support/factories.ts'

const LIMIT = 3
let app: RunningApp
let addressCount = 0
/** A client from its own address (the app trusts X-Forwarded-For from loopback), in English. */
const client = () => new Client(app.url, { 'Accept-Language': 'en', 'X-Forwarded-For': `198.51.100.${++addressCount}` })
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

beforeAll(async () => {
  app = await startApp({
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    OUTBOX_DIR: process.env.OUTBOX_DIR ?? '',
    SIGNUPS_PER_ADDRESS: String(LIMIT),
    PASSWORD_RESETS_PER_ADDRESS: String(LIMIT),
    APPLICATIONS_PER_ADDRESS: String(LIMIT),
    ANONYMOUS_FORMS_PER_ADDRESS: String(LIMIT),
  })
})
afterAll(async () => {
  await app.stop()
})

describe('redirect after login', () => {
  it('stays on the site for a tab, backslash or newline in redirectTo, and never answers 500', async () => {
    await createUser({ email: 'redirect@example.org' })
    const origin = new URL(app.url).origin
    for (const query of ['%2F%09%2Fevil.example', '%2F%09%5Cevil.example', '%0A', '%0D%0A', '%2F%0D%0A%2Fevil.example', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example', '%2F..%2F%2Fevil.example']) {
      const c = client()
      const page = await c.get(`/login?redirectTo=${query}`)
      expect(page.status, query).toBe(200)
      // The form carries the target back, as a browser would post it.
      const response = await c.post('/login', { email: 'redirect@example.org', password: TEST_PASSWORD, redirectTo: decodeURIComponent(query) })
      expect(response.status, query).toBe(302)
      const location = response.headers.get('Location') ?? ''
      // A volunteer's work page, as without a target.
      expect(location, query).toBe('/applications')
      expect(new URL(location, app.url).origin).toBe(origin)
      // Already logged in: the login page's loader sends the person on, just as safely.
      const again = await c.get(`/login?redirectTo=${query}`)
      expect(again.status, query).toBe(302)
      expect(again.headers.get('Location'), query).toBe('/applications')
    }
  })

  it('still brings a person back to the page they came from', async () => {
    await createUser({ email: 'back-again@example.org' })
    const response = await client().post('/login', { email: 'back-again@example.org', password: TEST_PASSWORD, redirectTo: '/courses?x=1#top' })
    expect(response.headers.get('Location')).toBe('/courses?x=1#top')
  })
})

describe('sessions over HTTP', () => {
  it('stores the SHA-256 of the cookie, extends a session near its end under the same id, and logs out', async () => {
    const user = await createUser({ email: 'session-http@example.org' })
    const c = client()
    await c.login('session-http@example.org', TEST_PASSWORD)
    const raw = c.cookie('os_session') ?? ''
    expect(raw).not.toBe('')
    const rows = await db.session.findMany({ where: { userId: user.id } })
    expect(rows.map((r) => r.id)).toEqual([sha256(raw)])
    expect(rows[0]?.id).not.toBe(raw)

    // Past half its 30 days: the next request extends it and sets the same cookie again.
    const nearEnd = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000)
    await db.session.update({ where: { id: sha256(raw) }, data: { expiresAt: nearEnd } })
    const response = await c.get('/account')
    expect(response.status).toBe(200)
    const refreshed = response.headers.getSetCookie().find((line) => line.startsWith('os_session='))
    expect(refreshed).toBeDefined()
    expect(refreshed?.split(';')[0]).toBe(`os_session=${raw}`)
    const extended = await db.session.findUniqueOrThrow({ where: { id: sha256(raw) } })
    expect(extended.expiresAt.getTime()).toBeGreaterThan(nearEnd.getTime() + 20 * 24 * 60 * 60 * 1000)
    // A session in the first half of its life is left alone (no cookie on every response).
    expect((await c.get('/account')).headers.getSetCookie().some((line) => line.startsWith('os_session='))).toBe(false)

    expect((await c.post('/logout', {})).status).toBe(302)
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    expect((await c.get('/account')).status).toBe(302)
  })

  it('"log out everywhere" ends every session of the person', async () => {
    const user = await createUser({ email: 'everywhere-http@example.org' })
    const phone = client()
    const laptop = client()
    await phone.login('everywhere-http@example.org', TEST_PASSWORD)
    await laptop.login('everywhere-http@example.org', TEST_PASSWORD)
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2)
    const response = await laptop.post('/account', { intent: 'logout-everywhere' })
    expect(response.status).toBe(302)
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    expect((await phone.get('/account')).headers.get('Location')).toMatch(/^\/login/)
  })
})

describe('the profile form on /account', () => {
  it('changes the name and the language, and ignores fields it does not know', async () => {
    const user = await createUser({ email: 'profile-http@example.org', name: 'Old Name', locale: 'ru' })
    const c = client()
    await c.login('profile-http@example.org', TEST_PASSWORD)
    const saved = await c.post('/account', { intent: 'profile', name: 'Жанар Новая', locale: 'kk' })
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe('/account')
    let row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([row.name, row.locale]).toEqual(['Жанар Новая', 'kk'])
    expect(await auditActions()).toContain('user.profile_updated')
    const page = await (await c.get('/account')).text()
    expect(page).toContain('<html lang="kk"')
    expect(page).toContain('Жанар Новая')

    // Extra fields (a stale form, a crafted post) change nothing beyond name and language.
    const extra = await c.post('/account', { intent: 'profile', name: 'Zhanar', locale: 'en', isAdmin: 'true', email: 'evil@example.org', passwordHash: 'x' })
    expect(extra.status).toBe(302)
    row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([row.name, row.locale, row.isAdmin, row.email]).toEqual(['Zhanar', 'en', false, 'profile-http@example.org'])

    // Bad input and an unknown intent: 400, nothing written.
    expect((await c.post('/account', { intent: 'profile', name: '   ', locale: 'ru' })).status).toBe(400)
    expect((await c.post('/account', { intent: 'profile', name: 'X', locale: 'de' })).status).toBe(400)
    expect((await c.post('/account', { intent: 'something-else', name: 'Y', locale: 'ru' })).status).toBe(400)
    row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([row.name, row.locale]).toEqual(['Zhanar', 'en'])
  })

  it('refuses a name with a line break or without a letter, in the reader’s language, saving nothing', async () => {
    const user = await createUser({ email: 'profile-name-http@example.org', name: 'Пробный Человек', locale: 'ru' })
    const c = client()
    await c.login('profile-name-http@example.org', TEST_PASSWORD)
    for (const [name, message] of [
      ['Пробный\nBcc: x@evil.example', 'Напишите это в одну строку, без переносов строк и невидимых символов.'],
      ['Пробный\r\nBcc: x@evil.example', 'Напишите это в одну строку, без переносов строк и невидимых символов.'],
      ['\u200B', 'Напишите это в одну строку, без переносов строк и невидимых символов.'],
      ['\u0301', 'В имени должны быть буквы.'],
    ] as const) {
      const refused = await c.post('/account', { intent: 'profile', name, locale: 'ru' })
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain(message)
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Пробный Человек')
    expect(await db.auditEvent.count({ where: { action: 'user.profile_updated', actorId: user.id } })).toBe(0)
  })
})

describe('studio rollback without a version', () => {
  it('answers a translated 400 and publishes nothing', async () => {
    await createUser({ email: 'studio-admin@example.org', isAdmin: true, locale: 'en' })
    const c = client()
    await c.login('studio-admin@example.org', TEST_PASSWORD)
    const versionsBefore = await db.courseVersion.count()
    for (const fields of [{}, { version: '' }, { version: 'abc' }, { version: '-1' }, { version: '1.5' }, { note: 'no version' }] as Array<Record<string, string>>) {
      const response = await c.post('/studio/observer-basics/versions', fields)
      expect(response.status, JSON.stringify(fields)).toBe(400)
      expect(await response.text()).toContain('Choose the version to restore.')
    }
    expect(await db.courseVersion.count()).toBe(versionsBefore)
    expect(await auditActions()).not.toContain('content.rolled_back')
  })
})

describe('limits per address on the forms anyone can post', () => {
  const tooMany = 'Too many attempts from your address. Try again in 60 min.'

  it('sign-up: the next one over the limit is a translated 429 with Retry-After; another address may still sign up', async () => {
    const c = client()
    for (let i = 0; i < LIMIT; i++) {
      const response = await c.post('/signup', { name: `Limit ${i}`, email: `limit${i}@example.org`, locale: 'en' })
      expect(response.status).toBe(200)
    }
    const users = await db.user.count()
    const blocked = await c.post('/signup', { name: 'Over', email: 'over@example.org', locale: 'en' })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(60)
    expect(await blocked.text()).toContain(tooMany)
    expect(await db.user.count()).toBe(users)
    expect((await client().post('/signup', { name: 'Elsewhere', email: 'elsewhere@example.org', locale: 'en' })).status).toBe(200)
  })

  it('forgot-password, set-a-password and the certificate check', async () => {
    const invited = await createUser({ email: 'limit-invited@example.org' })
    const token = await createInviteToken(invited.id)
    for (const [path, fields] of [
      ['/forgot-password', { email: 'nobody@example.org' }],
      // A live link, with passwords that do not match: refused each time, then throttled.
      [`/reset-password?token=${token}`, { token, password: 'long enough password', confirmPassword: 'another long password' }],
      ['/verify', { code: 'ABCDE-FGHJK' }],
    ] as const) {
      const c = client()
      for (let i = 0; i < LIMIT; i++) expect((await c.post(path, fields)).status, path).not.toBe(429)
      const blocked = await c.post(path, fields)
      expect(blocked.status, path).toBe(429)
      expect(blocked.headers.get('Retry-After'), path).toMatch(/^\d+$/)
      expect(await blocked.text(), path).toContain(tooMany)
    }
  })

  it('applications: submissions count, drafts do not', async () => {
    const campaign = await db.campaign.create({
      data: { slug: 'limit-campaign', nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay: new Date('2099-03-21T00:00:00Z'), applicationDeadline: new Date('2099-02-20T00:00:00Z') },
    })
    await createUser({ email: 'applicant@example.org', locale: 'en' })
    const c = client()
    await c.login('applicant@example.org', TEST_PASSWORD)
    for (let i = 0; i < LIMIT + 2; i++) expect((await c.post(`/apply/${campaign.slug}`, { intent: 'draft', fullName: 'Draft' })).status).toBe(200)
    for (let i = 0; i < LIMIT; i++) expect((await c.post(`/apply/${campaign.slug}`, { fullName: 'Incomplete' })).status).toBe(400)
    const blocked = await c.post(`/apply/${campaign.slug}`, { fullName: 'Incomplete' })
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain(tooMany)
    expect(await db.application.count({ where: { campaignId: campaign.id } })).toBe(0)
  })
})

describe('the honeypot', () => {
  it('is on every anonymous form, hidden from people and assistive technology', async () => {
    for (const path of ['/login', '/signup', '/forgot-password', '/verify']) {
      const html = await (await client().get(path)).text()
      const trap = html.match(/<div class="visually-hidden" aria-hidden="true">(.*?)<\/div>/)?.[1] ?? ''
      expect(trap, path).toContain('>Leave this field empty</label>')
      for (const attribute of ['name="website"', 'tabindex="-1"', 'autocomplete="off"', 'value=""']) expect(trap.toLowerCase(), `${path} ${attribute}`).toContain(attribute)
    }
  })

  it('a filled honeypot is refused like invalid input, and nothing is written', async () => {
    await createUser({ email: 'honey@example.org' })
    const before = { users: await db.user.count(), notifications: await db.notification.count(), sessions: await db.session.count() }
    const signup = await client().post('/signup', { name: 'Bot', email: 'bot@example.org', locale: 'en', website: 'http://spam.example' })
    expect(signup.status).toBe(400)
    expect(await signup.text()).toContain('The form could not be sent. Reload the page and try again.')
    expect((await client().post('/signup', { name: 'Bot', email: 'honey@example.org', locale: 'en', website: 'http://spam.example' })).status).toBe(400)
    expect((await client().post('/forgot-password', { email: 'honey@example.org', website: 'x' })).status).toBe(400)
    expect((await client().post('/login', { email: 'honey@example.org', password: TEST_PASSWORD, website: 'x' })).status).toBe(400)
    expect((await client().post('/verify', { code: 'ABCDE-FGHJK', website: 'x' })).status).toBe(400)
    expect({ users: await db.user.count(), notifications: await db.notification.count(), sessions: await db.session.count() }).toEqual(before)
  })
})

describe('password reset requests', () => {
  it('answer the same for an account and for an unknown address; only the account gets a queued email', async () => {
    const user = await createUser({ email: 'reset-http@example.org', locale: 'en', name: 'Reset Person' })
    const notificationsBefore = await db.notification.count()
    const known = await client().post('/forgot-password', { email: 'reset-http@example.org' })
    const unknown = await client().post('/forgot-password', { email: 'no-account-here@example.org' })
    expect([known.status, unknown.status]).toEqual([200, 200])
    const [knownHtml, unknownHtml] = [await known.text(), await unknown.text()]
    const sent = 'If an account with this email exists, we have sent a link to it.'
    expect(knownHtml).toContain(sent)
    expect(unknownHtml).toContain(sent)
    // The same page apart from per-response nonces.
    const strip = (html: string) => html.replace(/nonce="[^"]*"/g, '')
    expect(strip(knownHtml)).toBe(strip(unknownHtml))

    expect(await db.notification.count()).toBe(notificationsBefore + 1)
    expect(await pendingEmails({ userId: user.id, kind: 'password-reset' })).toBe(1)
    expect(readOutbox().filter((m) => m.to === 'reset-http@example.org')).toEqual([])

    await deliverDueNotifications()
    const mails = readOutbox()
    expect(mails.filter((m) => m.to === 'reset-http@example.org')).toHaveLength(1)
    expect(mails.filter((m) => m.to === 'no-account-here@example.org')).toEqual([])
    const link = new URL(mails.find((m) => m.to === 'reset-http@example.org')?.text.match(/https?:\/\/\S+/)?.[0] ?? '')
    const token = link.searchParams.get('token') ?? ''

    // The link works once over HTTP, then the person is logged in with the new password.
    const c = client()
    const page = await c.get(`/reset-password?token=${encodeURIComponent(token)}`)
    expect(page.status).toBe(200)
    // Its address and its form hold the token: no cache (a proxy's, a shared computer's) keeps the page.
    expect(page.headers.get('Cache-Control')).toBe('no-store')
    const reset = await c.post('/reset-password', { token, password: 'a brand new password', confirmPassword: 'a brand new password' })
    expect(reset.status).toBe(302)
    expect((await client().post('/login', { email: 'reset-http@example.org', password: 'a brand new password' })).status).toBe(302)
  })
})
