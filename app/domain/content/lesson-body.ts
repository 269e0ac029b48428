import type { Locale } from '~/domain/locale.ts'

/**
 * The address of a lesson body's HTML for one rendering (lesson version × interface language). The
 * hash changes whenever the content does, so the browser may keep the answer for good.
 */
export function lessonBodyPath(course: string, lesson: string, locale: Locale, hash: string): string {
  return `/courses/${encodeURIComponent(course)}/${encodeURIComponent(lesson)}/body/${locale}/${hash}`
}

export type RenderedSegment = { kind: 'html'; html: string } | { kind: 'quiz'; id: string }

/**
 * A lesson body as the server rendered it: stretches of finished HTML with the knowledge checks
 * between them. The checks are React islands (forms the page enhances); the HTML is never code.
 */
export type LessonSegment = { kind: 'html'; html?: string } | { kind: 'quiz'; id: string }

export interface LessonBodyView {
  /** Names this rendering (lesson version × interface language); segment ids derive from it. */
  hash: string
  segments: LessonSegment[]
  /** Where the browser fetches the HTML stretches on a client-side navigation (absent in previews). */
  url?: string
}

/** The attribute of the empty `<template>` the renderer leaves where a knowledge check goes. */
export const QUIZ_SLOT = 'data-quiz-slot'

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
// React escapes `<`, `>` and quotes in text and attribute values, so in its markup every `<` opens a
// tag, and a lesson's own text can never forge a slot.
const TAG = new RegExp(`<template ${QUIZ_SLOT}="(\\d+)"></template>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\\s[^>]*)?>`, 'g')

/**
 * Cuts React's static markup of a lesson at every quiz slot (slot n is quizIds[n]). A check written
 * inside another block (a callout, a list) is moved to just after that block, so every stretch of
 * HTML is whole; the stretches joined are the markup without its slots.
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
