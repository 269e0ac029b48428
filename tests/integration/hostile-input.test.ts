/**
 * Hostile input, generated from the route table: every action, posted by an actor the matrix lets
 * through, receives empty, huge, wrongly typed, unknown, control-character, cross-origin, malformed
 * multipart and malformed JSON bodies. No answer may be a 5xx; refusals carry a Russian message (the
 * actors speak Russian); and no request may add or remove a row in any table, the audit log included.
 * The fields come from the forms on the route's own page, so a new form field is covered by default.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, databaseProvider } from '~/server/platform/db.server.ts'
import { routeTable } from '../support/route-table.ts'
import { actors, buildWorld, builtRoutes, type ActorName, type World } from '../support/route-world.ts'

/**
 * Tables any request may legitimately write, left out of the counts:
 * - RateLimiterFlexible: throttling counters (login, certificate lookups, anonymous forms) count
 *   every attempt, refused or not;
 * - _prisma_migrations: the migration history.
 */
const WRITTEN_BY_ANY_REQUEST = new Set(['RateLimiterFlexible', '_prisma_migrations'])
/**
 * Audit events that record reading, not changing: a refused post re-shows its page, and showing a
 * recruit's full IIN and phone is audited as a view each time (README, Security notes).
 */
const READING_AUDITS = ['recruit.viewed', 'roster.viewed', 'certificate.verified']

let world: World
let routes: Awaited<ReturnType<typeof builtRoutes>>
let tables: string[]
beforeAll(async () => {
  routes = await builtRoutes()
  world = await buildWorld()
  const names =
    databaseProvider() === 'sqlite'
      ? await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
  tables = names.map((t) => t.name).filter((name) => !WRITTEN_BY_ANY_REQUEST.has(name)).sort()
}, 120_000)
afterAll(async () => {
  await world.app.stop()
})

async function rowCounts(): Promise<Record<string, number>> {
  const readings = READING_AUDITS.map((a) => `'${a}'`).join(', ')
  const sql = tables.map((t) => `SELECT '${t}' AS name, COUNT(*) AS n FROM "${t}"${t === 'AuditEvent' ? ` WHERE "action" NOT IN (${readings})` : ''}`).join(' UNION ALL ')
  const rows = await db.$queryRawUnsafe<Array<{ name: string; n: number | bigint }>>(sql)
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))
}

/** Russian sentences of the locale file, as they appear in HTML (no markup or interpolation). */
const russian = (() => {
  const out: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.length >= 8 && /[а-яё]/i.test(value) && !/[{}<>&"']/.test(value)) out.push(value)
    } else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v)
  }
  walk(JSON.parse(fs.readFileSync('app/i18n/locales/ru.json', 'utf8')))
  return out
})()
const translated = (body: string) => russian.some((text) => body.includes(text))

interface PageForm {
  intent: string | null
  /** Fields a person types free text into (text inputs, text areas). */
  text: string[]
  /** Every other field: numbers, dates, choices, hidden ids. */
  other: string[]
}

const TEXT_TYPES = new Set(['text', 'email', 'tel', 'search', 'url', 'password'])

const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))?.[1]?.replace(/&amp;/g, '&')

/** The POST forms on the page that submit to `path` itself, with their field names and intent. */
export function formsOf(html: string, path: string): PageForm[] {
  const pathname = path.split('?')[0]
  const found: PageForm[] = []
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open = '', inner = ''] = match
    if ((attribute(open, 'method') ?? 'get').toLowerCase() !== 'post') continue
    const target = attribute(open, 'action')
    if (target !== undefined && target.split('?')[0] !== pathname) continue
    const text = new Set<string>()
    const other = new Set<string>()
    const intents: string[] = []
    for (const tag of inner.matchAll(/<(input|select|textarea|button)\b[^>]*>/gi)) {
      const name = attribute(tag[0], 'name')
      if (!name) continue
      const element = (tag[1] ?? '').toLowerCase()
      if (name === 'intent') {
        const value = attribute(tag[0], 'value')
        if (value !== undefined) intents.push(value)
      } else if (element === 'textarea' || (element === 'input' && TEXT_TYPES.has((attribute(tag[0], 'type') ?? 'text').toLowerCase()))) text.add(name)
      else other.add(name)
    }
    for (const intent of intents.length ? intents : [null]) found.push({ intent, text: [...text], other: [...other] })
  }
  // One entry per intent: forms repeated per row (one per recruit, per token) add nothing new.
  const byIntent = new Map<string, PageForm>()
  for (const f of found) {
    const key = f.intent ?? ''
    const known = byIntent.get(key)
    byIntent.set(key, known ? { intent: f.intent, text: [...new Set([...known.text, ...f.text])], other: [...new Set([...known.other, ...f.other])] } : f)
  }
  return [...byIntent.values()]
}

