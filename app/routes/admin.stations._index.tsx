import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignPicker } from '~/components/deployment/campaign-picker.tsx'
import { ListFilterForm } from '~/components/deployment/list-filters.tsx'
import { StationTable } from '~/components/deployment/station-table.tsx'
import { UploadForm } from '~/components/import/upload-form.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { parseListFilters } from '~/domain/assignments.ts'
import { formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { stationUploadSchema } from '~/domain/stations.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { campaignFromQuery } from '~/http/deployment.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { readImportUpload } from '~/http/import-upload.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { listStationImports, uploadStationImport } from '~/server/deployment/station-imports.server.ts'
import { listStations, stationDistricts } from '~/server/deployment/stations.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.stations.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminScope(request)
  const url = new URL(request.url)
  const [locale, { campaign, campaigns }] = await Promise.all([getLocale(request), campaignFromQuery(url)])
  const filters = parseListFilters(url.searchParams)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const [regions, list, districts, imports] = await Promise.all([
    listRegions(),
    campaign ? listStations(campaign.id, { ...filters, q }) : null,
    campaign ? stationDistricts(campaign.id, filters.regionCode) : [],
    campaign ? listStationImports(campaign.id) : [],
  ])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    campaign: campaign ? { slug: campaign.slug, name: localizedName(campaign, locale) } : null,
    campaigns: campaigns.map((c) => ({ value: c.slug, label: localizedName(c, locale) })),
    filters,
    regions: regions.map((r) => ({ value: r.code, label: localizedName(r, locale) })),
    districts,
    total: list?.total ?? 0,
    pageCount: list?.pageCount ?? 1,
    rows: (list?.rows ?? []).map((s) => ({ id: s.id, number: s.number, region: regionNames.get(s.regionCode) ?? s.regionCode, district: s.district, address: s.address, expectedVoters: s.expectedVoters, hasCoordinates: s.latitude !== null })),
    imports: imports.map((i) => ({ id: i.id, fileName: i.fileName, createdAt: formatDateTime(i.createdAt, locale), imported: i.importedAt !== null })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  const { campaign } = await campaignFromQuery(new URL(request.url))
  const upload = await readImportUpload(request)
  if (!upload.ok) return data({ result: null, fileError: upload.error }, { status: 400 })
  const submission = await parseForm(upload.form, stationUploadSchema)
  if (submission.status !== 'success' || !campaign) return data({ result: submission.reply(), fileError: null }, { status: 400 })
  const { file } = submission.value
  const result = await uploadStationImport(scope, campaign.id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, clientIp(context))
  if (!result.ok) return data({ result: submission.reply(), fileError: result.error }, { status: 400 })
  return redirectWithToast(`/admin/stations/${campaign.slug}/import/${result.importId}`, { key: 'imports.upload.uploaded', kind: 'success' })
}

export default function Stations() {
  const { campaign, campaigns, filters, regions, districts, total, pageCount, rows, imports } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('deployment.stations.title')}</h1>
      <CampaignPicker campaigns={campaigns} current={campaign?.slug} />
      {campaign ? (
        <>
          <p>
            <Link to={`/admin/shifts?campaign=${campaign.slug}`}>{t('deployment.shifts.title')}</Link> · <Link to={`/admin/coverage?campaign=${campaign.slug}`}>{t('deployment.coverage.title')}</Link>
          </p>
          <section className="card" aria-labelledby="stations-upload">
            <h2 id="stations-upload">{t('deployment.import.heading')}</h2>
            <p>{t('deployment.import.lead')}</p>
            <p>
              <a href="/admin/stations/template.csv" download>
                {t('deployment.import.template')}
              </a>
            </p>
            <UploadForm lastResult={actionData?.result} fileError={actionData?.fileError} consent={false} />
            {imports.length ? (
              <ul>
                {imports.map((i) => (
                  <li key={i.id}>
                    <Link to={`/admin/stations/${campaign.slug}/import/${i.id}`}>{i.fileName}</Link> · {i.createdAt} · {i.imported ? t('deployment.import.done') : t('deployment.import.notRun')}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          <ListFilterForm filters={filters} regions={regions} districts={districts} shifts={[]} show="none" hidden={{ campaign: campaign.slug }} />
          <p className="muted" role="status">
            {t('deployment.stations.shown', { count: total })}
          </p>
          {rows.length ? <StationTable rows={rows} /> : <p>{t('deployment.stations.none')}</p>}
          <Pagination page={filters.page} pageCount={pageCount} />
        </>
      ) : (
        <p>{t('deployment.noCampaigns')}</p>
      )}
    </>
  )
}
