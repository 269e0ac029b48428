import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { MissingRequirements } from '~/components/missing-requirements.tsx'
import { StateBadge } from '~/components/recruitment/state-badge.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { DEFAULT_STUCK_DAYS, stuckKinds } from '~/domain/recruits.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { readinessFor } from '~/server/exams/certificates.server.ts'
import { stuckRecruits } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'recruits.stuck.title' }

const querySchema = z.object({
  kind: z.enum(stuckKinds).catch('notStarted').default('notStarted'),
  days: z.coerce.number().int().min(1).max(365).catch(DEFAULT_STUCK_DAYS).default(DEFAULT_STUCK_DAYS),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const { kind, days } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [locale, regions, rows] = await Promise.all([getLocale(request), listRegions(), stuckRecruits(scope, campaign.id, kind, days)])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  const readiness = await readinessFor(campaign.id, rows.map((r) => r.userId), locale)
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    kind,
    days,
    rows: rows.map((r) => ({ id: r.id, fullName: r.fullName, state: r.state, region: regionNames.get(r.regionCode) ?? r.regionCode, since: formatDate(r.stateChangedAt, locale, 'medium'), trainingPercent: r.trainingPercent, missing: readiness?.get(r.userId)?.missing ?? [] })),
  }
}

export default function StuckRecruits() {
  const { ngo, campaign, kind, days, rows } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const list = `/ngo/${ngo.slug}/campaigns/${campaign.slug}`
  return (
    <>
      <p className="breadcrumb">
        <Link to={list}>{campaign.name}</Link>
      </p>
      <h1>{t('recruits.stuck.title')}</h1>
      <nav className="subnav" aria-label={t('recruits.stuck.kinds')}>
        <ul>
          {stuckKinds.map((k) => (
            <li key={k}>
              <Link to={`?kind=${k}&days=${days}`} aria-current={k === kind ? 'page' : undefined}>
                {t(`recruits.stuck.${k}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p>{t(`recruits.stuck.${kind}Help`, { days })}</p>
      {kind === 'notStarted' ? (
        <Form method="get" className="search-form">
          <input type="hidden" name="kind" value={kind} />
          <label htmlFor="stuck-days">{t('recruits.stuck.days')}</label>
          <input id="stuck-days" name="days" type="number" min={1} max={365} defaultValue={days} />
          <button type="submit" className="btn btn-secondary">
            {t('common.filter')}
          </button>
        </Form>
      ) : null}
      <p role="status" className="muted">
        {t('recruits.shown', { count: rows.length })}
      </p>
      {rows.length ? (
        <>
          <TableWrap label={t('recruits.stuck.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('recruits.name')}</th>
                  <th scope="col">{t('recruits.state')}</th>
                  <th scope="col">{t('apply.fields.region')}</th>
                  <th scope="col">{t('recruits.stuck.since')}</th>
                  <th scope="col">{t('recruits.progress')}</th>
                  <th scope="col">{t('recruits.stuck.missing')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/ngo/${ngo.slug}/recruits/${r.id}`}>{r.fullName}</Link>
                    </td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>{r.region}</td>
                    <td>{r.since}</td>
                    <td>{r.trainingPercent}%</td>
                    <td>
                      <MissingRequirements missing={r.missing} sentence />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Form method="post" action={list} className="card stack">
            <input type="hidden" name="intent" value="bulk" />
            <input type="hidden" name="action" value="message" />
            {rows.map((r) => (
              <input key={r.id} type="hidden" name="ids" value={r.id} />
            ))}
            <label htmlFor="stuck-message">{t('recruits.stuck.messageAll', { count: rows.length })}</label>
            <textarea id="stuck-message" name="text" rows={3} maxLength={1000} required defaultValue={t(`recruits.stuck.${kind}Message`)} />
            <div>
              <button type="submit" className="btn btn-primary">
                {t('recruits.stuck.send')}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </>
  )
}
