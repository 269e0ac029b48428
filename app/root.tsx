import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import stylesHref from './styles/app.css?url'
import faviconSvg from '../public/favicon.svg?raw'
import { AppStyles, HeadScripts, usePageStylesMode } from './components/app-styles.tsx'
import { FocusFirstInvalid } from './components/focus-first-invalid.tsx'
import { useNonce } from './components/nonce.tsx'
import { PageTranslations } from './components/page-translations.tsx'
import { RouteDiscovery } from './components/route-discovery.tsx'
import { ZodBrowserConfig } from './components/zod-browser-config.tsx'
import { SiteHeader } from './components/site-header.tsx'
import { ToastMessage } from './components/toast.tsx'
import { defaultLocale } from './domain/locale.ts'
import { getCookieLocale, getLocale, localeCookie } from './i18n/i18next.server.ts'
import { setUserLocale } from './server/accounts/accounts.server.ts'
import { countUnread } from './server/jobs/notifications.server.ts'
import { getAuth, headerRoles } from './server/accounts/permissions.server.ts'
import { hasAssignment } from './server/deployment/assignments.server.ts'
import type { SessionUser } from './server/accounts/session.server.ts'
import { readToast } from './http/toast.server.ts'
import { stylesFor } from './http/app-styles.server.ts'

// The core stylesheet is not among the links: AppStyles prints it inside a browser's first page, links it after.
export const links: LinksFunction = () => [
  // In the page itself: a request of its own for a 239-byte picture came after the load event and
  // kept a phone's link busy for another round trip (tests/bench/phone.ts).
  { rel: 'icon', href: `data:image/svg+xml,${encodeURIComponent(faviconSvg)}`, type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request)
  const headers = new Headers()
  if (auth.setCookie) headers.append('Set-Cookie', auth.setCookie)

  const url = new URL(request.url)
  const cookieLocale = await getCookieLocale(request)
  // A first visit follows Accept-Language; once logged in, the account's language wins over the
  // browser's; `?lng=` switches explicitly and is remembered on the account too.
  let locale = await getLocale(request)
  if (auth.user && !url.searchParams.has('lng') && !cookieLocale) locale = auth.user.locale
  if (auth.user && url.searchParams.has('lng') && auth.user.locale !== locale) await setUserLocale(auth.user.id, locale)
  if (cookieLocale !== locale) headers.append('Set-Cookie', await localeCookie.serialize(locale))

  const { toast, setCookie } = await readToast(request)
  if (setCookie) headers.append('Set-Cookie', setCookie)
  const styles = await stylesFor(request)
  if (styles.setCookie) headers.append('Set-Cookie', styles.setCookie)

  return data(
    {
      locale,
      user: auth.user && { name: auth.user.name, email: auth.user.email, isAdmin: auth.user.isAdmin, ...(await headerFacts(auth.user)) },
      toast,
      styles: styles.mode,
    },
    { headers },
  )
}

/** What the header shows of a logged-in person: unread notifications, the NGO they lead, the studio if they train. */
async function headerFacts(user: SessionUser) {
  const [unread, roles, assignment] = await Promise.all([countUnread(user.id), headerRoles(user), hasAssignment(user.id)])
  return { unread, ...roles, assignment }
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>['data']

export const handle = { i18n: 'common' }

/** The page's title: a `pageTitle` its loader returned (a lesson's name), else its handle's `titleKey`. */
function usePageTitle(t: (key: string) => string): string | undefined {
  const matches = useMatches()
  for (let i = matches.length - 1; i >= 0; i--) {
    const match = matches[i]
    const data = match?.data as { pageTitle?: unknown } | undefined
    if (typeof data?.pageTitle === 'string') return data.pageTitle
    const handle = match?.handle as { titleKey?: string } | undefined
    if (handle?.titleKey) return t(handle.titleKey)
  }
  return undefined
}

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root')
  const locale = rootData?.locale ?? defaultLocale
  const { t } = useTranslation()
  useChangeLanguage(locale)
  const pageTitle = usePageTitle(t)
  const stylesMode = usePageStylesMode(rootData?.styles)
  const nonce = useNonce()
  const appName = t('app.name')
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t('app.tagline')} />
        <title>{pageTitle ? `${pageTitle} · ${appName}` : appName}</title>
        <Meta />
        <HeadScripts mode={stylesMode} />
        <AppStyles mode={stylesMode} href={stylesHref} />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('nav.skipToContent')}
        </a>
        <SiteHeader user={rootData?.user ?? null} locale={locale} />
        {rootData?.toast ? <ToastMessage toast={rootData.toast} /> : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            {t('footer.text')} <a href="/verify">{t('footer.verifyLink')}</a>
          </p>
        </footer>
        <FocusFirstInvalid />
        <ZodBrowserConfig nonce={nonce} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <RouteDiscovery nonce={nonce} />
        {/* Last: by now every component above has asked for its strings. */}
        <PageTranslations />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export { RouteErrorBoundary as ErrorBoundary } from './components/route-error.tsx'
