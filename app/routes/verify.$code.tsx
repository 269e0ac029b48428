import { data, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificateFacts } from '~/components/certificate-facts.tsx'
import { VerifyForm } from '~/components/verify-form.tsx'
import { courseEditionPhrase } from '~/domain/certificates.ts'
import { formatDate } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { verifyCertificate } from '~/server/exams/certificates.server.ts'
import { retryAfterHeaders, throttledInit } from '~/http/anonymous-forms.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { allowVerifyLookup } from '~/server/platform/throttle.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'verify.title' }

/**
 * The page names a person to whoever has the code, and asks search engines not to list it: an
 * observer who posts the link on a social network does not put their name into search results.
 * A throttled lookup (429) says when to try again.
 */
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(retryAfterHeaders(args))
  headers.set('X-Robots-Tag', 'noindex, nofollow')
  return headers
}

/**
 * Public: anyone with the code (from the QR code or typed) sees whether the certificate is valid,
 * with the holder's name (or that the holder was removed), NGO, course and its edition, and dates, and nothing more.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ip = clientIp(context)
  if (!(await allowVerifyLookup(ip))) throw new Response('Too Many Requests', throttledInit({ retryAfterSeconds: 60 }))
  const locale = await getLocale(request)
  const code = (params.code ?? '').slice(0, 40)
  const certificate = await verifyCertificate(code, locale, ip)
  if (!certificate) return data({ code, certificate: null }, { status: 404 })
  return {
    code,
    certificate: {
      code: certificate.code,
      status: certificate.status,
      holderName: certificate.holderName,
      holderRemoved: certificate.holderRemoved,
      ngo: certificate.ngoName,
      campaign: certificate.campaignName,
      course: certificate.courseTitle,
      issued: formatDate(certificate.issuedAt, locale),
      validUntil: formatDate(certificate.expiresAt, locale),
      edition: courseEditionPhrase(certificate.courseEdition, locale),
    },
  }
}

export default function VerifyCode() {
  const { code, certificate } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  if (!certificate) {
    return (
      <div className="container narrow">
        <h1>{t('verify.notFoundTitle')}</h1>
        <p role="alert">{t('verify.notFound', { code })}</p>
        {/* Keyed by the code: going from one code's page to another's (back, a link) shows that code, not the last one typed. */}
        <VerifyForm key={code} defaultCode={code} />
      </div>
    )
  }
  return (
    <div className="container narrow">
      <h1>{t('verify.title')}</h1>
      <div className={`card certificate certificate-${certificate.status}`}>
        <p className={`verify-verdict status-cert-${certificate.status}`} role="status">
          {t(`verify.verdict.${certificate.status}`)}
        </p>
        <CertificateFacts certificate={certificate} className="verify-facts" />
      </div>
      <p>
        <Link to="/verify">{t('verify.another')}</Link>
      </p>
    </div>
  )
}
