import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, type ClientLoaderFunctionArgs } from '@remix-run/react'
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { LessonArticle } from '~/components/lesson/lesson-article.tsx'
import { fetchLessonHtml, knownBodyUrl, rememberBodyUrl, withHtml } from '~/components/lesson/lesson-body-client.ts'
import { useListLinks } from '~/components/list-links.ts'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { quizAnswerSchema } from '~/domain/validation/exam.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { lessonPage } from '~/server/courses/course-pages.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { answerKnowledgeCheck, completeLesson } from '~/server/courses/learning.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'courses.lessonTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const page = await lessonPage(params.course ?? '', params.lesson ?? '', user.id, await getLocale(request))
  if (!page) notFound()
  return { ...page, pageTitle: page.lesson.title }
}

/**
 * Client-side navigation (not hydration: the first page already holds the body): the page data and
 * the body's HTML, each fetched once. A neighbouring lesson's body address is known in advance, so
 * both requests go out together; the HTML comes from the browser's cache after the first time.
 */
export async function clientLoader({ serverLoader, params }: ClientLoaderFunctionArgs) {
  const expected = knownBodyUrl(params.course, params.lesson)
  const early = expected ? fetchLessonHtml(expected) : null
  const page = await serverLoader<typeof loader>()
  const bodyHtml = await (early && page.body.url === expected ? early : fetchLessonHtml(page.body.url))
  return { ...page, bodyHtml }
}

const lessonActionSchema = z.discriminatedUnion('intent', [z.object({ intent: z.literal('complete') }), quizAnswerSchema], { error: 'validation.invalid' })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const course = await findCourse(params.course ?? '')
  const lesson = course?.lessons.find((l) => l.slug === params.lesson)
  if (!course || !lesson) notFound()
  const submission = await parseForm(request, lessonActionSchema, { raw: true })
  if (submission.status !== 'success') return data({ quizId: '', result: null, error: 'validation.invalid' }, { status: 400 })
  const input = submission.value
  if (input.intent === 'complete') {
    await completeLesson(user.id, course, lesson, 'learner')
    const next = course.lessons[lesson.position + 1]
    return next ? redirect(`/courses/${course.slug}/${next.slug}`) : redirectWithToast(`/courses/${course.slug}`, { key: 'courses.finished', kind: 'success' })
  }
  const { quizId, answer } = input
  const outcome = await answerKnowledgeCheck(user.id, course, lesson, await getLocale(request), quizId, answer)
  if (!outcome.ok) {
    return data({ quizId, result: null, error: outcome.error === 'invalidAnswer' ? 'courses.quiz.chooseAnswer' : 'courses.quiz.unknown' }, { status: 400 })
  }
  return { quizId, result: outcome.result, error: null }
}

export default function LessonPage() {
  // After hydration the body's HTML is in the document already; after a client-side navigation the
  // clientLoader adds it.
  const page: ReturnType<typeof useLoaderData<typeof loader>> & { bodyHtml?: string[] } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  // The breadcrumb and the previous/next links: plain links moved through by one listener (list-links.ts).
  const links = useListLinks<HTMLDivElement>()
  const body = useMemo(() => (page.bodyHtml ? withHtml(page.body, page.bodyHtml) : page.body), [page.body, page.bodyHtml])
  useEffect(() => {
    for (const other of [page.previous, page.next]) if (other) rememberBodyUrl(page.course.slug, other.slug, other.bodyUrl)
  }, [page.course.slug, page.previous, page.next])
  const quizContext = useMemo(
    () => ({ quizzes: page.quizzes, results: page.results, errorFor: actionData?.error ? actionData.quizId : null }),
    [page.quizzes, page.results, actionData],
  )
  return (
    <div className="container lesson-layout" ref={links}>
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <a href="/courses" data-discover="true">
          {t('courses.title')}
        </a>{' '}
        ›{' '}
        <a href={`/courses/${page.course.slug}`} data-discover="true">
          {page.course.title}
        </a>
      </nav>
      <ProgressBar done={page.progress.done} total={page.progress.total} label={t('courses.yourProgress')} />
      <LessonArticle lesson={page.lesson} body={body} lessonCount={page.course.lessonCount} quizzes={quizContext} />
      <div className="lesson-footer card">
        {page.done ? (
          <p className="lesson-done" role="status">
            {t('courses.lessonDone')}
          </p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="complete" />
            <button type="submit" className="btn btn-primary">
              {t('courses.markDone')}
            </button>
          </Form>
        )}
        <nav className="lesson-nav" aria-label={t('courses.lessonNav')}>
          {page.previous ? (
            <a href={`/courses/${page.course.slug}/${page.previous.slug}`} rel="prev" data-discover="true">
              ← {page.previous.title}
            </a>
          ) : (
            <span />
          )}
          {page.next ? (
            <a href={`/courses/${page.course.slug}/${page.next.slug}`} rel="next" data-discover="true">
              {page.next.title} →
            </a>
          ) : (
            <a href={`/courses/${page.course.slug}`} data-discover="true">
              {t('courses.backToCourse')}
            </a>
          )}
        </nav>
      </div>
    </div>
  )
}
