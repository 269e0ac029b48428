import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DeleteTemplateForm, TemplateForm } from '~/components/rosters/template-form.tsx'
import { clientIp } from '~/http/context.server.ts'
import { templateFormAction } from '~/http/export-template-forms.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { getExportTemplate } from '~/server/rosters/export-templates.server.ts'
import { requireAdminScope } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exportTemplates.editTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  const template = await getExportTemplate(scope, params.templateId ?? '', 'edit').catch(answerRefusal)
  return { template: { id: template.id, name: template.name, columns: template.columns, owner: template.ngo?.name ?? null } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  return templateFormAction(request, scope, { id: params.templateId ?? '', ip: clientIp(context), listUrl: '/admin/rosters/templates' })
}

export default function EditAdminExportTemplate() {
  const { template } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/rosters/templates">{t('exportTemplates.title')}</Link>
      </p>
      <h1>{t('exportTemplates.editTitle')}</h1>
      <p>
        {t('exportTemplates.owner')}: {template.owner ?? t('exportTemplates.coalitionWide')}
      </p>
      <TemplateForm key={template.id} name={template.name} columns={template.columns} lastResult={actionData?.result} />
      <DeleteTemplateForm name={template.name} />
    </>
  )
}
