/** What a log line may hold (redaction, scrubbing, request ids, route labels) and the /metrics token check. */
import type { Worker } from 'node:cluster'
import { EventEmitter } from 'node:events'
import { Writable } from 'node:stream'
import { Counter, type register, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { bearerMatches, pathTemplate, requestIdFrom } from '~/cli/http-observability.ts'
import { createLogger, logLevel, scrub, serializeError } from '~/server/platform/logger.server.ts'
import { clusterMetricsText } from '~/server/platform/metrics.server.ts'

const IIN = '900515300424'

function capture() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      callback()
    },
  })
  return { logger: createLogger({ level: 'trace', destination }), lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

describe('scrub', () => {
  it('takes out email addresses, IINs, phone numbers, tokens, query strings and bearer tokens', () => {
    const text = `user dana.k+1@example.org (IIN ${IIN}, phone +7 701 555 12 34 or 8(701)5551234) GET /reset-password?token=abc&lng=ru Bearer s3cr3t-token session os_session=abcdef token k4j5h6g7f8d9s0a1q2w3e4r5t6y7`
    const clean = scrub(text)
    for (const secret of ['dana.k+1@example.org', IIN, '701 555 12 34', '5551234', 'token=abc', 's3cr3t-token', 'abcdef', 'k4j5h6g7f8d9s0a1q2w3e4r5t6y7']) expect(clean).not.toContain(secret)
    expect(clean).toContain('[email]')
    expect(clean).toContain('[iin]')
    expect(clean).toContain('/reset-password?[query]')
  })

  it('leaves stack traces, dates, ports and route ids readable', () => {
    const stack = 'Error: boom\n    at deliverDueNotifications (file:///srv/app/node_modules/@remix-run/server-runtime/dist/server.js:1234:56)'
    expect(scrub(stack)).toBe(stack)
    for (const text of ['2026-12-03T09:57:00.123Z', 'http://127.0.0.1:40123', 'routes/ngo.$ngo.campaigns.$campaign.import._index', 'took 1234 ms']) expect(scrub(text)).toBe(text)
  })
})

describe('the logger', () => {
  it('redacts fields that name personal data or secrets, at the top and one level down', () => {
    const { logger, parsed } = capture()
    logger.info({ email: 'a@example.org', phone: '+77015551234', iin: IIN, user: { email: 'b@example.org', password: 'hunter2hunter2' }, headers: { cookie: 'os_session=x' }, query: 'token=y', route: 'routes/login' }, 'hello')
    const [line] = parsed()
    expect(line).toMatchObject({ level: 'info', msg: 'hello', email: '[redacted]', phone: '[redacted]', iin: '[redacted]', user: { email: '[redacted]', password: '[redacted]' }, headers: '[redacted]', query: '[redacted]', route: 'routes/login' })
    expect(JSON.stringify(line)).not.toMatch(/example\.org|77015551234|900515300424|hunter2|os_session=x|token=y/)
  })

  it('never changes the caller’s objects, and redacts a child logger’s fields too', () => {
    const { logger, parsed } = capture()
    const user = { email: 'b@example.org', name: 'Dana' }
    const fields = { user, phone: '+77015551234', tags: ['email'], route: 'routes/login' }
    logger.info(fields, 'first')
    logger.child({ token: 'k4j5h6g7f8d9s0a1q2w3e4r5t6y7', actor: { iin: IIN, role: 'lead' } }).info({ status: 200 }, 'second')
    const [first, second] = parsed()
    expect(first).toMatchObject({ user: { email: '[redacted]', name: 'Dana' }, phone: '[redacted]', tags: ['email'], route: 'routes/login' })
    expect(second).toMatchObject({ token: '[redacted]', actor: { iin: '[redacted]', role: 'lead' }, status: 200, msg: 'second' })
    expect(fields).toEqual({ user: { email: 'b@example.org', name: 'Dana' }, phone: '+77015551234', tags: ['email'], route: 'routes/login' })
    expect(fields.user).toBe(user)
  })

  it('writes an error as type, message and stack, scrubbed, and nothing else it carries', () => {
    const { logger, lines } = capture()
    const error = Object.assign(new Error(`Unique constraint failed for dana@example.org / ${IIN}`), { meta: { target: 'email', value: 'dana@example.org' }, code: 'P2002' })
    logger.error({ err: error }, 'Request failed')
    logger.error(error)
    logger.warn(`plain text with dana@example.org and ${IIN}`)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).not.toMatch(/dana@example\.org|900515300424|P2002/)
    const first = JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown> }
    expect(Object.keys(first.err).sort()).toEqual(['message', 'stack', 'type'])
    expect(first.err.message).toBe('Unique constraint failed for [email] / [iin]')
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ msg: 'Unique constraint failed for [email] / [iin]', err: { type: 'Error' } })
    expect(serializeError('a string thrown')).toEqual({ type: 'string', message: 'a string thrown' })
  })

  it('takes LOG_LEVEL, else info (error under tests run in-process)', () => {
    expect(logLevel({ LOG_LEVEL: 'debug', NODE_ENV: 'production' })).toBe('debug')
    expect(logLevel({ NODE_ENV: 'production' })).toBe('info')
    expect(logLevel({ NODE_ENV: 'test' })).toBe('error')
    expect(logLevel({ LOG_LEVEL: 'loud', NODE_ENV: 'production' })).toBe('info')
  })
})

