import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ImportSteps } from '~/components/import/import-steps.tsx'
import { UploadForm } from '~/components/import/upload-form.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { reportUploadSchema } from '~/domain/attendance-report.ts'
import { formatDateTime } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { readImportUpload } from '~/http/import-upload.server.ts'
import { requireReportAccess, sessionTitle } from '~/http/live-report.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { listReports, uploadReport } from '~/server/live-sessions/attendance-report.server.ts'

/** The participant report (Zoom's CSV, or any CSV/XLSX with a name and times): no consent to confirm. */
const reportTexts = { id: 'report-upload', fileLabel: 'liveRule.report.file', fileHelp: 'liveRule.report.fileHelp' }
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

/**
 * Outside the studio's layout (studio_ …_): the studio admits trainers only, and an NGO's lead manages
 * their sessions' reports too. Whoever may manage the session is checked here (requireReportAccess),
 * and the page is not nested in the session's own page.
 */
export const handle = { titleKey: 'liveRule.report.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, access, base, sessionPage } = await requireReportAccess(request, params)
  const locale = await getLocale(request)
  const reports = await listReports(access)
  return {
    base,
    sessionPage,
    session: { title: sessionTitle(session, locale), startsAt: formatDateTime(session.startsAt, locale), online: session.format === 'ONLINE' },
    reports: reports.map((r) => ({ id: r.id, fileName: r.fileName, createdAt: formatDateTime(r.createdAt, locale), importedAt: r.importedAt ? formatDateTime(r.importedAt, locale) : null })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, base } = await requireReportAccess(request, params)
  const upload = await readImportUpload(request)
  if (!upload.ok) return data({ result: null, fileError: upload.error }, { status: 400 })
  const submission = await parseForm(upload.form, reportUploadSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), fileError: null }, { status: 400 })
  const { file } = submission.value
  const result = await uploadReport(access, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, clientIp(context))
  if (!result.ok) return data({ result: submission.reply(), fileError: result.error }, { status: 400 })
  return redirectWithToast(`${base}/${result.reportId}?step=map`, { key: 'liveRule.report.uploaded', kind: 'success' })
}

export default function ReportUpload() {
  const { base, sessionPage, session, reports } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <p className="breadcrumb">
        <Link to={sessionPage}>{session.title}</Link> · {session.startsAt}
      </p>
      <h1>{t('liveRule.report.title')}</h1>
      <p className="lead">{t('liveRule.report.lead')}</p>
      {session.online ? null : (
        <p className="card" role="note">
          {t('liveRule.report.offlineNote')}
        </p>
      )}
      <ImportSteps current="upload" />
      <section aria-labelledby="report-upload-heading" className="card">
        <h2 id="report-upload-heading">{t('liveRule.report.uploadHeading')}</h2>
        <UploadForm lastResult={actionData?.result} fileError={actionData?.fileError} consent={false} texts={reportTexts} />
      </section>
      <section aria-labelledby="report-earlier">
        <h2 id="report-earlier">{t('liveRule.report.earlier')}</h2>
        {reports.length === 0 ? (
          <p>{t('liveRule.report.none')}</p>
        ) : (
          <TableWrap label={t('liveRule.report.earlier')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('imports.upload.fileName')}</th>
                  <th scope="col">{t('imports.upload.uploadedAt')}</th>
                  <th scope="col">{t('imports.upload.status')}</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`${base}/${r.id}`}>{r.fileName}</Link>
                    </th>
                    <td>{r.createdAt}</td>
                    <td>{r.importedAt ? t('imports.upload.statusImported', { date: r.importedAt }) : t('imports.upload.statusNew')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </div>
  )
}
