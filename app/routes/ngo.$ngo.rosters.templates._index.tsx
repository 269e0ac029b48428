import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TemplateList } from '~/components/rosters/template-list.tsx'
import { listExportTemplates } from '~/server/rosters/export-templates.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'exportTemplates.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const templates = await listExportTemplates(scope)
  return { ngo: { slug: ngo.slug, name: ngo.name }, templates: templates.map((x) => ({ id: x.id, name: x.name, columns: x.columns, editable: x.editable, owner: x.ngo?.name ?? null })) }
}

export default function NgoExportTemplates() {
  const { ngo, templates } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}`}>{ngo.name}</Link> · <Link to={`/ngo/${ngo.slug}/rosters`}>{t('rosters.title')}</Link>
      </p>
      <h1>{t('exportTemplates.title')}</h1>
      <p className="lead">{t('exportTemplates.lead')}</p>
      <p>
        <Link className="btn btn-primary" to="new">
          {t('exportTemplates.new')}
        </Link>
      </p>
      <TemplateList templates={templates} editPath={(id) => `/ngo/${ngo.slug}/rosters/templates/${id}`} />
    </>
  )
}
