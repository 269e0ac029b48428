import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { exportHistoryFormats, listRosterExports } from '~/server/rosters/export-history.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.exports.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  const locale = await getLocale(request)
  const filter = { page: parsePage(params), ngo: (params.get('ngo') ?? '').slice(0, 100), format: (params.get('format') ?? '').slice(0, 10) }
  const history = await listRosterExports(filter, locale)
  return { ...history, filter, formats: exportHistoryFormats, exports: history.exports.map((e) => ({ ...e, at: e.at.toISOString(), atText: formatDateTime(e.at, locale) })) }
}

export default function AdminExports() {
  const { exports, ngos, filter, formats, total, pageCount } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.exports.title')}</h1>
      <p className="lead">{t('admin.exports.lead')}</p>
      <Form method="get" className="search-form">
        <label htmlFor="exports-ngo">{t('admin.exports.ngo')}</label>
        <select id="exports-ngo" name="ngo" defaultValue={filter.ngo}>
          <option value="">{t('admin.exports.allNgos')}</option>
          <option value="coalition">{t('rosters.coalition')}</option>
          {ngos.map((n) => (
            <option key={n.slug} value={n.slug}>
              {n.name}
            </option>
          ))}
        </select>
        <label htmlFor="exports-format">{t('admin.exports.format')}</label>
        <select id="exports-format" name="format" defaultValue={filter.format}>
          <option value="">{t('admin.exports.allFormats')}</option>
          {formats.map((f) => (
            <option key={f} value={f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-secondary">
          {t('common.filter')}
        </button>
      </Form>
      <p className="muted">{t('common.total', { count: total })}</p>
      {exports.length ? (
        <TableWrap label={t('admin.exports.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.exports.when')}</th>
                <th scope="col">{t('admin.exports.who')}</th>
                <th scope="col">{t('admin.exports.ngo')}</th>
                <th scope="col">{t('admin.exports.campaign')}</th>
                <th scope="col">{t('admin.exports.regions')}</th>
                <th scope="col">{t('admin.exports.format')}</th>
                <th scope="col">{t('admin.exports.rows')}</th>
                <th scope="col">{t('admin.exports.iin')}</th>
                <th scope="col">{t('admin.exports.template')}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{e.atText}</time>
                  </td>
                  <td>{e.apiToken ? t('admin.exports.viaToken', { name: e.apiToken.name }) : (e.actor ?? '—')}</td>
                  <td>{e.ngo ?? t('rosters.coalition')}</td>
                  <td>{e.campaign}</td>
                  <td>{e.regions.length ? e.regions.join(', ') : t('rosters.allRegions')}</td>
                  <td>{e.format.toUpperCase()}</td>
                  <td>{e.rowCount ?? '—'}</td>
                  <td>{e.fullIin ? t('admin.exports.iinFull', { reason: e.reason ?? '' }) : t('rosters.cover.iinMasked')}</td>
                  <td>{e.template ?? t('exportTemplates.standard')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t('admin.exports.none')}</p>
      )}
      <Pagination page={filter.page} pageCount={pageCount} />
    </>
  )
}
