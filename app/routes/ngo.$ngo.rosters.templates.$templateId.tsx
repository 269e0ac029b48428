import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DeleteTemplateForm, TemplateForm } from '~/components/rosters/template-form.tsx'
import { clientIp } from '~/http/context.server.ts'
import { templateFormAction } from '~/http/export-template-forms.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { getExportTemplate } from '~/server/rosters/export-templates.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exportTemplates.editTitle' }

/** Another NGO's template: 404; a coalition-wide one: 403 (a lead reads it in the list only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const template = await getExportTemplate(scope, params.templateId ?? '', 'edit').catch(answerRefusal)
  return { ngo: { slug: ngo.slug, name: ngo.name }, template: { id: template.id, name: template.name, columns: template.columns } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  return templateFormAction(request, scope, { id: params.templateId ?? '', ip: clientIp(context), listUrl: `/ngo/${ngo.slug}/rosters/templates` })
}

export default function EditNgoExportTemplate() {
  const { ngo, template } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}`}>{ngo.name}</Link> · <Link to={`/ngo/${ngo.slug}/rosters/templates`}>{t('exportTemplates.title')}</Link>
      </p>
      <h1>{t('exportTemplates.editTitle')}</h1>
      <TemplateForm key={template.id} name={template.name} columns={template.columns} lastResult={actionData?.result} />
      <DeleteTemplateForm name={template.name} />
    </>
  )
}
