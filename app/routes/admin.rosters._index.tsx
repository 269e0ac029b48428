import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RosterView } from '~/components/rosters/roster-view.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { rosterScreen } from '~/http/roster-screen.server.ts'
import { rosterNgos } from '~/server/rosters/rosters.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'rosters.adminTitle' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { scope, ngo } = await requireAdminScope(request, url.searchParams.get('ngo') ?? '')
  const ngos = await rosterNgos()
  const screen = await rosterScreen(url, scope, await getLocale(request), clientIp(context))
  return data({ ngos, selectedNgo: ngo?.slug ?? '', ...screen.data }, { status: screen.status })
}

export default function AdminRosters() {
  const loaded = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('rosters.adminTitle')}</h1>
      <p className="lead">{t('rosters.adminLead')}</p>
      <RosterView
        data={loaded}
        exportPath="/admin/rosters/export"
        templatesPath="/admin/rosters/templates"
        showNgo={!loaded.selectedNgo}
        extraFields={
          <>
            <label htmlFor="roster-ngo">{t('rosters.ngo')}</label>
            <select id="roster-ngo" name="ngo" defaultValue={loaded.selectedNgo}>
              <option value="">{t('rosters.coalition')}</option>
              {loaded.ngos.map((n) => (
                <option key={n.slug} value={n.slug}>
                  {n.name}
                </option>
              ))}
            </select>
          </>
        }
      />
    </>
  )
}
