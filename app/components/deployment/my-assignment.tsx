import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { checklistItems } from '~/domain/assignments.ts'
import { AssignmentStatusBadge } from './assignment-bits.tsx'

interface Props {
  assignment: {
    id: string
    status: 'assigned' | 'confirmed' | 'declined'
    declineReason: string | null
    respondedAt: string | null
    campaign: string
    day: string
    shift: string
    station: { number: string; region: string; district: string; address: string; map: string }
    ngo: string
    coordinator: { name: string; email: string; phone: string }
  }
  error: string | null
}

/** One assignment on the observer's phone: where, when, who to call, what to bring, and the answer. */
export function MyAssignmentCard({ assignment: a, error }: Props) {
  const { t } = useTranslation()
  const headingId = `assignment-${a.id}`
  const errorId = `decline-error-${a.id}`
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('deployment.mine.station', { number: a.station.number })}</h2>
      <p className="muted">
        {a.campaign} · {a.ngo}
      </p>
      <p>
        <AssignmentStatusBadge status={a.status} />
        {a.respondedAt ? <span className="muted"> {a.respondedAt}</span> : null}
      </p>
      {a.declineReason ? <p>{t('deployment.reason', { reason: a.declineReason })}</p> : null}
      <dl className="assignment-facts">
        <dt>{t('deployment.mine.address')}</dt>
        <dd>
          {[a.station.region, a.station.district, a.station.address].filter(Boolean).join(', ')}
          <br />
          <a href={a.station.map} rel="noopener noreferrer" target="_blank">
            {t('deployment.mine.map')}
          </a>
        </dd>
        <dt>{t('deployment.shift')}</dt>
        <dd>
          {a.day}, {a.shift} <span className="muted">{t('deployment.kzTime')}</span>
        </dd>
        <dt>{t('deployment.mine.coordinator')}</dt>
        <dd>
          {a.coordinator.name}
          {a.coordinator.phone ? (
            <>
              <br />
              <a href={`tel:${a.coordinator.phone.replace(/[^\d+]/g, '')}`}>{a.coordinator.phone}</a>
            </>
          ) : null}
          {a.coordinator.email ? (
            <>
              <br />
              <a href={`mailto:${a.coordinator.email}`}>{a.coordinator.email}</a>
            </>
          ) : null}
        </dd>
      </dl>
      <div className="checklist">
        <h3>{t('deployment.checklist.title')}</h3>
        <ul>
          {checklistItems.map((item) => (
            <li key={item}>{t(`deployment.checklist.${item}`)}</li>
          ))}
        </ul>
      </div>
      {a.status !== 'confirmed' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="assignmentId" value={a.id} />
          <button type="submit" className="btn btn-primary">
            {t('deployment.mine.confirm')}
          </button>
        </Form>
      ) : null}
      {a.status !== 'declined' ? (
        <details open={!!error}>
          <summary>{t('deployment.mine.cannot')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="decline" />
            <input type="hidden" name="assignmentId" value={a.id} />
            <label htmlFor={`reason-${a.id}`}>{t('deployment.mine.reason')}</label>
            <textarea id={`reason-${a.id}`} name="reason" rows={3} maxLength={500} required minLength={3} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
            {error ? (
              <p id={errorId} className="field-errors" role="alert">
                {t(error)}
              </p>
            ) : null}
            <div>
              <button type="submit" className="btn btn-secondary">
                {t('deployment.mine.decline')}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  )
}
