/**
 * Over real HTTP: export templates (pages, access, a CSV read back with csv-parse), API tokens and the
 * JSON roster endpoint, and the admins' export history.
 */
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', API_REQUESTS_PER_MINUTE: '1000' })
})
afterAll(async () => {
  await app.stop()
})

async function signedIn(email: string, locale: 'ru' | 'en' = 'ru', isAdmin = false) {
  const user = await createUser({ email, locale, isAdmin })
  const client = new Client(app.url, { 'Accept-Language': locale })
  await client.login(email, TEST_PASSWORD)
  return { user, client }
}

/** Two leads of two NGOs, a campaign with certified observers of both. */
async function world(tag: string) {
  const campaign = await rosterCampaign(`extras-${tag}`)
  const ngoA = await accreditedNgo({ slug: `extras-a-${tag}`, name: `Extras A ${tag}` })
  const ngoB = await accreditedNgo({ slug: `extras-b-${tag}`, name: `Extras B ${tag}` })
  const offset = tag === 'api' ? 400 : tag === 'tpl' ? 500 : tag === 'left' ? 700 : 600
  await recruit(offset + 1, campaign, ngoA.id, { fullName: 'Әсел Бекова', regionCode: 'KZ-75', phone: `+7701${offset}0001` })
  await recruit(offset + 2, campaign, ngoA.id, { fullName: 'Бекзат Ахмет', regionCode: 'KZ-71' })
  await recruit(offset + 3, campaign, ngoB.id, { fullName: 'Other Person', regionCode: 'KZ-71' })
  const a = await signedIn(`extras-lead-a-${tag}@example.org`, 'ru')
  await addMember(a.user.id, ngoA.id, 'LEAD')
  const b = await signedIn(`extras-lead-b-${tag}@example.org`, 'en')
  await addMember(b.user.id, ngoB.id, 'LEAD')
  return { campaign, ngoA, ngoB, a, b }
}

const templateFields = {
  name: 'ТИК форма',
  'col.phone.include': 'on',
  'col.phone.position': '1',
  'col.phone.ru': 'Контактный телефон',
  'col.phone.en': 'Contact phone',
  'col.fullName.include': 'on',
  'col.fullName.position': '2',
  'col.fullName.kk': 'Аты-жөні',
  'col.number.include': 'on',
  'col.number.position': '3',
  // Not ticked: ignored whatever its position.
  'col.iin.position': '1',
}

