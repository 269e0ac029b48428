import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MissingRequirements } from '~/components/missing-requirements.tsx'
import { formatDate } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { campaignCertification, listOwnCertificates } from '~/server/exams/certificates.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'certificate.mine' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const [certificates, campaigns] = await Promise.all([listOwnCertificates(user.id, locale), campaignCertification(user.id, locale)])
  return {
    campaigns: campaigns.map((c) => ({ ...c, electionDay: formatDate(c.electionDay, locale) })),
    certificates: certificates.map((c) => ({ code: c.code, course: c.courseTitle, status: c.status, issued: formatDate(c.issuedAt, locale), validUntil: formatDate(c.expiresAt, locale) })),
  }
}

export default function MyCertificates() {
  const { certificates, campaigns } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <h1>{t('certificate.mine')}</h1>
      {campaigns.length ? (
        <section className="card" aria-labelledby="readiness-heading">
          <h2 id="readiness-heading">{t('certificate.readiness')}</h2>
          <ul className="plain-list">
            {campaigns.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> ({c.electionDay}):{' '}
                {c.certified ? (
                  <span className="status-cert-valid">{t('certificate.certifiedFor')}</span>
                ) : (
                  <MissingRequirements missing={c.missing} linkCourses />
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {certificates.length === 0 ? (
        <p>
          {t('certificate.none')} <Link to="/courses">{t('nav.courses')}</Link>
        </p>
      ) : (
        <ul className="card-list">
          {certificates.map((c) => (
            <li key={c.code} className="card">
              <h2>
                <Link to={`/certificates/${c.code}`}>{c.course}</Link>
              </h2>
              <p className={`status status-cert-${c.status}`}>{t(`certificate.status.${c.status}`)}</p>
              <p className="muted">
                {t('certificate.issued')}: {c.issued} · {t('certificate.validUntil')}: {c.validUntil}
              </p>
              <p>
                <code>{c.code}</code>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
