import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { SessionTable, WhenTabs } from '~/components/live/session-list.tsx'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { listManagedSessions } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.studio.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const url = new URL(request.url)
  const when: 'upcoming' | 'past' = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming'
  const page = parsePage(url.searchParams)
  const list = await listManagedSessions(actor, { page, when, locale: await getLocale(request) })
  return { ...list, page, when }
}

export default function StudioSessions() {
  const { items, page, pageCount, when } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('live.studio.title')}</h1>
      <p className="muted">{t('live.studio.intro')}</p>
      <p className="actions">
        <Link to="/studio/sessions/new" className="btn btn-primary">
          {t('live.schedule')}
        </Link>{' '}
        <Link to="/studio/sessions/learners" className="btn btn-link">
          {t('live.learners.link')}
        </Link>
      </p>
      <WhenTabs when={when} base="/studio/sessions" />
      <SessionTable items={items} hrefFor={(id) => `/studio/sessions/${id}`} caption={t('live.studio.title')} />
      <Pagination page={page} pageCount={pageCount} />
    </>
  )
}
