/** The built app over real HTTP: guards, bad input, languages, sessions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '~/server/platform/audit.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
const client = (headers: Record<string, string> = {}) => new Client(app.url, headers)

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

describe('guards', () => {
  it('sends an anonymous visitor to /login and back after logging in', async () => {
    await createUser({ email: 'back@example.org', isAdmin: true })
    const c = client()
    const guarded = await c.get('/admin/ngos?page=2')
    expect(guarded.status).toBe(302)
    const location = guarded.headers.get('Location') ?? ''
    expect(location).toBe('/login?redirectTo=%2Fadmin%2Fngos%3Fpage%3D2')
    const login = await c.post('/login', { email: 'back@example.org', password: TEST_PASSWORD, redirectTo: '/admin/ngos?page=2' })
    expect(login.status).toBe(302)
    expect(login.headers.get('Location')).toBe('/admin/ngos?page=2')
  })

  it('never redirects off-site after login', async () => {
    await createUser({ email: 'offsite@example.org' })
    const response = await client().post('/login', { email: 'offsite@example.org', password: TEST_PASSWORD, redirectTo: '//evil.example/' })
    expect(response.headers.get('Location')).toBe('/applications')
  })

  it('sends each person to their work after a login without a target, and a safe target still wins', async () => {
    const dala = await createNgo({ name: 'Dala Landing', slug: 'dala-landing' })
    const tulpar = await createNgo({ name: 'Tulpar Landing', slug: 'tulpar-landing' })
    await createUser({ email: 'landing-volunteer@example.org' })
    await createMember(dala.id, 'TRAINER', { email: 'landing-trainer@example.org' })
    await createMember(tulpar.id, 'LEAD', { email: 'landing-lead@example.org' })
    // Two NGOs led: the first they were made lead of (as the header's link); /account links to both.
    const twoNgos = await createMember(dala.id, 'LEAD', { email: 'landing-two@example.org' })
    await addMember(twoNgos.id, tulpar.id, 'LEAD')
    await createUser({ email: 'landing-admin@example.org', isAdmin: true })
    const expected = {
      'landing-volunteer@example.org': '/applications',
      'landing-trainer@example.org': '/studio',
      'landing-lead@example.org': '/ngo/tulpar-landing/dashboard',
      'landing-two@example.org': '/ngo/dala-landing/dashboard',
      'landing-admin@example.org': '/admin',
    }
    for (const [email, home] of Object.entries(expected)) {
      const c = client()
      const login = await c.post('/login', { email, password: TEST_PASSWORD, redirectTo: '' })
      expect(login.status, email).toBe(302)
      expect(login.headers.get('Location'), email).toBe(home)
      // The page opens for them, and /login, visited again, sends them there too.
      expect((await c.get(home)).status, email).toBe(200)
      expect((await c.get('/login')).headers.get('Location'), email).toBe(home)
      const withTarget = await client().post('/login', { email, password: TEST_PASSWORD, redirectTo: '/certificates' })
      expect(withTarget.headers.get('Location'), email).toBe('/certificates')
    }
    const account = client()
    await account.login('landing-two@example.org', TEST_PASSWORD)
    const roles = await (await account.get('/account')).text()
    expect(roles).toContain('href="/ngo/dala-landing/dashboard"')
    expect(roles).toContain('href="/ngo/tulpar-landing/dashboard"')
  })

  it('gives a volunteer and an NGO lead a translated 403 for admin pages and actions, and writes nothing', async () => {
    const ngo = await createNgo({ name: 'Secret NGO Name' })
    const volunteer = await createUser({ email: 'vol@example.org' })
    const lead = await createUser({ email: 'lead-http@example.org', locale: 'en' })
    await addMember(lead.id, ngo.id, 'LEAD')
    void volunteer
    for (const [email, text] of [['vol@example.org', 'Доступ запрещён'], ['lead-http@example.org', 'Access denied']] as const) {
      const c = client()
      await c.login(email, TEST_PASSWORD)
      for (const path of ['/admin', '/admin/ngos', `/admin/ngos/${ngo.id}`, '/admin/campaigns/new', '/admin/people', '/admin/audit']) {
        const response = await c.get(path)
        expect(response.status, path).toBe(403)
        const html = await response.text()
        expect(html).toContain(text)
        expect(html).not.toContain('Secret NGO Name')
      }
      const before = { ngos: await db.ngo.count(), members: await db.membership.count(), admins: await db.user.count({ where: { isAdmin: true } }) }
      expect((await c.post('/admin/ngos/new', { name: 'Sneaky', slug: 'sneaky' })).status).toBe(403)
      expect((await c.post(`/admin/ngos/${ngo.id}`, { intent: 'assign', email, role: 'LEAD' })).status).toBe(403)
      expect((await c.post('/admin/people', { userId: lead.id, isAdmin: 'true' })).status).toBe(403)
      expect({ ngos: await db.ngo.count(), members: await db.membership.count(), admins: await db.user.count({ where: { isAdmin: true } }) }).toEqual(before)
    }
  })

  it('lets an admin in', async () => {
    await createUser({ email: 'boss@example.org', isAdmin: true })
    const c = client()
    await c.login('boss@example.org', TEST_PASSWORD)
    for (const path of ['/admin', '/admin/ngos', '/admin/campaigns', '/admin/people', '/admin/audit', '/admin/ngos/new']) {
      expect((await c.get(path)).status, path).toBe(200)
    }
    expect((await c.get('/admin/ngos/no-such-id')).status).toBe(404)
  })
})

describe('the audit log', () => {
  it('reads in the admin’s language: each action and kind of target by its label, the identifiers beside them', async () => {
    const admin = await createUser({ email: 'audit-reader@example.org', isAdmin: true, locale: 'ru' })
    const ngo = await createNgo({ name: 'Audit NGO' })
    await recordAudit({ actorId: admin.id, action: 'roster.exported', targetType: 'Ngo', targetId: ngo.id, ngoId: ngo.id, details: { format: 'csv', regions: ['KZ-75', 'KZ-71'], rowCount: 12 } })
    await recordAudit({ actorId: admin.id, action: 'application.moved', targetType: 'application', targetId: 'app-1', details: { from: 'accepted', to: 'in_training', reason: null } })
    await recordAudit({ actorId: admin.id, action: 'recruit.viewed', targetType: 'application', targetId: 'app-1', details: { fields: ['iin', 'phone'], legacyNote: 'x' } })
    // An action an older version wrote and this one no longer knows: shown as written.
    await db.auditEvent.create({ data: { actorId: admin.id, action: 'legacy.retired_action', targetType: 'gadget', targetId: 'g-1' } })
    const c = client()
    await c.login('audit-reader@example.org', TEST_PASSWORD)
    const html = await (await c.get('/admin/audit')).text()
    expect(html).toContain('<option value="roster.exported">Выгрузка списка наблюдателей</option>')
    expect(html).toMatch(/<td>Выгрузка списка наблюдателей<br\/><code class="muted">roster\.exported<\/code><\/td><td>НПО<br\/><code class="muted">[^<]+<\/code><\/td>/)
    expect(html).toContain('<td>legacy.retired_action<br/><code class="muted">legacy.retired_action</code></td><td>gadget<br/>')
    // Its details field by field, each name and state in the admin's language; a name this version does not know as written.
    expect(html).toContain('<dl class="details"><div><dt>Формат:</dt><dd>csv</dd></div><div><dt>Регионы:</dt><dd>KZ-75, KZ-71</dd></div><div><dt>Строк:</dt><dd>12</dd></div></dl>')
    expect(html).toContain('<dl class="details"><div><dt>Было:</dt><dd>Принята</dd></div><div><dt>Стало:</dt><dd>Обучение</dd></div><div><dt>Причина:</dt><dd>—</dd></div></dl>')
    expect(html).toContain('<div><dt>Показанные поля:</dt><dd>ИИН, телефон</dd></div><div><dt><code>legacyNote</code>:</dt><dd>x</dd></div>')
    expect(html).not.toContain('{&quot;format&quot;')
    const kazakh = await (await c.get('/admin/audit?action=roster.exported&lng=kk')).text()
    expect(kazakh).toContain('<td>Байқаушылар тізімін жүктеп алу<br/>')
    expect(kazakh).not.toContain('<td>legacy.retired_action')
    expect(kazakh).toContain('<dt>Пішім:</dt><dd>csv</dd>')
  })
})

describe('bad input', () => {
  it('re-shows the sign-up form with translated field errors, keeps what was typed, and writes nothing', async () => {
    const before = { users: await db.user.count(), notifications: await db.notification.count() }
    const response = await client({ 'Accept-Language': 'kk' }).post('/signup', { name: 'Айгүл', email: 'not-an-email', locale: 'de' })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('name@example.com түріндегі пошта мекенжайын енгізіңіз.')
    expect(html).toContain('Тілді таңдаңыз.')
    expect(html).toContain('aria-invalid="true"')
    expect(html).toContain('value="Айгүл"')
    // No password is asked on sign-up: the emailed link's page asks it.
    expect(html).not.toContain('type="password"')
    expect({ users: await db.user.count(), notifications: await db.notification.count() }).toEqual(before)
  })

  it('answers malformed admin posts with 400, never 500, and writes nothing', async () => {
    await createUser({ email: 'careful@example.org', isAdmin: true })
    const c = client()
    await c.login('careful@example.org', TEST_PASSWORD)
    const before = { ngos: await db.ngo.count(), campaigns: await db.campaign.count() }
    const attempts: Array<[string, Record<string, string | string[]>]> = [
      ['/admin/ngos/new', { name: 'X', slug: 'Не латиница' }],
      ['/admin/ngos/new', { name: 'X', slug: 'ok-slug', regions: ['KZ-99'] }],
      ['/admin/ngos/new', { name: '', slug: '' }],
      ['/admin/ngos/new', { name: 'X', slug: 'ok-slug2', website: 'javascript:alert(1)' }],
      ['/admin/campaigns/new', { slug: 'c', nameRu: 'a', nameKk: 'b', nameEn: 'c', kind: 'PARLIAMENTARY', electionDay: '2027-02-30', applicationDeadline: 'soon' }],
      ['/admin/campaigns/new', { slug: 'c2', nameRu: 'a', nameKk: 'b', nameEn: 'c', kind: 'WAR', electionDay: '2027-03-01', applicationDeadline: '2027-04-01', minimumAge: '-5' }],
      ['/admin/people', { userId: 'x', isAdmin: 'maybe' }],
      // A typo of the year: an election already past.
      ['/admin/campaigns/new', { slug: 'c3', nameRu: 'a', nameKk: 'b', nameEn: 'c', kind: 'PARLIAMENTARY', electionDay: '2020-03-01', applicationDeadline: '2020-02-01' }],
    ]
    for (const [path, fields] of attempts) {
      const response = await c.post(path, fields)
      expect(response.status, `${path} ${JSON.stringify(fields)}`).toBe(400)
    }
    // The re-shown form keeps what was ticked, including a single box.
    const oneRegion = await (await c.post('/admin/ngos/new', { name: 'X', slug: 'Плохой', regions: 'KZ-75' })).text()
    const box = (code: string) => oneRegion.match(new RegExp(`<input[^>]*value="${code}"[^>]*>`))?.[0] ?? ''
    expect(box('KZ-75')).toContain('checked=""')
    expect(box('KZ-71')).not.toContain('checked')
    const json = await c.request('/login', { method: 'POST', body: '{"email":1}', headers: { 'Content-Type': 'application/json' } })
    expect(json.status).toBeLessThan(500)
    const empty = await c.request('/admin/ngos/new', { method: 'POST' })
    expect(empty.status).toBe(400)
    expect({ ngos: await db.ngo.count(), campaigns: await db.campaign.count() }).toEqual(before)
  })

  it('shows a list’s or a one-line field’s mistake under that field, in the admin’s language', async () => {
    await createUser({ email: 'lists@example.org', isAdmin: true })
    const c = client()
    await c.login('lists@example.org', TEST_PASSWORD)
    const before = { ngos: await db.ngo.count(), campaigns: await db.campaign.count() }
    const underField = (html: string, field: string, message: string) =>
      // conform's error list for that field (its id ends in -<field>-error), not a message somewhere on the page
      expect(html).toMatch(new RegExp(`id="[\\w-]*-${field}-error"[^>]*>(<li>)?${message.replace(/[.()]/g, '\\$&')}`))
    const ngo = await (await c.post('/admin/ngos/new', { name: 'Dala\nBcc: x@evil.example', slug: 'dala-lines', regions: ['KZ-75', 'Almaty'] })).text()
    underField(ngo, 'name', 'Напишите это в одну строку, без переносов строк и невидимых символов.')
    underField(ngo, 'regions', 'Выберите регионы из списка.')
    expect(ngo).not.toContain('regions[1]')
    const campaign = await c.post('/admin/campaigns/new', {
      slug: 'lines-2027',
      nameRu: 'Выборы\r\nв маслихат',
      nameKk: 'Сайлау',
      nameEn: 'Election',
      kind: 'MASLIKHAT',
      electionDay: '2027-03-21',
      applicationDeadline: '2027-02-20',
      requiredCourses: ['observer-basics', '../etc'],
    })
    expect(campaign.status).toBe(400)
    const html = await campaign.text()
    underField(html, 'nameRu', 'Напишите это в одну строку, без переносов строк и невидимых символов.')
    underField(html, 'requiredCourses', 'Выберите курсы из списка.')
    expect({ ngos: await db.ngo.count(), campaigns: await db.campaign.count() }).toEqual(before)
  })

  it('shows a translated 404 for an unknown address', async () => {
    const response = await client({ 'Accept-Language': 'en' }).get('/no/such/page')
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('Page not found')
  })
})

describe('languages', () => {
  it('follows Accept-Language on a first visit, switches with ?lng= and remembers it in a cookie', async () => {
    const c = client({ 'Accept-Language': 'en-US,en;q=0.9' })
    expect(await (await c.get('/')).text()).toContain('<html lang="en"')
    expect(await (await c.get('/login?lng=kk')).text()).toContain('<html lang="kk"')
    expect(c.cookie('lng')).toBeDefined()
    const next = await (await c.get('/')).text()
    expect(next).toContain('<html lang="kk"')
    expect(next).toContain('Бақылаушы мектебі')
  })

  it('uses the account’s language after login and saves a switch on the account', async () => {
    const user = await createUser({ email: 'kazakh@example.org', locale: 'kk' })
    const c = client({ 'Accept-Language': 'en' })
    await c.login('kazakh@example.org', TEST_PASSWORD)
    expect(await (await c.get('/account')).text()).toContain('<html lang="kk"')
    await c.get('/account?lng=en')
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe('en')
  })
})

describe('sessions over HTTP', () => {
  it('sets a httpOnly, SameSite=Lax, Secure session cookie (and a Secure language cookie); logout clears it', async () => {
    await createUser({ email: 'cookie@example.org' })
    const c = client()
    const response = await c.login('cookie@example.org', TEST_PASSWORD)
    const sessionCookie = response.headers.getSetCookie().find((line) => line.startsWith('os_session='))
    expect(sessionCookie).toMatch(/HttpOnly/i)
    expect(sessionCookie).toMatch(/SameSite=Lax/i)
    expect(sessionCookie).toMatch(/Secure/i)
    // The language cookie set at login too: no cookie of the app travels over plain HTTP in production.
    const cookies = response.headers.getSetCookie()
    expect(cookies.some((line) => line.startsWith('lng='))).toBe(true)
    for (const line of cookies) expect(line).toMatch(/;\s*Secure/i)
    expect((await c.get('/account')).status).toBe(200)
    const out = await c.post('/logout', {})
    expect(out.status).toBe(302)
    expect(c.cookie('os_session')).toBeUndefined()
    expect((await c.get('/account')).status).toBe(302)
  })

  it('throttles repeated failed logins with 429 and a translated message', async () => {
    await createUser({ email: 'hammered@example.org' })
    const c = client({ 'Accept-Language': 'ru' })
    for (let i = 0; i < 5; i++) expect((await c.post('/login', { email: 'hammered@example.org', password: `guess-${i}` })).status).toBe(400)
    const blocked = await c.post('/login', { email: 'hammered@example.org', password: TEST_PASSWORD })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await blocked.text()).toContain('Слишком много неудачных попыток')
  })

  it('reports health', async () => {
    expect(await (await client().get('/healthz')).text()).toBe('ok')
  })
})
