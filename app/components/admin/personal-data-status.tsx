import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** The two lists of /admin/people: everyone, or the requests to delete data still waiting for an admin. */
export function PeopleTabs({ deletionRequested, pending, query }: { deletionRequested: boolean; pending: number; query: string }) {
  const { t } = useTranslation()
  const search = query ? `&q=${encodeURIComponent(query)}` : ''
  return (
    <nav className="subnav" aria-label={t('admin.people.lists')}>
      <ul>
        <li>
          <Link to={query ? `/admin/people?q=${encodeURIComponent(query)}` : '/admin/people'} aria-current={deletionRequested ? undefined : 'page'}>
            {t('admin.people.everyone')}
          </Link>
        </li>
        <li>
          <Link to={`/admin/people?deletion=requested${search}`} aria-current={deletionRequested ? 'page' : undefined}>
            {t('admin.people.deletionRequests')} ({pending})
          </Link>
        </li>
      </ul>
    </nav>
  )
}

/** One person's row: whether they asked for deletion or were anonymised, and the way to anonymise them. */
export function PersonalDataStatus({ person, isSelf }: { person: { id: string; name: string; requestedOn: string | null; anonymisedOn: string | null }; isSelf: boolean }) {
  const { t } = useTranslation()
  if (person.anonymisedOn) return <span className="tag">{t('admin.people.anonymisedOn', { date: person.anonymisedOn })}</span>
  return (
    <>
      {person.requestedOn ? <span className="tag">{t('admin.people.requestedOn', { date: person.requestedOn })}</span> : null}
      {isSelf ? null : (
        <Link to={`/admin/people/${person.id}/anonymise`} aria-label={t('admin.people.anonymiseLabel', { name: person.name })}>
          {t('admin.people.anonymise')}
        </Link>
      )}
    </>
  )
}
