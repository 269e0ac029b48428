import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { SessionTable, WhenTabs } from '~/components/live/session-list.tsx'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { listNgoSessions } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.ngo.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const url = new URL(request.url)
  const when: 'upcoming' | 'past' = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming'
  const page = parsePage(url.searchParams)
  return { ngo: { slug: ngo.slug, name: ngo.name }, when, page, ...(await listNgoSessions(scope, { page, when, locale: await getLocale(request) })) }
}

export default function NgoSessions() {
  const { ngo, items, page, pageCount, when } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/sessions`
  return (
    <>
      <h1>{t('live.ngo.title')}</h1>
      <p className="muted">{t('live.ngo.intro')}</p>
      <p className="actions">
        <Link to={`${base}/new`} className="btn btn-primary">
          {t('live.schedule')}
        </Link>{' '}
        <Link to={`${base}/learners`} className="btn btn-link">
          {t('live.learners.link')}
        </Link>
      </p>
      <WhenTabs when={when} base={base} />
      <SessionTable items={items} hrefFor={(id) => `${base}/${id}`} caption={t('live.ngo.title')} />
      <Pagination page={page} pageCount={pageCount} />
    </>
  )
}
