import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ImportSteps } from '~/components/import/import-steps.tsx'
import { MappingForm } from '~/components/import/mapping-form.tsx'
import { PreviewStep } from '~/components/import/preview-step.tsx'
import { ResultStep, RunningStep } from '~/components/import/result-step.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { daysSince, mappingSchema, parseShow, resultOutcomes, rowOutcomes } from '~/domain/import.ts'
import { localizedName } from '~/domain/locale.ts'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { BACKGROUND_ABOVE_ROWS, getImport, importPreview, importResult, previewImport, runImport } from '~/server/recruitment/imports.server.ts'
import { notFound, requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'imports.title' }

/** While a long import runs in the background, the page reloads itself (works without JavaScript). */
export const meta: MetaFunction<typeof loader> = ({ data }) => (data?.view === 'running' ? [{ httpEquiv: 'refresh', content: '3' }] : [])

async function scoped(request: Request, params: { ngo?: string; campaign?: string; importId?: string }) {
  const { campaign, ...lead } = await requireNgoCampaign(request, params)
  const found = await getImport(lead.scope, campaign.id, params.importId ?? '')
  if (!found) notFound()
  return { ...lead, campaign, found, base: `/ngo/${lead.ngo.slug}/campaigns/${campaign.slug}` }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, campaign, found, base } = await scoped(request, params)
  const locale = await getLocale(request)
  const search = new URL(request.url).searchParams
  const step = search.get('step')
  const page = parsePage(search)
  const common = { base, campaignName: localizedName(campaign, locale), importId: found.id, fileName: found.fileName, rowCount: found.rowCount, uploadedAt: formatDateTime(found.createdAt, locale), ageDays: daysSince(found.createdAt), lastRunFailed: found.lastRunFailed }
  if (found.running) return { ...common, view: 'running' as const, progress: found.running }
  if (found.hasResult && step !== 'map' && step !== 'preview') {
    const show = parseShow(search.get('show'), resultOutcomes)
    const result = await importResult(scope, found.id, { page, show })
    if (result) return { ...common, view: 'result' as const, show, result: { ...result, importedAt: result.importedAt ? formatDateTime(result.importedAt, locale) : '' } }
  }
  if (found.confirmed && step !== 'map') {
    const show = parseShow(search.get('show'), rowOutcomes)
    const preview = await importPreview(scope, found.id, { page, show })
    if (preview) return { ...common, view: 'preview' as const, show, preview }
  }
  return { ...common, view: 'map' as const, headers: found.headers, samples: found.samples, mapping: found.mapping }
}

/** The run: with "overwrite" ticked, this file's data replaces stored data that is newer than the file. */
const runSchema = z.object({ intent: z.literal('run'), overwriteNewer: z.literal('on', { error: 'validation.invalid' }).optional() })

/** The mapping form (checked against this file's columns) or the run. */
const importActionSchema = (columnCount: number) =>
  z.discriminatedUnion('intent', [mappingSchema(columnCount).safeExtend({ intent: z.literal('map') }), runSchema], { error: 'validation.invalid' })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope, found, base } = await scoped(request, params)
  const submission = await parseForm(request, importActionSchema(found.headers.length))
  // The mapping form shows its errors; a refused run only re-shows the page.
  if (submission.status !== 'success') return data({ result: submittedIntent(submission, ['map']) ? submission.reply() : undefined }, { status: 400 })
  const input = submission.value
  const page = `${base}/import/${found.id}`
  const ip = clientIp(context)
  if (input.intent === 'map') {
    const previewed = await previewImport(scope, found.id, { columns: input.columns, defaults: input.defaults }, ip)
    if (!previewed.ok) {
      if (previewed.error === 'notFound') notFound()
      return data({ result: submission.reply({ fieldErrors: Object.fromEntries(previewed.issues.map((i) => [i.path, [i.message]])) }) }, { status: 400 })
    }
    return redirectWithToast(`${page}?step=preview`, { key: 'imports.mapping.saved', kind: 'success' })
  }
  const run = await runImport(scope, found.id, ip, { backgroundAbove: BACKGROUND_ABOVE_ROWS, overwriteNewer: input.overwriteNewer === 'on' })
  if (!run.ok) {
    if (run.error === 'notFound') notFound()
    if (run.error === 'notMapped') return redirect(`${page}?step=map`)
    return redirectWithToast(page, { key: 'imports.errors.busy', kind: 'error' })
  }
  return redirectWithToast(page, 'background' in run ? { key: 'imports.result.started', kind: 'info' } : { key: 'imports.result.done', kind: 'success' })
}

export default function ImportPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const step = loaded.view === 'running' ? 'result' : loaded.view
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={loaded.base}>{loaded.campaignName}</Link> / <Link to={`${loaded.base}/import`}>{t('imports.title')}</Link>
      </p>
      <h1>{t('imports.title')}</h1>
      <p className="muted">
        {t('imports.fileSummary', { file: loaded.fileName, rows: loaded.rowCount })} · {t('imports.uploadedOn', { date: loaded.uploadedAt })} ({loaded.ageDays === 0 ? t('imports.age.today') : t('imports.age.days', { count: loaded.ageDays })})
      </p>
      <ImportSteps current={step} />
      {loaded.view === 'map' ? (
        <section aria-labelledby="import-map">
          <h2 id="import-map">{t('imports.mapping.heading')}</h2>
          <MappingForm fileName={loaded.fileName} headers={loaded.headers} samples={loaded.samples} mapping={loaded.mapping} lastResult={actionData?.result} />
        </section>
      ) : null}
      {loaded.view === 'preview' ? <PreviewStep preview={loaded.preview} show={loaded.show} uploadedAt={loaded.uploadedAt} lastRunFailed={loaded.lastRunFailed} /> : null}
      {loaded.view === 'running' ? <RunningStep progress={loaded.progress} /> : null}
      {loaded.view === 'result' ? <ResultStep result={loaded.result} show={loaded.show} base={loaded.base} /> : null}
    </div>
  )
}
