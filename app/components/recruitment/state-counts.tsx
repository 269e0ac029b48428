import { useTranslation } from 'react-i18next'
import { applicationStates, type ApplicationState } from '~/domain/pipeline.ts'

/** The campaign's recruits by state as one stacked bar, with the numbers written out beside it. */
export function StateCounts({ counts, all }: { counts: Record<ApplicationState, number>; all: number }) {
  const { t } = useTranslation()
  return (
    <figure className="state-counts">
      <figcaption className="visually-hidden">{t('recruits.byState')}</figcaption>
      <div className="state-bar" aria-hidden="true">
        {applicationStates.map((s) => (counts[s] > 0 ? <span key={s} className={`state-bar-part state-${s}`} style={{ flexGrow: counts[s] }} /> : null))}
        {all === 0 ? <span className="state-bar-part state-empty" style={{ flexGrow: 1 }} /> : null}
      </div>
      <ul className="state-legend">
        {applicationStates.map((s) => (
          <li key={s}>
            <span className={`legend-swatch state-${s}`} aria-hidden="true" /> {t(`pipeline.state.${s}`)}: <strong>{counts[s]}</strong>
          </li>
        ))}
      </ul>
    </figure>
  )
}
