import { Form, Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { applicationStates, type ApplicationState } from '~/domain/pipeline.ts'
import { progressBuckets, recruitSorts, type RecruitFilters } from '~/domain/recruits.ts'
import { applicationLanguages, availabilityParts } from '~/domain/validation/application.ts'
import { FilterSelect } from '~/components/forms.tsx'

/** One link per state (with its count) that keeps the other filters; the current one is marked. */
export function StateNav({ state, counts, all }: { state: ApplicationState | undefined; counts: Record<ApplicationState, number>; all: number }) {
  const { t } = useTranslation()
  const location = useLocation()
  const stateHref = (state: string | null) => {
    const params = new URLSearchParams(location.search)
    params.delete('page')
    if (state) params.set('state', state)
    else params.delete('state')
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="subnav" aria-label={t('recruits.byState')}>
      <ul>
        <li>
          <Link to={stateHref(null)} aria-current={!state ? 'page' : undefined}>
            {t('recruits.allStates')} ({all})
          </Link>
        </li>
        {applicationStates.map((s) => (
          <li key={s}>
            <Link to={stateHref(s)} aria-current={state === s ? 'page' : undefined}>
              {t(`pipeline.state.${s}`)} ({counts[s]})
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** The GET form of search, filters and sort (the chosen state rides along); works without JavaScript. */
export function RecruitFilterForm({ filters, regions }: { filters: RecruitFilters; regions: Array<{ code: string; name: string }> }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="filter-form" aria-label={t('recruits.filters')}>
      {filters.state ? <input type="hidden" name="state" value={filters.state} /> : null}
      <div className="field">
        <label htmlFor="recruit-q">{t('recruits.search')}</label>
        <input id="recruit-q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('recruits.searchHint')} />
      </div>
      <FilterSelect id="recruit-region" name="region" label={t('apply.fields.region')} value={filters.region} options={regions.map((r) => ({ value: r.code, label: r.name }))} />
      <FilterSelect id="recruit-language" name="language" label={t('recruits.language')} value={filters.language} options={applicationLanguages.map((l) => ({ value: l, label: t(`apply.language.${l}`) }))} />
      <FilterSelect id="recruit-availability" name="availability" label={t('recruits.availability')} value={filters.availability} options={availabilityParts.map((a) => ({ value: a, label: t(`apply.availability.${a}`) }))} />
      <FilterSelect id="recruit-progress" name="progress" label={t('recruits.progress')} value={filters.progress} options={progressBuckets.map((p) => ({ value: p, label: t(`recruits.progressBucket.${p}`) }))} />
      <div className="field">
        <label htmlFor="recruit-sort">{t('recruits.sort')}</label>
        <select id="recruit-sort" name="sort" defaultValue={filters.sort}>
          {recruitSorts.map((s) => (
            <option key={s} value={s}>
              {t(`recruits.sortBy.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field filter-submit">
        <button type="submit" className="btn btn-secondary">
          {t('common.filter')}
        </button>
      </div>
    </Form>
  )
}
