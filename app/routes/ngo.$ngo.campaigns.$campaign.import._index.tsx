import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ColumnGuide } from '~/components/import/column-guide.tsx'
import { ImportSteps } from '~/components/import/import-steps.tsx'
import { UploadForm } from '~/components/import/upload-form.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { daysSince, importUploadSchema } from '~/domain/import.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { readImportUpload } from '~/http/import-upload.server.ts'
import { listImports, uploadImport } from '~/server/recruitment/imports.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'imports.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const locale = await getLocale(request)
  const imports = await listImports(scope, campaign.id)
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    imports: imports.map((i) => ({ ...i, createdAt: formatDateTime(i.createdAt, locale), ageDays: daysSince(i.createdAt), importedAt: i.importedAt ? formatDateTime(i.importedAt, locale) : null })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const upload = await readImportUpload(request)
  if (!upload.ok) return data({ result: null, fileError: upload.error }, { status: 400 })
  const submission = await parseForm(upload.form, importUploadSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), fileError: null }, { status: 400 })
  const { file } = submission.value
  const result = await uploadImport(scope, campaign.id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, clientIp(context))
  if (!result.ok) return data({ result: submission.reply(), fileError: result.error }, { status: 400 })
  return redirectWithToast(`/ngo/${ngo.slug}/campaigns/${campaign.slug}/import/${result.importId}`, { key: 'imports.upload.uploaded', kind: 'success' })
}

export default function ImportUpload() {
  const { ngo, campaign, imports } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/campaigns/${campaign.slug}`
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={base}>{campaign.name}</Link>
      </p>
      <h1>{t('imports.title')}</h1>
      <p className="lead">{t('imports.lead')}</p>
      <ImportSteps current="upload" />
      <section aria-labelledby="import-upload-heading" className="card">
        <h2 id="import-upload-heading">{t('imports.upload.heading')}</h2>
        <UploadForm lastResult={actionData?.result} fileError={actionData?.fileError} />
      </section>
      <ColumnGuide templateHref={`${base}/import/template.csv`} />
      <section aria-labelledby="import-earlier">
        <h2 id="import-earlier">{t('imports.upload.earlier')}</h2>
        {imports.length > 0 ? <p className="field-help">{t('imports.upload.earlierHint')}</p> : null}
        {imports.length === 0 ? (
          <p>{t('imports.upload.none')}</p>
        ) : (
          <TableWrap label={t('imports.upload.earlier')}>
            <table>
              <caption className="visually-hidden">{t('imports.upload.earlier')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.upload.fileName')}</th>
                  <th scope="col">{t('imports.upload.uploadedAt')}</th>
                  <th scope="col">{t('imports.upload.by')}</th>
                  <th scope="col">{t('imports.upload.status')}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <Link to={`${base}/import/${i.id}`}>{i.fileName}</Link>
                    </th>
                    <td>
                      {i.createdAt} ({i.ageDays === 0 ? t('imports.age.today') : t('imports.age.days', { count: i.ageDays })})
                    </td>
                    <td>{i.by || '—'}</td>
                    <td>{i.status === 'imported' && i.importedAt ? t('imports.upload.statusImported', { date: i.importedAt }) : i.status === 'mapped' ? t('imports.upload.statusMapped') : t('imports.upload.statusNew')}</td>
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
