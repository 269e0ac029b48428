/** The recruitment screens over real HTTP: the application form, the volunteer's status, and the lead workspace's access rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { decodeHtml } from '../support/page-text.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

async function signedIn(email: string, locale: 'ru' | 'en' = 'en', isAdmin = false) {
  const user = await createUser({ email, locale, isAdmin })
  const client = new Client(app.url, { 'Accept-Language': locale })
  await client.login(email, TEST_PASSWORD)
  return { user, client }
}

async function campaign(slug: string, declarations: string[] = ['notCandidate']) {
  return db.campaign.create({
    data: {
      slug, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Test election', kind: 'PARLIAMENTARY', declarations: JSON.stringify(declarations),
      electionDay: new Date(Date.now() + 90 * 86_400_000), applicationDeadline: new Date(Date.now() + 30 * 86_400_000),
      courses: { create: [{ courseSlug: 'observer-basics' }] },
    },
  })
}

function form(n: number, ngo: string, overrides: Record<string, string | string[]> = {}) {
  const p = syntheticRecruit(n)
  return {
    intent: 'apply', ngo, fullName: p.fullName, iin: p.iin, birthDate: p.birthDate.toISOString().slice(0, 10), phone: '8 701 555 12 34', email: `form${n}@example.org`,
    regionCode: p.regionCode, settlement: 'Алматы', languages: ['kk', 'ru'], availability: ['voting', 'counting'], experience: 'once', declarations: ['notCandidate'], consent: 'on', ...overrides,
  }
}

describe('applying', () => {
  it('refuses bad input with specific translated errors, keeps what was typed, and writes nothing', async () => {
    await createNgo({ slug: 'apply-ngo' })
    await campaign('apply-bad')
    const { client } = await signedIn('bad-apply@example.org', 'ru')
    const broken = form(1, 'apply-ngo', { iin: syntheticRecruit(1).iin.slice(0, 11) + String((Number(syntheticRecruit(1).iin[11]) + 1) % 10), consent: [], declarations: [], fullName: 'Typed Name Stays' })
    const response = await client.post('/apply/apply-bad', broken)
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('контрольная цифра ИИН') // "the IIN's check digit is wrong", not "invalid"
    expect(html).toContain('Typed Name Stays')
    expect(html).toContain('согласие на обработку')
    expect(await db.application.count()).toBe(0)
    for (const body of [{}, { intent: 'apply', languages: 'xx' }, { intent: 'apply', ngo: 'no-such-ngo' }]) expect((await client.post('/apply/apply-bad', body as Record<string, string>)).status).toBe(400)
    expect((await client.request('/apply/apply-bad', { method: 'POST', body: '{"json":true}', headers: { 'Content-Type': 'application/json' } })).status).toBe(400)
    expect(await db.application.count()).toBe(0)
  })

  it('names the volunteer’s own fields for autofill (birth date and sex too); the lead’s form for someone else offers no autofill', async () => {
    const ngo = await createNgo({ slug: 'autofill-ngo' })
    await campaign('autofill-campaign')
    const { client: volunteer } = await signedIn('autofill-vol@example.org')
    const own = await (await volunteer.get('/apply/autofill-campaign')).text()
    const { client: lead, user } = await signedIn('autofill-lead@example.org')
    await addMember(user.id, ngo.id, 'LEAD')
    const others = await (await lead.get('/ngo/autofill-ngo/campaigns/autofill-campaign/new')).text()
    const autocompleteOf = (html: string, field: string) => new RegExp(`<(?:input|select)[^>]*id="application-${field}"[^>]*>`).exec(html)?.[0].match(/autoComplete="([^"]*)"/)?.[1]
    const tokens = { fullName: 'name', birthDate: 'bday', sex: 'sex', phone: 'tel', email: 'email', settlement: 'address-level2', iin: 'off' }
    for (const [field, token] of Object.entries(tokens)) {
      expect(autocompleteOf(own, field), field).toBe(token)
      expect(autocompleteOf(others, field), field).toBe('off')
    }
  })

  it('a campaign past its deadline shows no form to fill, only where to go; a stale page keeps no draft and makes no application', async () => {
    await createNgo({ slug: 'apply-closed-ngo' })
    const closed = await campaign('apply-closed')
    await db.campaign.update({ where: { id: closed.id }, data: { applicationDeadline: new Date(Date.now() - 2 * 86_400_000) } })
    const { user, client } = await signedIn('closed-apply@example.org', 'ru')
    const page = await (await client.get('/apply/apply-closed')).text()
    expect(page).toContain('Приём заявок на эту кампанию закрыт')
    expect(page).toContain('href="/apply"')
    expect(page).not.toContain('name="iin"')
    const en = await (await client.get('/apply/apply-closed?lng=en')).text()
    expect(en).toContain('Campaigns open for applications')
    await client.get('/apply/apply-closed?lng=ru')
    const draft = await client.post('/apply/apply-closed', { intent: 'draft', fullName: 'Half Typed', iin: syntheticRecruit(31).iin })
    expect(draft.status).toBe(400)
    expect(await client.post('/apply/apply-closed', form(31, 'apply-closed-ngo'))).toHaveProperty('status', 400)
    expect(await db.applicationDraft.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.application.count({ where: { campaignId: closed.id } })).toBe(0)
  })

  it('shows the message under the field when a ticked language or part of the day is not on the list', async () => {
    await createNgo({ slug: 'apply-lang-ngo' })
    await campaign('apply-lang')
    const { client } = await signedIn('lang-apply@example.org', 'ru')
    const posts: Array<Record<string, string[]>> = [{ languages: ['xx'] }, { languages: ['kk', 'xx'] }, { availability: ['voting', 'lunch'] }]
    for (const overrides of posts) {
      const field = Object.keys(overrides)[0] ?? ''
      const response = await client.post('/apply/apply-lang', form(7, 'apply-lang-ngo', overrides))
      expect(response.status).toBe(400)
      const html = await response.text()
      // The field's own error list (conform's id ends in -error), not only a message somewhere on the page.
      expect(html).toMatch(new RegExp(`id="[\\w-]*-${field}-error" class="field-errors"><li>Проверьте значение\\.</li>`))
      expect(html).not.toContain(`${field}[`)
    }
    expect(await db.application.count({ where: { campaign: { slug: 'apply-lang' } } })).toBe(0)
  })

  it('saves a draft, submits, shows the status and timeline, refuses the same IIN from someone else, and lets the volunteer withdraw', async () => {
    await createNgo({ slug: 'apply-good', name: 'Apply Good NGO' })
    const c = await campaign('apply-good')
    const { user, client } = await signedIn('good-apply@example.org')
    expect((await client.post('/apply/apply-good', { intent: 'draft', fullName: 'Half Typed', consent: 'on' })).status).toBe(200)
    const draft = await db.applicationDraft.findUniqueOrThrow({ where: { userId_campaignId: { userId: user.id, campaignId: c.id } } })
    expect(JSON.parse(draft.data)).toEqual({ fullName: 'Half Typed' })
    expect(await (await client.get('/apply/apply-good')).text()).toContain('Half Typed')
    // The consent names the product in the reader's language and the NGO chosen, once there is one.
    const anyNgo = await (await client.get('/apply/apply-good')).text()
    expect(anyNgo).toContain('I agree that the coalition&#x27;s NGO I apply to and Observer School process')
    const chosen = await (await client.get('/apply/apply-good?ngo=apply-good')).text()
    expect(chosen).toContain('I agree that the NGO “Apply Good NGO” I apply to and Observer School process')
    const inRussian = await (await client.get('/apply/apply-good?ngo=apply-good&lng=ru')).text()
    expect(inRussian).toContain('чтобы НПО «Apply Good NGO», в которую я подаю заявку, и Школа наблюдателя обрабатывали')
    await client.get('/apply/apply-good?lng=en') // ?lng= is remembered: back to English for the rest
    const sent = await client.post('/apply/apply-good', form(2, 'apply-good'))
    expect(sent.status).toBe(302)
    expect(sent.headers.get('Location')).toBe('/applications')
    expect(await db.applicationDraft.count({ where: { userId: user.id } })).toBe(0)
    const row = await db.application.findFirstOrThrow({ where: { userId: user.id } })
    expect(row).toMatchObject({ phone: '+77015551234', state: 'submitted', declarations: '["notCandidate"]' })
    const status = await (await client.get('/applications')).text()
    expect(status).toContain('Apply Good NGO')
    expect(status).toContain('Submitted')
    // The form now sends them to their status instead of a second application.
    expect((await client.get('/apply/apply-good')).headers.get('Location')).toBe('/applications')
    const other = await signedIn('same-iin@example.org')
    const duplicate = await other.client.post('/apply/apply-good', form(2, 'apply-good', { email: 'same-iin@example.org' }))
    expect(duplicate.status).toBe(400)
    expect(await duplicate.text()).toContain('already been made in this campaign')
    expect((await other.client.post('/applications', { applicationId: row.id })).status).toBe(404)
    expect((await client.post('/applications', { applicationId: row.id, reason: 'Exams that week' })).status).toBe(302)
    expect(await db.application.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ state: 'withdrawn' })
  })
})

describe('a certified observer', () => {
  it('can still withdraw from /applications: the form says they leave the roster and keep the certificate; the NGO’s lead is told', async () => {
    const ngo = await createNgo({ slug: 'cert-withdraw', name: 'Withdraw Watch' })
    const lead = await createUser()
    await addMember(lead.id, ngo.id, 'LEAD')
    const certified = await recruit(71, await rosterCampaign(), ngo.id)
    await db.user.update({ where: { id: certified.user.id }, data: { locale: 'en' } })
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login(certified.user.email, TEST_PASSWORD)
    const page = await (await client.get('/applications')).text()
    expect(page).toContain('Withdraw the application')
    expect(page).toContain('If you withdraw, you leave the roster and your polling-station assignments end; your certificate stays valid.')
    expect((await client.post('/applications', { applicationId: certified.application.id, reason: 'Moving abroad' })).status).toBe(302)
    expect(await db.application.findUniqueOrThrow({ where: { id: certified.application.id } })).toMatchObject({ state: 'withdrawn' })
    expect(await db.notification.count({ where: { userId: lead.id, kind: 'application.withdrawn' } })).toBe(1)
    const after = await (await client.get('/applications')).text()
    expect(after).toContain('You withdrew this application.')
    expect(after).not.toContain('Withdraw the application')
  })

  it("is taken off the roster by the lead only with a reason, said under the field; then the history keeps it", async () => {
    const ngo = await createNgo({ slug: 'cert-lead-withdraw' })
    const { client: lead, user } = await signedIn('cert-lead-withdraw@example.org')
    await addMember(user.id, ngo.id, 'LEAD')
    const certified = await recruit(72, await rosterCampaign(), ngo.id)
    const page = await (await lead.get(`/ngo/cert-lead-withdraw/recruits/${certified.application.id}`)).text()
    expect(page).toContain('Mark as withdrawn')
    const refused = await lead.post(`/ngo/cert-lead-withdraw/recruits/${certified.application.id}`, { intent: 'move', to: 'withdrawn', reason: '' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('<ul id="move-reason-error" class="field-errors"><li>Write why the observer withdraws (for example, they called to say they are ill): it stays in the history.</li></ul>')
    expect(await db.application.findUniqueOrThrow({ where: { id: certified.application.id } })).toMatchObject({ state: 'certified' })
    expect((await lead.post(`/ngo/cert-lead-withdraw/recruits/${certified.application.id}`, { intent: 'move', to: 'withdrawn', reason: 'Called: moving abroad' })).status).toBe(302)
    expect(await db.applicationEvent.findFirstOrThrow({ where: { applicationId: certified.application.id, toState: 'withdrawn' } })).toMatchObject({ fromState: 'certified', actorRole: 'lead', reason: 'Called: moving abroad' })
  })
})

describe('a volunteer who applied before', () => {
  it('finds the new campaign’s form filled in from the earlier application, said so; a draft of the new one wins', async () => {
    const ngo = await createNgo({ slug: 'earlier-ngo' })
    const earlier = await recruit(75, await rosterCampaign(), ngo.id, { regionCode: 'KZ-75', pollingStation: '4242' })
    await db.application.update({ where: { id: earlier.application.id }, data: { motivation: 'Earlier motivation text' } })
    await db.user.update({ where: { id: earlier.user.id }, data: { locale: 'en' } })
    await campaign('earlier-next')
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login(earlier.user.email, TEST_PASSWORD)
    const page = decodeHtml(await (await client.get('/apply/earlier-next')).text())
    expect(page).toContain('We filled in the form from your application for “Kurultai election”: check it and correct whatever has changed.')
    expect(page).toContain(`value="${earlier.iin}"`)
    expect(page).toContain(`value="${earlier.application.phone}"`)
    expect(page).toContain(`value="${earlier.application.fullName}"`)
    // This campaign's own answers are not carried over.
    expect(page).not.toContain('4242')
    expect(page).not.toContain('Earlier motivation text')
    // A draft of the new form is what the person typed last: it wins, and nothing says "filled in".
    expect((await client.post('/apply/earlier-next', { intent: 'draft', settlement: 'Талдыкорган' })).status).toBe(200)
    const drafted = decodeHtml(await (await client.get('/apply/earlier-next')).text())
    expect(drafted).toContain('value="Талдыкорган"')
    expect(drafted).not.toContain('We filled in the form from your application')
    // Someone who never applied sees an empty form and no note.
    const fresh = await signedIn('earlier-fresh@example.org')
    expect(decodeHtml(await (await fresh.client.get('/apply/earlier-next')).text())).not.toContain('We filled in the form')
  })
})

describe('a closed application taken up again', () => {
  it('is sent again by the volunteer who withdrew, while the campaign takes applications; not after, not someone else’s', async () => {
    const ngo = await createNgo({ slug: 'again-vol', name: 'Again Watch' })
    const open = await campaign('again-vol-campaign')
    const { user, application } = await recruit(73, open, ngo.id, { state: 'withdrawn', certificates: [] })
    await db.user.update({ where: { id: user.id }, data: { locale: 'en' } })
    const client = new Client(app.url, { 'Accept-Language': 'en' })
    await client.login(user.email, TEST_PASSWORD)
    const page = await (await client.get('/applications')).text()
    expect(page).toContain('The application goes back to Again Watch as a new one and is screened again.')
    expect(page).toContain('Apply again')
    // Someone else's application: 404, nothing moves.
    const stranger = await signedIn('again-stranger@example.org')
    expect((await stranger.client.post('/applications', { intent: 'reapply', applicationId: application.id })).status).toBe(404)
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'withdrawn' })
    expect((await client.post('/applications', { intent: 'reapply', applicationId: application.id })).status).toBe(302)
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'submitted' })
    expect(await db.applicationEvent.findFirstOrThrow({ where: { applicationId: application.id, toState: 'submitted' } })).toMatchObject({ fromState: 'withdrawn', actorRole: 'volunteer', actorId: user.id })
    expect(await (await client.get('/applications')).text()).not.toContain('Apply again')
    // Withdrawn again after the deadline: no button, and the post is refused with the reason.
    expect((await client.post('/applications', { intent: 'withdraw', applicationId: application.id })).status).toBe(302)
    await db.campaign.update({ where: { id: open.id }, data: { applicationDeadline: new Date(Date.now() - 2 * 86_400_000) } })
    expect(await (await client.get('/applications')).text()).not.toContain('Apply again')
    const late = await client.post('/applications', { intent: 'reapply', applicationId: application.id })
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('Applications for this campaign are closed: the deadline has passed.')
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'withdrawn' })
    // A rejected application is the lead's to reopen, not the volunteer's.
    await db.application.update({ where: { id: application.id }, data: { state: 'rejected' } })
    await db.campaign.update({ where: { id: open.id }, data: { applicationDeadline: new Date(Date.now() + 30 * 86_400_000) } })
    expect((await client.post('/applications', { intent: 'reapply', applicationId: application.id })).status).toBe(400)
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'rejected' })
  })

  it('is reopened by a lead only with a reason; a returning certified observer accepted again is certified at once', async () => {
    const ngo = await createNgo({ slug: 'again-lead' })
    const { client: lead, user } = await signedIn('again-lead@example.org')
    await addMember(user.id, ngo.id, 'LEAD')
    const { application } = await recruit(74, await campaign('again-lead-campaign'), ngo.id, { state: 'rejected', certificates: [{ course: 'observer-basics' }] })
    const here = `/ngo/again-lead/recruits/${application.id}`
    expect(await (await lead.get(here)).text()).toContain('Start screening')
    const refused = await lead.post(here, { intent: 'move', to: 'screening', reason: '' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('<ul id="move-reason-error" class="field-errors"><li>Write why the application is considered again (for example, it was rejected by mistake): it stays in the history.</li></ul>')
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'rejected' })
    expect((await lead.post(here, { intent: 'move', to: 'screening', reason: 'Rejected by mistake: wrong person' })).status).toBe(302)
    expect(await db.applicationEvent.findFirstOrThrow({ where: { applicationId: application.id, toState: 'screening' } })).toMatchObject({ fromState: 'rejected', actorRole: 'lead', reason: 'Rejected by mistake: wrong person' })
    // Its volunteer is told it is active again (inbox and email), once.
    expect(await db.notification.findMany({ where: { userId: application.userId, kind: 'application.reopened' }, select: { params: true } })).toEqual([{ params: expect.stringContaining(application.id) }])
    expect((await lead.post(here, { intent: 'move', to: 'accepted' })).status).toBe(302)
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ state: 'certified' })
  })
})

describe('the lead workspace', () => {
  it('gives a lead of NGO A 403 on NGO B’s workspace and 404 for B’s recruits under A, for every page and action, and changes nothing', async () => {
    const [ngoA, ngoB] = await Promise.all([createNgo({ slug: 'ws-a' }), createNgo({ slug: 'ws-b', name: 'NGO B Private' })])
    await campaign('ws-campaign')
    const { client: leadA, user: a } = await signedIn('lead-a@example.org')
    await addMember(a.id, ngoA.id, 'LEAD')
    const volunteer = await signedIn('vol-b@example.org')
    expect((await volunteer.client.post('/apply/ws-campaign', form(3, 'ws-b', { email: 'vol-b@example.org' }))).status).toBe(302)
    const recruitB = await db.application.findFirstOrThrow({ where: { ngoId: ngoB.id } })
    const before = JSON.stringify(await db.application.findUniqueOrThrow({ where: { id: recruitB.id } }))
    for (const path of ['/ngo/ws-b', '/ngo/ws-b/campaigns/ws-campaign', '/ngo/ws-b/campaigns/ws-campaign/stuck', '/ngo/ws-b/campaigns/ws-campaign/new', `/ngo/ws-b/recruits/${recruitB.id}`, '/ngo/ws-b/campaigns/ws-campaign/import']) {
      const response = await leadA.get(path)
      expect(response.status, path).toBe(403)
      expect(await response.text()).not.toContain(syntheticRecruit(3).iin)
    }
    expect((await leadA.get(`/ngo/ws-a/recruits/${recruitB.id}`)).status).toBe(404)
    for (const [path, body] of [
      [`/ngo/ws-a/recruits/${recruitB.id}`, { intent: 'move', to: 'accepted' }],
      [`/ngo/ws-a/recruits/${recruitB.id}`, { intent: 'note', body: 'hi' }],
      [`/ngo/ws-b/recruits/${recruitB.id}`, { intent: 'move', to: 'accepted' }],
      ['/ngo/ws-b/campaigns/ws-campaign', { intent: 'bulk', action: 'accepted', ids: recruitB.id }],
      ['/ngo/ws-b/campaigns/ws-campaign/new', form(4, 'ws-b')],
    ] as const) {
      const status = (await leadA.post(path, body as Record<string, string>)).status
      expect([403, 404], `${path} ${JSON.stringify(body)}`).toContain(status)
    }
    // Bulk on A's own list with B's id: nothing moves.
    const bulk = await leadA.post('/ngo/ws-a/campaigns/ws-campaign', { intent: 'bulk', action: 'accepted', ids: recruitB.id })
    expect(bulk.status).toBe(200)
    expect(JSON.stringify(await db.application.findUniqueOrThrow({ where: { id: recruitB.id } }))).toBe(before)
    expect(await db.applicationNote.count()).toBe(0)
  })

  it('lets the lead screen and accept on the recruit page, shows the full IIN only there, and audits the view; a trainer and a volunteer get 403', async () => {
    const ngo = await createNgo({ slug: 'ws-own' })
    await campaign('ws-own-campaign')
    const { client: lead, user: leadUser } = await signedIn('lead-own@example.org')
    await addMember(leadUser.id, ngo.id, 'LEAD')
    const volunteer = await signedIn('vol-own@example.org')
    await volunteer.client.post('/apply/ws-own-campaign', form(5, 'ws-own', { email: 'vol-own@example.org' }))
    const recruit = await db.application.findFirstOrThrow({ where: { ngoId: ngo.id } })
    const list = await (await lead.get('/ngo/ws-own/campaigns/ws-own-campaign')).text()
    expect(list).toContain(recruit.fullName)
    expect(list).not.toContain(recruit.iin)
    expect(list).not.toContain(recruit.phone)
    const page = await (await lead.get(`/ngo/ws-own/recruits/${recruit.id}`)).text()
    expect(page).toContain(recruit.iin)
    // What the recruit lacks is a sentence of its own: a capital letter and a full stop.
    expect(page).toContain('<span class="missing-requirements"><span>Still needed:<!-- --> <span>Observer School: Basics</span></span>.</span></p>')
    expect(await db.auditEvent.count({ where: { action: 'recruit.viewed', targetId: recruit.id } })).toBe(1)
    const rejected = await lead.post(`/ngo/ws-own/recruits/${recruit.id}`, { intent: 'move', to: 'rejected', reason: ' ' })
    expect(rejected.status).toBe(400)
    // A full sentence under the Reason field, which points to it (and to its help) and is marked invalid.
    const refusal = await rejected.text()
    expect(refusal).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*aria-describedby="move-reason-error move-reason-help"/)
    expect(refusal).toContain('<ul id="move-reason-error" class="field-errors"><li>Write the reason for rejecting: the volunteer will see it.</li></ul>')
    expect(refusal).not.toContain('form-message')
    expect((await lead.post(`/ngo/ws-own/recruits/${recruit.id}`, { intent: 'move', to: 'certified' })).status).toBe(400)
    expect((await lead.post(`/ngo/ws-own/recruits/${recruit.id}`, { intent: 'move', to: 'screening' })).status).toBe(302)
    expect((await lead.post(`/ngo/ws-own/recruits/${recruit.id}`, { intent: 'move', to: 'accepted' })).status).toBe(302)
    expect(await db.application.findUniqueOrThrow({ where: { id: recruit.id } })).toMatchObject({ state: 'accepted' })
    expect((await lead.post(`/ngo/ws-own/recruits/${recruit.id}`, { intent: 'nonsense' })).status).toBe(400)
    const trainer = await signedIn('trainer-own@example.org')
    await addMember(trainer.user.id, ngo.id, 'TRAINER')
    for (const c of [trainer.client, volunteer.client]) {
      expect((await c.get('/ngo/ws-own/campaigns/ws-own-campaign')).status).toBe(403)
      expect((await c.get(`/ngo/ws-own/recruits/${recruit.id}`)).status).toBe(403)
    }
    expect((await lead.get('/ngo/no-such-ngo')).status).toBe(404)
    expect((await lead.get('/ngo/ws-own/campaigns/no-such-campaign')).status).toBe(404)
  })
})

describe('the lead’s certificate and exam actions', () => {
  it('revokes only a certificate earned for the lead’s NGO, with a reason, and grants extra time only on an attempt in progress of their recruit', async () => {
    const [ngo, other] = await Promise.all([createNgo({ slug: 'ws-cert' }), createNgo({ slug: 'ws-cert-other' })])
    const c = await campaign('ws-cert-campaign')
    const { client: lead, user: leadUser } = await signedIn('lead-cert@example.org')
    await addMember(leadUser.id, ngo.id, 'LEAD')
    const volunteer = await signedIn('vol-cert@example.org')
    await volunteer.client.post('/apply/ws-cert-campaign', form(6, 'ws-cert', { email: 'vol-cert@example.org' }))
    const recruit = await db.application.findFirstOrThrow({ where: { ngoId: ngo.id } })
    const attempt = (status: 'IN_PROGRESS' | 'SUBMITTED', seed: string) =>
      db.examAttempt.create({ data: { userId: volunteer.user.id, courseSlug: 'observer-basics', examId: 'basics-final', contentVersion: 'v', seed, questionIds: '[]', locale: 'en', status, deadline: new Date(Date.now() + 3_600_000), submittedAt: status === 'SUBMITTED' ? new Date() : null, percent: status === 'SUBMITTED' ? 90 : null, passed: status === 'SUBMITTED' ? true : null } })
    const passed = await attempt('SUBMITTED', 'a')
    const certificate = (code: string, ngoId: string, attemptId: string) =>
      db.certificate.create({ data: { code, userId: volunteer.user.id, holderName: 'X', courseSlug: 'observer-basics', courseVersion: 'v', courseTitle: '{}', attemptId, percent: 90, campaignId: c.id, ngoId, expiresAt: new Date(Date.now() + 365 * 86_400_000) } })
    const page = `/ngo/ws-cert/recruits/${recruit.id}`
    // Extra time is for a recruit the NGO trains: accepted first (before the certificates, which would certify at once).
    expect((await lead.post(page, { intent: 'move', to: 'accepted' })).status).toBe(302)
    const ours = await certificate('AAAAA-22222', ngo.id, passed.id)
    const theirs = await certificate('BBBBB-33333', other.id, (await attempt('SUBMITTED', 'b')).id)
    expect((await lead.post(page, { intent: 'revoke', code: ours.code, reason: 'x' })).status).toBe(400)
    expect((await lead.post(page, { intent: 'revoke', code: theirs.code, reason: 'Not ours to revoke' })).status).toBe(404)
    expect((await lead.post(page, { intent: 'revoke', code: ours.code, reason: 'Signed as a candidate proxy' })).status).toBe(302)
    expect(await db.certificate.findUniqueOrThrow({ where: { id: ours.id } })).toMatchObject({ revokeReason: 'Signed as a candidate proxy', revokedById: leadUser.id })
    expect(await db.certificate.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ revokedAt: null })
    const running = await attempt('IN_PROGRESS', 'c')
    expect((await lead.post(page, { intent: 'extra-time', attemptId: running.id, minutes: '500', reason: 'Slow connection' })).status).toBe(400)
    expect((await lead.post(page, { intent: 'extra-time', attemptId: passed.id, minutes: '10', reason: 'Slow connection' })).status).toBe(400)
    expect((await lead.post(page, { intent: 'extra-time', attemptId: running.id, minutes: '10', reason: 'Slow connection' })).status).toBe(302)
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: running.id } })).extraMinutes).toBe(10)
  })

  it('closes and grades an attempt whose time ran out before anything closed it, and grants it no extra time: 409, translated, nothing else changed', async () => {
    const ngo = await createNgo({ slug: 'ws-late' })
    await campaign('ws-late-campaign')
    const { client: lead, user: leadUser } = await signedIn('lead-late@example.org')
    await addMember(leadUser.id, ngo.id, 'LEAD')
    const volunteer = await signedIn('vol-late@example.org')
    await volunteer.client.post('/apply/ws-late-campaign', form(8, 'ws-late', { email: 'vol-late@example.org' }))
    const recruit = await db.application.findFirstOrThrow({ where: { ngoId: ngo.id } })
    await db.application.update({ where: { id: recruit.id }, data: { state: 'accepted' } })
    // Over a minute ago, and still IN_PROGRESS: no view and no sweep has closed it yet.
    const deadline = new Date(Date.now() - 60_000)
    const late = await db.examAttempt.create({
      data: { userId: volunteer.user.id, courseSlug: 'observer-basics', examId: 'basics-final', contentVersion: 'v', seed: 'late', questionIds: '[]', locale: 'en', status: 'IN_PROGRESS', startedAt: new Date(deadline.getTime() - 30 * 60_000), deadline },
    })
    const refused = await lead.post(`/ngo/ws-late/recruits/${recruit.id}`, { intent: 'extra-time', attemptId: late.id, minutes: '60', reason: 'Slow connection' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('This attempt is already finished.')
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ status: 'SUBMITTED', late: true, submittedAt: deadline, deadline, extraMinutes: 0, percent: 0, passed: false })
    expect(await db.examAccommodation.count({ where: { userId: volunteer.user.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'exam.extra_time_granted', targetId: volunteer.user.id } })).toBe(0)
  })

  it('gives extra time only on the page of the attempt’s own recruit, while the NGO trains them: 403, translated, for one not in training; 404 through another recruit or a removed person; nothing changed', async () => {
    const ngo = await createNgo({ slug: 'ws-time' })
    await campaign('ws-time-campaign')
    const { client: lead, user: leadUser } = await signedIn('lead-time@example.org')
    await addMember(leadUser.id, ngo.id, 'LEAD')
    const volunteer = await signedIn('vol-time@example.org')
    await volunteer.client.post('/apply/ws-time-campaign', form(9, 'ws-time', { email: 'vol-time@example.org' }))
    const other = await signedIn('vol-time-other@example.org')
    await other.client.post('/apply/ws-time-campaign', form(10, 'ws-time', { email: 'vol-time-other@example.org' }))
    const recruit = await db.application.findFirstOrThrow({ where: { ngoId: ngo.id, userId: volunteer.user.id } })
    const otherRecruit = await db.application.update({ where: { campaignId_userId: { campaignId: recruit.campaignId, userId: other.user.id } }, data: { state: 'accepted' } })
    const attempt = (courseSlug: string, seed: string) =>
      db.examAttempt.create({ data: { userId: volunteer.user.id, courseSlug, examId: 'basics-final', contentVersion: 'v', seed, questionIds: '[]', locale: 'en', status: 'IN_PROGRESS', deadline: new Date(Date.now() + 3_600_000) } })
    const running = await attempt('observer-basics', 'time-a')
    const elsewhere = await attempt('another-course', 'time-b')
    const grant = (applicationId: string, attemptId: string) => lead.post(`/ngo/ws-time/recruits/${applicationId}`, { intent: 'extra-time', attemptId, minutes: '30', reason: 'Slow connection' })
    for (const state of ['submitted', 'screening', 'certified', 'rejected', 'withdrawn'] as const) {
      await db.application.update({ where: { id: recruit.id }, data: { state } })
      const refused = await grant(recruit.id, running.id)
      expect(refused.status, state).toBe(403)
      expect(await refused.text()).toContain('Extra time is given only while the application is accepted or in training.')
    }
    // The page offers no form for it either.
    expect(await (await lead.get(`/ngo/ws-time/recruits/${recruit.id}`)).text()).not.toContain('name="minutes"')
    // Another recruit's page (accepted), an attempt at a course their campaign does not require, a removed person.
    expect((await grant(otherRecruit.id, running.id)).status).toBe(404)
    await db.application.update({ where: { id: recruit.id }, data: { state: 'in_training' } })
    expect((await grant(recruit.id, elsewhere.id)).status).toBe(404)
    await db.application.update({ where: { id: recruit.id }, data: { anonymisedAt: new Date() } })
    expect((await grant(recruit.id, running.id)).status).toBe(404)
    for (const id of [running.id, elsewhere.id]) expect(await db.examAttempt.findUniqueOrThrow({ where: { id } })).toMatchObject({ extraMinutes: 0 })
    expect(await db.examAccommodation.count({ where: { userId: volunteer.user.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'exam.extra_time_granted', targetId: volunteer.user.id } })).toBe(0)
    // In training, on their own page: given.
    await db.application.update({ where: { id: recruit.id }, data: { anonymisedAt: null } })
    expect(await (await lead.get(`/ngo/ws-time/recruits/${recruit.id}`)).text()).toContain('name="minutes"')
    expect((await grant(recruit.id, running.id)).status).toBe(302)
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ extraMinutes: 30 })
  })

  it('revokes a certificate only from its holder’s recruit page: another recruit’s of the same NGO, or from a removed person’s page, is a 404 and changes nothing', async () => {
    const ngo = await createNgo({ slug: 'ws-revoke' })
    const c = await campaign('ws-revoke-campaign')
    const { client: lead, user: leadUser } = await signedIn('lead-revoke@example.org')
    await addMember(leadUser.id, ngo.id, 'LEAD')
    const [first, second] = [await signedIn('vol-revoke-1@example.org'), await signedIn('vol-revoke-2@example.org')]
    await first.client.post('/apply/ws-revoke-campaign', form(11, 'ws-revoke', { email: 'vol-revoke-1@example.org' }))
    await second.client.post('/apply/ws-revoke-campaign', form(12, 'ws-revoke', { email: 'vol-revoke-2@example.org' }))
    const recruitOf = (userId: string) => db.application.findUniqueOrThrow({ where: { campaignId_userId: { campaignId: c.id, userId } } })
    const [firstRecruit, secondRecruit] = [await recruitOf(first.user.id), await recruitOf(second.user.id)]
    const certificate = async (userId: string, code: string) => {
      const attempt = await db.examAttempt.create({ data: { userId, courseSlug: 'observer-basics', examId: 'basics-final', contentVersion: 'v', seed: code, questionIds: '[]', locale: 'en', status: 'SUBMITTED', deadline: new Date(), submittedAt: new Date(), percent: 90, passed: true } })
      return db.certificate.create({ data: { code, userId, holderName: 'X', courseSlug: 'observer-basics', courseVersion: 'v', courseTitle: '{}', attemptId: attempt.id, percent: 90, campaignId: c.id, ngoId: ngo.id, expiresAt: new Date(Date.now() + 365 * 86_400_000) } })
    }
    const [firsts, seconds] = [await certificate(first.user.id, 'CCCCC-44444'), await certificate(second.user.id, 'DDDDD-55555')]
    const revoke = (applicationId: string, code: string) => lead.post(`/ngo/ws-revoke/recruits/${applicationId}`, { intent: 'revoke', code, reason: 'Signed as a candidate proxy' })
    expect((await revoke(firstRecruit.id, seconds.code)).status).toBe(404)
    await db.application.update({ where: { id: firstRecruit.id }, data: { anonymisedAt: new Date() } })
    expect((await revoke(firstRecruit.id, firsts.code)).status).toBe(404)
    for (const { id } of [firsts, seconds]) expect(await db.certificate.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedAt: null, revokedById: null })
    expect(await db.auditEvent.count({ where: { action: 'certificate.revoked', targetId: { in: [firsts.id, seconds.id] } } })).toBe(0)
    expect((await revoke(secondRecruit.id, seconds.code)).status).toBe(302)
    expect(await db.certificate.findUniqueOrThrow({ where: { id: seconds.id } })).toMatchObject({ revokeReason: 'Signed as a candidate proxy', revokedById: leadUser.id })
  })
})
