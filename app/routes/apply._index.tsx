import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignFacts } from '~/components/campaign-facts.tsx'
import { useTranslation } from 'react-i18next'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { openCampaigns } from '~/server/recruitment/applications.server.ts'
import { getUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'apply.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, { campaigns }] = await Promise.all([getLocale(request), getUser(request), openCampaigns()])
  return {
    signedIn: !!user,
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale), kind: c.kind, electionDay: formatDate(c.electionDay, locale), deadline: formatDate(c.applicationDeadline, locale), minimumAge: c.minimumAge })),
  }
}

export default function ApplyIndex() {
  const { campaigns, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <h1>{t('apply.title')}</h1>
      <p className="lead">{t('apply.lead')}</p>
      {campaigns.length === 0 ? (
        <p>{t('apply.noneOpen')}</p>
      ) : (
        <ul className="card-list">
          {campaigns.map((c) => (
            <li key={c.slug} className="card">
              <h2>{c.name}</h2>
              <p className="muted">{t(`campaign.kind.${c.kind}`)}</p>
              <CampaignFacts electionDay={c.electionDay} deadline={c.deadline} more={[{ label: t('apply.minimumAge'), value: `${c.minimumAge}+` }]} />
              <p>
                <Link to={`/apply/${c.slug}`} className="btn btn-primary">
                  {signedIn ? t('apply.start') : t('apply.signInToApply')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      {signedIn ? (
        <p>
          <Link to="/applications">{t('apply.mine')}</Link>
        </p>
      ) : null}
    </div>
  )
}
