import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { QuestionFields } from '~/components/exam/question-fields.tsx'
import { ExamTimer } from '~/components/exam/timer.tsx'
import { ProgressBar } from '~/components/progress-bar.tsx'
import type { AnswerFields, PublicQuestion } from '~/domain/exam/answers.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { attemptResult, attemptView, saveAnswer, submitAttempt, findCourseWithExam } from '~/server/exams/exams.server.ts'
import { readAnswerFields, readForm } from '~/http/forms.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'

export const handle = { titleKey: 'exam.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const locale = await getLocale(request)
  const view = await attemptView(user.id, course, params.attempt ?? '')
  if (!view) notFound()
  const base = { course: { slug: course.slug, title: course.file.title[locale] }, pageTitle: course.exam.title[locale] }
  if (view.status === 'SUBMITTED') {
    const result = await attemptResult(user.id, course, view.id)
    if (!result) notFound()
    return { ...base, attempt: null, result }
  }
  return { ...base, attempt: { id: view.id, questions: view.questions, saved: view.saved, secondsLeft: view.secondsLeft }, result: null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const course = (await findCourseWithExam(params.course)) ?? notFound()
  const attemptId = params.attempt ?? ''
  const form = await readForm(request)
  const intent = form.get('intent')
  const self = `/courses/${course.slug}/exam/${attemptId}`
  if (intent === 'submit') {
    const result = await submitAttempt(user.id, course, attemptId)
    if (!result.ok) notFound()
    return redirect(self)
  }
  if (intent === 'save') {
    // The attempt's token of the question, not the bank's id.
    const questionId = String(form.get('questionId') ?? '').slice(0, 80)
    const saved = await saveAnswer(user.id, course, attemptId, questionId, readAnswerFields(form))
    if (!saved.ok && saved.error === 'notFound') notFound()
    // Without JavaScript the whole page posts: come back to the same question, unless the post named
    // none of the attempt's questions (a bank id, another attempt's token): then the page says so.
    // Whatever was posted as the question id goes into the Location header only encoded (a raw line
    // break there is a 500, e.g. for an attempt already closed).
    const id = encodeURIComponent(questionId)
    if (form.get('js') !== '1' && !(!saved.ok && saved.error === 'notInAttempt')) return saved.ok ? redirect(`${self}?saved=${id}#q-${id}`) : redirect(`${self}?error=${saved.error}&q=${id}#q-${id}`)
    return data({ questionId, ok: saved.ok, error: saved.ok ? null : saved.error }, { status: saved.ok ? 200 : saved.error === 'closed' ? 409 : 400 })
  }
  return data({ questionId: '', ok: false, error: 'invalid' }, { status: 400 })
}

/** An autosave changes nothing else on the page: no need to reload it (and overlapping reloads abort each other). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'save' && formData.get('js') === '1' ? false : defaultShouldRevalidate

function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

function QuestionCard({ question, number, saved, total, onSaved }: { question: PublicQuestion; number: number; saved: AnswerFields | undefined; total: number; onSaved: (id: string) => void }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ ok: boolean; error: string | null }>({ key: `save-${question.id}` })
  const hydrated = useHydrated()
  const formRef = useRef<HTMLFormElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const [params] = useSearchParams()
  const noJsError = params.get('q') === question.id ? params.get('error') : null
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : noJsError
  const justSaved = fetcher.state === 'idle' && fetcher.data?.ok
  useEffect(() => {
    if (justSaved) onSaved(question.id)
  }, [justSaved, onSaved, question.id])
  // With JavaScript, answers save themselves as they change (typing waits for a pause).
  const autosave = (event: React.FormEvent<HTMLFormElement>) => {
    const form = formRef.current
    if (!hydrated || !form) return
    clearTimeout(timer.current)
    // Typing waits for a pause; clicks and choices are gathered for a moment so one save carries them all.
    const delay = (event.target as HTMLElement).tagName === 'INPUT' && (event.target as HTMLInputElement).type === 'text' ? 700 : 250
    timer.current = setTimeout(() => fetcher.submit(form), delay)
  }
  return (
    <section className="quiz exam-question" id={`q-${question.id}`} aria-labelledby={`q-${question.id}-title`}>
      <p className="quiz-kicker">{t('exam.questionOf', { number, total })}</p>
      <fetcher.Form method="post" ref={formRef} onChange={autosave} preventScrollReset>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="questionId" value={question.id} />
        {hydrated ? <input type="hidden" name="js" value="1" /> : null}
        <fieldset>
          <legend id={`q-${question.id}-title`}>{question.text}</legend>
          <QuestionFields question={question} saved={saved} />
        </fieldset>
        {error ? (
          <p className="field-errors" role="alert">
            {t(`exam.saveError.${error}`, { defaultValue: t('validation.invalid') })}
          </p>
        ) : null}
        <div className="exam-save">
          <button type="submit" className="btn btn-secondary btn-small">
            {t('exam.save')}
          </button>
          <span role="status" className="muted">
            {fetcher.state !== 'idle' ? t('exam.saving') : justSaved || (saved && !error) ? t('exam.saved') : ''}
          </span>
        </div>
      </fetcher.Form>
    </section>
  )
}

function Attempt({ attempt }: { attempt: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['attempt']> }) {
  const { t } = useTranslation()
  const submitForm = useRef<HTMLFormElement>(null)
  const onExpire = useCallback(() => submitForm.current?.requestSubmit(), [])
  // Saved on load, plus what autosave has saved since (the page is not reloaded after each save).
  const [savedNow, setSavedNow] = useState<ReadonlySet<string>>(() => new Set(Object.keys(attempt.saved)))
  const onSaved = useCallback((id: string) => setSavedNow((current) => (current.has(id) ? current : new Set([...current, id]))), [])
  const answered = new Set([...Object.keys(attempt.saved), ...savedNow]).size
  return (
    <>
      <div className="exam-bar">
        <ExamTimer initialSeconds={attempt.secondsLeft} onExpire={onExpire} />
        <ProgressBar done={answered} total={attempt.questions.length} label={t('exam.answered')} unit="questions" />
      </div>
      {attempt.questions.map((question, i) => (
        <QuestionCard key={question.id} question={question} number={i + 1} total={attempt.questions.length} saved={attempt.saved[question.id]} onSaved={onSaved} />
      ))}
      <Form method="post" ref={submitForm} className="card exam-submit">
        <input type="hidden" name="intent" value="submit" />
        <p>{answered < attempt.questions.length ? t('exam.unanswered', { count: attempt.questions.length - answered }) : t('exam.allAnswered')}</p>
        <button type="submit" className="btn btn-primary btn-large">
          {t('exam.submit')}
        </button>
      </Form>
    </>
  )
}

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
      {page.attempt ? <Attempt attempt={page.attempt} /> : null}
      {page.result ? (
        <div className={`card exam-result ${page.result.passed ? 'quiz-correct' : 'quiz-wrong'}`}>
          <p className="exam-score" role="status">
            {t(page.result.passed ? 'exam.resultPassed' : 'exam.resultFailed', { percent: page.result.percent, pass: page.result.passPercent })}
          </p>
          {page.result.late ? <p>{t('exam.lateNote')}</p> : null}
          {page.result.gradedPercent !== null ? <p>{t('exam.overrideNote', { graded: page.result.gradedPercent, reason: page.result.overrideReason })}</p> : null}
          {page.result.certificateCode ? (
            <p>
              {t('certificate.yours', { code: page.result.certificateCode })}{' '}
              <Link className="btn btn-primary" to={`/certificates/${page.result.certificateCode}`}>
                {t('certificate.view')}
              </Link>
            </p>
          ) : null}
          {!page.result.passed ? <p>{t('exam.attemptsLeft', { count: page.result.attemptsLeft })}</p> : null}
          <p>
            <Link className="btn btn-secondary" to={`/courses/${page.course.slug}/exam`}>
              {t('exam.backToExam')}
            </Link>
          </p>
          {page.result.review ? (
            <>
              <h2>{t('exam.review')}</h2>
              <ol className="exam-review">
                {page.result.review.map((item) => (
                  <li key={item.question.id}>
                    <p>
                      <strong>{item.question.text}</strong>
                    </p>
                    <p>{t(item.score === 1 ? 'exam.reviewRight' : item.score > 0 ? 'exam.reviewPartial' : 'exam.reviewWrong', { percent: Math.round(item.score * 100) })}</p>
                    {item.score < 1 ? (
                      <div>
                        <p className="muted">{t('exam.correctAnswer')}</p>
                        <ul>
                          {item.key.correct.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    {item.key.feedback.map((line) => (
                      <p key={line} className="exam-feedback">
                        {line}
                      </p>
                    ))}
                    <p className="muted">{item.explanation}</p>
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="muted">{t('exam.reviewHidden')}</p>
          )}
        </div>
      ) : null}
    </div>
  )
}
