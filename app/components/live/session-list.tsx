import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'

export interface SessionListItem {
  id: string
  title: string
  format: 'ONLINE' | 'OFFLINE'
  startsAt: string
  when: string
  cancelled: boolean
  ngoName: string | null
  registered: number
  waitlisted: number
  attended: number
  capacity: number | null
  myStatus?: string | null
}

/** Sessions as a table: when, what, where from, and the counts (or, for a volunteer, their own place). */
export function SessionTable({ items, hrefFor, caption, mine = false }: { items: SessionListItem[]; hrefFor: (id: string) => string; caption: string; mine?: boolean }) {
  const { t } = useTranslation()
  if (items.length === 0) return <p className="card">{t('live.list.empty')}</p>
  return (
    <TableWrap label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('live.list.when')}</th>
            <th scope="col">{t('live.list.title')}</th>
            <th scope="col">{t('live.list.format')}</th>
            {mine ? null : (
              <>
                <th scope="col">{t('live.counts.registered')}</th>
                <th scope="col">{t('live.counts.waitlisted')}</th>
                <th scope="col">{t('live.counts.attended')}</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>
                <time dateTime={s.startsAt}>{s.when}</time>
              </td>
              <td>
                <Link to={hrefFor(s.id)}>{s.title}</Link>
                {s.cancelled ? <span className="tag tag-danger"> {t('live.status.sessionCancelled')}</span> : null}
                <div className="muted">{s.ngoName ?? t('live.facts.coalition')}</div>
                {mine && s.myStatus && s.myStatus !== 'cancelled' ? <span className="tag">{t(`live.status.${s.myStatus}`)}</span> : null}
              </td>
              <td>{t(`live.format.${s.format}`)}</td>
              {mine ? null : (
                <>
                  <td>{s.capacity === null ? s.registered : `${s.registered} / ${s.capacity}`}</td>
                  <td>{s.waitlisted}</td>
                  <td>{s.attended}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/** Upcoming | past, as two links. */
export function WhenTabs({ when, base }: { when: 'upcoming' | 'past'; base: string }) {
  const { t } = useTranslation()
  return (
    <nav className="actions" aria-label={t('live.list.whenLabel')}>
      <Link to={base} aria-current={when === 'upcoming' ? 'page' : undefined} className="btn btn-link">
        {t('live.list.upcoming')}
      </Link>{' '}
      <Link to={`${base}?when=past`} aria-current={when === 'past' ? 'page' : undefined} className="btn btn-link">
        {t('live.list.past')}
      </Link>
    </nav>
  )
}
