import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { StationMappingForm, StationRows } from '~/components/deployment/station-import.tsx'
import { ImportSteps } from '~/components/import/import-steps.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { parseShow } from '~/domain/import.ts'
import { localizedName } from '~/domain/locale.ts'
import { parsePage } from '~/domain/paging.ts'
import { stationMappingSchema, stationOutcomes } from '~/domain/stations.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { notFound, requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { getStationImport, mapStationImport, runStationImport, stationImportPreview, stationImportResult, stationRunOutcomes } from '~/server/deployment/station-imports.server.ts'
import { findRosterCampaign } from '~/server/rosters/rosters.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.import.heading' }

async function scoped(request: Request, params: { campaign?: string; importId?: string }) {
  const { scope } = await requireAdminScope(request)
  const campaign = params.campaign ? await findRosterCampaign(params.campaign) : null
  const found = campaign ? await getStationImport(campaign.id, params.importId ?? '') : null
  if (!campaign || !found) notFound()
  return { scope, campaign, found, page: `/admin/stations/${campaign.slug}/import/${found.id}` }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, found } = await scoped(request, params)
  const locale = await getLocale(request)
  const search = new URL(request.url).searchParams
  const step = search.get('step')
  const page = parsePage(search)
  const common = { campaign: { slug: campaign.slug, name: localizedName(campaign, locale) }, fileName: found.fileName, rowCount: found.rowCount, uploadedAt: formatDateTime(found.createdAt, locale) }
  if (found.hasResult && step !== 'map' && step !== 'preview') {
    const result = await stationImportResult(campaign.id, found.id, { page, show: parseShow(search.get('show'), stationRunOutcomes) })
    if (result) return { ...common, view: 'result' as const, counts: result.counts as Record<string, number>, rows: result.rows, pageCount: result.pageCount }
  }
  if (found.confirmed && step !== 'map') {
    const preview = await stationImportPreview(campaign.id, found.id, { page, show: parseShow(search.get('show'), stationOutcomes) })
    if (preview) return { ...common, view: 'preview' as const, counts: preview.counts as Record<string, number>, rows: preview.rows, pageCount: preview.pageCount, actionable: preview.actionable }
  }
  return { ...common, view: 'map' as const, headers: found.headers, samples: found.samples, mapping: found.mapping }
}

const actionSchema = (columns: number) => z.discriminatedUnion('intent', [z.object({ intent: z.literal('map'), columns: stationMappingSchema(columns) }), z.object({ intent: z.literal('run') })], { error: 'validation.invalid' })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope, campaign, found, page } = await scoped(request, params)
  const submission = await parseForm(request, actionSchema(found.headers.length))
  if (submission.status !== 'success') return data({ result: submittedIntent(submission, ['map']) ? submission.reply() : undefined }, { status: 400 })
  const ip = clientIp(context)
  if (submission.value.intent === 'map') {
    const mapped = await mapStationImport(scope, campaign.id, found.id, submission.value.columns, ip)
    if (!mapped.ok) return data({ result: submission.reply({ formErrors: ['imports.mapping.required'] }) }, { status: 400 })
    return redirectWithToast(`${page}?step=preview`, { key: 'imports.mapping.saved', kind: 'success' })
  }
  const run = await runStationImport(scope, campaign.id, found.id, ip)
  if (!run.ok) return redirect(`${page}?step=map`)
  return redirectWithToast(page, { key: 'imports.result.done', kind: 'success' })
}

export default function StationImportPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/admin/stations?campaign=${loaded.campaign.slug}`}>{t('deployment.stations.title')}</Link> · {loaded.campaign.name}
      </p>
      <h1>{t('deployment.import.heading')}</h1>
      <p className="muted">
        {t('deployment.import.fileSummary', { file: loaded.fileName, rows: loaded.rowCount })} · {t('imports.uploadedOn', { date: loaded.uploadedAt })}
      </p>
      <ImportSteps current={loaded.view} />
      {loaded.view === 'map' ? <StationMappingForm headers={loaded.headers} samples={loaded.samples} mapping={loaded.mapping} lastResult={actionData?.result} /> : null}
      {loaded.view === 'preview' ? <StationRows kind="preview" counts={loaded.counts} rows={loaded.rows} pageCount={loaded.pageCount} actionable={loaded.actionable} /> : null}
      {loaded.view === 'result' ? <StationRows kind="result" counts={loaded.counts} rows={loaded.rows} pageCount={loaded.pageCount} actionable={0} /> : null}
    </div>
  )
}
