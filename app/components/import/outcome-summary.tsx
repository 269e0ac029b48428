import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

const colours: Record<string, string> = {
  error: 'var(--danger)',
  new: 'var(--success)',
  created: 'var(--success)',
  update: 'var(--brand)',
  updated: 'var(--brand)',
  unchanged: '#8a96a3',
  matchedEmail: 'var(--success)',
  matchedName: 'var(--success)',
  matchedManual: 'var(--brand)',
  tooShort: '#b26a00',
  ambiguous: 'var(--danger)',
  unmatched: '#8a96a3',
}

/**
 * Counts per outcome: a stacked bar for a glance (hidden from screen readers), the same numbers in
 * words, and links that show one outcome only (`?show=`), the current one marked.
 */
export function OutcomeSummary<T extends string>({
  outcomes,
  counts,
  kind,
  show,
  heading,
  labelOf,
}: {
  outcomes: readonly T[]
  counts: Record<T, number>
  kind: 'preview' | 'result'
  show: T | undefined
  heading: string
  /** An outcome's words, for lists other than the volunteer import's. */
  labelOf?: (outcome: T) => string
}) {
  const { t } = useTranslation()
  const label = labelOf ?? ((o: T) => t(`imports.${kind === 'preview' ? 'outcome' : 'resultOutcome'}.${o}`))
  const location = useLocation()
  const total = outcomes.reduce((sum, o) => sum + counts[o], 0)
  const href = (value: T | undefined) => {
    const params = new URLSearchParams(location.search)
    params.delete('page')
    if (value) params.set('show', value)
    else params.delete('show')
    const query = params.toString()
    return `${location.pathname}${query ? `?${query}` : ''}`
  }
  return (
    <section aria-labelledby="import-summary" className="card">
      <h2 id="import-summary">{heading}</h2>
      <div aria-hidden="true" style={{ display: 'flex', height: '0.9rem', borderRadius: '999px', overflow: 'hidden', background: '#dfe6ee', margin: '0.5rem 0 1rem' }}>
        {outcomes.map((o) => (counts[o] > 0 ? <div key={o} style={{ width: `${(counts[o] / Math.max(1, total)) * 100}%`, background: colours[o] }} /> : null))}
      </div>
      <ul className="plain-list" style={{ listStyle: 'none', padding: 0, display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.5rem' }}>
        <li>
          <Link to={href(undefined)} aria-current={show === undefined ? 'page' : undefined}>
            {show === undefined ? <strong>{t('imports.preview.all')}</strong> : t('imports.preview.all')}
          </Link>{' '}
          <span className="tag">{total}</span>
        </li>
        {outcomes.map((o) => (
          <li key={o}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: '0.8rem', height: '0.8rem', borderRadius: '2px', background: colours[o], marginRight: '0.35rem' }} />
            <Link to={href(o)} aria-current={show === o ? 'page' : undefined}>
              {show === o ? <strong>{label(o)}</strong> : label(o)}
            </Link>{' '}
            <span className="tag">{counts[o]}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