describe('export templates over HTTP', () => {
  it('a lead saves a template, exports with it (columns, order, headers in ru and en); another NGO’s lead gets 403/404', async () => {
    const { campaign, ngoA, ngoB, a, b } = await world('tpl')
    const invalid = await a.client.post(`/ngo/${ngoA.slug}/rosters/templates/new`, { name: 'Empty' })
    expect(invalid.status).toBe(400)
    expect(await invalid.text()).toContain('Отметьте хотя бы один столбец')
    const created = await a.client.post(`/ngo/${ngoA.slug}/rosters/templates/new`, templateFields)
    expect(created.status).toBe(302)
    const template = await db.exportTemplate.findFirstOrThrow({ where: { ngoId: ngoA.id, name: 'ТИК форма' } })
    expect((await a.client.post(`/ngo/${ngoA.slug}/rosters/templates/new`, { ...templateFields, name: 'тик форма' })).status).toBe(400)
    expect(await (await a.client.get(`/ngo/${ngoA.slug}/rosters/templates`)).text()).toContain('ТИК форма')
    const screen = await (await a.client.get(`/ngo/${ngoA.slug}/rosters?campaign=${campaign.slug}`)).text()
    expect(screen).toContain(`value="${template.id}"`)
    expect(screen).not.toContain('тот же телефон')
    // A certified observer of NGO B with the phone of one of A's: a translated warning naming both.
    await recruit(509, campaign, ngoB.id, { fullName: 'Асель Бекова-Б', phone: '+77015000001' })
    const warned = await (await a.client.get(`/ngo/${ngoA.slug}/rosters?campaign=${campaign.slug}`)).text()
    expect(warned).toContain(`У Әсел Бекова (${ngoA.name}) тот же телефон, что у Асель Бекова-Б — сертифицированного наблюдателя ${ngoB.name}`)

    const csv = await a.client.get(`/ngo/${ngoA.slug}/rosters/export?campaign=${campaign.slug}&format=csv&template=${template.id}`)
    expect(csv.status).toBe(200)
    // The file is named after the template too (UTF-8 in filename*, "_" for its letters in the ASCII name).
    const disposition = csv.headers.get('Content-Disposition') ?? ''
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)/.exec(disposition)?.[1] ?? '')).toMatch(new RegExp(`^roster_${ngoA.slug}_${campaign.slug}_all-regions_ТИК-форма_\\d{4}-\\d{2}-\\d{2}\\.csv$`))
    const records = parse(Buffer.from(await csv.arrayBuffer()), { bom: true, delimiter: ';' }) as string[][]
    expect(records[0]).toEqual(['Контактный телефон', 'ФИО', '№'])
    expect(records.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['Әсел Бекова', '1'],
      ['Бекзат Ахмет', '2'],
    ])
    // Phones in the national form: no leading + to neutralise, so no apostrophe shows in Excel.
    expect(records.slice(1).map((r) => r[0])).toEqual(['8 701 500 00 01', expect.stringMatching(/^8 \d{3} \d{3} \d{2} \d{2}$/)])
    const exported = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', actorId: a.user.id }, orderBy: { at: 'desc' } })
    expect(JSON.parse(exported.details)).toMatchObject({ format: 'csv', template: { id: template.id, name: 'ТИК форма' } })

    // The same template for an admin in English: the English headers, the standard name where none was given.
    const admin = await signedIn('extras-admin-tpl@example.org', 'en', true)
    const english = await admin.client.get(`/admin/rosters/export?ngo=${ngoA.slug}&campaign=${campaign.slug}&format=csv&template=${template.id}`)
    expect((parse(Buffer.from(await english.arrayBuffer()), { bom: true, delimiter: ',' }) as string[][])[0]).toEqual(['Contact phone', 'Full name', 'No.'])
    // Not for the coalition roster, nor another NGO's.
    expect((await admin.client.get(`/admin/rosters/export?ngo=&campaign=${campaign.slug}&format=csv&template=${template.id}`)).status).toBe(404)

    expect((await b.client.get(`/ngo/${ngoA.slug}/rosters/templates`)).status).toBe(403)
    expect((await b.client.get(`/ngo/${ngoA.slug}/rosters/templates/${template.id}`)).status).toBe(403)
    const viaOwn = await b.client.get(`/ngo/${ngoB.slug}/rosters/templates/${template.id}`)
    expect(viaOwn.status).toBe(404)
    expect(await viaOwn.text()).not.toContain('Контактный телефон')
    expect((await b.client.post(`/ngo/${ngoB.slug}/rosters/templates/${template.id}`, { intent: 'delete' })).status).toBe(404)
    expect((await b.client.post(`/ngo/${ngoB.slug}/rosters/templates/${template.id}`, { ...templateFields, name: 'Taken' })).status).toBe(404)
    expect((await b.client.get(`/ngo/${ngoB.slug}/rosters/export?campaign=${campaign.slug}&format=csv&template=${template.id}`)).status).toBe(404)
    expect(await (await b.client.get(`/ngo/${ngoB.slug}/rosters/templates`)).text()).not.toContain('ТИК форма')

    // The owner edits and deletes; both audited.
    expect((await a.client.post(`/ngo/${ngoA.slug}/rosters/templates/${template.id}`, { ...templateFields, name: 'ТИК форма 2' })).status).toBe(302)
    expect((await a.client.post(`/ngo/${ngoA.slug}/rosters/templates/${template.id}`, { intent: 'delete' })).status).toBe(302)
    expect((await db.auditEvent.findMany({ where: { targetId: template.id }, orderBy: { at: 'asc' } })).map((e) => e.action)).toEqual(['exportTemplate.created', 'exportTemplate.updated', 'exportTemplate.deleted'])

    // An admin's coalition-wide template: listed read-only for the lead, 403 on its edit page.
    expect((await admin.client.post('/admin/rosters/templates/new', { ...templateFields, name: 'Coalition form', ngo: '' })).status).toBe(302)
    const shared = await db.exportTemplate.findFirstOrThrow({ where: { ngoId: null, name: 'Coalition form' } })
    expect(await (await b.client.get(`/ngo/${ngoB.slug}/rosters/templates`)).text()).toContain('Coalition form')
    expect((await b.client.get(`/ngo/${ngoB.slug}/rosters/templates/${shared.id}`)).status).toBe(403)
    expect((await b.client.get('/admin/rosters/templates')).status).toBe(403)
  })
})

