import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { BulkForm, BulkOutcomes } from '~/components/recruitment/bulk-form.tsx'
import { RecruitFilterForm, StateNav } from '~/components/recruitment/recruit-filters.tsx'
import { RecruitTable } from '~/components/recruitment/recruit-table.tsx'
import { StateCounts } from '~/components/recruitment/state-counts.tsx'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { parseRecruitFilters } from '~/domain/recruits.ts'
import { bulkSchema } from '~/domain/validation/recruitment.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { bulkAction, listRecruits } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'recruits.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const filters = parseRecruitFilters(new URL(request.url).searchParams)
  const [locale, regions, list] = await Promise.all([getLocale(request), listRegions(), listRecruits(scope, campaign.id, filters)])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale), electionDay: formatDate(campaign.electionDay, locale) },
    filters,
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
    counts: list.counts,
    all: list.all,
    total: list.total,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => ({ ...r, region: regionNames.get(r.regionCode) ?? r.regionCode, createdAt: formatDate(r.createdAt, locale, 'medium') })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope, campaign } = await requireNgoCampaign(request, params)
  const submission = await parseForm(request, bulkSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), outcomes: null }, { status: 400 })
  const { action: kind, ids, text } = submission.value
  const outcomes = await bulkAction(scope, campaign.id, ids, kind === 'message' ? { kind: 'message', text: text ?? '' } : { kind: 'move', to: kind, reason: text }, clientIp(context))
  return data({ result: submission.reply({ resetForm: true }), outcomes })
}

export default function RecruitList() {
  const { ngo, campaign, filters, regions, counts, all, total, pageCount, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/campaigns/${campaign.slug}`
  return (
    <>
      <div className="page-head">
        <h1>{campaign.name}</h1>
        <div className="form-actions">
          <Link to={`${base}/new`} className="btn btn-secondary btn-small">
            {t('recruits.add')}
          </Link>
          <Link to={`${base}/import`} className="btn btn-secondary btn-small">
            {t('recruits.import')}
          </Link>
          <Link to={`${base}/stuck`} className="btn btn-secondary btn-small">
            {t('recruits.stuck.title')}
          </Link>
          <Link to={`${base}/assignments`} className="btn btn-secondary btn-small">
            {t('recruits.assignmentsLink')}
          </Link>
        </div>
      </div>
      <p className="muted">
        {t('campaign.electionDay')}: {campaign.electionDay}
      </p>
      <StateCounts counts={counts} all={all} />
      <StateNav state={filters.state} counts={counts} all={all} />
      <RecruitFilterForm filters={filters} regions={regions} />
      <p className="muted" role="status">
        {t('recruits.shown', { count: total })}
      </p>
      {actionData?.outcomes ? <BulkOutcomes outcomes={actionData.outcomes} /> : null}
      <BulkForm errors={actionData?.result?.error ?? {}} />
      <RecruitTable ngoSlug={ngo.slug} rows={rows} />
      {rows.length === 0 ? <p>{t('recruits.none')}</p> : null}
      <Pagination page={filters.page} pageCount={pageCount} />
    </>
  )
}
