import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { QuestionFields } from '~/components/exam/question-fields.tsx'
import type { PublicQuestion } from '~/domain/exam/answers.ts'
import { locales, type Locale } from '~/domain/locale.ts'

/**
 * The question as a learner sees it in the exam: the public (keyless) form the exam page gets,
 * through the exam's own fields, disabled. The language is chosen with links, so it needs no JavaScript.
 */
export function QuestionPreview({ question, locale, languageHref }: { question: PublicQuestion | null; locale: Locale; languageHref: (locale: Locale) => string }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="preview-title" className="studio-pane studio-preview">
      <h2 id="preview-title">{t('studio.questions.previewTitle')}</h2>
      <nav aria-label={t('studio.questions.previewLanguage')}>
        <p className="actions">
          {t('studio.questions.previewLanguage')}:{' '}
          {locales.map((l) => (
            <span key={l}>
              <Link to={languageHref(l)} aria-current={l === locale ? 'true' : undefined} className={l === locale ? 'btn btn-small btn-primary' : 'btn btn-small btn-secondary'} preventScrollReset replace>
                {t(`apply.language.${l}`)}
              </Link>{' '}
            </span>
          ))}
        </p>
      </nav>
      {question ? (
        <div className="preview-frame card" lang={locale}>
          <fieldset className="fieldset exam-question" disabled>
            <legend>{question.text || '—'}</legend>
            <QuestionFields question={question} saved={undefined} disabled />
          </fieldset>
        </div>
      ) : (
        <p className="card">{t('studio.questions.previewUnavailable')}</p>
      )}
    </section>
  )
}
