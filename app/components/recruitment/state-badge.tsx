import { useTranslation } from 'react-i18next'
import type { ApplicationState } from '~/domain/pipeline.ts'

/** The state as words with an icon-free coloured tag: the colour only repeats what the text says. */
export function StateBadge({ state }: { state: ApplicationState }) {
  const { t } = useTranslation()
  return <span className={`state-badge state-${state}`}>{t(`pipeline.state.${state}`)}</span>
}
