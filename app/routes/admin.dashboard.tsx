import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignDashboard, CampaignPicker } from '~/components/dashboard/campaign-dashboard.tsx'
import { defaultDashboardCampaign } from '~/domain/dashboard.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { campaignDashboard, coalitionCampaigns } from '~/server/recruitment/dashboards.server.ts'
import { notFound, requireAdminScope } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'dashboard.coalitionTitle' }

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  const locale = await getLocale(request)
  const campaigns = await coalitionCampaigns()
  const wanted = new URL(request.url).searchParams.get('campaign')
  const campaign = wanted ? campaigns.find((c) => c.slug === wanted) : defaultDashboardCampaign(campaigns, new Date())
  if (wanted && !campaign) notFound()
  return {
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale) })),
    selected: campaign?.slug ?? '',
    data: campaign ? await campaignDashboard(scope, campaign.id, locale) : null,
  }
}

export default function CoalitionDashboard() {
  const { campaigns, selected, data } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('dashboard.coalitionTitle')}</h1>
      <p className="lead">{t('dashboard.coalitionLead')}</p>
      {data ? (
        <>
          <CampaignPicker campaigns={campaigns} selected={selected} />
          <CampaignDashboard data={data} />
        </>
      ) : (
        <p>{t('dashboard.noCampaigns')}</p>
      )}
    </>
  )
}
