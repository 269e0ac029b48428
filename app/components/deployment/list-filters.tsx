import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { assignmentStatuses, type ListFilters } from '~/domain/assignments.ts'
import { FilterSelect } from '~/components/forms.tsx'

interface Option {
  value: string
  label: string
}

/** The GET form of the election-day lists: region, district, shift, and status or coverage. Works without JavaScript. */
export function ListFilterForm({ filters, regions, districts, shifts, show, hidden = {} }: { filters: ListFilters; regions: Option[]; districts: string[]; shifts: Option[]; show: 'status' | 'coverage' | 'none'; hidden?: Record<string, string> }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="filter-form" aria-label={t('deployment.filters')}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FilterSelect id="f-region" name="region" label={t('deployment.region')} value={filters.regionCode} options={regions} />
      <FilterSelect id="f-district" name="district" label={t('deployment.district')} value={filters.district} options={districts.map((d) => ({ value: d, label: d }))} />
      {shifts.length ? <FilterSelect id="f-shift" name="shift" label={t('deployment.shift')} value={filters.shiftId} options={shifts} any={show !== 'coverage'} /> : null}
      {show === 'status' ? <FilterSelect id="f-status" name="status" label={t('deployment.statusLabel')} value={filters.status} options={assignmentStatuses.map((s) => ({ value: s, label: t(`deployment.status.${s}`) }))} /> : null}
      {show === 'coverage' ? (
        <FilterSelect id="f-coverage" name="coverage" label={t('deployment.coverage.show')} value={filters.coverage} any={false} options={(['all', 'none', 'one', 'several'] as const).map((c) => ({ value: c, label: t(`deployment.coverage.kind.${c}`) }))} />
      ) : null}
      <div className="field filter-submit">
        <button type="submit" className="btn btn-secondary">
          {t('common.filter')}
        </button>
      </div>
    </Form>
  )
}
