/**
 * The operator's view of the built server over real HTTP: one JSON log line per request, with no
 * personal data or secret in any line whatever the visitors send, and /metrics (off without a token,
 * refused with a wrong one, summed over the cluster's workers).
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox, type Email } from '~/server/platform/email.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { metrics } from '~/server/platform/metrics.server.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

const env = () => ({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })

/** A client that remembers every answer's X-Request-Id, status and path. */
class RecordingClient extends Client {
  static answers: Array<{ id: string | null; status: number; path: string }> = []
  override async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const response = await super.request(pathname, init)
    RecordingClient.answers.push({ id: response.headers.get('x-request-id'), status: response.status, path: pathname })
    return response
  }
}

type LogLine = { level: string; msg: string; pid: number; requestId?: string; route?: string; method?: string; status?: number; durationMs?: number; job?: string }

function logLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine
      } catch {
        throw new Error(`not a JSON log line: ${line}`)
      }
    })
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the log', () => {
  it('has one JSON line per request with its id, route, method, status and duration, and no personal data or secret anywhere', async () => {
    // The server's own notification loop sends the reset email, so its job lines are in the log too.
    const app = await startApp({ ...env(), NOTIFICATIONS_INTERVAL_MS: '200' })
    const secrets: string[] = []
    try {
      const campaign = await rosterCampaign('logs-campaign')
      const ngo = await accreditedNgo({ slug: 'logs-ngo', name: 'Logs NGO' })
      const certified = await recruit(7, campaign, ngo.id, { phone: '+77019998877' })
      secrets.push(certified.iin, certified.application.phone, certified.user.email, '7019998877')

      // Sign-up, the password chosen through the emailed link, log out, log in again.
      const email = 'logs-volunteer@example.org'
      const password = 'a long secret password 42'
      const volunteer = new RecordingClient(app.url, { 'Accept-Language': 'en' })
      expect((await volunteer.post('/signup', { name: 'Logs Volunteer', email, locale: 'en' })).status).toBe(200)
      const signupMail = await until(() => readOutbox().find((m: Email) => m.to === email && m.subject === 'Observer School: finish signing up'), 'the sign-up email')
      const signupToken = new URL(signupMail.text.match(/https?:\/\/\S+/)?.[0] ?? '').searchParams.get('token') ?? ''
      expect(signupToken).not.toBe('')
      expect((await volunteer.get(`/reset-password?token=${encodeURIComponent(signupToken)}`)).status).toBe(200)
      expect((await volunteer.post('/reset-password', { token: signupToken, password, confirmPassword: password })).status).toBe(302)
      secrets.push(email, password, signupToken, volunteer.cookie('os_session') ?? 'no session after sign-up')
      expect((await volunteer.post('/logout', {})).status).toBe(302)
      expect((await volunteer.post('/login', { email, password })).status).toBe(302)
      secrets.push(volunteer.cookie('os_session') ?? 'no session after login')

      // An application with an IIN and a phone number, also echoed in a query string and a request id.
      const person = syntheticRecruit(3)
      secrets.push(person.iin, '7015551234', '+77015551234', '8 701 555 12 34')
      const form = {
        intent: 'apply', ngo: 'logs-ngo', fullName: person.fullName, iin: person.iin, birthDate: person.birthDate.toISOString().slice(0, 10), phone: '8 701 555 12 34', email,
        regionCode: person.regionCode, settlement: 'Алматы', languages: ['kk', 'ru'], availability: ['voting'], experience: 'once', declarations: [], consent: 'on',
      }
      expect((await volunteer.get(`/apply/logs-campaign?ngo=logs-ngo&iin=${person.iin}&email=${encodeURIComponent(email)}`, { 'X-Request-Id': person.iin })).status).toBe(200)
      expect((await volunteer.post('/apply/logs-campaign', form)).status).toBe(302)
      expect((await volunteer.get(`/nowhere/${person.iin}/${encodeURIComponent(email)}`)).status).toBe(404)

      // A password reset through the emailed link.
      const anonymous = new RecordingClient(app.url, { 'Accept-Language': 'en' })
      expect((await anonymous.post('/forgot-password', { email })).status).toBe(200)
      const mail = await until(() => readOutbox().find((m: Email) => m.to === email && m.subject === 'Observer School: reset your password'), 'the reset email')
      const token = new URL(mail.text.match(/https?:\/\/\S+/)?.[0] ?? '').searchParams.get('token') ?? ''
      expect(token).not.toBe('')
      const newPassword = 'another long secret 77'
      secrets.push(token, newPassword)
      expect((await anonymous.get(`/reset-password?token=${encodeURIComponent(token)}`)).status).toBe(200)
      expect((await anonymous.post('/reset-password', { token, password: newPassword, confirmPassword: newPassword })).status).toBe(302)
      secrets.push(anonymous.cookie('os_session') ?? 'no session after the reset')

      // The lead's export, with full IINs.
      const lead = await createUser({ email: 'logs-lead@example.org', locale: 'en' })
      await addMember(lead.id, ngo.id, 'LEAD')
      const leadClient = new RecordingClient(app.url, { 'Accept-Language': 'en' })
      await leadClient.login(lead.email, TEST_PASSWORD)
      secrets.push(lead.email, TEST_PASSWORD, leadClient.cookie('os_session') ?? 'no lead session')
      const exported = await leadClient.get(`/ngo/logs-ngo/rosters/export?campaign=logs-campaign&format=csv&fullIin=on&reason=${encodeURIComponent('TEC asked')}`)
      expect(exported.status).toBe(200)
      expect(await exported.text()).toContain(certified.iin)
    } finally {
      await app.stop()
    }

    const { stdout, stderr } = app.output()
    expect(stderr).toBe('')
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5)
      expect(stdout, `the log holds ${secret}`).not.toContain(secret)
      expect(stdout, `the log holds ${secret}`).not.toContain(encodeURIComponent(secret))
    }
    expect(stdout).not.toContain('?')
    expect(stdout).not.toContain('reason=')

    const lines = logLines(stdout)
    const requests = lines.filter((line) => line.msg === 'request')
    expect(RecordingClient.answers.length).toBeGreaterThan(10)
    for (const answer of RecordingClient.answers) {
      expect(answer.id, answer.path).toMatch(/^[0-9a-f-]{36}$/)
      const mine = requests.filter((line) => line.requestId === answer.id)
      expect(mine, answer.path).toHaveLength(1)
      expect(mine[0]).toMatchObject({ status: answer.status, method: expect.stringMatching(/^(GET|POST)$/), route: expect.any(String) })
      expect(mine[0]?.durationMs).toBeGreaterThanOrEqual(0)
    }
    const routes = new Set(requests.map((line) => line.route))
    for (const route of ['routes/signup', 'routes/login', 'routes/apply.$campaign', 'routes/forgot-password', 'routes/reset-password', 'routes/ngo.$ngo.rosters.export', 'routes/$']) expect(routes).toContain(route)
    // Start-up, the job that sent the reset email, and shutdown go through the same logger.
    expect(lines.some((line) => line.msg.startsWith('Observer School is running at'))).toBe(true)
    expect(lines.some((line) => line.job === 'jobs' && line.level === 'info')).toBe(true)
    expect(lines.at(-1)?.msg).toBe('Stopped.')
  })
})

