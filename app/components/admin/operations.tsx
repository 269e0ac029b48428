/** The operations page's two tables: jobs per kind and state, and the jobs that need an admin. */
import { Form } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { JobCondition, JobKind } from '~/domain/jobs.ts'

export interface QueueRow {
  kind: JobKind
  queued: number
  running: number
  stalled: number
  failed: number
}

export interface OperationsJob {
  id: string
  kind: JobKind
  condition: JobCondition
  retryable: boolean
  attempts: number
  lastError: string | null
  since: string
  sinceText: string
  subject:
    | { type: 'email'; notificationKind: string; to: string }
    | { type: 'import'; ngo: string; campaign: string; done: number; total: number | null }
    | { type: 'gone' }
}


/** What the job works on, in words: the masked recipient of an email, the NGO and campaign of an import. */
function subjectText(job: OperationsJob, t: TFunction): string {
  const subject = job.subject
  if (subject.type === 'email') return t('admin.operations.emailTo', { to: subject.to })
  if (subject.type === 'import') return t('admin.operations.importFor', { ngo: subject.ngo, campaign: subject.campaign })
  return t(`admin.operations.gone.${job.kind === 'import.run' ? 'import' : 'email'}`)
}

function JobSubject({ job }: { job: OperationsJob }) {
  const { t } = useTranslation()
  const subject = job.subject
  return (
    <>
      {subjectText(job, t)}
      {subject.type === 'email' ? (
        <>
          {' '}
          <code>{subject.notificationKind}</code>
        </>
      ) : null}
      {subject.type === 'import' && subject.total !== null ? (
        <>
          <br />
          <span className="muted">{t('admin.operations.progress', { done: subject.done, total: subject.total })}</span>
        </>
      ) : null}
    </>
  )
}

export function OperationsTables({ overview, jobs, page, pageCount, total }: { overview: QueueRow[]; jobs: OperationsJob[]; page: number; pageCount: number; total: number }) {
  const { t } = useTranslation()
  return (
    <>
      <h2 id="operations-queue">{t('admin.operations.queue')}</h2>
      <TableWrap label={t('admin.operations.queue')}>
        <table aria-labelledby="operations-queue">
          <thead>
            <tr>
              <th scope="col">{t('admin.operations.kind')}</th>
              <th scope="col">{t('admin.operations.states.queued')}</th>
              <th scope="col">{t('admin.operations.states.running')}</th>
              <th scope="col">{t('admin.operations.states.stalled')}</th>
              <th scope="col">{t('admin.operations.states.failed')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(`admin.operations.kinds.${row.kind === 'import.run' ? 'import' : 'email'}`)}</th>
                <td>{row.queued}</td>
                <td>{row.running}</td>
                <td>{row.stalled}</td>
                <td>{row.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2 id="operations-attention">{t('admin.operations.attention')}</h2>
      {jobs.length === 0 ? (
        <p>{t('admin.operations.nothing')}</p>
      ) : (
        <>
          <p className="muted">{t('common.total', { count: total })}</p>
          <TableWrap label={t('admin.operations.attention')}>
            <table aria-labelledby="operations-attention">
              <thead>
                <tr>
                  <th scope="col">{t('admin.operations.what')}</th>
                  <th scope="col">{t('admin.operations.condition')}</th>
                  <th scope="col">{t('admin.operations.attempts')}</th>
                  <th scope="col">{t('admin.operations.lastError')}</th>
                  <th scope="col">{t('admin.operations.since')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <JobSubject job={job} />
                    </td>
                    <td>{t(`admin.operations.conditions.${job.condition}`)}</td>
                    <td>{job.attempts}</td>
                    <td>{job.lastError ? <code className="details">{job.lastError}</code> : '—'}</td>
                    <td>
                      <time dateTime={job.since}>{job.sinceText}</time>
                    </td>
                    <td>
                      {job.retryable ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="jobId" value={job.id} />
                          <button type="submit" className="btn btn-secondary" aria-label={t('admin.operations.retryLabel', { what: subjectText(job, t) })}>
                            {t('admin.operations.retry')}
                          </button>
                        </Form>
                      ) : (
                        <span className="muted">{t('admin.operations.waitingHint')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={page} pageCount={pageCount} />
        </>
      )}
    </>
  )
}
