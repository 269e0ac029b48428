/** The inbox, the invitation page and the worker loop over real HTTP against the built app (`npm run build` first). */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createInviteToken } from '~/server/accounts/accounts.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp

beforeAll(async () => {
  // A fast loop, so the test below sees the app process send a queued email by itself.
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL: 'https://observers.example.kz', NOTIFICATIONS_INTERVAL_MS: '200' })
})
afterAll(async () => {
  // Resolves only when the process exits: SIGTERM also stops the notification loop.
  await app.stop()
})

async function loggedIn(email: string, headers: Record<string, string> = {}) {
  const c = new Client(app.url, headers)
  await c.login(email, TEST_PASSWORD)
  return c
}

describe('inbox', () => {
  it('shows the reader only their own notifications, with an unread count in the header', async () => {
    const ngo = await createNgo({ name: 'Dala Civic Watch' })
    const [me, other] = await Promise.all([createUser({ email: 'inbox-me@example.org', locale: 'en' }), createUser({ email: 'inbox-other@example.org' })])
    await notify(me.id, 'message', { ngoId: ngo.id, text: 'Training on Saturday at 10' })
    await notify(me.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    await notify(other.id, 'message', { ngoId: ngo.id, text: 'Private note for someone else' })

    const c = await loggedIn(me.email, { 'Accept-Language': 'en' })
    const response = await c.get('/inbox')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Message from Dala Civic Watch')
    expect(html).toContain('Training on Saturday at 10')
    expect(html).toContain('href="/certificates/AB2CD-EF3GH"')
    expect(html).toContain('(2 unread)')
    expect(html.match(/<a [^>]*href="\/inbox"[^>]*>/)?.[0]).toContain('aria-current="page"')
    expect(html).not.toContain('Private note for someone else')
  })

  it('sends an anonymous visitor to log in first', async () => {
    const response = await new Client(app.url).get('/inbox')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Finbox')
  })

  it('marks one read and then all read, never someone else’s, and answers bad posts with 400', async () => {
    const [me, other] = await Promise.all([createUser({ email: 'mark-me@example.org' }), createUser({ email: 'mark-other@example.org' })])
    await notify(me.id, 'message', { text: 'one' })
    await notify(me.id, 'message', { text: 'two' })
    await notify(other.id, 'message', { text: 'theirs' })
    const [mine, theirs] = await Promise.all([db.notification.findFirstOrThrow({ where: { userId: me.id } }), db.notification.findFirstOrThrow({ where: { userId: other.id } })])
    const c = await loggedIn(me.email)

    expect((await c.post('/inbox', { intent: 'read', id: theirs.id })).status).toBe(404)
    expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull()

    const badPosts: Array<Record<string, string>> = [{}, { intent: 'read' }, { intent: 'delete', id: mine.id }, { intent: 'readAll', page: 'x' }]
    for (const bad of badPosts) {
      expect((await c.post('/inbox', bad)).status, JSON.stringify(bad)).toBe(400)
    }
    expect((await c.request('/inbox', { method: 'POST', body: '{"intent":"readAll"}', headers: { 'Content-Type': 'application/json' } })).status).toBe(400)
    expect(await db.notification.count({ where: { userId: { in: [me.id, other.id] }, readAt: { not: null } } })).toBe(0)

    const one = await c.post('/inbox', { intent: 'read', id: mine.id, page: '1' })
    expect(one.status).toBe(302)
    expect(one.headers.get('Location')).toBe('/inbox')
    expect((await db.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).not.toBeNull()

    expect((await c.post('/inbox', { intent: 'readAll' })).status).toBe(302)
    expect(await db.notification.count({ where: { userId: me.id, readAt: null } })).toBe(0)
    expect(await db.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1)
  })
})

describe('invitation page', () => {
  it('greets an invited person as such, and a reset as a reset', async () => {
    const user = await createUser({ email: 'invited-page@example.org' })
    const invite = await createInviteToken(user.id)
    const invited = await (await new Client(app.url).get(`/reset-password?token=${invite}&lng=en`)).text()
    expect(invited).toContain('Welcome — set a password to claim your account')
    expect(invited).toContain('name="password"')
    const stale = await (await new Client(app.url).get('/reset-password?token=made-up&lng=en')).text()
    expect(stale).toContain('This link is invalid or has expired.')
    expect(stale).not.toContain('Welcome')
  })
})

describe('worker in the app process', () => {
  it('sends a queued notification without anyone asking', async () => {
    const user = await createUser({ email: 'worker-loop@example.org', locale: 'en' })
    await notify(user.id, 'certificate.issued', { code: 'AB2CD-EF3GH' })
    const { id } = await db.notification.findFirstOrThrow({ where: { userId: user.id } })
    await vi.waitFor(async () => expect(await db.job.findUniqueOrThrow({ where: { kind_subjectId: { kind: 'notification.email', subjectId: id } } })).toMatchObject({ state: 'done' }), { timeout: 10_000, interval: 100 })
    const mails = readOutbox().filter((m) => m.to === user.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]?.text).toContain('https://observers.example.kz/certificates/AB2CD-EF3GH')
  })
})
