import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatDate } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { listOwnCertificates } from '~/server/certificates.server.ts'
import { requireUser } from '~/server/permissions.server.ts'

export const handle = { titleKey: 'certificate.mine' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const certificates = await listOwnCertificates(user.id, locale)
  return {
    certificates: certificates.map((c) => ({ code: c.code, course: c.courseTitle, status: c.status, issued: formatDate(c.issuedAt, locale), validUntil: formatDate(c.expiresAt, locale) })),
  }
}

export default function MyCertificates() {
  const { certificates } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <h1>{t('certificate.mine')}</h1>
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
