import { Form, useFetcher, useFormAction, useSearchParams } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ProgressBar } from '~/components/progress-bar.tsx'
import type { AnswerFields, PublicQuestion } from '~/domain/exam/answers.ts'
import { QuestionInputs } from './question-fields.tsx'
import { ExamTimer } from './timer.tsx'

/** An attempt still open, as the learner sees it: questions without keys, saved answers by question token. */
export interface AttemptInProgress {
  id: string
  questions: PublicQuestion[]
  saved: Record<string, AnswerFields>
  secondsLeft: number
}

/** About when a save refused as busy is sent again (the server's Retry-After, 5 s), give or take 40%. */
const BUSY_RETRY_MS = 5000

function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

/**
 * One question's autosaving form. A plain `<form>` posting to the attempt's address (`action`, worked
 * out once for the page), submitted through the question's fetcher once the page is hydrated: 25
 * `fetcher.Form`s each resolving the same address against the route tree were a good part of the
 * attempt page's server render (README, Speed). `noJsError`: a save refused without JavaScript, from
 * the address the page was sent back to. `t`: the page's translator (one useTranslation for 25 cards).
 */
function QuestionCard({ question, number, saved, total, onSaved, action, noJsError, t }: { question: PublicQuestion; number: number; saved: AnswerFields | undefined; total: number; onSaved: (id: string) => void; action: string; noJsError: string | null; t: TFunction }) {
  const fetcher = useFetcher<{ ok: boolean; error: string | null }>({ key: `save-${question.id}` })
  const hydrated = useHydrated()
  const formRef = useRef<HTMLFormElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : noJsError
  const justSaved = fetcher.state === 'idle' && fetcher.data?.ok
  useEffect(() => {
    if (justSaved) onSaved(question.id)
  }, [justSaved, onSaved, question.id])
  // A save the server was too busy for (a class submitting at once) is sent again by itself after a
  // few seconds, spread so a crowd of retries does not arrive together; a change meanwhile sends anew.
  const submitRef = useRef(fetcher.submit)
  submitRef.current = fetcher.submit
  const busy = fetcher.state === 'idle' && fetcher.data?.ok === false && fetcher.data.error === 'busy' ? fetcher.data : null
  useEffect(() => {
    if (!busy) return
    const retry = setTimeout(() => {
      if (formRef.current) submitRef.current(formRef.current, { method: 'post', action })
    }, BUSY_RETRY_MS * (0.6 + Math.random() * 0.8))
    return () => clearTimeout(retry)
  }, [busy, action])
  // With JavaScript, answers save themselves as they change (typing waits for a pause).
  const autosave = (event: React.FormEvent<HTMLFormElement>) => {
    const form = formRef.current
    if (!hydrated || !form) return
    clearTimeout(timer.current)
    // Typing waits for a pause; clicks and choices are gathered for a moment so one save carries them all.
    const delay = (event.target as HTMLElement).tagName === 'INPUT' && (event.target as HTMLInputElement).type === 'text' ? 700 : 250
    timer.current = setTimeout(() => fetcher.submit(form, { method: 'post', action }), delay)
  }
  const save = (event: React.FormEvent<HTMLFormElement>) => {
    if (!hydrated) return
    event.preventDefault()
    clearTimeout(timer.current)
    fetcher.submit(event.currentTarget, { method: 'post', action })
  }
  return (
    <section className="quiz exam-question" id={`q-${question.id}`} aria-labelledby={`q-${question.id}-title`}>
      <p className="quiz-kicker">{t('exam.questionOf', { number, total })}</p>
      <form method="post" action={action} ref={formRef} onChange={autosave} onSubmit={save}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="questionId" value={question.id} />
        {hydrated ? <input type="hidden" name="js" value="1" /> : null}
        <fieldset>
          <legend id={`q-${question.id}-title`}>{question.text}</legend>
          <QuestionInputs question={question} saved={saved} t={t} />
        </fieldset>
        {error ? (
          <p className="field-errors" role="alert">
            {t(`exam.saveError.${busy ? 'busyRetrying' : error}`, { defaultValue: t('validation.invalid') })}
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
      </form>
    </section>
  )
}

/**
 * The attempt being taken: the timer and progress, one autosaving form per question, and the final
 * submit (which the timer presses at zero). With questions left unanswered, the first press asks
 * again (how many, and that the attempt then counts), so one stray tap does not spend an attempt;
 * the timer's press at zero and a page without JavaScript submit at once, as the note above the
 * button says.
 */
export function ExamAttemptForm({ attempt }: { attempt: AttemptInProgress }) {
  const { t } = useTranslation()
  const submitForm = useRef<HTMLFormElement>(null)
  const expired = useRef(false)
  const onExpire = useCallback(() => {
    expired.current = true
    submitForm.current?.requestSubmit()
  }, [])
  const [confirming, setConfirming] = useState(false)
  const confirmRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  // Saved on load, plus what autosave has saved since (the page is not reloaded after each save).
  const [savedNow, setSavedNow] = useState<ReadonlySet<string>>(() => new Set(Object.keys(attempt.saved)))
  const onSaved = useCallback((id: string) => setSavedNow((current) => (current.has(id) ? current : new Set([...current, id]))), [])
  const answered = new Set([...Object.keys(attempt.saved), ...savedNow]).size
  const action = useFormAction()
  const [params] = useSearchParams()
  const refusedQuestion = params.get('q')
  const unanswered = attempt.questions.length - answered
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (expired.current || unanswered === 0 || confirming) return
    event.preventDefault()
    setConfirming(true)
  }
  const keepAnswering = () => {
    setConfirming(false)
    const answeredIds = new Set([...Object.keys(attempt.saved), ...savedNow])
    const first = attempt.questions.find((q) => !answeredIds.has(q.id))
    const field = first ? document.getElementById(`q-${first.id}`)?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea') : null
    field?.focus()
  }
  return (
    <>
      <div className="exam-bar">
        <ExamTimer initialSeconds={attempt.secondsLeft} onExpire={onExpire} />
        <ProgressBar done={answered} total={attempt.questions.length} label={t('exam.answered')} unit="questions" />
      </div>
      {attempt.questions.map((question, i) => (
        <QuestionCard
          key={question.id}
          question={question}
          number={i + 1}
          total={attempt.questions.length}
          saved={attempt.saved[question.id]}
          onSaved={onSaved}
          action={action}
          noJsError={refusedQuestion === question.id ? params.get('error') : null}
          t={t}
        />
      ))}
      <Form method="post" ref={submitForm} className="card exam-submit" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="submit" />
        {confirming && unanswered > 0 ? (
          <div className="exam-confirm" role="alert" tabIndex={-1} ref={confirmRef} aria-labelledby="exam-confirm-text">
            <p id="exam-confirm-text">{t('exam.confirmSubmit.text', { count: unanswered })}</p>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('exam.confirmSubmit.submit')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={keepAnswering}>
                {t('exam.confirmSubmit.back')}
              </button>
            </div>
          </div>
        ) : (
          <>
            <p>{unanswered > 0 ? t('exam.unanswered', { count: unanswered }) : t('exam.allAnswered')}</p>
            <button type="submit" className="btn btn-primary btn-large">
              {t('exam.submit')}
            </button>
          </>
        )}
      </Form>
    </>
  )
}
