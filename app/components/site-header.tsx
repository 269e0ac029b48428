import { Form, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { locales, type Locale } from '~/domain/locale.ts'
import { languageHref } from './language-href.ts'
import { isActivePath, useListLinks } from './list-links.ts'

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
          return (
            <li key={lng}>
              <a href={languageHref(location.pathname, location.search, lng)} lang={lng} hrefLang={lng} aria-current={lng === locale ? 'true' : undefined}>
                <abbr title={languageNames[lng]}>{lng.toUpperCase()}</abbr>
              </a>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/**
 * The site header. Its links are plain links moved through by one listener on the header
 * (useListLinks), marked as the current page the way NavLink did (`active`, `aria-current="page"`):
 * a NavLink each cost about as much of every page's server render as the rest of the header.
 */
export function SiteHeader({ user, locale }: Props) {
  const { t } = useTranslation()
  const { pathname, search } = useLocation()
  const links = useListLinks<HTMLElement>()
  const nav = (to: string, className?: string, query = '') => {
    const active = isActivePath(pathname, to)
    const classes = [className, active ? 'active' : null].filter(Boolean).join(' ')
    return { href: to + query, 'data-discover': 'true', className: classes || undefined, 'aria-current': active ? ('page' as const) : undefined }
  }
  // On the login and sign-up pages the way back (an apply form that asked them to log in) goes along.
  const redirectTo = pathname === '/login' || pathname === '/signup' ? new URLSearchParams(search).get('redirectTo') : null
  const back = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ''
  return (
    <header className="site-header" ref={links}>
      <div className={user ? 'container header-row signed-in' : 'container header-row'}>
        <a href="/" className="brand" data-discover="true">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <circle cx="16" cy="16" r="15" fill="var(--brand)" />
            <path d="M9 16.5l4.5 4.5L23 11.5" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{t('app.name')}</span>
        </a>
        <LanguageSwitch locale={locale} />
        {/* One block of links: on a phone, the rows under the brand and the languages. */}
        <div className="header-links">
          <a {...nav('/courses', 'nav-courses')}>{t('nav.courses')}</a>
          <a {...nav(user ? '/applications' : '/apply', 'nav-courses')}>{user ? t('nav.applications') : t('nav.apply')}</a>
          {user ? <a {...nav('/sessions', 'nav-courses')}>{t('nav.liveSessions')}</a> : null}
          {user?.assignment ? <a {...nav('/assignment', 'nav-courses')}>{t('nav.assignment')}</a> : null}
          {user?.ledNgo ? <a {...nav(`/ngo/${user.ledNgo}`, 'nav-courses')}>{t('nav.ngo')}</a> : null}
          {user && !user.isAdmin ? <a {...nav('/checkin', 'nav-courses')}>{t('nav.checkin')}</a> : null}
          {user?.trainer || user?.isAdmin ? <a {...nav('/studio', 'nav-courses')}>{t('nav.studio')}</a> : null}
          <nav className="account-nav" aria-label={t('nav.account')}>
            {user ? (
              <ul>
                {user.isAdmin ? (
                  <li>
                    <a {...nav('/admin')}>{t('nav.admin')}</a>
                  </li>
                ) : null}
                <li>
                  <a {...nav('/inbox')}>
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
                  </a>
                </li>
                <li>
                  <a {...nav('/account')} title={user.email}>
                    {user.name}
                  </a>
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
                  <a {...nav('/login', undefined, back)}>{t('nav.login')}</a>
                </li>
                <li>
                  <a {...nav('/signup', 'btn btn-primary btn-small', back)}>{t('nav.signup')}</a>
                </li>
              </ul>
            )}
          </nav>
        </div>
      </div>
    </header>
  )
}
