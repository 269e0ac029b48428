import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignDashboard, CampaignPicker } from '~/components/dashboard/campaign-dashboard.tsx'
import { defaultDashboardCampaign } from '~/domain/dashboard.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { campaignDashboard } from '~/server/recruitment/dashboards.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { ngoCampaigns } from '~/server/recruitment/recruitment.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'dashboard.link' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const locale = await getLocale(request)
  const campaigns = await ngoCampaigns(scope)
  const wanted = new URL(request.url).searchParams.get('campaign')
  const campaign = wanted ? campaigns.find((c) => c.slug === wanted) : defaultDashboardCampaign(campaigns, new Date())
  if (wanted && !campaign) notFound()
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale) })),
    selected: campaign?.slug ?? '',
    data: campaign ? await campaignDashboard(scope, campaign.id, locale) : null,
  }
}

export default function NgoDashboard() {
  const { ngo, campaigns, selected, data } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('dashboard.ngoTitle', { ngo: ngo.name })}</h1>
      <p className="lead">{t('dashboard.ngoLead')}</p>
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
