/**
 * Issue 15 over real HTTP against the built app: the loaders of one page share one read of the
 * session and the memberships (app/server/platform/request-scope.server.ts), and that sharing never
 * outlives the request nor crosses between people; each response reports its work in `Server-Timing`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { hashSessionId } from '~/server/accounts/session.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
const client = () => new Client(app.url, { 'Accept-Language': 'en' })

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

/** The metrics of a Server-Timing header by name, e.g. { session: [1.2], root: [3.4] }. */
function metrics(response: Response): Map<string, number[]> {
  const found = new Map<string, number[]>()
  for (const entry of (response.headers.get('Server-Timing') ?? '').split(',')) {
    const [name = '', ...params] = entry.trim().split(';')
    const duration = Number(params.find((p) => p.startsWith('dur='))?.slice(4))
    if (name) found.set(name, [...(found.get(name) ?? []), duration])
  }
  return found
}

/** A GET with exactly this session cookie, as a stolen or replayed cookie would be sent. */
const withCookie = (path: string, sessionId: string) => fetch(app.url + path, { headers: { Cookie: `os_session=${sessionId}`, 'Accept-Language': 'en' }, redirect: 'manual' })

describe('the session, read once per request', () => {
  it('refuses a logged-out session on the very next request', async () => {
    await createUser({ email: 'out@example.org' })
    const c = client()
    await c.login('out@example.org', TEST_PASSWORD)
    const sessionId = c.cookie('os_session') ?? ''
    expect((await withCookie('/account', sessionId)).status).toBe(200)
    expect((await c.post('/logout', {})).status).toBe(302)
    const after = await withCookie('/account', sessionId)
    expect(after.status).toBe(302)
    expect(after.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    expect(await (await withCookie('/account.data', sessionId)).text()).not.toContain('out@example.org')
  })

  it('refuses a session deleted elsewhere (logout everywhere, an admin) on the next request', async () => {
    await createUser({ email: 'elsewhere@example.org' })
    const c = client()
    await c.login('elsewhere@example.org', TEST_PASSWORD)
    const sessionId = c.cookie('os_session') ?? ''
    expect((await withCookie('/account', sessionId)).status).toBe(200)
    await db.session.deleteMany({ where: { id: hashSessionId(sessionId) } })
    expect((await withCookie('/account', sessionId)).status).toBe(302)
  })

  it('shows a role taken away on the next request', async () => {
    const lead = await createUser({ email: 'former-lead@example.org' })
    const ngo = await createNgo({ slug: 'former-ngo' })
    const membership = await addMember(lead.id, ngo.id, 'LEAD')
    const c = client()
    await c.login('former-lead@example.org', TEST_PASSWORD)
    expect((await c.get('/ngo/former-ngo')).status).toBe(200)
    await db.membership.delete({ where: { id: membership.id } })
    expect((await c.get('/ngo/former-ngo')).status).toBe(403)
  })

  it("never shows one person another's account or roles, however their requests interleave", async () => {
    const ngo = await createNgo({ slug: 'ngo-of-ayan' })
    const ayan = await createUser({ email: 'ayan@example.org', name: 'Ayan Lead' })
    await addMember(ayan.id, ngo.id, 'LEAD')
    await createUser({ email: 'dana@example.org', name: 'Dana Volunteer' })
    const first = { client: client(), email: 'ayan@example.org', other: 'dana@example.org', leads: true }
    const second = { client: client(), email: 'dana@example.org', other: 'ayan@example.org', leads: false }
    for (const person of [first, second]) await person.client.login(person.email, TEST_PASSWORD)
    const pages = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const person = i % 2 === 0 ? first : second
        const response = await person.client.get(i % 3 === 0 ? '/account.data' : '/account')
        return { person, status: response.status, text: await response.text() }
      }),
    )
    for (const { person, status, text } of pages) {
      expect(status).toBe(200)
      expect(text).toContain(person.email)
      expect(text).not.toContain(person.other)
      if (!text.startsWith('<')) continue
      expect(text.includes('href="/ngo/ngo-of-ayan"'), person.email).toBe(person.leads)
    }
  })
})

describe('Server-Timing', () => {
  it('names the session read, each loader, the render and the total, reading the session once per page', async () => {
    await createUser({ email: 'timed@example.org' })
    const c = client()
    await c.login('timed@example.org', TEST_PASSWORD)
    const page = await c.get('/account')
    const found = metrics(page)
    for (const name of ['session', 'root', 'routes-account', 'render', 'total']) {
      expect(found.get(name), name).toBeDefined()
      for (const duration of found.get(name) ?? []) expect(duration, name).toBeGreaterThanOrEqual(0)
    }
    // Two loaders asked for the session; one read answered both.
    expect(found.get('session')).toHaveLength(1)
    const data = metrics(await c.get('/account.data'))
    expect(data.get('session')).toHaveLength(1)
    expect(data.has('root')).toBe(true)
  })

  it("reads a lead's memberships once for the header and the NGO's page together", async () => {
    const lead = await createUser({ email: 'timed-lead@example.org' })
    const ngo = await createNgo({ slug: 'timed-ngo' })
    await addMember(lead.id, ngo.id, 'LEAD')
    const c = client()
    await c.login('timed-lead@example.org', TEST_PASSWORD)
    const found = metrics(await c.get('/ngo/timed-ngo'))
    expect(found.get('memberships')).toHaveLength(1)
    expect(found.get('session')).toHaveLength(1)
  })

  it('is sent to anonymous visitors too', async () => {
    const found = metrics(await client().get('/login'))
    expect(found.has('routes-login')).toBe(true)
    expect(found.has('render')).toBe(true)
  })
})
