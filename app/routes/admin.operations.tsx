import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { OperationsTables } from '~/components/admin/operations.tsx'
import { FormMessage } from '~/components/forms.tsx'
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

export default function AdminOperations() {
  const { overview, jobs, page, pageCount, total } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.operations.title')}</h1>
      <p>{t('admin.operations.intro')}</p>
      <FormMessage id="operations-errors" errors={actionData?.result?.error?.[''] ?? null} />
      <OperationsTables overview={overview} jobs={jobs} page={page} pageCount={pageCount} total={total} />
    </>
  )
}
