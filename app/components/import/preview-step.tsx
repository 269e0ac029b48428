import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { rowOutcomes, type RowOutcome } from '~/domain/import.ts'
import { OutcomeSummary } from './outcome-summary.tsx'
import { RowTable, type RowView } from './row-table.tsx'

/** The dry run of a mapped file: what each row would do, page by page. */
export interface ImportPreviewView {
  counts: Record<RowOutcome, number>
  /** Rows whose stored data is newer than the file (kept unless the lead ticks "overwrite"). */
  kept: number
  /** Rows the run would create or update. */
  actionable: number
  rows: RowView[]
  page: number
  pageCount: number
}

/**
 * The preview step: the summary, the run form (with "overwrite newer data" when it matters) and the
 * rows; `lastRunFailed` when the last run of the file gave up after its retries.
 */
export function PreviewStep({ preview, show, uploadedAt, lastRunFailed = false }: { preview: ImportPreviewView; show: RowOutcome | undefined; uploadedAt: string; lastRunFailed?: boolean }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="import-preview">
      <h2 id="import-preview">{t('imports.preview.heading')}</h2>
      <p>{t('imports.preview.intro')}</p>
      {lastRunFailed ? (
        <p className="card" role="note">
          {t('imports.preview.lastRunFailed')}
        </p>
      ) : null}
      <OutcomeSummary outcomes={rowOutcomes} counts={preview.counts} kind="preview" show={show} heading={t('imports.preview.summary')} />
      {preview.kept > 0 ? (
        <div className="card" role="note" aria-labelledby="import-kept">
          <h3 id="import-kept">{t('imports.preview.keptHeading', { count: preview.kept })}</h3>
          <p>{t('imports.preview.keptIntro', { date: uploadedAt })}</p>
        </div>
      ) : null}
      <div className="card">
        {preview.actionable > 0 || preview.kept > 0 ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="run" />
            <p id="import-run-hint">{t('imports.preview.runHint', { rows: preview.actionable })}</p>
            {preview.kept > 0 ? (
              <div className="field">
                <label>
                  <input type="checkbox" name="overwriteNewer" value="on" aria-describedby="import-overwrite-help" /> {t('imports.preview.overwrite', { count: preview.kept })}
                </label>
                <p id="import-overwrite-help" className="field-help">
                  {t('imports.preview.overwriteHelp')}
                </p>
              </div>
            ) : null}
            <button type="submit" className="btn btn-primary" aria-describedby="import-run-hint">
              {t('imports.preview.run')}
            </button>
          </Form>
        ) : (
          <p>{t('imports.preview.nothingToDo')}</p>
        )}
        <p>
          <Link to="?step=map">{t('imports.preview.changeMapping')}</Link>
        </p>
      </div>
      <h3>{t('imports.preview.caption')}</h3>
      <RowTable rows={preview.rows} kind="preview" caption={t('imports.preview.caption')} />
      <Pagination page={preview.page} pageCount={preview.pageCount} />
    </section>
  )
}
