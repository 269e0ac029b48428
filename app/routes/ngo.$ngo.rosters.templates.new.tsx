import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TemplateForm } from '~/components/rosters/template-form.tsx'
import { clientIp } from '~/http/context.server.ts'
import { templateFormAction } from '~/http/export-template-forms.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exportTemplates.new' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo } = await requireNgoLead(request, params.ngo)
  return { ngo: { slug: ngo.slug, name: ngo.name } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  return templateFormAction(request, scope, { ip: clientIp(context), listUrl: `/ngo/${ngo.slug}/rosters/templates` })
}

export default function NewNgoExportTemplate() {
  const { ngo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}`}>{ngo.name}</Link> · <Link to={`/ngo/${ngo.slug}/rosters/templates`}>{t('exportTemplates.title')}</Link>
      </p>
      <h1>{t('exportTemplates.new')}</h1>
      <TemplateForm name="" columns={null} lastResult={actionData?.result} />
    </>
  )
}
