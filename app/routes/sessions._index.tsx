import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Pagination } from '~/components/pagination.tsx'
import { SessionTable } from '~/components/live/session-list.tsx'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { calendarToken, existingCalendarToken, regenerateCalendarToken } from '~/server/live-sessions/calendar.server.ts'
import { listVolunteerSessions } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const page = parsePage(new URL(request.url).searchParams)
  const list = await listVolunteerSessions(user.id, { page, locale: await getLocale(request) })
  const token = await existingCalendarToken(user.id)
  return { ...list, page, feed: token ? `${publicOrigin(request)}/calendar/${token}.ics` : null }
}

const calendarSchema = z.object({ intent: z.enum(['calendar', 'regenerate']) })

/** The person's calendar feed: made on first ask; "new address" replaces it, and the old one stops working. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, calendarSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'calendar') await calendarToken(user.id)
  else await regenerateCalendarToken(user.id, clientIp(context))
  return redirectWithToast('/sessions#calendar', { key: submission.value.intent === 'calendar' ? 'live.toast.feedReady' : 'live.toast.feedRenewed', kind: 'success' })
}

export default function Sessions() {
  const { items, page, pageCount, feed } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container">
      <h1>{t('live.title')}</h1>
      <p className="lead">{t('live.intro')}</p>
      <SessionTable items={items} hrefFor={(id) => `/sessions/${id}`} caption={t('live.title')} mine />
      <Pagination page={page} pageCount={pageCount} />
      <section id="calendar" className="card stack" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t('live.calendar.feedTitle')}</h2>
        <p>{t('live.calendar.feedExplain')}</p>
        {feed ? (
          <>
            <label htmlFor="feed-url">{t('live.calendar.feedAddress')}</label>
            <input id="feed-url" type="text" readOnly value={feed} className="feed-url" />
            <p className="muted">{t('live.calendar.feedSecret')}</p>
          </>
        ) : null}
        <Form method="post">
          <button type="submit" name="intent" value={feed ? 'regenerate' : 'calendar'} className={feed ? 'btn btn-secondary' : 'btn btn-primary'}>
            {t(feed ? 'live.calendar.regenerate' : 'live.calendar.create')}
          </button>
        </Form>
      </section>
    </div>
  )
}