interface Hostile {
  name: string
  body: BodyInit
  contentType: string
  headers?: Record<string, string>
  /** The status this request must get, when it is one in particular. */
  status?: number
}

const form = (entries: Array<[string, string]>) => new URLSearchParams(entries).toString()
const URLENCODED = 'application/x-www-form-urlencoded'
const CONTROL = 'Тест\u0000\u202eконец\r\n\u0007'
const MEGABYTE = 1024 * 1024

function hostileBodies(forms: PageForm[]): Hostile[] {
  const list: Hostile[] = [
    { name: 'empty body', body: '', contentType: URLENCODED },
    { name: 'unknown intent', body: form([['intent', 'no-such-intent']]), contentType: URLENCODED },
    { name: 'unknown fields only', body: form([['__proto__[polluted]', '1'], ['constructor[prototype][polluted]', '1'], ['zz-unknown', 'x']]), contentType: URLENCODED },
    { name: 'Origin: http://evil.example', body: '', contentType: URLENCODED, headers: { Origin: 'http://evil.example' }, status: 403 },
    { name: 'multipart with a boundary the body does not use', body: '--other\r\nContent-Disposition: form-data; name="intent"\r\n\r\nx\r\n--other--\r\n', contentType: 'multipart/form-data; boundary=expected' },
    { name: 'truncated multipart', body: '--b\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsa', contentType: 'multipart/form-data; boundary=b' },
    { name: 'multipart without a boundary', body: 'garbage', contentType: 'multipart/form-data' },
    { name: 'malformed JSON', body: '{"intent": "save", "x": [1, 2', contentType: 'application/json' },
    { name: 'JSON array', body: '[1, {"__proto__": {"polluted": true}}]', contentType: 'application/json' },
  ]
  for (const f of forms) {
    const intent: Array<[string, string]> = f.intent === null ? [] : [['intent', f.intent]]
    const label = f.intent === null ? 'the form' : `intent=${f.intent}`
    const names = [...f.text, ...f.other]
    // Percent-encoded Cyrillic: six bytes per letter.
    const share = Math.ceil(MEGABYTE / 6 / Math.max(1, names.length))
    list.push({ name: `${label}: 1 MB of field values`, body: form([...intent, ...(names.length ? names : ['x']).map((n): [string, string] => [n, 'я'.repeat(share)])]), contentType: URLENCODED })
    // A button alone (log out everywhere, delete) is a whole, valid request whatever else comes with it.
    if (!names.length) continue
    list.push(
      { name: `${label}: every field twice (arrays)`, body: form([...intent, ...names.flatMap((n): Array<[string, string]> => [[n, '12abc'], [n, '[object Object]']])]), contentType: URLENCODED },
      { name: `${label}: control characters in every field`, body: form([...intent, ...names.map((n): [string, string] => [n, CONTROL])]), contentType: URLENCODED },
      { name: `${label}: unknown fields`, body: form([...intent, ['zz-unknown', 'x'], ['__proto__', 'x']]), contentType: URLENCODED },
    )
    // Letters where numbers, dates, choices and ids go; the free-text fields left out.
    if (f.other.length) list.push({ name: `${label}: letters in the number, date and choice fields`, body: form([...intent, ...f.other.map((n): [string, string] => [n, '12abc'])]), contentType: URLENCODED })
  }
  return list
}

