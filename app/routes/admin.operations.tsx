import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { FormMessage } from '~/components/forms.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { jobKinds, retryJobSchema } from '~/domain/jobs.ts'
import { localizedName } from '~/domain/locale.ts'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { listJobsNeedingAttention, queueOverview, retryJob } from '~/server/jobs/operations.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.operations.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const page = parsePage(new URL(request.url).searchParams)
  const [overview, { items, total, pageCount }, locale] = await Promise.all([queueOverview(), listJobsNeedingAttention({ page }), getLocale(request)])
  return {
    page,
    pageCount,
    total,
    overview: jobKinds.map((kind) => ({ kind, ...overview[kind] })),
    jobs: items.map(({ since, subject, ...job }) => ({
      ...job,
      since: since.toISOString(),
      sinceText: formatDateTime(since, locale),
      subject: subject.type === 'import' ? { ...subject, campaign: subject.campaign ? localizedName(subject.campaign, locale) : '' } : subject,
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const submission = await parseForm(request, retryJobSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const retried = await retryJob(admin.id, submission.value.jobId, clientIp(context))
  if (!retried.ok) return data({ result: submission.reply({ formErrors: [`admin.operations.${retried.error}`] }) }, { status: 400 })
  const url = new URL(request.url)
  return redirectWithToast(url.pathname + url.search, { key: 'admin.operations.retried', kind: 'success' })
}

type LoadedJob = ReturnType<typeof useLoaderData<typeof loader>>['jobs'][number]

/** What the job works on, in words: the masked recipient of an email, the NGO and campaign of an import. */
function subjectText(job: LoadedJob, t: TFunction): string {
  const subject = job.subject
  if (subject.type === 'email') return t('admin.operations.emailTo', { to: subject.to })
  if (subject.type === 'import') return t('admin.operations.importFor', { ngo: subject.ngo, campaign: subject.campaign })
  return t(`admin.operations.gone.${job.kind === 'import.run' ? 'import' : 'email'}`)
}

function JobSubject({ job }: { job: LoadedJob }) {
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

export default function AdminOperations() {
  const { overview, jobs, page, pageCount, total } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.operations.title')}</h1>
      <p>{t('admin.operations.intro')}</p>
      <FormMessage id="operations-errors" errors={actionData?.result?.error?.[''] ?? null} />

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
