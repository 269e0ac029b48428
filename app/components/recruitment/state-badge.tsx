import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ApplicationState } from '~/domain/pipeline.ts'

/** The state as words with an icon-free coloured tag: the colour only repeats what the text says. */
export function StateBadge({ state }: { state: ApplicationState }) {
  const { t } = useTranslation()
  return stateBadge(state, t)
}

/**
 * The same tag with the caller's translator: a list of fifty recruits renders it fifty times, and
 * each StateBadge's own useTranslation cost about 2 KB of garbage (tests/bench/HISTORY.md, session 19).
 */
export function stateBadge(state: ApplicationState, t: TFunction) {
  return <span className={`state-badge state-${state}`}>{t(`pipeline.state.${state}`)}</span>
}
