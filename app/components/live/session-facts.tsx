import { useTranslation } from 'react-i18next'

export interface SessionFactsData {
  format: 'ONLINE' | 'OFFLINE'
  when: string
  until: string
  meetingUrl: string | null
  address: string | null
  room: string | null
  capacity: number | null
  trainers: string[]
  campaigns: string[]
  ngoName: string | null
  cancelled: boolean
}

/** When and where a session is, who runs it and what it belongs to. The link is there only when the reader may have it. */
export function SessionFacts({ session, seatsLeft, linkNote }: { session: SessionFactsData; seatsLeft?: number | null; linkNote?: string }) {
  const { t } = useTranslation()
  return (
    <dl className="session-facts">
      <dt>{t('live.facts.when')}</dt>
      <dd>
        {session.when} – {session.until} <span className="muted">({t('live.facts.kazakhstanTime')})</span>
      </dd>
      <dt>{t('live.facts.format')}</dt>
      <dd>{t(`live.format.${session.format}`)}</dd>
      {session.format === 'ONLINE' ? (
        <>
          <dt>{t('live.facts.link')}</dt>
          <dd>
            {session.meetingUrl ? (
              <a href={session.meetingUrl} rel="noopener noreferrer" target="_blank" className="meeting-link">
                {session.meetingUrl}
              </a>
            ) : (
              <span className="muted">{linkNote ?? t('live.facts.linkHidden')}</span>
            )}
          </dd>
        </>
      ) : (
        <>
          <dt>{t('live.facts.place')}</dt>
          <dd>{[session.address, session.room ? t('live.facts.room', { room: session.room }) : null].filter(Boolean).join(', ')}</dd>
        </>
      )}
      {session.capacity !== null ? (
        <>
          <dt>{t('live.facts.capacity')}</dt>
          <dd>{seatsLeft === undefined || seatsLeft === null ? session.capacity : t('live.facts.seatsLeft', { count: seatsLeft, capacity: session.capacity })}</dd>
        </>
      ) : null}
      {session.trainers.length ? (
        <>
          <dt>{t('live.facts.trainers')}</dt>
          <dd>{session.trainers.join(', ')}</dd>
        </>
      ) : null}
      <dt>{t('live.facts.campaigns')}</dt>
      <dd>{session.campaigns.join(', ')}</dd>
      <dt>{t('live.facts.organiser')}</dt>
      <dd>{session.ngoName ?? t('live.facts.coalition')}</dd>
    </dl>
  )
}
