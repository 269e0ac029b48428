import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RefusalMessage } from '~/components/deployment/assignment-bits.tsx'
import { AssignmentTable } from '~/components/deployment/assignment-table.tsx'
import { ListFilterForm } from '~/components/deployment/list-filters.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { assignmentActionSchema, assignmentStatuses, parseListFilters, shiftLabel } from '~/domain/assignments.ts'
import { formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { assignmentStatusCounts, listAssignments, moveAssignment, removeAssignment } from '~/server/deployment/assignments.server.ts'
import { listShifts } from '~/server/deployment/shifts.server.ts'
import { stationDistricts } from '~/server/deployment/stations.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.assignments.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const filters = parseListFilters(new URL(request.url).searchParams)
  const [locale, regions, shifts, districts, list, counts] = await Promise.all([
    getLocale(request),
    listRegions(),
    listShifts(campaign.id),
    stationDistricts(campaign.id, filters.regionCode),
    listAssignments(scope, campaign.id, filters),
    assignmentStatusCounts(scope, campaign.id),
  ])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  const shiftNames = Object.fromEntries(shifts.map((s) => [s.id, shiftLabel(s, locale)]))
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    filters,
    counts,
    regions: regions.map((r) => ({ value: r.code, label: localizedName(r, locale) })),
    districts,
    shifts: shifts.map((s) => ({ value: s.id, label: shiftNames[s.id] ?? '' })),
    shiftNames,
    total: list.total,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => ({
      id: r.id,
      status: r.status as (typeof assignmentStatuses)[number],
      declineReason: r.declineReason,
      respondedAt: r.respondedAt ? formatDateTime(r.respondedAt, locale) : null,
      observer: r.application,
      station: { number: r.station.number, region: regionNames.get(r.station.regionCode) ?? r.station.regionCode, district: r.station.district, address: r.station.address },
      shift: shiftNames[r.shiftId] ?? '',
    })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const submission = await parseForm(request, assignmentActionSchema)
  if (submission.status !== 'success') return data({ refusal: { error: 'assignmentNotFound' } }, { status: 400 })
  const here = `/ngo/${ngo.slug}/campaigns/${campaign.slug}/assignments`
  if (submission.value.intent === 'remove') {
    const removed = await removeAssignment(scope, campaign.id, submission.value.assignmentId, clientIp(context))
    if (!removed.ok) return data({ refusal: { error: 'assignmentNotFound' } }, { status: 404 })
    return redirectWithToast(here, { key: 'deployment.assignments.removed', kind: 'success' })
  }
  const moved = await moveAssignment(scope, campaign.id, submission.value, clientIp(context))
  if (!moved.ok) {
    const { ok: _ok, ...refusal } = moved
    return data({ refusal }, { status: 409 })
  }
  return redirectWithToast(here, { key: 'deployment.assignments.moved', kind: 'success' })
}

export default function Assignments() {
  const { ngo, campaign, filters, counts, regions, districts, shifts, shiftNames, total, pageCount, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/campaigns/${campaign.slug}/assignments`
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}/campaigns/${campaign.slug}`}>{campaign.name}</Link>
      </p>
      <div className="page-head">
        <h1>{t('deployment.assignments.title')}</h1>
        <div className="form-actions">
          <Link to={`${base}/new`} className="btn btn-primary btn-small">
            {t('deployment.assignments.assign')}
          </Link>
          <Link to={`${base}/suggest`} className="btn btn-secondary btn-small">
            {t('deployment.suggest.title')}
          </Link>
        </div>
      </div>
      <p className="muted">{assignmentStatuses.map((s) => `${t(`deployment.status.${s}`)}: ${counts[s]}`).join(' · ')}</p>
      {actionData?.refusal ? <RefusalMessage refusal={actionData.refusal} shiftNames={shiftNames} regionNames={Object.fromEntries(regions.map((r) => [r.value, r.label]))} /> : null}
      <ListFilterForm filters={filters} regions={regions} districts={districts} shifts={shifts} show="status" />
      <p className="muted" role="status">
        {t('deployment.assignments.shown', { count: total })}
      </p>
      {rows.length ? <AssignmentTable rows={rows} base={base} ngoSlug={ngo.slug} /> : <p>{t('deployment.assignments.none')}</p>}
      <Pagination page={filters.page} pageCount={pageCount} />
    </>
  )
}
