import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listCampaigns } from '~/server/recruitment/campaigns.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.campaigns.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const locale = await getLocale(request)
  const campaigns = await listCampaigns()
  return {
    campaigns: campaigns.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: localizedName(c, locale),
      kind: c.kind,
      electionDay: formatDate(c.electionDay, locale, 'medium'),
      applicationDeadline: formatDate(c.applicationDeadline, locale, 'medium'),
    })),
  }
}

export default function AdminCampaigns() {
  const { campaigns } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <div className="page-head">
        <h1>{t('admin.campaigns.title')}</h1>
        <Link className="btn btn-primary" to="/admin/campaigns/new">
          {t('admin.campaigns.new')}
        </Link>
      </div>
      {campaigns.length === 0 ? (
        <p>{t('admin.campaigns.empty')}</p>
      ) : (
        <TableWrap label={t('admin.campaigns.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.campaigns.fields.name')}</th>
                <th scope="col">{t('admin.campaigns.fields.kind')}</th>
                <th scope="col">{t('campaign.electionDay')}</th>
                <th scope="col">{t('campaign.applicationDeadline')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{t(`campaign.kind.${c.kind}`)}</td>
                  <td>{c.electionDay}</td>
                  <td>{c.applicationDeadline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  )
}
