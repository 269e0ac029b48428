import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PeopleTabs, PersonalDataStatus } from '~/components/admin/personal-data-status.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { FormMessage } from '~/components/forms.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { formatDate } from '~/domain/format.ts'
import { parsePage, parseQuery } from '~/domain/paging.ts'
import { adminFlagSchema } from '~/domain/validation/admin.ts'
import { parseForm } from '~/http/forms.server.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { countPendingDeletions } from '~/server/accounts/deletion-requests.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { listPeople, setAdminFlag } from '~/server/accounts/people.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.people.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request)
  const params = new URL(request.url).searchParams
  const page = parsePage(params)
  const query = parseQuery(params)
  const deletionRequested = params.get('deletion') === 'requested'
  const [result, pending, locale] = await Promise.all([listPeople({ page, query, deletionRequested }), countPendingDeletions(), getLocale(request)])
  return {
    selfId: admin.id,
    page,
    query: query ?? '',
    deletionRequested,
    pending,
    total: result.total,
    pageCount: result.pageCount,
    people: result.people.map(({ deletionRequestedAt, anonymisedAt, emailConfirmedAt, ...p }) => ({
      ...p,
      confirmed: emailConfirmedAt !== null,
      createdAt: p.createdAt.toISOString(),
      requestedOn: deletionRequestedAt ? formatDate(deletionRequestedAt, locale) : null,
      anonymisedOn: anonymisedAt ? formatDate(anonymisedAt, locale) : null,
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const submission = await parseForm(request, adminFlagSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await setAdminFlag(admin.id, submission.value.userId, submission.value.isAdmin, clientIp(context))
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: [`admin.people.${result.error}`] }) }, { status: 400 })
  }
  return redirectWithToast(new URL(request.url).pathname + new URL(request.url).search, { key: 'admin.people.saved', kind: 'success' })
}

export default function AdminPeople() {
  const { people, page, pageCount, total, query, selfId, deletionRequested, pending } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('admin.people.title')}</h1>
      <FormMessage id="people-errors" errors={actionData?.result?.error?.[''] ?? null} />
      <PeopleTabs deletionRequested={deletionRequested} pending={pending} query={query} />
      <Form method="get" className="search-form" role="search">
        {deletionRequested ? <input type="hidden" name="deletion" value="requested" /> : null}
        <label htmlFor="people-search">{t('common.search')}</label>
        <input id="people-search" type="search" name="q" defaultValue={query} />
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </Form>
      <p className="muted">{t('common.total', { count: total })}</p>
      <TableWrap label={t('admin.people.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('fields.name')}</th>
              <th scope="col">{t('fields.email')}</th>
              <th scope="col">{t('admin.people.roles')}</th>
              <th scope="col">{t('roles.admin')}</th>
              <th scope="col">{t('admin.people.personalData')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.anonymisedOn ? t('admin.people.removedPerson') : p.name}</td>
                <td>
                  {p.email}
                  {p.confirmed || p.anonymisedOn ? null : (
                    <>
                      {' '}
                      <span className="tag">{t('admin.people.addressUnconfirmed')}</span>
                    </>
                  )}
                </td>
                <td>
                  {p.memberships.length === 0
                    ? t('roles.volunteer')
                    : p.memberships.map((m) => (
                        <span key={`${m.ngo.id}-${m.role}`} className="tag">
                          <Link to={`/admin/ngos/${m.ngo.id}`}>{t(`roles.${m.role}`, { ngo: m.ngo.name })}</Link>
                        </span>
                      ))}
                </td>
                <td>
                  {p.anonymisedOn ? null : (
                    <Form method="post">
                      <input type="hidden" name="userId" value={p.id} />
                      <input type="hidden" name="isAdmin" value={p.isAdmin ? 'false' : 'true'} />
                      <button type="submit" className="btn btn-link" aria-label={t(p.isAdmin ? 'admin.people.revokeLabel' : 'admin.people.grantLabel', { name: p.name })}>
                        {p.isAdmin ? t('admin.people.revoke') : t('admin.people.grant')}
                      </button>
                    </Form>
                  )}
                </td>
                <td>
                  <PersonalDataStatus person={p} isSelf={p.id === selfId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={page} pageCount={pageCount} />
    </>
  )
}
