import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignPicker } from '~/components/deployment/campaign-picker.tsx'
import { CoverageTable, RegionCoverage } from '~/components/deployment/coverage-table.tsx'
import { ListFilterForm } from '~/components/deployment/list-filters.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { parseListFilters, shiftLabel } from '~/domain/assignments.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { campaignFromQuery } from '~/http/deployment.server.ts'
import { requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { coverage } from '~/server/deployment/assignments.server.ts'
import { listShifts } from '~/server/deployment/shifts.server.ts'
import { stationDistricts } from '~/server/deployment/stations.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.coverage.title' }

/** The coalition's view: stations covered by several NGOs, by one, by none, per region, for one shift. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminScope(request)
  const url = new URL(request.url)
  const [locale, { campaign, campaigns }, regions] = await Promise.all([getLocale(request), campaignFromQuery(url), listRegions()])
  const filters = parseListFilters(url.searchParams)
  const shifts = campaign ? await listShifts(campaign.id) : []
  const shift = shifts.find((s) => s.id === filters.shiftId) ?? shifts[0]
  const [view, districts] = await Promise.all([
    campaign && shift ? coverage(campaign.id, { regionCode: filters.regionCode, district: filters.district, shiftId: shift.id, kind: filters.coverage, page: filters.page }) : null,
    campaign ? stationDistricts(campaign.id, filters.regionCode) : [],
  ])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  const query = new URLSearchParams({ campaign: campaign?.slug ?? '', shift: shift?.id ?? '', coverage: filters.coverage, ...(filters.regionCode ? { region: filters.regionCode } : {}), ...(filters.district ? { district: filters.district } : {}) })
  return {
    campaign: campaign ? { slug: campaign.slug } : null,
    campaigns: campaigns.map((c) => ({ value: c.slug, label: localizedName(c, locale) })),
    filters: { ...filters, shiftId: shift?.id },
    exportQuery: query.toString(),
    regions: regions.map((r) => ({ value: r.code, label: localizedName(r, locale) })),
    districts,
    shifts: shifts.map((s) => ({ value: s.id, label: shiftLabel(s, locale) })),
    totals: (view?.regions ?? []).map((r) => ({ ...r, name: regionNames.get(r.regionCode) ?? r.regionCode })),
    total: view?.total ?? 0,
    pageCount: view?.pageCount ?? 1,
    rows: (view?.rows ?? []).map((r) => ({ id: r.id, number: r.number, region: regionNames.get(r.regionCode) ?? r.regionCode, district: r.district, address: r.address, ngos: r.ngos })),
  }
}

export default function Coverage() {
  const { campaign, campaigns, filters, exportQuery, regions, districts, shifts, totals, total, pageCount, rows } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('deployment.coverage.title')}</h1>
      <p>{t('deployment.coverage.lead')}</p>
      <CampaignPicker campaigns={campaigns} current={campaign?.slug} />
      {campaign && shifts.length ? (
        <>
          <ListFilterForm filters={filters} regions={regions} districts={districts} shifts={shifts} show="coverage" hidden={{ campaign: campaign.slug }} />
          <RegionCoverage totals={totals} />
          <p className="form-actions">
            <a className="btn btn-secondary btn-small" href={`/admin/coverage/export?${exportQuery}&format=csv`}>
              {t('deployment.coverage.csv')}
            </a>
            <a className="btn btn-secondary btn-small" href={`/admin/coverage/export?${exportQuery}&format=xlsx`}>
              {t('deployment.coverage.xlsx')}
            </a>
            <a className="btn btn-secondary btn-small" href={`/admin/coverage/export?${exportQuery}&format=pdf`}>
              {t('deployment.coverage.pdf')}
            </a>
          </p>
          <p className="muted" role="status">
            {t('deployment.stations.shown', { count: total })}
          </p>
          {rows.length ? <CoverageTable rows={rows} /> : null}
          <Pagination page={filters.page} pageCount={pageCount} />
        </>
      ) : (
        <p>
          {t('deployment.coverage.noShifts')} {campaign ? <Link to={`/admin/shifts?campaign=${campaign.slug}`}>{t('deployment.shifts.title')}</Link> : null}
        </p>
      )}
    </>
  )
}
