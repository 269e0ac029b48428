/**
 * The browser's side of lesson bodies on client-side navigation: fetch a body's HTML stretches once
 * per address (the server lets the browser keep them for good; this map spares even the cache
 * lookup on revalidations), and remember the addresses of neighbouring lessons' bodies so a move to
 * one fetches its body alongside the page data instead of after it.
 */
import type { LessonBodyView } from '~/domain/content/lesson-body.ts'

const MAX_BODIES = 20
const bodies = new Map<string, Promise<string[]>>()
const knownUrls = new Map<string, string>()

function isHtmlList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

export function fetchLessonHtml(url: string): Promise<string[]> {
  let pending = bodies.get(url)
  if (!pending) {
    pending = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(async (response) => {
      const value: unknown = response.ok ? await response.json() : null
      if (!isHtmlList(value)) throw new Error(`lesson body ${url}: ${response.status}`)
      return value
    })
    pending.catch(() => bodies.delete(url))
    bodies.set(url, pending)
    if (bodies.size > MAX_BODIES) bodies.delete(bodies.keys().next().value as string)
  }
  return pending
}

/** A hydrated page's body, read from the document: a later revalidation needs no request for it. */
export function keepLessonHtml(url: string, html: string[]) {
  if (!bodies.has(url)) bodies.set(url, Promise.resolve(html))
}

export function rememberBodyUrl(course: string, lesson: string, url: string) {
  knownUrls.set(`${course}/${lesson}`, url)
}

export function knownBodyUrl(course: string | undefined, lesson: string | undefined): string | undefined {
  return knownUrls.get(`${course ?? ''}/${lesson ?? ''}`)
}

/** The body with its HTML stretches filled in, in order. */
export function withHtml(body: LessonBodyView, html: readonly string[]): LessonBodyView {
  let next = 0
  return { ...body, segments: body.segments.map((segment) => (segment.kind === 'html' ? { kind: 'html', html: html[next++] ?? '' } : segment)) }
}
