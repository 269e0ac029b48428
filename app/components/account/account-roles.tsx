import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { NgoRoleValue } from '~/domain/validation/admin.ts'

/** What the person may do: every account is a volunteer; admins and NGO members link to their work. */
export function AccountRoles({ isAdmin, memberships }: { isAdmin: boolean; memberships: Array<{ id: string; role: NgoRoleValue; ngoName: string; ngoSlug: string }> }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="roles-heading">
      <h2 id="roles-heading">{t('account.roles')}</h2>
      <ul className="plain-list">
        <li>
          {t('roles.volunteer')} · <Link to="/certificates">{t('certificate.mine')}</Link>
        </li>
        {isAdmin ? (
          <li>
            <Link to="/admin">{t('roles.admin')}</Link>
          </li>
        ) : null}
        {memberships.map((m) => (
          <li key={m.id}>
            {/* A lead of several NGOs starts on the first one's dashboard after a login; the others are here. */}
            {m.role === 'LEAD' ? <Link to={`/ngo/${m.ngoSlug}/dashboard`}>{t(`roles.${m.role}`, { ngo: m.ngoName })}</Link> : t(`roles.${m.role}`, { ngo: m.ngoName })}
            {m.role === 'TRAINER' ? (
              <>
                {' · '}
                <Link to="/attempts">{t('nav.attempts')}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
