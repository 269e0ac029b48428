import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { adminOverview } from '~/server/accounts/people.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.overview.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return adminOverview()
}

export default function AdminOverview() {
  const counts = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const tiles = [
    { key: 'ngos', value: counts.ngos, to: '/admin/ngos' },
    { key: 'campaigns', value: counts.campaigns, to: '/admin/campaigns' },
    { key: 'users', value: counts.users, to: '/admin/people' },
    { key: 'leads', value: counts.leads, to: '/admin/ngos' },
    { key: 'trainers', value: counts.trainers, to: '/admin/ngos' },
  ] as const
  return (
    <>
      <h1>{t('admin.overview.title')}</h1>
      <ul className="stat-grid">
        {tiles.map((tile) => (
          <li key={tile.key} className="card stat">
            <Link to={tile.to}>
              <span className="stat-value">{tile.value}</span>
              <span className="stat-label">{t(`admin.overview.${tile.key}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="hero-actions">
        <Link className="btn btn-primary" to="/admin/ngos/new">
          {t('admin.ngos.new')}
        </Link>
        <Link className="btn btn-secondary" to="/admin/campaigns/new">
          {t('admin.campaigns.new')}
        </Link>
      </p>
    </>
  )
}
