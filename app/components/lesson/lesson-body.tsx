import { createContext, useContext, useEffect, useRef, useState } from 'react'
import type { LessonBodyView } from '~/domain/content/lesson-body.ts'
import { fetchLessonHtml, keepLessonHtml, withHtml } from './lesson-body-client.ts'
import { Quiz } from './quiz.tsx'

/**
 * On the server only: the HTML of a lesson body's stretch, by body hash and position. The lesson
 * route's loader has just rendered (and cached) it, so the page prints it without it travelling
 * again in the loader data. In the browser there is no provider.
 */
export const LessonHtmlContext = createContext<((hash: string, index: number) => string | undefined) | null>(null)

function HtmlSegment({ hash, index, html }: { hash: string; index: number; html: string | undefined }) {
  const serverHtml = useContext(LessonHtmlContext)
  const id = `lb-${hash}-${index}`
  // Hydrating a server-rendered page: the HTML is already in the document, so keep what is there.
  const [existing] = useState(() => (html === undefined && typeof document !== 'undefined' ? (document.getElementById(id)?.innerHTML ?? '') : ''))
  const shown = html ?? serverHtml?.(hash, index) ?? existing
  return <div id={id} className="lesson-segment" dangerouslySetInnerHTML={{ __html: shown }} suppressHydrationWarning />
}

export function LessonBody({ body }: { body: LessonBodyView }) {
  const container = useRef<HTMLDivElement>(null)
  const [fetched, setFetched] = useState<{ hash: string; html: string[] } | null>(null)
  useEffect(() => {
    if (!body.url || !container.current || body.segments.some((s) => s.kind === 'html' && s.html !== undefined)) return
    const stretches = [...container.current.querySelectorAll(':scope > .lesson-segment')].map((element) => element.innerHTML)
    // Hydrated from the server's HTML: keep it, so revalidating the page (a quiz answered) does not
    // fetch the body again. A stretch the server could not print (its cache had already dropped the
    // body) is fetched instead.
    if (!stretches.includes('')) return keepLessonHtml(body.url, stretches)
    let current = true
    fetchLessonHtml(body.url).then(
      (html) => current && setFetched({ hash: body.hash, html }),
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [body])
  const shown = fetched?.hash === body.hash ? withHtml(body, fetched.html) : body
  return (
    <div ref={container} className="lesson-body" data-lesson-body={body.url}>
      {shown.segments.map((segment, index) => {
        if (segment.kind === 'quiz') return <Quiz key={`quiz-${segment.id}`} id={segment.id} />
        return <HtmlSegment key={`${body.hash}-${index}`} hash={body.hash} index={index} html={segment.html} />
      })}
    </div>
  )
}
