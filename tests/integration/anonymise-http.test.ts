/**
 * Deletion requests and anonymisation over HTTP: a person asks (and cancels) on their account page;
 * only a coalition admin anonymises, after ticking the box, never themselves; a refused or invalid
 * post changes nothing; afterwards the person's session is gone and their certificate verifies as
 * "holder removed" in every language.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeFromBytes } from '~/domain/certificates.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

const FULL_NAME = 'Әсел Нұрланқызы'

async function signedIn(email: string) {
  const client = new Client(app.url, { 'Accept-Language': 'ru' })
  await client.login(email, TEST_PASSWORD)
  return client
}

/** What a refused request must leave as it was. */
async function snapshot(userId: string) {
  const [user, audit, notifications, applications] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId } }),
    db.auditEvent.count({ where: { action: { notIn: ['user.login', 'recruit.viewed'] } } }),
    db.notification.count(),
    db.application.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
  ])
  return { user, audit, notifications, applications }
}

describe('deletion requests and anonymisation over HTTP', () => {
  it('a person asks on their account page (the box must be ticked), sees the request, cancels it and asks again; admins are told and see it listed', async () => {
    const admin = await createUser({ email: 'deletion-admin@example.org', isAdmin: true })
    const person = await createUser({ email: 'asks@example.org', name: 'Айгерім Сәкенқызы' })
    const client = await signedIn(person.email)

    const before = await snapshot(person.id)
    const unticked = await client.post('/account', { intent: 'request-deletion' })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Отметьте флажок, чтобы подтвердить, что вы понимаете, что произойдёт.')
    expect(await snapshot(person.id)).toEqual(before)

    const asked = await client.post('/account', { intent: 'request-deletion', confirm: 'on' })
    expect(asked.status).toBe(302)
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).deletionRequestedAt).not.toBeNull()
    expect(await db.notification.count({ where: { userId: admin.id, kind: 'account.deletion_requested' } })).toBe(1)
    const page = await (await client.get('/account')).text()
    expect(page).toContain('Вы попросили удалить ваши данные')
    expect(page).toContain('«владелец удалён»')
    expect(await (await client.get('/account?lng=kk')).text()).toContain('Сіз деректеріңізді жоюды')

    expect((await client.post('/account', { intent: 'cancel-deletion' })).status).toBe(302)
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).deletionRequestedAt).toBeNull()
    expect(await (await client.get('/account?lng=ru')).text()).toContain('Попросить удалить мои данные')
    expect((await client.post('/account', { intent: 'request-deletion', confirm: 'on' })).status).toBe(302)

    const adminClient = await signedIn(admin.email)
    const pending = await (await adminClient.get('/admin/people?deletion=requested')).text()
    expect(pending).toContain('Айгерім Сәкенқызы')
    expect(pending).toContain(`/admin/people/${person.id}/anonymise`)
    expect(pending).toContain('Удаление запрошено')
    expect(await (await adminClient.get('/inbox')).text()).toContain('Человек попросил удалить его данные')
  })

  it('only a coalition admin anonymises, with the box ticked and never themselves; afterwards the certificate verifies as "holder removed"', async () => {
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await accreditedNgo({ slug: 'anon-ngo', name: 'Anon Watch' })
    const { user: person, application } = await recruit(1, campaign, ngo.id, { fullName: FULL_NAME, certificates: [{ course: 'observer-basics' }] })
    const stored = await db.certificate.findFirstOrThrow({ where: { userId: person.id } })
    const code = codeFromBytes(crypto.randomBytes(64)) ?? 'ABCDE-FGHJK'
    await db.certificate.update({ where: { id: stored.id }, data: { code, courseTitle: JSON.stringify({ ru: 'Основы', kk: 'Негіздер', en: 'Basics' }) } })
    const admin = await createUser({ email: 'anon-admin@example.org', isAdmin: true })
    const lead = await createUser({ email: 'anon-lead@example.org' })
    await addMember(lead.id, ngo.id, 'LEAD')
    const [volunteer, leadClient, adminClient] = await Promise.all([signedIn(person.email), signedIn(lead.email), signedIn(admin.email)])
    const anonymous = new Client(app.url, { 'Accept-Language': 'ru' })
    const address = `/admin/people/${person.id}/anonymise`

    const before = await snapshot(person.id)
    // Not an admin: refused before anything is read or written.
    for (const client of [volunteer, leadClient]) {
      expect((await client.get(address)).status).toBe(403)
      expect((await client.post(address, { confirm: 'on' })).status).toBe(403)
    }
    const login = await anonymous.post(address, { confirm: 'on' })
    expect(login.status).toBe(302)
    expect(login.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    // An admin, but no tick, or not the value of a tick: 400 with the translated message.
    const page = await (await adminClient.get(address)).text()
    expect(page).toContain(person.email)
    expect(page).toContain('Резервные копии')
    for (const body of [{}, { confirm: 'yes' }, { confirm: ['on', 'on'] }] as Array<Record<string, string | string[]>>) {
      const refused = await adminClient.post(address, body)
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain('Отметьте флажок для подтверждения.')
    }
    // Oneself: refused with its reason; someone unknown: 404.
    const self = await adminClient.post(`/admin/people/${admin.id}/anonymise`, { confirm: 'on' })
    expect(self.status).toBe(400)
    expect(await self.text()).toContain('Нельзя обезличить себя: попросите другого администратора.')
    expect((await adminClient.post('/admin/people/no-such-person/anonymise', { confirm: 'on' })).status).toBe(404)
    expect(await snapshot(person.id)).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).anonymisedAt).toBeNull()

    const done = await adminClient.post(address, { confirm: 'on' })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/admin/people')
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).anonymisedAt).not.toBeNull()
    expect(await (await adminClient.get('/admin/people')).text()).toContain('Обезличен')

    // The person's session ended and their password no longer works.
    expect((await volunteer.get('/account')).status).toBe(302)
    expect((await new Client(app.url).post('/login', { email: person.email, password: TEST_PASSWORD })).status).not.toBe(302)

    // Anyone verifying sees a valid certificate without a holder, in each language.
    for (const [lng, removed, verdict] of [
      ['ru', 'Владелец удалён', 'Сертификат действителен'],
      ['kk', 'Иесі жойылды', ''],
      ['en', 'Holder removed', 'This certificate is valid'],
    ] as const) {
      const verify = await anonymous.get(`/verify/${code}?lng=${lng}`)
      expect(verify.status).toBe(200)
      const html = await verify.text()
      expect(html).toContain(removed)
      expect(html).toContain(verdict)
      expect(html).not.toContain(FULL_NAME)
    }
    const certificatePage = await (await adminClient.get(`/certificates/${code}?lng=ru`)).text()
    expect(certificatePage).toContain('<h1>Владелец удалён</h1>')
    // The lead sees that the recruit was removed, and cannot write about them.
    const recruitPage = await (await leadClient.get(`/ngo/${ngo.slug}/recruits/${application.id}`)).text()
    expect(recruitPage).toContain('Этот человек обезличен')
    expect(recruitPage).not.toContain(FULL_NAME)
    expect((await leadClient.post(`/ngo/${ngo.slug}/recruits/${application.id}`, { intent: 'note', body: 'Ещё одна заметка' })).status).toBe(404)
    expect(await db.applicationNote.count({ where: { applicationId: application.id } })).toBe(0)
  })
})
