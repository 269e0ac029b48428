import { useTranslation } from 'react-i18next'
import type { FileStatus } from '~/domain/studio/files.ts'

/** Published / draft changed / translation missing, as a labelled badge (never colour alone). */
export function FileStatusBadge({ status, count }: { status: FileStatus; count?: number }) {
  const { t } = useTranslation()
  const label = count === undefined ? t(`studio.status.${status}`) : t(`studio.statusCount.${status}`, { count })
  return <span className={`file-status file-status-${status}`}>{label}</span>
}
