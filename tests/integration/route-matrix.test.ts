/**
 * The authorisation matrix, generated from the built app's route list: every route module's loader
 * and action, requested over HTTP by each of six actors, must answer the class that
 * tests/support/route-table.ts expects. A route missing from the table, or listed but gone, fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionPath, classify, routeTable, type Case } from '../support/route-table.ts'
import { actors, buildWorld, builtRoutes, type ActorName, type World } from '../support/route-world.ts'

let world: World
let routes: Awaited<ReturnType<typeof builtRoutes>>
beforeAll(async () => {
  routes = await builtRoutes()
  world = await buildWorld()
}, 120_000)
afterAll(async () => {
  await world.app.stop()
})

async function outcomes(kind: 'loader' | 'action', routeId: string, c: Case): Promise<Record<ActorName, string>> {
  const index = routes.find((r) => r.id === routeId)?.index ?? false
  const path = kind === 'loader' ? c.path(world.ids) : actionPath(c.path(world.ids), index)
  const result = {} as Record<ActorName, string>
  for (const actor of actors) {
    const client = world.clients[actor]
    const response =
      kind === 'loader'
        ? await client.get(path)
        : await client.request(path, { method: 'POST', body: new URLSearchParams(c.body?.(world.ids) ?? {}), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    await response.arrayBuffer()
    result[actor] = classify(response, path)
  }
  return result
}

describe('the authorisation matrix', () => {
  it('lists every route module of the build, with exactly its loader and action, and nothing else', () => {
    const built = Object.fromEntries(routes.map((r) => [r.id, { loader: r.loader, action: r.action }]))
    const listed = Object.fromEntries(Object.entries(routeTable).map(([id, entry]) => [id, { loader: !!entry.loader?.length, action: !!entry.action?.length }]))
    expect(listed).toEqual(built)
  })

  it('gives every page with its own data (a loader) its own error boundary', () => {
    // A resource route (no page: a file, JSON, a redirect) has nothing to render an error into.
    const missing = routes.filter((r) => r.loader && r.page && !r.errorBoundary).map((r) => r.id)
    expect(missing).toEqual([])
  })

  const loaders = Object.entries(routeTable).flatMap(([id, entry]) => (entry.loader ?? []).map((c) => ({ id, c })))
  const actions = Object.entries(routeTable)
    .flatMap(([id, entry]) => (entry.action ?? []).map((c) => ({ id, c })))
    // Logging out ends the actor's session: last.
    .sort((a, b) => Number(a.id === 'routes/logout') - Number(b.id === 'routes/logout'))

  it.each(loaders.map(({ id, c }) => [`${id} loader${c.note ? ` (${c.note})` : ''}`, id, c] as const))('%s', async (_name, id, c) => {
    expect(await outcomes('loader', id, c)).toEqual(c.expect)
  })
  it.each(actions.map(({ id, c }) => [`${id} action${c.note ? ` (${c.note})` : ''}`, id, c] as const))('%s', async (_name, id, c) => {
    expect(await outcomes('action', id, c)).toEqual(c.expect)
  })
})
