import { useTranslation } from 'react-i18next'

export const importSteps = ['upload', 'map', 'preview', 'result'] as const
export type ImportStep = (typeof importSteps)[number]

/** Where the lead is among the four steps; the current one is announced as such, not by colour. */
export function ImportSteps({ current }: { current: ImportStep }) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('imports.steps.label')}>
      <ol className="plain-list" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.25rem', listStyle: 'none', padding: 0, margin: '1rem 0' }}>
        {importSteps.map((step, index) => (
          <li key={step} aria-current={step === current ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>{' '}
            {step === current ? <strong>{t(`imports.steps.${step}`)}</strong> : t(`imports.steps.${step}`)}
            {step === current ? <span className="visually-hidden"> ({t('imports.steps.current')})</span> : null}
          </li>
        ))}
      </ol>
    </nav>
  )
}
