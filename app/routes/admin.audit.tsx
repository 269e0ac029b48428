import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { auditDetails, auditTargetKind, isAuditAction, isAuditDetailName, isAuditFieldValue } from '~/domain/audit.ts'
import { applicationStates, type ApplicationState } from '~/domain/pipeline.ts'
import { formatDateTime } from '~/domain/format.ts'
import { parsePage, parseQuery } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listAuditActions, listAuditEvents } from '~/server/platform/audit.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.audit.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  const page = parsePage(params)
  const action = parseQuery(params, 'action')
  const [{ events, total, pageCount }, actions, locale] = await Promise.all([listAuditEvents({ page, action }), listAuditActions(), getLocale(request)])
  return {
    page,
    pageCount,
    total,
    action: action ?? '',
    actions,
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      atText: formatDateTime(e.at, locale),
      action: e.action,
      actor: e.actor ? `${e.actor.name} <${e.actor.email}>` : null,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      details: auditDetails(e.details),
    })),
  }
}

export default function AdminAudit() {
  const { events, page, pageCount, total, action, actions } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  // The log keeps identifiers (roster.exported); an admin reads them in their language. An action or
  // kind this version does not know (an older one's) shows as written.
  const actionLabel = (code: string) => (isAuditAction(code) ? t(`audit.actions.${code}`) : code)
  const targetLabel = (type: string) => {
    const kind = auditTargetKind(type)
    return kind ? t(`audit.targets.${kind}`) : type
  }
  const detailValue = (name: string, value: string) => {
    if ((name === 'from' || name === 'to' || name === 'because') && (applicationStates as readonly string[]).includes(value)) return t(`pipeline.state.${value as ApplicationState}`)
    if (name === 'fields') return value.split(', ').map((field) => (isAuditFieldValue(field) ? t(`audit.fieldValues.${field}`) : field)).join(', ')
    return value
  }
  const options = actions.map((code) => ({ code, label: actionLabel(code) })).sort((a, b) => a.label.localeCompare(b.label))
  return (
    <>
      <h1>{t('admin.audit.title')}</h1>
      <Form method="get" className="search-form">
        <label htmlFor="audit-action">{t('admin.audit.action')}</label>
        <select id="audit-action" name="action" defaultValue={action}>
          <option value="">{t('admin.audit.allActions')}</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-secondary">
          {t('common.filter')}
        </button>
      </Form>
      <p className="muted">{t('common.total', { count: total })}</p>
      <TableWrap label={t('admin.audit.title')}>
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.who')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
              <th scope="col">{t('admin.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{e.atText}</time>
                </td>
                <td>{e.actor ?? '—'}</td>
                <td>
                  {actionLabel(e.action)}
                  <br />
                  <code className="muted">{e.action}</code>
                </td>
                <td>
                  {e.targetType ? (
                    <>
                      {targetLabel(e.targetType)}
                      {e.targetId ? (
                        <>
                          <br />
                          <code className="muted">{e.targetId}</code>
                        </>
                      ) : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {e.details.kind === 'none' ? (
                    '—'
                  ) : e.details.kind === 'text' ? (
                    // Details an older version wrote as plain text, shown as written.
                    <code className="details">{e.details.text}</code>
                  ) : (
                    <dl className="details">
                      {e.details.fields.map(([name, value]) => (
                        <div key={name}>
                          <dt>
                            {isAuditDetailName(name) ? (
                              `${t(`audit.detailNames.${name}`)}:`
                            ) : (
                              <>
                                <code>{name}</code>:
                              </>
                            )}
                          </dt>
                          <dd>{detailValue(name, value)}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
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
