/**
 * Compiled lesson → HTML, on the server only. mdx-bundler's output is code; running it needs
 * `new Function`, which a strict Content-Security-Policy forbids in the browser. So the server runs
 * it (once per lesson version and interface language), renders the lesson with React to static
 * HTML, and cuts that HTML at every knowledge check: the page gets the stretches as finished HTML
 * and the checks as small React islands between them.
 */
import crypto from 'node:crypto'
import { getMDXComponent } from 'mdx-bundler/client'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import type { LessonSegment } from '~/components/lesson/lesson-body.tsx'
import { lessonMdxComponents } from '~/components/lesson/mdx-components.tsx'
import type { Locale } from '~/domain/locale.ts'
import { i18nFor } from '~/i18n/instances.server.ts'

/** Bump when the lesson components' markup changes: every body gets a new hash (and URL). */
export const RENDERER_VERSION = 'body-v1'

export type RenderedSegment = { kind: 'html'; html: string } | { kind: 'quiz'; id: string }

export interface RenderedLessonBody {
  hash: string
  segments: RenderedSegment[]
}

/** `rendered`: bodies actually rendered (a cached one is not rendered again). */
export const lessonBodyStats = { rendered: 0 }

/** A small LRU: a Map keeps insertion order, and a hit moves the entry to the end. */
function lru<V>(max: number) {
  const entries = new Map<string, V>()
  return {
    get(key: string): V | undefined {
      const value = entries.get(key)
      if (value !== undefined) {
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set(key: string, value: V) {
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > max) entries.delete(entries.keys().next().value as string)
    },
  }
}

const hashes = lru<string>(500)
const components = lru<ReturnType<typeof getMDXComponent>>(50)
const bodies = lru<RenderedLessonBody>(300)

/** Names a body: the renderer's version, the interface language (callout labels) and the code. */
export function lessonBodyHash(code: string, locale: Locale): string {
  const key = `${locale}\0${code}`
  let hash = hashes.get(key)
  if (!hash) {
    hash = crypto.createHash('sha256').update(RENDERER_VERSION).update('\0').update(key).digest('hex').slice(0, 24)
    hashes.set(key, hash)
  }
  return hash
}

const SLOT = 'data-quiz-slot'
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
// React escapes `<`, `>` and quotes in text and attribute values, so in its markup every `<` opens a
// tag, and a lesson's own text can never forge a slot.
const TAG = new RegExp(`<template ${SLOT}="(\\d+)"></template>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\\s[^>]*)?>`, 'g')

/**
 * Cuts the markup at every quiz slot. A check written inside another block (a callout, a list) is
 * moved to just after that block, so every stretch of HTML is whole.
 */
export function splitAtQuizzes(html: string, quizIds: readonly string[]): RenderedSegment[] {
  const segments: RenderedSegment[] = []
  let current = ''
  let start = 0
  let depth = 0
  let waiting: string[] = []
  const flush = (end: number) => {
    current += html.slice(start, end)
    if (current) segments.push({ kind: 'html', html: current })
    current = ''
  }
  for (const match of html.matchAll(TAG)) {
    const at = match.index
    if (match[1] !== undefined) {
      const id = quizIds[Number(match[1])] ?? ''
      if (depth === 0) {
        flush(at)
        segments.push({ kind: 'quiz', id })
      } else {
        current += html.slice(start, at)
        waiting.push(id)
      }
      start = at + match[0].length
      continue
    }
    const name = (match[3] ?? '').toLowerCase()
    if (match[2] === '/') depth--
    else if (!VOID_ELEMENTS.has(name) && !match[0].endsWith('/>')) depth++
    if (depth === 0 && waiting.length) {
      flush(at + match[0].length)
      start = at + match[0].length
      segments.push(...waiting.map((id) => ({ kind: 'quiz' as const, id })))
      waiting = []
    }
  }
  flush(html.length)
  segments.push(...waiting.map((id) => ({ kind: 'quiz' as const, id })))
  return segments
}

function componentFor(code: string, hash: string, cache: boolean) {
  let component = cache ? components.get(hash) : undefined
  if (!component) {
    component = getMDXComponent(code)
    if (cache) components.set(hash, component)
  }
  return component
}

async function render(code: string, locale: Locale, hash: string, cache: boolean): Promise<RenderedLessonBody> {
  const i18n = await i18nFor(locale)
  const Content = componentFor(code, hash, cache)
  const quizIds: string[] = []
  const QuizSlot = ({ id }: { id: string }) => {
    quizIds.push(id)
    return <template {...{ [SLOT]: quizIds.length - 1 }} />
  }
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <Content components={{ ...lessonMdxComponents, Quiz: QuizSlot }} />
    </I18nextProvider>,
  )
  lessonBodyStats.rendered++
  return { hash, segments: splitAtQuizzes(html, quizIds) }
}

/** A published lesson's body, rendered once per lesson version and language and then cached. */
export async function lessonBody(code: string, locale: Locale): Promise<RenderedLessonBody> {
  const hash = lessonBodyHash(code, locale)
  const cached = bodies.get(hash)
  if (cached) return cached
  const body = await render(code, locale, hash, true)
  bodies.set(hash, body)
  return body
}

/** A studio preview's body: rendered every time and never cached (every keystroke is a new text). */
export function previewLessonBody(code: string, locale: Locale): Promise<RenderedLessonBody> {
  return render(code, locale, lessonBodyHash(code, locale), false)
}

/** The HTML of one stretch of a cached body, for the page renderer (see LessonHtmlContext). */
export function cachedLessonHtml(hash: string, index: number): string | undefined {
  const segment = bodies.get(hash)?.segments[index]
  return segment?.kind === 'html' ? segment.html : undefined
}

/** What the page's data carries: where each stretch and check goes, not the HTML itself. */
export function bodyOutline(body: RenderedLessonBody): LessonSegment[] {
  return body.segments.map((segment) => (segment.kind === 'html' ? { kind: 'html' } : segment))
}

/** The HTML stretches in order, as the body resource serves them. */
export function bodyHtml(body: RenderedLessonBody): string[] {
  return body.segments.flatMap((segment) => (segment.kind === 'html' ? [segment.html] : []))
}
