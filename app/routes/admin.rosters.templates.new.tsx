import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TemplateForm } from '~/components/rosters/template-form.tsx'
import { clientIp } from '~/http/context.server.ts'
import { templateFormAction } from '~/http/export-template-forms.server.ts'
import { notFound, requireAdmin, requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { findNgoBySlug } from '~/server/recruitment/ngos.server.ts'
import { rosterNgos } from '~/server/rosters/rosters.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exportTemplates.new' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return { ngos: await rosterNgos(), selectedNgo: new URL(request.url).searchParams.get('ngo') ?? '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  return templateFormAction(request, scope, {
    ip: clientIp(context),
    listUrl: '/admin/rosters/templates',
    // An unknown NGO is a 404, never a coalition-wide template by accident.
    resolveNgo: async (slug) => (await findNgoBySlug(slug))?.id ?? notFound(),
  })
}

export default function NewAdminExportTemplate() {
  const { ngos, selectedNgo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/rosters/templates">{t('exportTemplates.title')}</Link>
      </p>
      <h1>{t('exportTemplates.new')}</h1>
      <TemplateForm
        name=""
        columns={null}
        lastResult={actionData?.result}
        extraFields={
          <div className="field">
            <label htmlFor="template-ngo">{t('exportTemplates.owner')}</label>
            <select id="template-ngo" name="ngo" defaultValue={selectedNgo}>
              <option value="">{t('exportTemplates.coalitionWide')}</option>
              {ngos.map((n) => (
                <option key={n.slug} value={n.slug}>
                  {n.name}
                </option>
              ))}
            </select>
          </div>
        }
      />
    </>
  )
}
