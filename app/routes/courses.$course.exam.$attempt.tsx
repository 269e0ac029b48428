import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ExamAttemptForm } from '~/components/exam/attempt-form.tsx'
import { ExamResult } from '~/components/exam/attempt-result.tsx'
import { pendingField } from '~/components/forms.tsx'
import { answerFieldsOf, examAttemptActionSchema } from '~/domain/validation/exam.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { attemptPage, saveAnswer, submitAttempt, findCourseWithExam } from '~/server/exams/exams.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { isDatabaseBusy, RETRY_AFTER_SECONDS } from '~/server/platform/database-busy.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exam.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const locale = await getLocale(request)
  const page = (await attemptPage(user.id, course, params.attempt ?? '')) ?? notFound()
  const base = { course: { slug: course.slug, title: course.file.title[locale] }, pageTitle: course.exam.title[locale] }
  if (page.result) return { ...base, attempt: null, result: page.result }
  const view = page.view
  return { ...base, attempt: { id: view.id, questions: view.questions, saved: view.saved, secondsLeft: view.secondsLeft }, result: null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const attemptId = params.attempt ?? ''
  const submission = await parseForm(request, examAttemptActionSchema, { raw: true })
  if (submission.status !== 'success') return data({ questionId: '', ok: false, error: 'invalid' }, { status: 400 })
  const input = submission.value
  const self = `/courses/${course.slug}/exam/${attemptId}`
  if (input.intent === 'submit') {
    const result = await submitAttempt(user.id, course, attemptId)
    if (!result.ok) notFound()
    return redirect(self)
  }
  const questionId = input.questionId
  const saved = await saveAnswer(user.id, course, attemptId, questionId, answerFieldsOf(input)).catch((error: unknown) => {
    // A save that found the database too busy (a whole class submitting at once) is said so on its
    // question, whose answer the learner can save again, instead of the exam giving way to an error page.
    if (isDatabaseBusy(error)) return { ok: false, error: 'busy' } as const
    throw error
  })
  if (!saved.ok && saved.error === 'notFound') notFound()
  // Without JavaScript the whole page posts: come back to the same question, unless the post named
  // none of the attempt's questions (a bank id, another attempt's token): then the page says so.
  // Whatever was posted as the question id goes into the Location header only encoded (a raw line
  // break there is a 500, e.g. for an attempt already closed).
  const id = encodeURIComponent(questionId)
  if (input.js !== '1' && !(!saved.ok && saved.error === 'notInAttempt')) return saved.ok ? redirect(`${self}?saved=${id}#q-${id}`) : redirect(`${self}?error=${saved.error}&q=${id}#q-${id}`)
  return data(
    { questionId, ok: saved.ok, error: saved.ok ? null : saved.error },
    { status: saved.ok ? 200 : saved.error === 'closed' ? 409 : saved.error === 'busy' ? 503 : 400, headers: !saved.ok && saved.error === 'busy' ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : undefined },
  )
}

/** An autosave changes nothing else on the page: no need to reload it (and overlapping reloads abort each other). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  pendingField(formData, 'intent') === 'save' && pendingField(formData, 'js') === '1' ? false : defaultShouldRevalidate

export default function ExamAttempt() {
  const page = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container lesson-layout">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to={`/courses/${page.course.slug}`}>{page.course.title}</Link> › <Link to={`/courses/${page.course.slug}/exam`}>{t('exam.title')}</Link>
      </nav>
      <h1>{page.pageTitle}</h1>
      {posted && !posted.ok && posted.error === 'notInAttempt' ? (
        <p className="field-errors" role="alert">
          {t('exam.saveError.notInAttempt')}
        </p>
      ) : null}
      {page.attempt ? <ExamAttemptForm attempt={page.attempt} /> : null}
      {page.result ? <ExamResult result={page.result} courseSlug={page.course.slug} /> : null}
    </div>
  )
}
