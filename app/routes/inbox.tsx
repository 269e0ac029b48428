import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { InboxItem } from '~/components/inbox/inbox-item.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { inboxActionSchema } from '~/domain/notifications.ts'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { listInbox, markAllRead, markRead } from '~/server/jobs/notifications.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'inbox.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const page = parsePage(new URL(request.url).searchParams)
  const locale = await getLocale(request)
  const { items, total, unread, pageCount } = await listInbox(user.id, { page, locale })
  return {
    page,
    pageCount,
    total,
    unread,
    items: items.map((item) => ({
      id: item.id,
      subject: item.subject,
      text: item.text,
      href: item.href,
      action: item.action,
      read: item.read,
      at: item.createdAt.toISOString(),
      atText: formatDateTime(item.createdAt, locale),
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, inboxActionSchema)
  if (submission.status !== 'success') return data({ error: 'inbox.invalid' }, { status: 400 })
  const input = submission.value
  const back = input.page > 1 ? `/inbox?page=${input.page}` : '/inbox'
  if (input.intent === 'readAll') {
    await markAllRead(user.id)
    return redirectWithToast(back, { key: 'inbox.allMarkedRead', kind: 'success' })
  }
  // Someone else's notification is answered like one that does not exist.
  if (!(await markRead(user.id, input.id))) notFound()
  return redirectWithToast(back, { key: 'inbox.markedRead', kind: 'success' })
}

export default function Inbox() {
  const { items, page, pageCount, total, unread } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <div className="page-head">
        <h1>{t('inbox.title')}</h1>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <input type="hidden" name="page" value={page} />
            <button type="submit" className="btn btn-secondary btn-small">
              {t('inbox.markAllRead')}
            </button>
          </Form>
        ) : null}
      </div>
      {actionData?.error ? (
        <p className="form-message" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {total === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <>
          <p className="muted">
            {t('common.total', { count: total })}
            {unread > 0 ? ` · ${t('inbox.unreadCount', { count: unread })}` : null}
          </p>
          {items.map((item) => (
            <InboxItem key={item.id} item={item} page={page} />
          ))}
        </>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </div>
  )
}
