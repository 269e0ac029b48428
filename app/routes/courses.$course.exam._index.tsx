import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { TrainingLeft } from '~/components/exam/training-left.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { StartDecision } from '~/domain/exam/timing.ts'
import { formatDateTime } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { trainingLeftView } from '~/server/courses/course-pages.server.ts'
import { examOverview, startAttempt, findCourseWithExam } from '~/server/exams/exams.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exam.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const locale = await getLocale(request)
  const exam = course.exam
  const overview = await examOverview(user.id, course)
  const decision = overview.decision
  return {
    course: { slug: course.slug, title: course.file.title[locale] },
    title: exam.title[locale],
    pageTitle: exam.title[locale],
    rules: { questions: exam.rules.draw, passPercent: exam.rules.passPercent, minutes: exam.rules.timeLimitMinutes, attempts: exam.rules.maxAttempts, cooldownMinutes: exam.rules.cooldownMinutes },
    attempts: overview.attempts.map((a, i) => ({ number: i + 1, id: a.id, status: a.status, percent: a.percent, passed: a.passed, late: a.late, startedAt: formatDateTime(a.startedAt, locale) })),
    active: overview.active?.id ?? null,
    passed: overview.passed,
    /** Passed before and the certificate has lapsed: the page says why the exam is open again. */
    renewal: overview.renewal && !overview.passed,
    attemptsLeft: overview.attemptsLeft,
    blocked: decision.ok ? null : decision.reason === 'coolingDown' ? { reason: decision.reason, until: formatDateTime(decision.until, locale) } : { reason: decision.reason, until: null },
    trainingLeft: !decision.ok && decision.reason === 'trainingIncomplete' ? await trainingLeftView(course, decision.left, locale) : null,
  }
}

/** A refused start or form, as the page's alert says it (`count` for the plural of lessons or courses left). */
type StartError = { error: string; count?: number }

function refusal(decision: Exclude<StartDecision, { ok: true }>): StartError {
  if (decision.reason !== 'trainingIncomplete') return { error: `exam.blocked.${decision.reason}` }
  const { lessons, prerequisites } = decision.left
  return lessons.length ? { error: 'exam.blocked.lessonsLeft', count: lessons.length } : { error: 'exam.blocked.prerequisitesLeft', count: prerequisites.length }
}

const startSchema = z.object({ intent: z.literal('start') })

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const submission = await parseForm(request, startSchema)
  if (submission.status !== 'success') return data<StartError>({ error: 'validation.invalid' }, { status: 400 })
  const result = await startAttempt(user.id, course, await getLocale(request))
  // Refused here whatever the page showed: attempts, cooldown, lessons and prerequisite courses.
  if (!result.ok) return data(refusal(result.decision), { status: 409 })
  return redirect(`/courses/${course.slug}/exam/${result.attemptId}`)
}

export default function ExamOverview() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/courses">{t('courses.title')}</Link> › <Link to={`/courses/${page.course.slug}`}>{page.course.title}</Link>
      </nav>
      <h1>{page.title}</h1>
      <ul className="facts exam-rules">
        {(['questions', 'passPercent', 'minutes', 'attempts', 'cooldownMinutes'] as const).map((key) => (
          <li key={key}>{t(`exam.rules.${key}`, { count: page.rules[key] })}</li>
        ))}
      </ul>
      <p>{t('exam.savedAsYouGo')}</p>
      {actionData?.error ? (
        <p className="form-message" role="alert">
          {t(actionData.error, { count: actionData.count })}
        </p>
      ) : null}
      <div className="card">
        {page.renewal ? <p role="status">{t('exam.renewal')}</p> : null}
        {page.passed ? (
          <p className="lesson-done">{t('exam.passedAlready')}</p>
        ) : page.active ? (
          <Link className="btn btn-primary btn-large" to={`/courses/${page.course.slug}/exam/${page.active}`}>
            {t('exam.resume')}
          </Link>
        ) : page.trainingLeft ? (
          <TrainingLeft courseSlug={page.course.slug} left={page.trainingLeft} />
        ) : page.blocked ? (
          <p role="status">{t(`exam.blocked.${page.blocked.reason}`, { until: page.blocked.until })}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="btn btn-primary btn-large">
              {t(page.attempts.length ? 'exam.startAgain' : 'exam.start', { left: page.attemptsLeft })}
            </button>
          </Form>
        )}
      </div>
      {page.attempts.length ? (
        <>
          <h2>{t('exam.attempts')}</h2>
          <TableWrap label={t('exam.attempts')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('exam.started')}</th>
                  <th scope="col">{t('exam.score')}</th>
                  <th scope="col">{t('exam.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {page.attempts.map((a) => (
                  <tr key={a.id}>
                    <td>{a.number}</td>
                    <td>{a.startedAt}</td>
                    <td>{a.percent === null ? '—' : `${a.percent}%`}</td>
                    <td>
                      <Link to={`/courses/${page.course.slug}/exam/${a.id}`}>{a.status === 'IN_PROGRESS' ? t('exam.inProgress') : t(a.passed ? 'exam.passed' : 'exam.failed')}</Link>
                      {a.late ? ` (${t('exam.late')})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </div>
  )
}
