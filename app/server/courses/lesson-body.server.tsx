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
import { lessonMdxComponents } from '~/components/lesson/mdx-components.tsx'
import { QUIZ_SLOT, splitAtQuizzes, type LessonSegment, type RenderedSegment } from '~/domain/content/lesson-body.ts'
import type { Locale } from '~/domain/locale.ts'
import { i18nFor } from '~/i18n/instances.server.ts'
import { lru } from '../platform/lru.server.ts'

/** Bump when the lesson components' markup changes: every body gets a new hash (and URL). */
export const RENDERER_VERSION = 'body-v1'

export type { RenderedSegment }

export interface RenderedLessonBody {
  hash: string
  segments: RenderedSegment[]
}

/** `rendered`: bodies actually rendered (a cached one is not rendered again). */
export const lessonBodyStats = { rendered: 0 }

// Per language, keyed by the code string itself: the catalog hands out the same string every time,
// so a lookup costs no copying and V8 hashes the string once.
const hashes = new Map<Locale, ReturnType<typeof lru<string>>>()
const components = lru<ReturnType<typeof getMDXComponent>>(50)
// Sized to hold every body of a large deployment (a body is 10–30 KB), so the page renderer finds the
// one its loader has just rendered; if it ever does not, the browser fetches it (LessonBody).
const bodies = lru<RenderedLessonBody>(1000)

/** Names a body: the renderer's version, the interface language (callout labels) and the code. */
export function lessonBodyHash(code: string, locale: Locale): string {
  let known = hashes.get(locale)
  if (!known) hashes.set(locale, (known = lru<string>(200)))
  let hash = known.get(code)
  if (!hash) {
    hash = crypto.createHash('sha256').update(`${RENDERER_VERSION}\0${locale}\0`).update(code).digest('hex').slice(0, 24)
    known.set(code, hash)
  }
  return hash
}

function componentFor(code: string, hash: string, cache: boolean) {
  let component = cache ? components.get(hash) : undefined
  if (!component) {
    component = getMDXComponent(code)
    if (cache) components.set(hash, component)
  }
  return component
}

/**
 * Links as the learner's lesson page resolves them: a lesson links another by its relative address
 * ("02-second"), which the studio's preview, at another address, would have resolved into the studio
 * (a 404). `lessonPage`: the learner's address of the lesson previewed.
 */
function linksFrom(lessonPage: string) {
  return function LessonLink({ href, children, ...rest }: React.ComponentProps<'a'>) {
    const relative = href !== undefined && href !== '' && !href.startsWith('/') && !href.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(href)
    const url = relative ? new URL(href, `http://lesson${lessonPage}`) : null
    return (
      <a href={url ? url.pathname + url.search + url.hash : href} {...rest}>
        {children}
      </a>
    )
  }
}

async function render(code: string, locale: Locale, hash: string, cache: boolean, lessonPage?: string): Promise<RenderedLessonBody> {
  const i18n = await i18nFor(locale)
  const Content = componentFor(code, hash, cache)
  const quizIds: string[] = []
  const QuizSlot = ({ id }: { id: string }) => {
    quizIds.push(id)
    return <template {...{ [QUIZ_SLOT]: quizIds.length - 1 }} />
  }
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <Content components={{ ...lessonMdxComponents, Quiz: QuizSlot, ...(lessonPage ? { a: linksFrom(lessonPage) } : {}) }} />
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

/**
 * A studio preview's body: rendered every time and never cached (every keystroke is a new text), its
 * relative links resolved from `lessonPage`, the learner's address of the lesson, as they will be there.
 */
export function previewLessonBody(code: string, locale: Locale, lessonPage: string): Promise<RenderedLessonBody> {
  return render(code, locale, lessonBodyHash(code, locale), false, lessonPage)
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
