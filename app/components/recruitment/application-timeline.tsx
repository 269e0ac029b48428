import { useTranslation } from 'react-i18next'
import type { ApplicationState } from '~/domain/pipeline.ts'

export interface TimelineEvent {
  id: string
  toState: ApplicationState
  actorRole: string
  actorName: string | null
  reason: string | null
  at: string
  atText: string
}

/** Every move of an application, oldest first: what, when, by whom and why. */
export function ApplicationTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation()
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.id} className="timeline-step">
          <p className="timeline-time">
            <time dateTime={e.at}>{e.atText}</time>
          </p>
          <p className="timeline-title">{t(`pipeline.state.${e.toState}`)}</p>
          <p className="muted">
            {t(`pipeline.actor.${e.actorRole}`, { defaultValue: e.actorRole })}
            {e.actorName ? ` · ${e.actorName}` : ''}
            {e.reason && !['manual', 'import'].includes(e.reason) ? ` · ${e.reason}` : ''}
          </p>
        </li>
      ))}
    </ol>
  )
}