/** Each action once, as the first actor (in the matrix's order) it lets through. */
const targets = Object.entries(routeTable).flatMap(([id, entry]) =>
  (entry.action ?? []).flatMap((c) => {
    const actor = actors.find((a) => c.expect[a] === 'ok')
    return actor ? [{ id, c, actor }] : []
  }),
)

describe('hostile input to every action', () => {
  it.each(targets.map((t) => [`${t.id} as ${t.actor}`, t] as const))('%s: no 5xx, a Russian message, nothing written', async (_name, { id, c, actor }) => {
    const index = routes.find((r) => r.id === id)?.index ?? false
    const path = c.path(world.ids)
    // Its own session: a hostile post must not end the session other tests use (and may not end this one).
    const client = await world.signIn(actor as ActorName)
    const pageResponse = await client.get(path)
    const forms = pageResponse.headers.get('content-type')?.includes('text/html') ? formsOf(await pageResponse.text(), path) : []
    const posted = index ? `${path}${path.includes('?') ? '&' : '?'}index` : path
    const problems: string[] = []
    for (const hostile of hostileBodies(forms)) {
      const before = await rowCounts()
      let response: Response
      let body: string
      try {
        response = await client.request(posted, { method: 'POST', body: hostile.body, headers: { 'Content-Type': hostile.contentType, ...hostile.headers } })
        body = await response.text()
      } catch (error) {
        // e.g. a connection reset because an earlier answer left its request body unread
        problems.push(`${hostile.name}: no answer (${String((error as Error).cause ?? error)})`)
        continue
      }
      const after = await rowCounts()
      const what = `${hostile.name} → ${response.status}`
      if (response.status >= 500) problems.push(`${what}: server error ${body.slice(0, 200)}`)
      if (hostile.status !== undefined && response.status !== hostile.status) problems.push(`${what}: expected ${hostile.status}`)
      if (response.status >= 400 && !translated(body)) problems.push(`${what}: no Russian message in ${JSON.stringify(body.slice(0, 120))}`)
      const changed = tables.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]}→${after[t]}`)
      if (changed.length) problems.push(`${what}: wrote ${changed.join(', ')}`)
    }
    expect(problems).toEqual([])
  })
})

/** Each page once, as the first actor the matrix lets read it. */
const pages = Object.entries(routeTable).flatMap(([id, entry]) =>
  (entry.loader ?? []).flatMap((c) => {
    const actor = actors.find((a) => c.expect[a] === 'ok')
    return actor ? [{ id, c, actor }] : []
  }),
)

describe('hostile addresses to every page', () => {
  // Reading a page may write (a view of a recruit's IIN, an export, lesson progress are recorded): only answers are checked.
  it('a NUL, a line break, a right-to-left override or a broken %-code in the last path segment or in the usual query parameters: no 5xx, a Russian message', async () => {
    const problems: string[] = []
    for (const { id, c, actor } of pages) {
      const client = world.clients[actor]
      const [pathname = '', search = ''] = c.path(world.ids).split('?')
      const query = (value: string) => `${search ? `${search}&` : ''}${['q', 'campaign', 'page', 'show', 'region', 'step', 'format'].map((k) => `${k}=${value}`).join('&')}`
      // `%zz` and `%E0%A4%A` decode to nothing (no hex digits; a UTF-8 sequence cut short).
      const addresses = ['%00', '%0D%0A', '%E2%80%AE', '%zz', '%E0%A4%A'].flatMap((bad) => [`${pathname}${bad}${search ? `?${search}` : ''}`, `${pathname}?${query(bad)}`])
      for (const address of addresses) {
        const response = await client.get(address)
        const body = await response.text()
        const what = `${id} as ${actor}: GET ${address} → ${response.status}`
        if (response.status >= 500) problems.push(`${what}: server error`)
        // A resource fetched by scripts or download links (a lesson body, a file) answers a bare status.
        const page = routes.find((r) => r.id === id)?.page ?? true
        if (response.status >= 400 && (page ? !translated(body) : !body)) problems.push(`${what}: no Russian message in ${JSON.stringify(body.slice(0, 120))}`)
      }
    }
    expect(problems).toEqual([])
  }, 120_000)
})
