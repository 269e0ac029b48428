import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { LessonArticle } from '~/components/lesson/lesson-article.tsx'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { findCourse } from '~/server/content/catalog.server.ts'
import { lessonPage } from '~/server/course-pages.server.ts'
import { readForm } from '~/server/forms.server.ts'
import { answerKnowledgeCheck, completeLesson } from '~/server/learning.server.ts'
import { notFound, requireUser } from '~/server/permissions.server.ts'
import { redirectWithToast } from '~/server/toast.server.ts'

export const handle = { titleKey: 'courses.lessonTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const page = await lessonPage(params.course ?? '', params.lesson ?? '', user.id, await getLocale(request))
  if (!page) notFound()
  return { ...page, pageTitle: page.lesson.title }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const course = await findCourse(params.course ?? '')
  const lesson = course?.lessons.find((l) => l.slug === params.lesson)
  if (!course || !lesson) notFound()
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'complete') {
    await completeLesson(user.id, course, lesson, 'learner')
    const next = course.lessons[lesson.position + 1]
    return next ? redirect(`/courses/${course.slug}/${next.slug}`) : redirectWithToast(`/courses/${course.slug}`, { key: 'courses.finished', kind: 'success' })
  }
  if (intent === 'answer') {
    const quizId = String(form.get('quizId') ?? '').slice(0, 80)
    const selection = form.getAll('answer').map(String)
    const outcome = await answerKnowledgeCheck(user.id, course, lesson, await getLocale(request), quizId, selection)
    if (!outcome.ok) {
      return data({ quizId, result: null, error: outcome.error === 'invalidAnswer' ? 'courses.quiz.chooseAnswer' : 'courses.quiz.unknown' }, { status: 400 })
    }
    return { quizId, result: outcome.result, error: null }
  }
  return data({ quizId: '', result: null, error: 'validation.invalid' }, { status: 400 })
}

export default function LessonPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const quizContext = useMemo(
    () => ({ quizzes: page.quizzes, results: page.results, errorFor: actionData?.error ? actionData.quizId : null }),
    [page.quizzes, page.results, actionData],
  )
  return (
    <div className="container lesson-layout">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/courses">{t('courses.title')}</Link> › <Link to={`/courses/${page.course.slug}`}>{page.course.title}</Link>
      </nav>
      <ProgressBar done={page.progress.done} total={page.progress.total} label={t('courses.yourProgress')} />
      <LessonArticle lesson={page.lesson} lessonCount={page.course.lessonCount} quizzes={quizContext} />
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
            <Link to={`/courses/${page.course.slug}/${page.previous.slug}`} rel="prev">
              ← {page.previous.title}
            </Link>
          ) : (
            <span />
          )}
          {page.next ? (
            <Link to={`/courses/${page.course.slug}/${page.next.slug}`} rel="next">
              {page.next.title} →
            </Link>
          ) : (
            <Link to={`/courses/${page.course.slug}`}>{t('courses.backToCourse')}</Link>
          )}
        </nav>
      </div>
    </div>
  )
}
