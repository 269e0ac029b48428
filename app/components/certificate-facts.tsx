import { useTranslation } from 'react-i18next'
import type { CourseEditionPhrase } from '~/domain/certificates.ts'

export interface CertificateFactsData {
  code: string
  holderName?: string
  /** Show "holder removed" in the holder's place (an anonymised person). */
  holderRemoved?: boolean
  course?: string
  /** The course edition it was earned on (courseEditionPhrase), as the PDF names it. */
  edition?: CourseEditionPhrase
  ngo: string | null
  campaign: string | null
  issued: string
  validUntil: string
}

/** The facts of a certificate, as its holder and anyone verifying it see them. */
export function CertificateFacts({ certificate, className = 'facts' }: { certificate: CertificateFactsData; className?: string }) {
  const { t } = useTranslation()
  const rows: Array<[string, string | null | undefined, boolean?]> = [
    [t('verify.holder'), certificate.holderRemoved ? t('certificate.holderRemoved') : certificate.holderName],
    [t('certificate.ngo'), certificate.ngo],
    [t('certificate.campaign'), certificate.campaign],
    [t('verify.course'), certificate.course],
    [t('certificate.courseEdition'), certificate.edition ? t(certificate.edition.key, certificate.edition.values) : null],
    [t('certificate.issued'), certificate.issued],
    [t('certificate.validUntil'), certificate.validUntil],
    [t('certificate.code'), certificate.code, true],
  ]
  return (
    <dl className={className}>
      {rows
        .filter(([, value]) => value)
        .map(([label, value, code]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{code ? <code>{value}</code> : value}</dd>
          </div>
        ))}
    </dl>
  )
}