describe('the JSON roster API', () => {
  it('answers a lead’s token with the NGO’s roster, 401 without a valid token, audits and records the last use', async () => {
    const { campaign, ngoA, ngoB, a, b } = await world('api')
    const created = await a.client.post(`/ngo/${ngoA.slug}/api-tokens`, { intent: 'create', name: 'Call centre' })
    expect(created.status).toBe(200)
    const html = await created.text()
    const token = html.match(/os_[A-Za-z0-9_-]{43}/)?.[0]
    if (!token) throw new Error('token not shown')
    const stored = await db.apiToken.findFirstOrThrow({ where: { ngoId: ngoA.id } })
    expect(stored.tokenHash).not.toContain(token)
    expect(stored.prefix).toBe(token.slice(0, 9))
    expect(stored.lastUsedAt).toBeNull()
    // The list shows the prefix, never the token again.
    const list = await (await a.client.get(`/ngo/${ngoA.slug}/api-tokens`)).text()
    expect(list).toContain('Call centre')
    expect(list).toContain(stored.prefix)
    expect(list).not.toContain(token)

    const anonymous = new Client(app.url)
    const missing = await anonymous.get(`/api/v1/rosters/${campaign.slug}`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
    expect(await missing.json()).toEqual({ error: 'missing_token' })
    const unknown = await anonymous.get(`/api/v1/rosters/${campaign.slug}`, { Authorization: `Bearer os_${'A'.repeat(43)}` })
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('www-authenticate')).toContain('invalid_token')

    const ok = await anonymous.get(`/api/v1/rosters/${campaign.slug}`, { Authorization: `Bearer ${token}` })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toContain('application/json')
    const body = (await ok.json()) as { ngo: { slug: string }; total: number; iin: string; columns: Array<{ key: string; header: string }>; rows: Array<Record<string, string | number>> }
    expect(body.ngo.slug).toBe(ngoA.slug)
    expect(body.total).toBe(2)
    expect(body.iin).toBe('masked')
    expect(body.columns.map((c) => c.key)).toEqual(['number', 'fullName', 'iin', 'birthDate', 'phone', 'region', 'settlement', 'pollingStation', 'assignedStation', 'shift', 'languages', 'certificateCode', 'validUntil'])
    expect(body.rows.map((r) => r.fullName)).toEqual(['Әсел Бекова', 'Бекзат Ахмет'])
    expect(body.rows.map((r) => r.number)).toEqual([1, 2])
    expect(String(body.rows[0]?.iin)).toContain('•')
    // Dates as YYYY-MM-DD: the birth date as stored, the validity the earliest of the certificates' expiries.
    for (const row of body.rows) {
      const application = await db.application.findFirstOrThrow({ where: { fullName: String(row.fullName), ngoId: ngoA.id } })
      const expiries = (await db.certificate.findMany({ where: { userId: application.userId } })).map((c) => c.expiresAt.getTime())
      expect(row.birthDate).toBe(application.birthDate.toISOString().slice(0, 10))
      expect(row.validUntil).toBe(new Date(Math.min(...expiries)).toISOString().slice(0, 10))
      // The phone as stored, a program's form (the files show it as rosterPhone does).
      expect(row.phone).toBe(application.phone)
    }
    expect(JSON.stringify(body)).not.toContain('Other Person')
    // Region filter as on the screen; a full IIN is never given out.
    const astana = (await (await anonymous.get(`/api/v1/rosters/${campaign.slug}?region=KZ-71&fullIin=on&reason=because`, { Authorization: `Bearer ${token}` })).json()) as typeof body
    expect(astana.rows.map((r) => r.fullName)).toEqual(['Бекзат Ахмет'])
    expect(String(astana.rows[0]?.iin)).toContain('•')
    expect((await anonymous.get('/api/v1/rosters/no-such-campaign', { Authorization: `Bearer ${token}` })).status).toBe(404)

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', ngoId: ngoA.id, details: { contains: '"format":"json"' } }, orderBy: { at: 'asc' } })
    expect(audit.actorId).toBeNull()
    expect(JSON.parse(audit.details)).toMatchObject({ format: 'json', rowCount: 2, iin: 'masked', tokenId: stored.id, tokenName: 'Call centre' })
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: stored.id } })).lastUsedAt).not.toBeNull()

    // Another NGO's lead cannot list or revoke it.
    expect((await b.client.get(`/ngo/${ngoA.slug}/api-tokens`)).status).toBe(403)
    expect((await b.client.post(`/ngo/${ngoB.slug}/api-tokens`, { intent: 'revoke', tokenId: stored.id })).status).toBe(404)

    const revoked = await a.client.post(`/ngo/${ngoA.slug}/api-tokens`, { intent: 'revoke', tokenId: stored.id })
    expect(revoked.status).toBe(302)
    const after = await anonymous.get(`/api/v1/rosters/${campaign.slug}`, { Authorization: `Bearer ${token}` })
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual({ error: 'invalid_token' })
    expect((await db.auditEvent.findMany({ where: { targetId: stored.id }, orderBy: { at: 'asc' } })).map((e) => e.action)).toEqual(['apiToken.created', 'apiToken.revoked'])
  })

  it('stops working once its creator no longer leads the NGO (removed, or anonymised); the list says so', async () => {
    const { campaign, ngoA, a } = await world('left')
    const other = await signedIn('extras-lead-a2-left@example.org', 'en')
    await addMember(other.user.id, ngoA.id, 'LEAD')
    const make = async (client: Client, name: string) => (await (await client.post(`/ngo/${ngoA.slug}/api-tokens`, { intent: 'create', name })).text()).match(/os_[A-Za-z0-9_-]{43}/)?.[0] ?? ''
    const departing = await make(a.client, 'Departing lead’s key')
    const staying = await make(other.client, 'Staying lead’s key')
    const anonymous = new Client(app.url)
    const call = (token: string) => anonymous.get(`/api/v1/rosters/${campaign.slug}`, { Authorization: `Bearer ${token}` })
    expect((await call(departing)).status).toBe(200)

    // The admin removes the first lead from the NGO: their key no longer reads the roster.
    await db.membership.deleteMany({ where: { userId: a.user.id, ngoId: ngoA.id } })
    const refused = await call(departing)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ error: 'invalid_token' })
    expect((await call(staying)).status).toBe(200)
    const list = await (await other.client.get(`/ngo/${ngoA.slug}/api-tokens?lng=en`)).text()
    expect(list.match(/no longer leads this NGO/g)).toHaveLength(1)
    const exportsWithIt = await db.auditEvent.count({ where: { action: 'roster.exported', details: { contains: 'Departing' } } })
    expect(exportsWithIt).toBe(1)
    // Back as a lead (a mistaken removal undone): it works again. Anonymised: it never does.
    await addMember(a.user.id, ngoA.id, 'LEAD')
    expect((await call(departing)).status).toBe(200)
    await db.user.update({ where: { id: a.user.id }, data: { anonymisedAt: new Date() } })
    expect((await call(departing)).status).toBe(401)
  })

  it('is rate-limited per client address with 429 and Retry-After', async () => {
    const limited = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', API_REQUESTS_PER_MINUTE: '2' })
    try {
      const client = new Client(limited.url)
      await db.rateLimiterFlexible.deleteMany({ where: { key: { startsWith: 'api' } } })
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await client.get('/api/v1/rosters/anything')).status)
      expect(statuses).toEqual([401, 401, 429])
      const last = await client.get('/api/v1/rosters/anything')
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await limited.stop()
      await db.rateLimiterFlexible.deleteMany({ where: { key: { startsWith: 'api' } } })
    }
  })
})

