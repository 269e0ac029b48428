import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { intlLocale, localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listCampaigns } from '~/server/campaigns.server.ts'
import { requireAdmin } from '~/server/permissions.server.ts'

export const handle = { titleKey: 'admin.campaigns.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const locale = await getLocale(request)
  const campaigns = await listCampaigns()
  return {
    locale,
    campaigns: campaigns.map((c) => ({ id: c.id, slug: c.slug, name: localizedName(c, locale), kind: c.kind, electionDay: c.electionDay.toISOString(), applicationDeadline: c.applicationDeadline.toISOString() })),
  }
}

export default function AdminCampaigns() {
  const { campaigns, locale } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const date = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' })
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
        <div className="table-wrap">
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
                  <td>{date.format(new Date(c.electionDay))}</td>
                  <td>{date.format(new Date(c.applicationDeadline))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
