import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignFacts } from '~/components/campaign-facts.tsx'
import { useTranslation } from 'react-i18next'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listUpcomingCampaigns } from '~/server/recruitment/campaigns.server.ts'
import { getUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

// The same page for every visitor without an account cookie: kept for half a minute, so a newly
// opened campaign shows soon (app/cli/public-page-cache.ts).
export const handle = { publicPage: { maxAgeSeconds: 30 } }

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, campaigns, locale] = await Promise.all([getUser(request), listUpcomingCampaigns(), getLocale(request)])
  return {
    signedIn: !!user,
    campaigns: campaigns.slice(0, 3).map((c) => ({
      id: c.id,
      name: localizedName(c, locale),
      kind: c.kind,
      electionDay: formatDate(c.electionDay, locale),
      applicationDeadline: formatDate(c.applicationDeadline, locale),
    })),
  }
}

export default function Home() {
  const { signedIn, campaigns } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>{t('home.title')}</h1>
          <p className="lead">{t('home.lead')}</p>
          <p className="hero-actions">
            {signedIn ? (
              <Link className="btn btn-primary btn-large" to="/account">
                {t('home.ctaAccount')}
              </Link>
            ) : (
              <>
                <Link className="btn btn-primary btn-large" to="/signup">
                  {t('home.ctaSignup')}
                </Link>
                <Link className="btn btn-secondary btn-large" to="/login">
                  {t('home.ctaLogin')}
                </Link>
              </>
            )}
          </p>
        </div>
      </section>
      <section className="container">
        <h2>{t('home.stepsTitle')}</h2>
        <ol className="steps">
          {(['apply', 'learn', 'exam', 'certificate'] as const).map((step, i) => (
            <li key={step} className="card">
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              <h3>{t(`home.steps.${step}.title`)}</h3>
              <p>{t(`home.steps.${step}.body`)}</p>
            </li>
          ))}
        </ol>
      </section>
      <section className="container">
        <h2>{t('home.campaignsTitle')}</h2>
        {campaigns.length === 0 ? (
          <p>{t('home.noCampaigns')}</p>
        ) : (
          <ul className="card-list">
            {campaigns.map((c) => (
              <li key={c.id} className="card">
                <h3>{c.name}</h3>
                <p className="muted">{t(`campaign.kind.${c.kind}`)}</p>
                <CampaignFacts electionDay={c.electionDay} deadline={c.applicationDeadline} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="container">
        <h2>{t('home.whyTitle')}</h2>
        <div className="grid-2">
          <p>{t('home.why1')}</p>
          <p>{t('home.why2')}</p>
        </div>
      </section>
    </>
  )
}