describe('the export history', () => {
  it('lists exports for admins, filtered by NGO and format; leads get 403', async () => {
    const { campaign, ngoA, a } = await world('hist')
    await a.client.get(`/ngo/${ngoA.slug}/rosters/export?campaign=${campaign.slug}&format=csv&region=KZ-75`)
    await a.client.get(`/ngo/${ngoA.slug}/rosters/export?campaign=${campaign.slug}&format=xlsx&fullIin=on&reason=${encodeURIComponent('Сверка с ТИК')}`)
    const admin = await signedIn('extras-admin-hist@example.org', 'en', true)
    const page = await admin.client.get(`/admin/exports?ngo=${ngoA.slug}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Export history')
    expect(html).toContain('extras-lead-a-hist@example.org')
    expect(html).toContain('XLSX')
    expect(html).toContain('full (Сверка с ТИК)')
    expect(html).toContain('Almaty')
    expect(html.indexOf('XLSX')).toBeLessThan(html.lastIndexOf('CSV'))
    const csvOnly = await (await admin.client.get(`/admin/exports?ngo=${ngoA.slug}&format=csv`)).text()
    expect(csvOnly).not.toContain('full (Сверка с ТИК)')
    expect(csvOnly).toContain('1 in total')
    expect((await a.client.get('/admin/exports')).status).toBe(403)
  })
})
