import { type LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return null
}

const sections = ['dashboard', 'ngos', 'campaigns', 'regions', 'stations', 'coverage', 'rosters', 'exports', 'people', 'operations', 'audit'] as const

export default function AdminLayout() {
  const { t } = useTranslation()
  return (
    <div className="container">
      <nav className="subnav" aria-label={t('admin.nav')}>
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('admin.overview.title')}
            </NavLink>
          </li>
          {sections.map((s) => (
            <li key={s}>
              <NavLink to={`/admin/${s}`}>{t(`admin.${s}.title`)}</NavLink>
            </li>
          ))}
          <li>
            <NavLink to="/coverage">{t('electionDay.nav.board')}</NavLink>
          </li>
          <li>
            <NavLink to="/attempts">{t('nav.attempts')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
