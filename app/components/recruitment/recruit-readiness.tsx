import { useTranslation } from 'react-i18next'
import { MissingRequirements } from '~/components/missing-requirements.tsx'
import type { MissingRequirement } from '~/domain/certification.ts'

/** The recruit against the campaign's certification rule: certified, or what is still missing. */
export function RecruitReadiness({ certified, missing }: { certified: boolean; missing: readonly MissingRequirement[] }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="readiness-heading">
      <h2 id="readiness-heading">{t('certificate.readiness')}</h2>
      <p>{certified ? <span className="status-cert-valid">{t('certificate.certifiedFor')}</span> : <MissingRequirements missing={missing} sentence />}</p>
    </section>
  )
}
