import { useTranslation } from 'react-i18next'
import type { AssignmentStatus } from '~/domain/assignments.ts'

const badgeClass: Record<AssignmentStatus, string> = { assigned: 'state-submitted', confirmed: 'state-certified', declined: 'state-accepted' }

/** The assignment's status as words on a coloured tag (the colour only repeats the words). */
export function AssignmentStatusBadge({ status }: { status: AssignmentStatus }) {
  const { t } = useTranslation()
  return <span className={`state-badge ${badgeClass[status]}`}>{t(`deployment.status.${status}`)}</span>
}

/** Why a placement was refused, as the rule it would break. */
export interface RefusalView {
  error: string
  station?: string
  other?: string
  shift?: string
  /** `otherRegion`: who, their home region and the station's (codes). */
  observer?: string
  home?: string
  region?: string
}

export function RefusalMessage({ refusal, shiftNames, regionNames = {} }: { refusal: RefusalView; shiftNames: Record<string, string>; regionNames?: Record<string, string> }) {
  const { t } = useTranslation()
  const region = (code: string | undefined) => (code ? (regionNames[code] ?? code) : '')
  const values = { station: refusal.station ?? '', other: refusal.other ?? '', shift: (refusal.shift && shiftNames[refusal.shift]) || '', observer: refusal.observer ?? '', home: region(refusal.home), region: region(refusal.region) }
  return (
    <p className="callout callout-warning" role="alert">
      {t(`deployment.refusal.${refusal.error}`, values)}
    </p>
  )
}

/** "№ 123 · Алмалинский район · ул. Толе би, 55" */
export function stationLabel(station: { number: string; district: string; address: string }): string {
  return [`№ ${station.number}`, station.district, station.address].filter(Boolean).join(' · ')
}
