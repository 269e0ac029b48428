import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { QuestionKey } from '~/domain/exam/answers.ts'

export interface AttemptResultView {
  certificateCode: string | null
  gradedPercent: number | null
  overrideReason: string | null
  percent: number
  passed: boolean
  late: boolean
  passPercent: number
  attemptsLeft: number
  review: Array<{ question: { id: string; text: string }; score: number; explanation: string; key: QuestionKey }> | null
}

/** A submitted attempt: the score that counts, why it may differ, the certificate, and the review when the exam's rule shows answers. */
export function ExamResult({ result, courseSlug }: { result: AttemptResultView; courseSlug: string }) {
  const { t } = useTranslation()
  return (
    <div className={`card exam-result ${result.passed ? 'quiz-correct' : 'quiz-wrong'}`}>
      <p className="exam-score" role="status">
        {t(result.passed ? 'exam.resultPassed' : 'exam.resultFailed', { percent: result.percent, pass: result.passPercent })}
      </p>
      {result.late ? <p>{t('exam.lateNote')}</p> : null}
      {result.gradedPercent !== null ? <p>{t('exam.overrideNote', { graded: result.gradedPercent, reason: result.overrideReason })}</p> : null}
      {result.certificateCode ? (
        <p>
          {t('certificate.yours', { code: result.certificateCode })}{' '}
          <Link className="btn btn-primary" to={`/certificates/${result.certificateCode}`}>
            {t('certificate.view')}
          </Link>
        </p>
      ) : null}
      {!result.passed ? <p>{t('exam.attemptsLeft', { count: result.attemptsLeft })}</p> : null}
      <p>
        <Link className="btn btn-secondary" to={`/courses/${courseSlug}/exam`}>
          {t('exam.backToExam')}
        </Link>
      </p>
      {result.review ? (
        <>
          <h2>{t('exam.review')}</h2>
          <ol className="exam-review">
            {result.review.map((item) => (
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
  )
}
