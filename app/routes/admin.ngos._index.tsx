import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { parsePage, parseQuery } from '~/domain/paging.ts'
import { listNgos } from '~/server/recruitment/ngos.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.ngos.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  const page = parsePage(params)
  const query = parseQuery(params)
  return { ...(await listNgos({ page, query })), page, query: query ?? '' }
}

export default function AdminNgos() {
  const { ngos, page, pageCount, total, query } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <div className="page-head">
        <h1>{t('admin.ngos.title')}</h1>
        <Link className="btn btn-primary" to="/admin/ngos/new">
          {t('admin.ngos.new')}
        </Link>
      </div>
      <Form method="get" className="search-form" role="search">
        <label htmlFor="ngo-search">{t('common.search')}</label>
        <input id="ngo-search" type="search" name="q" defaultValue={query} />
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </Form>
      <p className="muted">{t('common.total', { count: total })}</p>
      {ngos.length === 0 ? (
        <p>{t('admin.ngos.empty')}</p>
      ) : (
        <TableWrap label={t('admin.ngos.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.ngos.fields.name')}</th>
                <th scope="col">{t('admin.ngos.fields.slug')}</th>
                <th scope="col">{t('admin.ngos.regionsCount')}</th>
                <th scope="col">{t('admin.ngos.membersCount')}</th>
              </tr>
            </thead>
            <tbody>
              {ngos.map((ngo) => (
                <tr key={ngo.id}>
                  <td>
                    <Link to={`/admin/ngos/${ngo.id}`}>{ngo.name}</Link>
                  </td>
                  <td>{ngo.slug}</td>
                  <td>{ngo._count.regions}</td>
                  <td>{ngo._count.memberships}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  )
}
