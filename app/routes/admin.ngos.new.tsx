import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NgoForm } from '~/components/admin/ngo-form.tsx'
import { ngoSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { createNgo, ngoFieldErrors } from '~/server/recruitment/ngos.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.ngos.new' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return { regions: await listRegions(), locale: await getLocale(request) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const submission = await parseForm(request, ngoSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await createNgo(admin.id, submission.value, clientIp(context))
  if (!result.ok) {
    return data({ result: submission.reply({ fieldErrors: ngoFieldErrors(result.error) }) }, { status: 400 })
  }
  return redirectWithToast(`/admin/ngos/${result.id}`, { key: 'admin.ngos.created', kind: 'success' })
}

export default function NewNgo() {
  const { regions, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.ngos.new')}</h1>
      <NgoForm lastResult={actionData?.result} defaults={{}} regions={regions} locale={locale} submitLabel={t('admin.ngos.create')} />
    </>
  )
}
