/**
 * Live sessions over real HTTP against the built app (`npm run build` first): the meeting link never
 * reaches someone without a seat (neither in the page nor in its .data), registration, the code on
 * the trainer's screen confirmed at /attend without JavaScript, calendars, and what a lead of
 * another NGO gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

const SECRET_LINK = 'https://zoom.us/j/9876543210?pwd=secret-room-key'
let app: RunningApp
const ids = { coalition: '', ofA: '', ngoA: '', ngoB: '' }
const emails = { trainer: '', leadA: '', leadB: '', seated: '', other: '', recruitB: '' }

beforeAll(async () => {
  const campaign = await rosterCampaign()
  const ngoA = await accreditedNgo({ slug: 'live-a' })
  const ngoB = await accreditedNgo({ slug: 'live-b' })
  const trainer = await createMember(ngoA.id, 'TRAINER', { name: 'Saule Trainer' })
  const leadA = await createMember(ngoA.id, 'LEAD', { name: 'Lead Alpha' })
  const leadB = await createMember(ngoB.id, 'LEAD', { name: 'Lead Beta' })
  const seated = await recruit(1, campaign, ngoA.id, { state: 'in_training', certificates: [] })
  const other = await recruit(2, campaign, ngoA.id, { state: 'in_training', certificates: [] })
  const recruitB = await recruit(3, campaign, ngoB.id, { state: 'in_training', certificates: [] })
  await db.user.update({ where: { id: seated.user.id }, data: { name: 'Seated Alpha Recruit' } })
  await db.user.update({ where: { id: other.user.id }, data: { name: 'Other Alpha Recruit' } })
  await db.user.update({ where: { id: recruitB.user.id }, data: { name: 'Beta Recruit' } })
  // Begun ten minutes ago (attendance opens half an hour before the start), on for another fifty.
  const start = new Date(Date.now() - 10 * 60_000)
  const make = (ngoId: string | null, title: string) =>
    db.liveSession.create({
      data: { ngoId, format: 'ONLINE', titleRu: title, titleKk: title, titleEn: title, meetingUrl: SECRET_LINK, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), campaigns: { create: [{ campaignId: campaign.id }] } },
    })
  const coalition = await make(null, 'Coalition class')
  const ofA = await make(ngoA.id, 'Alpha own class')
  await db.liveSessionRegistration.createMany({ data: [{ sessionId: coalition.id, userId: seated.user.id }, { sessionId: coalition.id, userId: recruitB.user.id }, { sessionId: ofA.id, userId: seated.user.id }] })
  Object.assign(ids, { coalition: coalition.id, ofA: ofA.id, ngoA: ngoA.slug, ngoB: ngoB.slug })
  Object.assign(emails, { trainer: trainer.email, leadA: leadA.email, leadB: leadB.email, seated: seated.user.email, other: other.user.email, recruitB: recruitB.user.email })
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL: 'https://school.example.kz', NOTIFICATIONS_INTERVAL_MS: '0' })
})
afterAll(async () => {
  await app.stop()
})

async function as(email: string) {
  const c = new Client(app.url, { 'Accept-Language': 'en' })
  await c.login(email, TEST_PASSWORD)
  return c
}

describe('the meeting link', () => {
  it('is in neither the page nor its .data for someone without a seat, and is for someone with one', async () => {
    const other = await as(emails.other)
    for (const path of [`/sessions/${ids.coalition}`, `/sessions/${ids.coalition}.data`, '/sessions', '/sessions.data', `/sessions/${ids.coalition}/calendar.ics`]) {
      const response = await other.get(path)
      expect(response.status, path).toBe(200)
      const body = await response.text()
      expect(body, path).not.toContain('secret-room-key')
      expect(body, path).not.toContain('9876543210')
    }
    const seated = await as(emails.seated)
    expect(await (await seated.get(`/sessions/${ids.coalition}`)).text()).toContain(SECRET_LINK.replace(/&/g, '&amp;'))
    expect(await (await seated.get(`/sessions/${ids.coalition}/calendar.ics`)).text()).toContain('9876543210')
  })

  it('appears once the person registers, and goes when they cancel', async () => {
    const other = await as(emails.other)
    const registered = await other.post(`/sessions/${ids.ofA}`, { intent: 'register' })
    expect(registered.status).toBe(302)
    expect(await (await other.get(`/sessions/${ids.ofA}.data`)).text()).toContain('9876543210')
    expect((await other.post(`/sessions/${ids.ofA}`, { intent: 'unregister' })).status).toBe(302)
    expect(await (await other.get(`/sessions/${ids.ofA}.data`)).text()).not.toContain('9876543210')
  })

  it("NGO B's recruit cannot open NGO A's own session at all", async () => {
    const b = await as(emails.recruitB)
    expect((await b.get(`/sessions/${ids.ofA}`)).status).toBe(404)
    expect((await b.post(`/sessions/${ids.ofA}`, { intent: 'register' })).status).toBe(404)
    expect((await b.get(`/sessions/${ids.ofA}/calendar.ics`)).status).toBe(404)
  })
})

describe('attendance by code, without JavaScript', () => {
  it('the trainer’s screen shows a code and its QR; the attendee confirms once; bad codes get a clear message', async () => {
    const trainer = await as(emails.trainer)
    const screen = await (await trainer.get(`/studio/sessions/${ids.coalition}/present`)).text()
    const code = /attend\?code=([A-Z0-9]{5})/.exec(screen)?.[1] ?? ''
    expect(code).toMatch(/^[A-Z0-9]{5}$/)
    expect(screen).toContain('<svg')
    expect(screen).toContain('http-equiv="refresh"')

    const anonymous = await new Client(app.url).get(`/attend?code=${code}`)
    expect(anonymous.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(`/attend?code=${code}`)}`)

    const seated = await as(emails.seated)
    const form = await (await seated.get(`/attend?code=${code}`)).text()
    expect(form).toContain(`value="${code}"`)
    const confirmed = await seated.post('/attend', { code })
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('Location')).toBe(`/sessions/${ids.coalition}`)
    expect((await seated.post('/attend', { code: code.toLowerCase() })).status).toBe(302)
    const row = await db.liveSessionRegistration.findFirstOrThrow({ where: { sessionId: ids.coalition, attendedAt: { not: null } } })
    expect(row.attendanceSource).toBe('code')

    const wrong = await seated.post('/attend', { code: 'QQQQQ' })
    expect(wrong.status).toBe(400)
    // In the account's language (Russian here), or the one asked for.
    expect(await wrong.text()).toContain('Код неверный')
    expect(await (await seated.post('/attend?lng=kk', { code: 'QQQQQ' })).text()).toContain('Код қате')
    expect(await (await seated.post('/attend?lng=en', { code: 'QQQQQ' })).text()).toContain('This code is not right')
    // Guessing is throttled per person: a translated 429 that says when to try again, nothing recorded.
    let guess = await seated.post('/attend?lng=en', { code: 'QQQQQ' })
    for (let i = 0; i < 80 && guess.status !== 429; i++) {
      expect(guess.status).toBe(400)
      guess = await seated.post('/attend?lng=en', { code: 'QQQQQ' })
    }
    expect(guess.status).toBe(429)
    expect(Number(guess.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await guess.text()).toMatch(/Too many tries\. Try again in \d+ min\./)
    expect(await db.liveSessionRegistration.count({ where: { sessionId: ids.coalition, attendedAt: { not: null } } })).toBe(1)

    // The trainer sees who confirmed.
    expect(await (await trainer.get(`/studio/sessions/${ids.coalition}/present`)).text()).toContain('Seated Alpha Recruit')
  })

  it('a session days ahead has no code yet and nobody can be marked present: the page says from when', async () => {
    const startsAt = new Date(Date.now() + 6 * 86_400_000)
    const ahead = await db.liveSession.create({ data: { format: 'ONLINE', titleRu: 'Ahead', titleKk: 'Ahead', titleEn: 'Ahead', meetingUrl: SECRET_LINK, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) } })
    const seatedId = (await db.user.findUniqueOrThrow({ where: { email: emails.seated } })).id
    await db.liveSessionRegistration.create({ data: { sessionId: ahead.id, userId: seatedId } })
    const trainer = await as(emails.trainer)
    const screen = await (await trainer.get(`/studio/sessions/${ahead.id}/present?lng=en`)).text()
    expect(screen).toContain('The attendance code appears at')
    expect(screen).not.toMatch(/attend\?code=/)
    expect(await db.attendanceCode.count({ where: { sessionId: ahead.id } })).toBe(0)
    const overview = await (await trainer.get(`/studio/sessions/${ahead.id}?lng=en`)).text()
    expect(overview).toContain('Attendance can be recorded from')
    expect(overview).not.toContain('name="intent" value="mark"')
    // A stale page (or a hand-made form) is refused in words, and nothing is written.
    const refused = await trainer.post(`/studio/sessions/${ahead.id}?lng=en`, { intent: 'mark', userId: seatedId })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('The session has not started yet')
    expect((await db.liveSessionRegistration.findFirstOrThrow({ where: { sessionId: ahead.id, userId: seatedId } })).attendedAt).toBeNull()
    expect(await db.auditEvent.count({ where: { targetId: ahead.id } })).toBe(0)
  })
})

describe('leads', () => {
  it("a lead of NGO B cannot see NGO A's session or its attendees; at a coalition session sees only B's recruits", async () => {
    const leadB = await as(emails.leadB)
    expect((await leadB.get(`/ngo/${ids.ngoA}/sessions/${ids.ofA}`)).status).toBe(403)
    expect((await leadB.get(`/ngo/${ids.ngoB}/sessions/${ids.ofA}`)).status).toBe(404)
    expect((await leadB.get(`/ngo/${ids.ngoB}/sessions/${ids.ofA}.data`)).status).toBe(404)
    const list = await (await leadB.get(`/ngo/${ids.ngoB}/sessions`)).text()
    expect(list).toContain('Coalition class')
    expect(list).not.toContain('Alpha own class')
    const shared = await (await leadB.get(`/ngo/${ids.ngoB}/sessions/${ids.coalition}`)).text()
    expect(shared).toContain('Beta Recruit')
    expect(shared).not.toContain('Seated Alpha Recruit')
    expect(shared).not.toContain('secret-room-key')

    const leadA = await as(emails.leadA)
    const own = await (await leadA.get(`/ngo/${ids.ngoA}/sessions/${ids.ofA}`)).text()
    expect(own).toContain('Seated Alpha Recruit')
    expect(own).toContain('9876543210')
  })
})

describe('calendar feed', () => {
  it('is served by its secret address alone, as text/calendar with UTC times', async () => {
    const seated = await as(emails.seated)
    const made = await seated.post('/sessions', { intent: 'calendar' })
    expect(made.status).toBe(302)
    const page = await (await seated.get('/sessions')).text()
    const feed = /https:\/\/school\.example\.kz(\/calendar\/[A-Za-z0-9_-]{43}\.ics)/.exec(page)?.[1] ?? ''
    expect(feed).not.toBe('')
    const response = await new Client(app.url).get(feed)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('text/calendar')
    const text = await response.text()
    expect(text).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/)
    expect(text).toContain('Coalition class')
    await seated.post('/sessions', { intent: 'regenerate' })
    expect((await new Client(app.url).get(feed)).status).toBe(404)
  })
})

describe('the participant report', () => {
  /** The page's own links (not the language switch), each answered as this reader gets it. */
  async function linksOf(client: Client, path: string) {
    const page = await client.get(path)
    expect(page.status, path).toBe(200)
    const html = await page.text()
    return [...html.matchAll(/<a [^>]*href="(\/[^"#?]*)"/g)].map((m) => m[1] ?? '').filter((href) => !href.startsWith('/assets/'))
  }

  it('leads a lead back to the NGO’s session page, a trainer to the studio’s, and every link on it opens for them', async () => {
    const admin = await createUser({ isAdmin: true })
    const readers: Array<[Client, string]> = [
      [await as(emails.leadA), `/ngo/${ids.ngoA}/sessions/${ids.ofA}`],
      [await as(admin.email), `/studio/sessions/${ids.ofA}`],
    ]
    for (const [client, sessionPage] of readers) {
      const links = await linksOf(client, `/studio/sessions/${ids.ofA}/report`)
      expect(links).toContain(sessionPage)
      for (const href of new Set(links)) expect((await client.get(href)).status, `${sessionPage}: ${href}`).toBe(200)
    }
  })
})