describe('request ids and route labels', () => {
  it("keep a proxy's id only when it is a short safe token that cannot be personal data", () => {
    for (const id of ['0f8fad5b-d9cb-469f-a165-70867728950e', 'a3c1e9f0b2d44e6f8a0b1c2d3e4f5a6b', 'req_abc.123']) expect(requestIdFrom(id)).toBe(id)
    for (const id of [IIN, '+77015551234', '87015551234', 'dana@example.org', 'a b c d e f g h', 'short', 'x'.repeat(65), '<script>alert(1)</script>']) {
      const chosen = requestIdFrom(id)
      expect(chosen).not.toBe(id)
      expect(chosen).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })

  it('replace id-like path segments of paths no route answers, and fold fingerprinted assets into one', () => {
    expect(pathTemplate('/assets/entry.client-BxY12.js')).toBe('/assets/*')
    expect(pathTemplate('/favicon.svg')).toBe('/favicon.svg')
    expect(pathTemplate(`/x/${IIN}/dana@example.org/cm3k2j1h0000`)).toBe('/x/:id/:id/:id')
  })
})

describe('the /metrics token', () => {
  it('must be sent as a bearer token, exactly', () => {
    const token = 'metrics-token-0123456789abcdef'
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true)
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true)
    for (const header of [undefined, '', 'Bearer', `Bearer ${token}x`, `Basic ${token}`, token, `Bearer ${token.slice(0, -1)}`]) expect(bearerMatches(header, token)).toBe(false)
  })
})

describe('the cluster scrape', () => {
  /** A stand-in for a cluster worker: answers a metrics request with its values after `delayMs`, or never. */
  function fakeWorker(values: Awaited<ReturnType<typeof register.getMetricsAsJSON>> | 'silent', delayMs = 5) {
    const worker = new EventEmitter() as EventEmitter & { send: (message: { type: string; id: string }) => boolean }
    worker.send = (message) => {
      if (values !== 'silent') setTimeout(() => worker.emit('message', { type: 'observer:metrics-collected', id: message.id, values }), delayMs)
      return true
    }
    return worker as unknown as Worker
  }
  const counted = (n: number) => {
    const registry = new Registry()
    new Counter({ name: 'observer_test_requests_total', help: 'test', registers: [registry] }).inc(n)
    return registry.getMetricsAsJSON()
  }

  it('adds up the workers that answer, and counts (rather than fails on) one that stays silent', async () => {
    const started = Date.now()
    const { text } = await clusterMetricsText([fakeWorker(await counted(3)), fakeWorker(await counted(4)), fakeWorker('silent')])
    expect(text).toMatch(/^observer_test_requests_total 7$/m)
    expect(text).toMatch(/^observer_metrics_workers_missing 1$/m)
    // Bounded by the per-worker wait, not by prom-client's 5 s or the worker's 10 s.
    expect(Date.now() - started).toBeLessThan(4_500)
  })

  it('reports no worker missing when all answer', async () => {
    const { text } = await clusterMetricsText([fakeWorker(await counted(1)), fakeWorker(await counted(1))])
    expect(text).toMatch(/^observer_test_requests_total 2$/m)
    expect(text).toMatch(/^observer_metrics_workers_missing 0$/m)
  })
})
