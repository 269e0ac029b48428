/** A person downloads their own data from their account: theirs only, complete, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

describe('my data', () => {
  it('downloads the person’s account, application with its IIN, certificates and activity, nobody else’s, and records the download', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Data Watch' })
    const me = await recruit(1, campaign, ngo.id, { fullName: 'Әсел Нұрланқызы' })
    const other = await recruit(2, campaign, ngo.id, { fullName: 'Someone Else' })

    const anonymous = await new Client(app.url).get('/account/data.json')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=%2Faccount%2Fdata\.json/)

    const client = new Client(app.url)
    await client.login(me.user.email, TEST_PASSWORD)
    const account = await (await client.get('/account?lng=en')).text()
    expect(account).toContain('href="/account/data.json"')
    const response = await client.get('/account/data.json')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="observer-school-my-data\.json"/)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const text = await response.text()
    const data = JSON.parse(text) as { account: { email: string }; applications: Array<{ iin: string; fullName: string; ngo: { name: string }; languages: unknown }>; certificates: Array<{ code: string }> }
    expect(data.account.email).toBe(me.user.email)
    expect(data.applications).toHaveLength(1)
    expect(data.applications[0]).toMatchObject({ iin: me.iin, fullName: 'Әсел Нұрланқызы', ngo: { name: 'Data Watch' }, languages: ['kk', 'ru'] })
    const mine = await db.certificate.findMany({ where: { userId: me.user.id }, select: { code: true } })
    expect(data.certificates.map((c) => c.code).sort()).toEqual(mine.map((c) => c.code).sort())
    expect(text).not.toContain(other.iin)
    expect(text).not.toContain('Someone Else')
    expect(text).not.toContain('passwordHash')
    expect(await db.auditEvent.count({ where: { action: 'account.data_exported', actorId: me.user.id } })).toBe(1)
  })
})
