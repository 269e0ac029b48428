import { useTranslation } from 'react-i18next'
import type { MissingText } from '~/domain/studio/question-form.ts'

export type QuestionChange = 'new' | 'changed' | null

/** A question's badges in the studio: translation missing, changed in the draft, drawn in live attempts (words, never colour alone). */
export function QuestionBadges({ missing, change, live }: { missing: boolean; change: QuestionChange; live: number }) {
  const { t } = useTranslation()
  return (
    <>
      {missing ? <span className="file-status file-status-missing">{t('studio.questions.badge.missing')}</span> : null}{' '}
      {change ? <span className="file-status file-status-draft">{t(`studio.questions.badge.${change}`)}</span> : null}{' '}
      {live > 0 ? <span className="file-status file-status-missing">{t('studio.questions.badge.live', { count: live })}</span> : null}
    </>
  )
}

/** Which translations the draft still lacks: saved anyway, but publishing refuses the bank until they are written. */
export function MissingTranslations({ missing }: { missing: readonly MissingText[] }) {
  const { t } = useTranslation()
  if (missing.length === 0) return null
  return (
    <div className="toast toast-error" role="status" id="missing-translations">
      <p>
        <strong>{t('studio.questions.missingTitle', { count: missing.length })}</strong> {t('studio.questions.missingHelp')}
      </p>
      <ul>
        {missing.map((m, i) => (
          <li key={i}>{t('studio.questions.missingItem', { field: t(`studio.questions.missing.${m.field}`, { n: (m.row ?? 0) + 1 }), language: t(`apply.language.${m.locale}`) })}</li>
        ))}
      </ul>
    </div>
  )
}

/** Editing a question that attempts in progress drew: they keep their questions; the bank changes at publishing. */
export function LiveAttemptsWarning({ count }: { count: number }) {
  const { t } = useTranslation()
  if (count === 0) return null
  return (
    <p className="toast toast-info" id="live-attempts">
      {t('studio.questions.liveWarning', { count })}
    </p>
  )
}
