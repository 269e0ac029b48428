import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignFacts } from '~/components/campaign-facts.tsx'
import { useTranslation } from 'react-i18next'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { ngoCampaigns } from '~/server/recruitment/recruitment.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'ngo.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const locale = await getLocale(request)
  const campaigns = await ngoCampaigns(scope)
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale), electionDay: formatDate(c.electionDay, locale), deadline: formatDate(c.applicationDeadline, locale), applications: c.applications })),
  }
}

export default function NgoHome() {
  const { ngo, campaigns } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{ngo.name}</h1>
      <p className="lead">
        {t('ngo.lead')} <Link to={`/ngo/${ngo.slug}/dashboard`}>{t('dashboard.link')}</Link>
      </p>
      <p>
        <Link to={`/ngo/${ngo.slug}/rosters/templates`}>{t('exportTemplates.title')}</Link> · <Link to={`/ngo/${ngo.slug}/api-tokens`}>{t('apiTokens.title')}</Link> · <Link to={`/ngo/${ngo.slug}/sessions`}>{t('live.ngo.title')}</Link> · <Link to={`/ngo/${ngo.slug}/election-day`}>{t('electionDay.nav.letters')}</Link> · <Link to="/coverage">{t('electionDay.nav.board')}</Link>
      </p>
      {campaigns.length === 0 ? (
        <p>{t('ngo.noCampaigns')}</p>
      ) : (
        <ul className="card-list">
          {campaigns.map((c) => (
            <li key={c.slug} className="card">
              <h2>
                <Link to={`/ngo/${ngo.slug}/campaigns/${c.slug}`}>{c.name}</Link>
              </h2>
              <CampaignFacts electionDay={c.electionDay} deadline={c.deadline} more={[{ label: t('ngo.applications'), value: c.applications }]} />
              <p>
                <Link to={`/ngo/${ngo.slug}/rosters?campaign=${c.slug}`}>{t('rosters.link')}</Link> · <Link to={`/ngo/${ngo.slug}/campaigns/${c.slug}/assignments`}>{t('deployment.assignments.title')}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