/** A GET on a new connection each time, so the cluster hands requests to its workers in turn. */
function getOnNewConnection(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }))
      })
      .on('error', reject)
  })
}

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const app = await startApp(env())
    try {
      expect((await getOnNewConnection(`${app.url}/metrics`)).status).toBe(404)
      expect((await getOnNewConnection(`${app.url}/metrics`, { Authorization: 'Bearer anything-at-all-0123' })).status).toBe(404)
    } finally {
      await app.stop()
    }
  })

  describe('with METRICS_TOKEN, under a cluster of two workers', () => {
    const token = 'metrics-test-token-0123456789abcdef'
    let app: RunningApp
    beforeAll(async () => {
      app = await startApp({ ...env(), METRICS_TOKEN: token, WEB_CONCURRENCY: '2' })
    })
    afterAll(async () => {
      await app.stop()
    })

    it('refuses a scrape without the token or with a wrong one', async () => {
      const missing = await getOnNewConnection(`${app.url}/metrics`)
      expect(missing.status).toBe(401)
      expect(missing.headers['www-authenticate']).toBe('Bearer')
      expect(missing.body).not.toContain('observer_')
      expect((await getOnNewConnection(`${app.url}/metrics`, { Authorization: `Bearer ${token}x` })).status).toBe(401)
      expect((await getOnNewConnection(`${app.url}/metrics`, { Authorization: token })).status).toBe(401)
    })

    it('answers with the metrics of both workers added up, per route', async () => {
      const scrape = async () => {
        const answer = await getOnNewConnection(`${app.url}/metrics`, { Authorization: `Bearer ${token}` })
        expect(answer.status).toBe(200)
        expect(answer.headers['content-type']).toContain('text/plain')
        return answer.body
      }
      const loginCount = (text: string) => Number(/^observer_http_request_duration_seconds_count\{route="routes\/login",method="GET",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0)
      const before = loginCount(await scrape())
      const n = 8
      for (let i = 0; i < n; i++) expect((await getOnNewConnection(`${app.url}/login`)).status).toBe(200)
      // Both workers answered some of them (their pids are in the log lines).
      const workers = new Set(logLines(app.output().stdout).filter((line) => line.route === 'routes/login').map((line) => line.pid))
      expect(workers.size).toBe(2)

      const text = await scrape()
      expect(loginCount(text)).toBe(before + n)
      for (const name of ['observer_http_request_duration_seconds', 'nodejs_eventloop_lag_seconds', 'observer_queue_waiting', 'observer_queue_failed', 'observer_emails_sent_total', 'observer_emails_failed_total', 'observer_job_failures_total']) {
        expect(text, name).toContain(`# TYPE ${name} `)
      }
      expect(text).toMatch(/^observer_http_request_duration_seconds_bucket\{le="\+Inf",route="routes\/login",method="GET",status="200"\} \d+$/m)
      // The queue is counted once, not once per worker.
      await notify((await createUser()).id, 'message', { text: 'hello' })
      const pending = await db.job.count({ where: { kind: 'notification.email', state: { in: ['queued', 'running'] } } })
      expect(pending).toBeGreaterThan(0)
      expect(await scrape()).toMatch(new RegExp(`^observer_queue_waiting\\{queue="notifications"\\} ${pending}$`, 'm'))
    })
  })
})

describe('email metrics', () => {
  it('count sent emails and failed attempts, final or not', async () => {
    const user = await createUser()
    const { emailsSent, emailsFailed } = metrics()
    const value = async (counter: typeof emailsFailed | typeof emailsSent, final?: 'true' | 'false') =>
      (await counter.get()).values.find((v) => final === undefined || (v.labels as { final?: string }).final === final)?.value ?? 0
    await db.job.updateMany({ where: { kind: 'notification.email', state: 'queued' }, data: { state: 'done' } })
    const [sent, retrying] = [await value(emailsSent), await value(emailsFailed, 'false')]
    await notify(user.id, 'message', { text: 'hello' })
    expect(await deliverDueNotifications({ send: () => Promise.reject(new Error(`550 mailbox ${user.email} unavailable`)) })).toEqual({ sent: 0, retrying: 1, failed: 0 })
    expect(await value(emailsFailed, 'false')).toBe(retrying + 1)
    await deliverDueNotifications({ now: new Date(Date.now() + 86_400_000) })
    expect(await value(emailsSent)).toBe(sent + 1)
  })
})
