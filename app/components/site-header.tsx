import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { locales, type Locale } from '~/domain/locale.ts'

interface Props {
  /** `unread`: the person's unread notifications, shown as a count on the inbox link. */
  user: { name: string; email: string; isAdmin: boolean; unread: number; ledNgo: string | null; trainer: boolean; assignment?: boolean } | null
  locale: Locale
}

const languageNames: Record<Locale, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' }

export function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation()
  const location = useLocation()
  return (
    <nav className="language-switch" aria-label={t('nav.language')}>
      <ul>
        {locales.map((lng) => {
          const params = new URLSearchParams(location.search)
          params.set('lng', lng)
          return (
            <li key={lng}>
              <a href={`${location.pathname}?${params}`} lang={lng} hrefLang={lng} aria-current={lng === locale ? 'true' : undefined}>
                <abbr title={languageNames[lng]}>{lng.toUpperCase()}</abbr>
              </a>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

export function SiteHeader({ user, locale }: Props) {
  const { t } = useTranslation()
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <circle cx="16" cy="16" r="15" fill="var(--brand)" />
            <path d="M9 16.5l4.5 4.5L23 11.5" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{t('app.name')}</span>
        </Link>
        <LanguageSwitch locale={locale} />
        {/* One block of links: on a phone, the rows under the brand and the languages. */}
        <div className="header-links">
          <NavLink to="/courses" className="nav-courses">
            {t('nav.courses')}
          </NavLink>
          <NavLink to={user ? '/applications' : '/apply'} className="nav-courses">
            {user ? t('nav.applications') : t('nav.apply')}
          </NavLink>
          {user ? (
            <NavLink to="/sessions" className="nav-courses">
              {t('nav.liveSessions')}
            </NavLink>
          ) : null}
          {user?.assignment ? (
            <NavLink to="/assignment" className="nav-courses">
              {t('nav.assignment')}
            </NavLink>
          ) : null}
          {user?.ledNgo ? (
            <NavLink to={`/ngo/${user.ledNgo}`} className="nav-courses">
              {t('nav.ngo')}
            </NavLink>
          ) : null}
          {user && !user.isAdmin ? (
            <NavLink to="/checkin" className="nav-courses">
              {t('nav.checkin')}
            </NavLink>
          ) : null}
          {user?.trainer || user?.isAdmin ? (
            <NavLink to="/studio" className="nav-courses">
              {t('nav.studio')}
            </NavLink>
          ) : null}
          <nav className="account-nav" aria-label={t('nav.account')}>
            {user ? (
              <ul>
                {user.isAdmin ? (
                  <li>
                    <NavLink to="/admin">{t('nav.admin')}</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/inbox">
                    {t('nav.inbox')}
                    {user.unread > 0 ? (
                      <>
                        {' '}
                        <span className="tag" aria-hidden="true">
                          {user.unread}
                        </span>
                        <span className="visually-hidden">{`(${t('inbox.unreadCount', { count: user.unread })})`}</span>
                      </>
                    ) : null}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/account" title={user.email}>
                    {user.name}
                  </NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="btn btn-link">
                      {t('nav.logout')}
                    </button>
                  </Form>
                </li>
              </ul>
            ) : (
              <ul>
                <li>
                  <NavLink to="/login">{t('nav.login')}</NavLink>
                </li>
                <li>
                  <NavLink to="/signup" className="btn btn-primary btn-small">
                    {t('nav.signup')}
                  </NavLink>
                </li>
              </ul>
            )}
          </nav>
        </div>
      </div>
    </header>
  )
}
