import { useFetcher } from '@remix-run/react'
import { useContext, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { QuizResult } from '~/domain/content/quiz.ts'
import { LessonQuizContext } from './quiz-context.ts'

type AnswerResponse = { quizId: string; result: QuizResult | null; error: string | null }

/**
 * A knowledge check inside a lesson. It posts to the lesson's action (with JavaScript through a
 * fetcher, without it as a plain form) and the server grades it; only then do the explanation and,
 * for a right answer, the key reach the page. A plain `<form>` to the address LessonArticle worked out
 * once, not a `fetcher.Form` resolving it again per quiz (README, Speed).
 */
export function Quiz({ id }: { id: string }) {
  const { t } = useTranslation()
  const { quizzes, results, errorFor, action } = useContext(LessonQuizContext)
  const fetcher = useFetcher<AnswerResponse>({ key: `quiz-${id}` })
  const options = useRef<HTMLFieldSetElement>(null)
  const refused = fetcher.state === 'idle' && fetcher.data?.quizId === id && fetcher.data.error ? fetcher.data : null
  // Sent with no option chosen: back to the options (the button, disabled while sending, lost focus).
  useEffect(() => {
    if (refused) options.current?.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus()
  }, [refused])
  const quiz = quizzes[id]
  if (!quiz) return null
  const fresh = fetcher.data?.quizId === id ? fetcher.data : null
  const result = fresh?.result ?? results[id] ?? null
  const error = fresh?.error ?? (errorFor === id ? 'courses.quiz.chooseAnswer' : null)
  const busy = fetcher.state !== 'idle'
  const inputType = quiz.type === 'single' ? 'radio' : 'checkbox'
  return (
    <section className={`quiz${result ? (result.correct ? ' quiz-correct' : ' quiz-wrong') : ''}`} aria-labelledby={`${id}-legend`}>
      <p className="quiz-kicker">{t('courses.quiz.title')}</p>
      <form
        method="post"
        action={action}
        onSubmit={(event) => {
          event.preventDefault()
          fetcher.submit(event.currentTarget, { method: 'post', ...(action ? { action } : {}) })
        }}
      >
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name="quizId" value={id} />
        <fieldset ref={options} disabled={result?.correct === true} aria-describedby={error ? `${id}-error` : undefined}>
          <legend id={`${id}-legend`}>{quiz.question}</legend>
          <p className="field-help">{t(quiz.type === 'single' ? 'courses.quiz.single' : 'courses.quiz.multiple')}</p>
          <ul className="quiz-options">
            {quiz.options.map((option, index) => {
              const isKey = result?.correctOptions?.includes(index)
              return (
                <li key={`${id}-${index}`} className={isKey ? 'quiz-option-key' : undefined}>
                  <label>
                    <input type={inputType} name="answer" value={index} defaultChecked={result?.selected.includes(index)} />
                    <span>{option}</span>
                    {isKey ? <span className="visually-hidden"> ({t('courses.quiz.rightAnswer')})</span> : null}
                  </label>
                </li>
              )
            })}
          </ul>
        </fieldset>
        {/* The check's one status area: why the answer was refused, or the verdict and explanation. */}
        <div role="status" className="quiz-feedback">
          {error ? (
            <p id={`${id}-error`} className="field-errors">
              {t(error)}
            </p>
          ) : null}
          {result ? (
            <>
              <p className="quiz-verdict">{t(result.correct ? 'courses.quiz.correct' : 'courses.quiz.wrong')}</p>
              <p>{result.explanation}</p>
            </>
          ) : null}
        </div>
        {result?.correct ? null : (
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t(result ? 'courses.quiz.tryAgain' : 'courses.quiz.check')}
          </button>
        )}
      </form>
    </section>
  )
}
