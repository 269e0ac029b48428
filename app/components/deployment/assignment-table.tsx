import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { AssignmentStatus } from '~/domain/assignments.ts'
import { AssignmentStatusBadge } from './assignment-bits.tsx'

export interface AssignmentRow {
  id: string
  status: AssignmentStatus
  declineReason: string | null
  respondedAt: string | null
  observer: { id: string; fullName: string; phone: string }
  station: { number: string; region: string; district: string; address: string }
  shift: string
}

/** The lead's assignments: who, where, when, their answer; move (on the assign page) or remove. */
export function AssignmentTable({ rows, base, ngoSlug }: { rows: AssignmentRow[]; base: string; ngoSlug: string }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={t('deployment.assignments.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('deployment.observer')}</th>
            <th scope="col">{t('deployment.station')}</th>
            <th scope="col">{t('deployment.shift')}</th>
            <th scope="col">{t('deployment.statusLabel')}</th>
            <th scope="col">{t('deployment.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/ngo/${ngoSlug}/recruits/${r.observer.id}`}>{r.observer.fullName}</Link>
                <br />
                <span className="muted">{r.observer.phone}</span>
              </td>
              <td>
                № {r.station.number}, {r.station.region}
                <br />
                <span className="muted">{[r.station.district, r.station.address].filter(Boolean).join(' · ')}</span>
              </td>
              <td>{r.shift}</td>
              <td>
                <AssignmentStatusBadge status={r.status} />
                {r.declineReason ? <p className="muted">{t('deployment.reason', { reason: r.declineReason })}</p> : null}
                {r.respondedAt ? <p className="muted">{r.respondedAt}</p> : null}
              </td>
              <td>
                <div className="form-actions">
                  <Link to={`${base}/new?move=${r.id}`} className="btn btn-secondary btn-small">
                    {t('deployment.assignments.move')}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="assignmentId" value={r.id} />
                    <button type="submit" className="btn btn-secondary btn-small" aria-label={t('deployment.assignments.removeOf', { name: r.observer.fullName })}>
                      {t('deployment.assignments.remove')}
                    </button>
                  </Form>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
