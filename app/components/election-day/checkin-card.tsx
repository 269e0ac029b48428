import { useTranslation } from 'react-i18next'
import type { CheckInKind } from '~/domain/checkins.ts'

export interface CheckinCardData {
  id: string
  campaign: string
  station: { number: string; address: string; district: string; region: string }
  shift: { name: string; from: string; to: string }
  present: boolean
  taps: Array<{ kind: string; at: string; byLead: boolean }>
  /** Client ids made when the page was rendered: a form sent twice without JavaScript is one tap. */
  clientIds: Record<CheckInKind, string>
}

/**
 * One assignment on the check-in page: the station, the shift, where the observer stands now, and
 * two plain POST forms ("arrived", "left") that work without JavaScript; with it, `onTap` queues the
 * tap instead (app/components/election-day/tap-queue.ts).
 */
export function CheckinCard({ a, pending, onTap }: { a: CheckinCardData; pending: number; onTap?: (assignmentId: string, kind: CheckInKind) => void }) {
  const { t } = useTranslation()
  const form = (kind: CheckInKind) => (
    <form
      method="post"
      onSubmit={(event) => {
        if (!onTap) return
        event.preventDefault()
        onTap(a.id, kind)
      }}
    >
      <input type="hidden" name="assignmentId" value={a.id} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="clientId" value={a.clientIds[kind]} />
      <button type="submit" className={`btn btn-large ${kind === 'arrived' ? 'btn-primary' : 'btn-secondary'}`}>
        {t(`electionDay.checkin.${kind}`)}
      </button>
    </form>
  )
  return (
    <section className="card checkin-card" aria-labelledby={`station-${a.id}`}>
      <h2 id={`station-${a.id}`}>{t('electionDay.checkin.station', { number: a.station.number })}</h2>
      <p>
        {[a.station.district, a.station.address].filter(Boolean).join(', ')} · {a.station.region}
      </p>
      <p className="muted">
        {a.campaign} · {a.shift.name}, {a.shift.from}–{a.shift.to}
      </p>
      <p className={a.present ? 'checkin-state is-present' : 'checkin-state'}>
        <strong>{a.present ? t('electionDay.checkin.present') : t('electionDay.checkin.notPresent')}</strong>
        {pending > 0 ? <span className="tag">{t('electionDay.checkin.pending', { count: pending })}</span> : null}
      </p>
      <div className="checkin-buttons">
        {form('arrived')}
        {form('left')}
      </div>
      {a.taps.length > 0 ? (
        <>
          <h3 className="visually-hidden">{t('electionDay.checkin.history')}</h3>
          <ul className="checkin-history">
            {a.taps.map((tap, i) => (
              <li key={i}>
                {tap.at} — {t(`electionDay.checkin.tap.${tap.kind === 'left' ? 'left' : 'arrived'}`)}
                {tap.byLead ? ` (${t('electionDay.checkin.byLead')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
