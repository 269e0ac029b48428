import { isRouteErrorResponse, useLocation, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { errorPageKind } from '~/domain/errors.ts'

/**
 * The translated error page (403, 404, 413, 429, a bad request, a form refused as cross-site, a busy
 * database (503), a server error), shared by the root and every route with its own data: each
 * exports it as its `ErrorBoundary`, so a failing page keeps the layout around it (the admin's or the
 * lead's navigation) and says what went wrong in the reader's language.
 * tests/integration/route-matrix.test.ts fails when a page with a loader lacks it.
 */
export function RouteErrorBoundary() {
  const error = useRouteError()
  const location = useLocation()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  // In the browser; on the server the error is already logged (handleError in app/entry.server.tsx).
  if (!isRouteErrorResponse(error) && typeof document !== 'undefined') console.error(error)
  const kind = errorPageKind(status, isRouteErrorResponse(error) ? error.data : undefined)
  // A busy moment passes; a file or text too large can be made smaller: back to the page, to send again.
  const again = kind === 'busy' || kind === 'tooLarge'
  return (
    <div className="container narrow error-page">
      <p className="error-code">{status}</p>
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p className="form-actions">
        {again ? (
          // The page asked for again (a form is sent again by the reader, from the page it was on); one
          // leading slash, so an address such as //example.com/… stays on this site.
          <a className="btn btn-primary" href={`/${location.pathname.replace(/^\/+/, '')}${location.search}`}>
            {t('errors.busy.again')}
          </a>
        ) : null}
        <a className={again ? 'btn btn-secondary' : 'btn btn-primary'} href="/">
          {t('errors.home')}
        </a>
      </p>
    </div>
  )
}
