import { useTranslation } from 'react-i18next'
import { BarChart } from '~/components/dashboard/charts.tsx'
import { Pagination } from '~/components/pagination.tsx'

/** Per learner: sessions attended out of those registered for, as bars (the figures are written beside each). */
export function LearnerTable({ items, page, pageCount }: { items: Array<{ userId: string; name: string; registered: number; attended: number }>; page: number; pageCount: number }) {
  const { t } = useTranslation()
  if (items.length === 0) return <p className="card">{t('live.learners.empty')}</p>
  const max = Math.max(1, ...items.map((i) => i.registered))
  return (
    <>
      <BarChart
        caption={t('live.learners.chart')}
        max={max}
        columns={[t('live.attendance.name'), t('live.learners.attendedOf')]}
        rows={items.map((i) => ({ key: i.userId, label: i.name, value: i.attended, text: t('live.learners.figure', { attended: i.attended, registered: i.registered }) }))}
      />
      <Pagination page={page} pageCount={pageCount} />
    </>
  )
}
