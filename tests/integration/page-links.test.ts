/**
 * No dead links, generated from the route list: every page of tests/support/route-table.ts that an
 * actor may open is requested as that actor, and every link on it to this site is followed as the same
 * actor. A link the reader is then refused (403), that finds nothing (404), that sends a signed-in
 * reader to the login page or that fails (5xx) is a dead end someone will click; the test names the
 * page it is on. A new route's page is covered by default (it must be in the route table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routeTable } from '../support/route-table.ts'
import { actors, buildWorld, type ActorName, type World } from '../support/route-world.ts'

let world: World
beforeAll(async () => {
  world = await buildWorld()
}, 120_000)
afterAll(async () => {
  await world.app.stop()
})

/** Links that end or change the reader's session, or leave the pages: not followed. */
const NOT_FOLLOWED = /^\/(logout|assets\/|build\/)/

/** The same-site links (`<a href>`) of an HTML page, resolved against its address, without fragments. */
function linksOf(html: string, from: string): string[] {
  const links: string[] = []
  for (const match of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
    const href = (match[1] ?? '').replace(/&amp;/g, '&')
    if (href === '' || href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue
    const url = new URL(href, `http://site${from}`)
    if (url.host !== 'site' || NOT_FOLLOWED.test(url.pathname)) continue
    links.push(url.pathname + url.search)
  }
  return links
}

describe('links on every page', () => {
  it.each(actors.map((actor) => [actor] as const))('lead %s somewhere they may go', async (actor: ActorName) => {
    const client = world.clients[actor]
    const pages = Object.values(routeTable)
      .flatMap((entry) => entry.loader ?? [])
      .filter((c) => c.expect[actor] === 'ok')
      .map((c) => c.path(world.ids))
    const linkedFrom = new Map<string, string>()
    for (const page of new Set(pages)) {
      const response = await client.get(page)
      const html = (response.headers.get('Content-Type') ?? '').startsWith('text/html') && response.status === 200 ? await response.text() : (await response.arrayBuffer(), '')
      for (const link of linksOf(html, page)) if (!linkedFrom.has(link)) linkedFrom.set(link, page)
    }
    const dead: string[] = []
    for (const [link, page] of linkedFrom) {
      const response = await client.get(link)
      await response.arrayBuffer()
      const location = response.headers.get('Location') ?? ''
      const toLogin = response.status >= 300 && response.status < 400 && location.startsWith('/login')
      if (response.status === 403 || response.status === 404 || response.status >= 500 || (toLogin && actor !== 'anonymous')) dead.push(`${link} (${response.status}${toLogin ? ' to login' : ''}) on ${page}`)
    }
    expect(linkedFrom.size).toBeGreaterThan(10)
    expect(dead).toEqual([])
  }, 180_000)
})
