import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignForm } from '~/components/admin/campaign-form.tsx'
import { parseDeclarations } from '~/domain/declarations.ts'
import { campaignSchema } from '~/domain/validation/admin.ts'
import { parseForm } from '~/http/forms.server.ts'
import { campaignFieldErrors, getCampaign, requirableCourses, requiredCourseSlugs, updateCampaign } from '~/server/recruitment/campaigns.server.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { notFound, requireAdmin } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.campaigns.edit' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const campaign = await getCampaign(params.campaignId ?? '')
  if (!campaign) notFound()
  return {
    id: campaign.id,
    defaults: {
      slug: campaign.slug,
      nameRu: campaign.nameRu,
      nameKk: campaign.nameKk,
      nameEn: campaign.nameEn,
      kind: campaign.kind,
      electionDay: campaign.electionDay.toISOString().slice(0, 10),
      applicationDeadline: campaign.applicationDeadline.toISOString().slice(0, 10),
      minimumAge: String(campaign.minimumAge),
      requiredLiveSessions: String(campaign.requiredLiveSessions),
      requiredCourses: await requiredCourseSlugs(campaign.id),
      declarations: parseDeclarations(campaign.declarations),
    },
    courses: await requirableCourses(await getLocale(request)),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const id = params.campaignId ?? ''
  if (!(await getCampaign(id))) notFound()
  const submission = await parseForm(request, campaignSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await updateCampaign(admin.id, id, submission.value, clientIp(context))
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: campaignFieldErrors(result.error) }) }, { status: 400 })
  return redirectWithToast(`/admin/campaigns/${id}`, { key: 'admin.campaigns.saved', kind: 'success' })
}

export default function EditCampaign() {
  const { defaults, courses } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.campaigns.edit')}</h1>
      <CampaignForm lastResult={actionData?.result} defaults={defaults} courses={courses} submitLabel={t('common.save')} />
    </>
  )
}
