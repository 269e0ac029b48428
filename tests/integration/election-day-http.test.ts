/**
 * Election day over real HTTP: the check-in page without JavaScript (a plain form, resent), the
 * script's tap endpoint (resend answered 200 with the first record, refusals 409 in the reader's
 * language), letter downloads (PDF, audited, NGO B's lead refused) and the board's JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { TEST_PASSWORD } from '../support/factories.ts'
import { electionDayWorld } from '../support/election-day-fixture.ts'
import { uploadStationImport } from '~/server/deployment/station-imports.server.ts'

let app: RunningApp
let w: Awaited<ReturnType<typeof electionDayWorld>>
beforeAll(async () => {
  // The morning shift started half an hour ago: taps are taken now.
  w = await electionDayWorld({ morningStartsAt: new Date(Date.now() - 30 * 60_000) })
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

async function as(email: string, locale = 'ru') {
  const client = new Client(app.url, { 'Accept-Language': locale })
  await client.login(email, TEST_PASSWORD)
  return client
}

describe('check-in over HTTP', () => {
  it('works without JavaScript: the form carries a client id made by the server, and sending it twice records one tap', async () => {
    const client = await as(w.people.aigul.user.email)
    const page = await (await client.get('/checkin')).text()
    expect(page).toContain('Участок № 101')
    const form = page.match(/name="assignmentId" value="([^"]+)"\/><input type="hidden" name="kind" value="arrived"\/><input type="hidden" name="clientId" value="([^"]+)"/)
    expect(form?.[1]).toBe(w.assignments.aigul.id)
    const fields = { assignmentId: form?.[1] ?? '', kind: 'arrived', clientId: form?.[2] ?? '' }
    const first = await client.post('/checkin', fields)
    const second = await client.post('/checkin', fields)
    expect([first.status, second.status]).toEqual([302, 302])
    expect(await db.checkIn.count({ where: { assignmentId: w.assignments.aigul.id } })).toBe(1)
    const after = await (await client.get('/checkin')).text()
    expect(after).toContain('Вы на участке')
  })

  it("takes the script's queued taps: a resend is answered 200 with the first record; left-before-arrived is refused with a message", async () => {
    const client = await as(w.people.nurlan.user.email)
    const deviceAt = new Date(Date.now() - 5 * 60_000).toISOString()
    const tap = { assignmentId: w.assignments.nurlan.id, kind: 'arrived', clientId: 'queued-tap-000001', deviceAt }
    const refused = await client.post('/checkin/taps', { ...tap, kind: 'left', clientId: 'queued-tap-000000' })
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ ok: false, error: 'leftBeforeArrived', message: expect.stringContaining('«Прибыл(а)»') as unknown })
    const first = await client.post('/checkin/taps', tap)
    const again = await client.post('/checkin/taps', tap)
    expect([first.status, again.status]).toEqual([200, 200])
    const [a, b] = [(await first.json()) as { created: boolean; checkIn: { id: string; deviceAt: string; serverAt: string } }, (await again.json()) as { created: boolean; checkIn: { id: string } }]
    expect(a.created).toBe(true)
    expect(b).toMatchObject({ created: false, checkIn: { id: a.checkIn.id } })
    expect(a.checkIn.deviceAt).toBe(deviceAt)
    expect(new Date(a.checkIn.serverAt).getTime()).toBeGreaterThan(new Date(deviceAt).getTime())
    // Someone else's assignment is not found; a malformed tap is a 400.
    expect((await client.post('/checkin/taps', { ...tap, assignmentId: w.assignments.bakyt.id, clientId: 'queued-tap-000009' })).status).toBe(404)
    expect((await client.post('/checkin/taps', { ...tap, kind: 'teleported' })).status).toBe(400)
  })
})

describe('letters over HTTP', () => {
  it("gives NGO A's lead a PDF per observer and per region, audited, and refuses NGO B's lead", async () => {
    const lead = await as(w.leadA.email)
    const one = await lead.get(`/ngo/${(await db.ngo.findUniqueOrThrow({ where: { id: w.ngoA.id } })).slug}/letters/${w.assignments.aigul.id}?language=kk`)
    expect(one.status).toBe(200)
    expect(one.headers.get('content-type')).toBe('application/pdf')
    expect(one.headers.get('content-disposition')).toMatch(/filename="letter-101-\w+-kk\.pdf"/)
    expect(Buffer.from(await one.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    const slugA = (await db.ngo.findUniqueOrThrow({ where: { id: w.ngoA.id } })).slug
    const batch = await lead.get(`/ngo/${slugA}/letters/region/KZ-75?campaign=${w.campaign.slug}&language=ru`)
    expect(batch.status).toBe(200)
    await batch.arrayBuffer()
    expect(await db.auditEvent.count({ where: { actorId: w.leadA.id, action: { in: ['letters.downloaded', 'letters.regionDownloaded'] } } })).toBe(2)
    // The printed letter's code answers the online check while the assignment stands, and not after it is declined.
    const letterCode = (await db.assignment.findUniqueOrThrow({ where: { id: w.assignments.aigul.id } })).letterCode ?? ''
    const status = await fetch(`${app.url}/verify/${letterCode}/status.json?paper=letter`)
    expect(status.headers.get('cache-control')).toBe('no-store')
    expect(await status.json()).toEqual({ code: letterCode, paper: 'letter', status: 'valid' })
    await db.assignment.update({ where: { id: w.assignments.aigul.id }, data: { status: 'declined' } })
    expect(await (await fetch(`${app.url}/verify/${letterCode}/status.json?paper=letter`)).json()).toMatchObject({ status: 'cancelled' })
    await db.assignment.update({ where: { id: w.assignments.aigul.id }, data: { status: 'assigned' } })

    const other = await as(w.leadB.email)
    expect((await other.get(`/ngo/${slugA}/letters/${w.assignments.aigul.id}`)).status).toBe(403)
    expect((await other.get(`/ngo/${slugA}/letters/region/KZ-75?campaign=${w.campaign.slug}`)).status).toBe(403)
    const slugB = (await db.ngo.findUniqueOrThrow({ where: { id: w.ngoB.id } })).slug
    expect((await other.get(`/ngo/${slugB}/letters/${w.assignments.aigul.id}`)).status).toBe(404)
  })

  it("lets the lead record a check-in for their observer from the election-day page", async () => {
    const lead = await as(w.leadA.email)
    const slugA = (await db.ngo.findUniqueOrThrow({ where: { id: w.ngoA.id } })).slug
    const page = await (await lead.get(`/ngo/${slugA}/election-day?campaign=${w.campaign.slug}&region=KZ-19`)).text()
    expect(page).toContain('Дана Өмірбекова')
    const clientId = page.match(/name="kind" value="arrived"\/><input type="hidden" name="clientId" value="([^"]+)"/)?.[1] ?? ''
    const response = await lead.post(`/ngo/${slugA}/election-day?campaign=${w.campaign.slug}&region=KZ-19`, { intent: 'tap', assignmentId: w.assignments.dana.id, kind: 'arrived', clientId })
    expect(response.status).toBe(302)
    expect(await db.checkIn.findFirst({ where: { assignmentId: w.assignments.dana.id } })).toMatchObject({ recordedById: w.leadA.id, kind: 'arrived' })
    // Each observer's state is said about them, not as the observer's own "You are…".
    const after = await (await lead.get(`/ngo/${slugA}/election-day?campaign=${w.campaign.slug}&region=KZ-19&lng=en`)).text()
    expect(after).toContain('At the station')
    expect(after).not.toMatch(/You are (at the station|not checked in)/)
    const kk = await (await lead.get(`/ngo/${slugA}/election-day?campaign=${w.campaign.slug}&region=KZ-19&lng=kk`)).text()
    expect(kk).toContain('Учаскеде')
    expect(kk).not.toContain('Сіз учаскеде')
    // ?lng= is kept as the account's language: back to Russian for the tests after this one.
    await lead.get(`/ngo/${slugA}/election-day?lng=ru`)
  })
})

describe('the coverage board over HTTP', () => {
  it('answers the JSON the wall screen polls, for admins (everyone) and leads (their NGO)', async () => {
    const admin = await as(w.admin.email)
    const board = (await (await admin.get(`/coverage/data?campaign=${w.campaign.slug}&region=KZ-75`)).json()) as { totals: { covered: number; assigned: number }; byNgo: Array<{ name: string }> }
    expect(board.totals.assigned).toBe(2)
    expect(board.totals.covered).toBeGreaterThanOrEqual(1)
    expect(board.byNgo.map((r) => r.name).sort()).toEqual(['Tulpar Youth', 'Адал сайлау'])
    const leadB = await as(w.leadB.email)
    const own = (await (await leadB.get(`/coverage/data?campaign=${w.campaign.slug}&region=KZ-75`)).json()) as { byNgo: Array<{ name: string }> }
    expect(own.byNgo.map((r) => r.name)).toEqual(['Tulpar Youth'])
    const page = await (await admin.get(`/coverage?campaign=${w.campaign.slug}&region=KZ-75&view=table`)).text()
    expect(page).toContain('Покрытие участков')
    expect(page).toContain('Адал сайлау')
    expect((await (await as(w.people.aigul.user.email)).get('/coverage/data')).status).toBe(403)
  })
})

describe('the bulk suggestion page over HTTP', () => {
  it('opens on the first shift with something to propose, and says so when a chosen shift has nothing', async () => {
    const ngo = await db.ngo.findUniqueOrThrow({ where: { id: w.ngoA.id }, select: { slug: true } })
    const client = await as(w.leadA.email)
    const url = `/ngo/${ngo.slug}/campaigns/${w.campaign.slug}/assignments/suggest`
    // Everyone of NGO A is placed in the morning: the page opens on the evening shift's proposal.
    const opened = await client.get(url)
    expect(opened.status).toBe(200)
    const html = await opened.text()
    expect(html).toMatch(/предложенн\S* назначени\S* на смену 14:00 — подсчёт/)
    expect(html).toContain('Әйгүл Қасымқызы')
    expect(html).toContain('Дана Өмірбекова')
    expect(html).not.toContain('Бақыт Серікбаев')
    // The morning chosen by hand: nothing to propose, and the page says why.
    const morning = await (await client.get(`${url}?shift=${w.shifts.morning.id}`)).text()
    expect(morning).toContain('Предложить нечего')
  })
})

describe('a polling-station list being imported, over HTTP', () => {
  it('counts the file’s rows as stations, not as people (the volunteer import’s words)', async () => {
    const file = new TextEncoder().encode('Регион;Номер участка;Район или город;Адрес\nKZ-75;9101;Алмалинский район;ул. Абая, 1\nKZ-75;9102;Алмалинский район;ул. Абая, 2\n')
    const uploaded = await uploadStationImport({ kind: 'coalition', actorId: w.admin.id }, w.campaign.id, { name: 'stations.csv', bytes: file }, '127.0.0.1')
    if (!uploaded.ok) throw new Error(uploaded.error.key)
    const client = await as(w.admin.email)
    const path = `/admin/stations/${w.campaign.slug}/import/${uploaded.importId}`
    const ru = await (await client.get(`${path}?lng=ru`)).text()
    expect(ru).toContain('строк с участками: 2')
    expect(ru).not.toContain('с людьми')
    expect(await (await client.get(`${path}?lng=en`)).text()).toContain('rows of stations: 2')
    expect(await (await client.get(`${path}?lng=kk`)).text()).toContain('учаскелер туралы жолдар: 2')
    await client.get(`${path}?lng=ru`)
  })
})

describe('the shifts page over HTTP', () => {
  it('names each shift in the reader’s language in its heading and its section’s label', async () => {
    const client = await as(w.admin.email, 'kk')
    const page = await (await client.get(`/admin/shifts?campaign=${w.campaign.slug}&lng=kk`)).text()
    expect(page).toContain('<h2>Ашылуы — 14:00 · ')
    expect(page).toMatch(/<section class="card" aria-label="14:00 — санау · \d\d:\d\d–\d\d:\d\d">/)
    expect(page).not.toContain('<h2>Открытие — 14:00')
  })
})
