import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RosterView } from '~/components/rosters/roster-view.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { rosterScreen } from '~/http/roster-screen.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'rosters.title' }

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const screen = await rosterScreen(new URL(request.url), scope, await getLocale(request), clientIp(context))
  return data({ ngo: { slug: ngo.slug, name: ngo.name }, ...screen.data }, { status: screen.status })
}

export default function NgoRosters() {
  const loaded = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${loaded.ngo.slug}`}>{loaded.ngo.name}</Link>
      </p>
      <h1>{t('rosters.title')}</h1>
      <p className="lead">{t('rosters.lead')}</p>
      <RosterView data={loaded} exportPath={`/ngo/${loaded.ngo.slug}/rosters/export`} templatesPath={`/ngo/${loaded.ngo.slug}/rosters/templates`} showNgo={false} />
    </>
  )
}
