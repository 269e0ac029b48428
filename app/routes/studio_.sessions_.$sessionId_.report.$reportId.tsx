import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ImportSteps } from '~/components/import/import-steps.tsx'
import { ReportMappingForm } from '~/components/live-report/report-mapping-form.tsx'
import { ReportReview } from '~/components/live-report/report-review.tsx'
import { participantOutcomes, reportMappingSchema, reportReviewSchema } from '~/domain/attendance-report.ts'
import { formatDateTime } from '~/domain/format.ts'
import { parseShow } from '~/domain/import.ts'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { requireReportAccess, sessionTitle } from '~/http/live-report.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { notFound } from '~/server/accounts/permissions.server.ts'
import { columnSamples, getReport, importReport, matchByHand, reviewReport, saveReportMapping } from '~/server/live-sessions/attendance-report.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

/**
 * Outside the studio's layout (studio_ …_): the studio admits trainers only, and an NGO's lead manages
 * their sessions' reports too. Whoever may manage the session is checked here (requireReportAccess),
 * and the page is not nested in the session's own page.
 */
export const handle = { titleKey: 'liveRule.report.title' }

async function scoped(request: Request, params: { sessionId?: string; ngo?: string; reportId?: string }) {
  const found = await requireReportAccess(request, params)
  const report = await getReport(found.access, params.reportId ?? '')
  if (!report) notFound()
  return { ...found, report, page: `${found.base}/${report.id}` }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, report, base, sessionPage } = await scoped(request, params)
  const locale = await getLocale(request)
  const search = new URL(request.url).searchParams
  const step = search.get('step')
  const common = { base, sessionPage, sessionTitle: sessionTitle(session, locale), fileName: report.fileName, rowCount: report.rows.length, uploadedAt: formatDateTime(report.createdAt, locale), importedAt: report.importedAt ? formatDateTime(report.importedAt, locale) : null }
  const mapped = reportMappingSchema(report.headers.length).safeParse({ columns: report.mapping.columns, minimumMinutes: report.mapping.minimumMinutes }).success
  if (step === 'map' || !mapped) return { ...common, view: 'map' as const, headers: report.headers, samples: columnSamples(report), mapping: report.mapping }
  if (report.imported && step !== 'review') return { ...common, view: 'result' as const, imported: report.imported }
  const show = parseShow(search.get('show'), participantOutcomes)
  return { ...common, view: 'review' as const, show, review: await reviewReport(session, report, { page: parsePage(search), show }) }
}

const actionSchema = (columnCount: number) =>
  z.union([reportMappingSchema(columnCount).safeExtend({ intent: z.literal('map') }), reportReviewSchema], { error: 'validation.invalid' })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { session, access, report, page } = await scoped(request, params)
  const submission = await parseForm(request, actionSchema(report.headers.length))
  if (submission.status !== 'success') return data({ result: submittedIntent(submission, ['map']) ? submission.reply() : undefined }, { status: 400 })
  const input = submission.value
  const ip = clientIp(context)
  if (input.intent === 'map') {
    await saveReportMapping(access, report.id, { columns: input.columns, minimumMinutes: input.minimumMinutes }, ip)
    return redirectWithToast(`${page}?step=review`, { key: 'imports.mapping.saved', kind: 'success' })
  }
  if (input.intent === 'match') {
    const matched = await matchByHand(session, access, report.id, input.key, input.userId, ip)
    if (!matched.ok) return redirectWithToast(`${page}?step=review`, { key: 'liveRule.report.notCandidate', kind: 'error' })
    return redirectWithToast(`${page}?step=review`, { key: input.userId ? 'liveRule.report.matched' : 'liveRule.report.unmatchedToast', kind: 'success' })
  }
  if (input.minimumMinutes !== report.mapping.minimumMinutes) return redirectWithToast(`${page}?step=review`, { key: 'liveRule.report.changed', kind: 'error' })
  const imported = await importReport(session, access, report.id, ip)
  if (imported === 'notStarted' || imported === 'cancelled') return redirectWithToast(`${page}?step=review`, { key: `liveRule.report.refused.${imported}`, kind: 'error' })
  return redirectWithToast(page, { key: 'liveRule.report.imported', kind: 'success' })
}

export default function ReportPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const step = loaded.view === 'review' ? 'preview' : loaded.view
  return (
    <div className="container narrow-wide">
      <p className="breadcrumb">
        <Link to={loaded.sessionPage}>{loaded.sessionTitle}</Link> / <Link to={loaded.base}>{t('liveRule.report.title')}</Link>
      </p>
      <h1>{t('liveRule.report.title')}</h1>
      <p className="muted">
        {t('imports.fileSummary', { file: loaded.fileName, rows: loaded.rowCount })} · {t('imports.uploadedOn', { date: loaded.uploadedAt })}
      </p>
      <ImportSteps current={step} />
      {loaded.view === 'map' ? (
        <section aria-labelledby="report-map">
          <h2 id="report-map">{t('imports.mapping.heading')}</h2>
          <ReportMappingForm headers={loaded.headers} samples={loaded.samples} mapping={loaded.mapping} lastResult={actionData?.result} />
        </section>
      ) : null}
      {loaded.view === 'review' ? <ReportReview review={loaded.review} show={loaded.show} imported={loaded.importedAt !== null} /> : null}
      {loaded.view === 'result' ? (
        <section aria-labelledby="report-result" className="card">
          <h2 id="report-result">{t('liveRule.report.resultHeading', { date: loaded.importedAt })}</h2>
          <ul>
            <li>{t('liveRule.report.recorded', { count: loaded.imported.recorded })}</li>
            <li>{t('liveRule.report.already', { count: loaded.imported.already })}</li>
            <li>{t('liveRule.report.notCounted', { count: loaded.imported.outcomes.tooShort + loaded.imported.outcomes.unmatched + loaded.imported.outcomes.ambiguous })}</li>
          </ul>
          <p>
            <Link to="?step=review">{t('liveRule.report.backToReview')}</Link>
          </p>
        </section>
      ) : null}
    </div>
  )
}
