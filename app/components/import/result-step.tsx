import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { resultOutcomes, type ResultOutcome } from '~/domain/import.ts'
import { OutcomeSummary } from './outcome-summary.tsx'
import { RowTable, type RowView } from './row-table.tsx'

/** A long import running in the background: how far it is (the page reloads itself). */
export function RunningStep({ progress }: { progress: { done: number; total: number } }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="import-running" className="card">
      <h2 id="import-running">{t('imports.running.heading')}</h2>
      <label htmlFor="import-progress">{t('imports.running.progress', { done: progress.done, total: progress.total })}</label>
      <progress id="import-progress" value={progress.done} max={Math.max(1, progress.total)} style={{ display: 'block', width: '100%' }} />
      <p>{t('imports.running.hint')}</p>
      <p>
        <Link to=".">{t('imports.running.refresh')}</Link>
      </p>
    </section>
  )
}

export interface ImportResultView {
  importedAt: string
  counts: Record<ResultOutcome, number>
  rows: RowView[]
  page: number
  pageCount: number
}

/** What the import did, row by row; `base` is the campaign's recruit list. */
export function ResultStep({ result, show, base }: { result: ImportResultView; show: ResultOutcome | undefined; base: string }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">{t('imports.result.heading')}</h2>
      <p>{t('imports.result.intro', { date: result.importedAt })}</p>
      <OutcomeSummary outcomes={resultOutcomes} counts={result.counts} kind="result" show={show} heading={t('imports.result.summary')} />
      <p>
        <Link to={base}>{t('imports.backToRecruits')}</Link> · <Link to="?step=preview">{t('imports.result.again')}</Link>
      </p>
      <h3>{t('imports.result.caption')}</h3>
      <RowTable rows={result.rows} kind="result" caption={t('imports.result.caption')} />
      <Pagination page={result.page} pageCount={result.pageCount} />
    </section>
  )
}
