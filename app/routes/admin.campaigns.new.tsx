import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignForm } from '~/components/admin/campaign-form.tsx'
import { campaignSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { campaignFieldErrors, createCampaign, requirableCourses } from '~/server/recruitment/campaigns.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.campaigns.new' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return { courses: await requirableCourses(await getLocale(request)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const submission = await parseForm(request, campaignSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await createCampaign(admin.id, submission.value, clientIp(context))
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: campaignFieldErrors(result.error) }) }, { status: 400 })
  return redirectWithToast('/admin/campaigns', { key: 'admin.campaigns.created', kind: 'success' })
}

export default function NewCampaign() {
  const { courses } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.campaigns.new')}</h1>
      <CampaignForm lastResult={actionData?.result} defaults={{}} courses={courses} submitLabel={t('admin.campaigns.create')} />
    </>
  )
}
