import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo } = await requireNgoLead(request, params.ngo)
  return { ngo: { slug: ngo.slug, name: ngo.name } }
}

/** The NGO lead's workspace: every page below is scoped to this NGO by the loader above and again by each page's own queries. */
export default function NgoWorkspace() {
  const { ngo } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}`}>{t('ngo.workspace', { ngo: ngo.name })}</Link>
      </p>
      <Outlet />
    </div>
  )
}
