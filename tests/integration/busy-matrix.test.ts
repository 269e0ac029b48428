/**
 * No route answers 500 when the database is too busy to write (another process holds SQLite's write
 * lock past SQLITE_LOCK_WAIT_MS), generated from the route table like the authorisation matrix, so a
 * new route is covered by default: every loader and action, requested by an actor the table lets in,
 * with the lock held, answers what it would (a read needs no lock) or 503 with Retry-After, never a
 * bare 500. An audited read (an export, a recruit's personal data) is refused rather than sent
 * without its audit record. The lock released, the world still answers.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseProvider } from '~/server/platform/db.server.ts'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import { actionPath, routeTable, type Case } from '../support/route-table.ts'
import { actors, buildWorld, builtRoutes, type ActorName, type World } from '../support/route-world.ts'

describe.runIf(databaseProvider() === 'sqlite')('every route with the database too busy to write', () => {
  let world: World
  let routes: Awaited<ReturnType<typeof builtRoutes>>
  let other: BetterSqlite3.Database
  beforeAll(async () => {
    routes = await builtRoutes()
    world = await buildWorld({ SQLITE_LOCK_WAIT_MS: '200' })
    const { default: Database } = await import('better-sqlite3')
    other = new Database(sqlitePath(process.env.DATABASE_URL ?? ''))
  }, 120_000)
  afterAll(async () => {
    if (other?.inTransaction) other.prepare('ROLLBACK').run()
    other?.close()
    await world?.app.stop()
  })

  /** The first actor the table lets in (the request then reaches the route's work), else the first listed. */
  const actorFor = (c: Case): ActorName => actors.find((a) => c.expect[a] === 'ok') ?? actors[0]

  async function whileLocked(kind: 'loader' | 'action', routeId: string, c: Case): Promise<{ status: number; retryAfter: string | null }> {
    const index = routes.find((r) => r.id === routeId)?.index ?? false
    const path = kind === 'loader' ? c.path(world.ids) : actionPath(c.path(world.ids), index)
    const client = world.clients[actorFor(c)]
    other.prepare('BEGIN IMMEDIATE').run()
    try {
      const response =
        kind === 'loader'
          ? await client.get(path)
          : await client.request(path, { method: 'POST', body: new URLSearchParams(c.body?.(world.ids) ?? {}), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      await response.arrayBuffer()
      return { status: response.status, retryAfter: response.headers.get('Retry-After') }
    } finally {
      other.prepare('ROLLBACK').run()
    }
  }

  const cases = (kind: 'loader' | 'action') =>
    Object.entries(routeTable)
      .flatMap(([id, entry]) => (entry[kind] ?? []).map((c) => ({ id, c })))
      // Logging out ends the actor's session: last.
      .sort((a, b) => Number(a.id === 'routes/logout') - Number(b.id === 'routes/logout'))
      .map(({ id, c }) => [`${id} ${kind}${c.note ? ` (${c.note})` : ''}`, kind, id, c] as const)

  /** What each case answered, for the check that the lock was really in the way. */
  const answered: Array<{ kind: 'loader' | 'action'; status: number; id: string }> = []

  it.each([...cases('loader'), ...cases('action')])('%s', async (_name, kind, id, c) => {
    const { status, retryAfter } = await whileLocked(kind, id, c)
    answered.push({ kind, status, id })
    expect(status < 500 || status === 503, `answered ${status}`).toBe(true)
    if (status === 503) expect(retryAfter).toBe('5')
  })

  it('was really in the way: writes and audited reads were refused 503, plain reads answered, and all is well once it is free', async () => {
    const refused = answered.filter((a) => a.status === 503).map((a) => `${a.kind} ${a.id}`)
    // Pages that must record something as they are read (an export's audit record, a recruit's
    // personal data viewed) are not sent without it.
    expect(refused).toEqual(expect.arrayContaining(['loader routes/ngo.$ngo.rosters.export', 'loader routes/admin.rosters.export', 'loader routes/api.v1.rosters.$campaign', 'loader routes/ngo.$ngo.recruits.$applicationId']))
    // Actions that get past their validation (most of the table's bodies are refused before any write).
    expect(refused.filter((a) => a.startsWith('action ')).length).toBeGreaterThanOrEqual(5)
    expect(answered.filter((a) => a.kind === 'loader' && a.status < 400).length).toBeGreaterThanOrEqual(50)
    expect((await world.clients.volunteer.get('/account')).status).toBe(200)
  })
})
