import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignForm } from '~/components/admin/campaign-form.tsx'
import { campaignSchema } from '~/domain/validation/admin.ts'
import { readForm } from '~/server/forms.server.ts'
import { createCampaign } from '~/server/campaigns.server.ts'
import { clientIp } from '~/server/context.server.ts'
import { requireAdmin } from '~/server/permissions.server.ts'
import { redirectWithToast } from '~/server/toast.server.ts'

export const handle = { titleKey: 'admin.campaigns.new' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const submission = parseWithZod(await readForm(request), { schema: campaignSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await createCampaign(admin.id, submission.value, clientIp(context))
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { slug: ['validation.slugTaken'] } }) }, { status: 400 })
  return redirectWithToast('/admin/campaigns', { key: 'admin.campaigns.created', kind: 'success' })
}

export default function NewCampaign() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.campaigns.new')}</h1>
      <CampaignForm lastResult={actionData?.result} defaults={{}} submitLabel={t('admin.campaigns.create')} />
    </>
  )
}
