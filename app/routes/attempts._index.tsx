import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { parsePage, parseQuery } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listAttempts } from '~/server/exams/exam-review.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'review.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireTrainer(request)
  const params = new URL(request.url).searchParams
  const page = parsePage(params)
  const query = parseQuery(params)
  const locale = await getLocale(request)
  const result = await listAttempts({ page, query })
  return { ...result, page, query: query ?? '', attempts: result.attempts.map((a) => ({ ...a, startedAt: formatDateTime(a.startedAt, locale) })) }
}

export default function Attempts() {
  const { attempts, page, pageCount, total, query } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container">
      <h1>{t('review.title')}</h1>
      <Form method="get" className="search-form" role="search">
        <label htmlFor="attempt-search">{t('review.search')}</label>
        <input id="attempt-search" type="search" name="q" defaultValue={query} />
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </Form>
      <p className="muted">{t('common.total', { count: total })}</p>
      <TableWrap label={t('review.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('review.learner')}</th>
              <th scope="col">{t('review.course')}</th>
              <th scope="col">{t('exam.started')}</th>
              <th scope="col">{t('exam.score')}</th>
              <th scope="col">{t('exam.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/attempts/${a.id}`}>{a.user.name}</Link>
                  <br />
                  <span className="muted">{a.user.email}</span>
                </td>
                <td>{a.courseSlug}</td>
                <td>{a.startedAt}</td>
                <td>
                  {a.percent === null ? '—' : `${a.percent}%`}
                  {a.overridden ? ` (${t('review.overridden')})` : ''}
                </td>
                <td>{a.status === 'IN_PROGRESS' ? t('exam.inProgress') : t(a.passed ? 'exam.passed' : 'exam.failed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={page} pageCount={pageCount} />
    </div>
  )
}
