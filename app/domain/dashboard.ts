/**
 * The dashboards' arithmetic: the funnel built from counts of *current* states, shares, coverage
 * of polling stations, and bar lengths. Pure: the counts come from SQL aggregates elsewhere.
 */
import { applicationStates, type ApplicationState } from './pipeline.ts'

export type StateCounts = Record<ApplicationState, number>

/** The funnel's stages, in order. "Submitted" counts every application ever made. */
export const funnelStages = ['submitted', 'accepted', 'in_training', 'certified'] as const
export type FunnelStage = (typeof funnelStages)[number]

/**
 * Which current states mean a stage was reached. An application is in one state at a time, so a
 * certified recruit was also accepted and in training; a rejected or withdrawn one is counted only
 * as submitted (its earlier stages are not read from the timeline).
 */
const reachedBy: Record<FunnelStage, readonly ApplicationState[]> = {
  submitted: applicationStates,
  accepted: ['accepted', 'in_training', 'certified'],
  in_training: ['in_training', 'certified'],
  certified: ['certified'],
}

export function emptyStateCounts(): StateCounts {
  return Object.fromEntries(applicationStates.map((s) => [s, 0])) as StateCounts
}

/** Whole-number share of `part` in `whole`, 0 when there is nothing to share. */
export function percent(part: number, whole: number): number {
  if (whole <= 0 || part <= 0) return 0
  return Math.min(100, Math.round((part / whole) * 100))
}

export interface FunnelStep {
  stage: FunnelStage
  count: number
  /** Share of all submitted applications. */
  percentOfSubmitted: number
  /** Share of the previous stage (100 for the first). */
  percentOfPrevious: number
}

export interface Funnel {
  steps: FunnelStep[]
  rejected: number
  withdrawn: number
  total: number
}

/** The cumulative funnel from counts per current state. */
export function cumulativeFunnel(counts: Partial<StateCounts>): Funnel {
  const full = { ...emptyStateCounts(), ...counts }
  const total = applicationStates.reduce((sum, s) => sum + full[s], 0)
  let previous = total
  const steps = funnelStages.map((stage) => {
    const count = reachedBy[stage].reduce((sum, s) => sum + full[s], 0)
    const step = { stage, count, percentOfSubmitted: percent(count, total), percentOfPrevious: stage === 'submitted' ? 100 : percent(count, previous) }
    previous = count
    return step
  })
  return { steps, rejected: full.rejected, withdrawn: full.withdrawn, total }
}

/** Counts per state and something else (rows of a SQL GROUP BY) folded into one StateCounts per `keyOf` of a row. */
export function stateCountsBy<Row extends { state: ApplicationState; count: number }>(rows: readonly Row[], keyOf: (row: Row) => string): Map<string, StateCounts> {
  const byKey = new Map<string, StateCounts>()
  for (const row of rows) {
    const key = keyOf(row)
    const counts = byKey.get(key) ?? emptyStateCounts()
    counts[row.state] += row.count
    byKey.set(key, counts)
  }
  return byKey
}

/** Counts per region and state folded into one StateCounts per region. */
export function countsByRegion(rows: ReadonlyArray<{ regionCode: string; state: ApplicationState; count: number }>): Map<string, StateCounts> {
  return stateCountsBy(rows, (row) => row.regionCode)
}

export interface Coverage {
  certified: number
  pollingStations: number
  /** Certified observers per polling station (null when the station count is unknown, i.e. 0). */
  ratio: number | null
  /** Share of stations one observer each would cover, capped at 100. */
  percent: number
  /** Stations left without an observer of ours, assuming one observer per station. */
  gap: number
}

export function coverage(certified: number, pollingStations: number): Coverage {
  return {
    certified,
    pollingStations,
    ratio: pollingStations > 0 ? Math.round((certified / pollingStations) * 100) / 100 : null,
    percent: percent(certified, pollingStations),
    gap: Math.max(0, pollingStations - certified),
  }
}

/** The length of a bar in percent of the longest one (0–100), at least 1 for a non-zero value so it stays visible. */
export function barLength(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0
  return Math.max(1, Math.min(100, Math.round((value / max) * 1000) / 10))
}

export interface TrainingCounts {
  /** Recruits who reached accepted (accepted, in training or certified now). */
  accepted: number
  opened: number
  halfway: number
  passed: number
}

export interface TrainingProgress extends TrainingCounts {
  openedPercent: number
  halfwayPercent: number
  passedPercent: number
}

export function trainingProgress(counts: TrainingCounts): TrainingProgress {
  return {
    ...counts,
    openedPercent: percent(counts.opened, counts.accepted),
    halfwayPercent: percent(counts.halfway, counts.accepted),
    passedPercent: percent(counts.passed, counts.accepted),
  }
}

export interface ExamCounts {
  attempts: number
  passedAttempts: number
  people: number
  peoplePassed: number
}

export interface ExamSummary extends ExamCounts {
  passRate: number
  /** Submitted attempts per person who sat the exam, one decimal. */
  attemptsPerPerson: number
}

export function examSummary(counts: ExamCounts): ExamSummary {
  return {
    ...counts,
    passRate: percent(counts.passedAttempts, counts.attempts),
    attemptsPerPerson: counts.people > 0 ? Math.round((counts.attempts / counts.people) * 10) / 10 : 0,
  }
}

/** A polling-station count an admin may enter for one region. */
export const MAX_POLLING_STATIONS = 5000

/**
 * The campaign a dashboard opens on when none is asked for: of those with at least one application,
 * the one whose election day is nearest today (before or after; on a tie the coming one); with no
 * activity anywhere, the nearest of all. Not simply the newest: a campaign just created is empty.
 */
export function defaultDashboardCampaign<C extends { electionDay: Date; applications: number }>(campaigns: readonly C[], now: Date): C | undefined {
  const distance = (c: C) => Math.abs(c.electionDay.getTime() - now.getTime())
  const nearest = (list: readonly C[]) =>
    list.reduce<C | undefined>((best, c) => {
      if (!best) return c
      const d = distance(c) - distance(best)
      return d < 0 || (d === 0 && c.electionDay > best.electionDay) ? c : best
    }, undefined)
  return nearest(campaigns.filter((c) => c.applications > 0)) ?? nearest(campaigns)
}

/** One week of arrivals: its Monday (a day in Kazakhstan time, `YYYY-MM-DD`) and the applications made that week. */
export interface WeekCount {
  weekStart: string
  count: number
}

/** At most this many weeks are drawn: the latest ones (a campaign's recruitment runs a few months). */
export const ARRIVAL_WEEKS_SHOWN = 26

const DAY_MS = 86_400_000

/** The Monday on or before a `YYYY-MM-DD` day. */
export function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  const sinceMonday = (date.getUTCDay() + 6) % 7
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10)
}

/**
 * Applications per week (Monday to Sunday) from counts per day, every week from the first arrival's
 * to `until`'s (today, or the deadline once it has passed) with the empty ones in between, so a
 * stalled recruitment shows as a gap rather than being skipped; the latest ARRIVAL_WEEKS_SHOWN.
 */
export function weeklyArrivals(days: ReadonlyArray<{ day: string; count: number }>, until: string): WeekCount[] {
  const byWeek = new Map<string, number>()
  for (const { day, count } of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || count <= 0) continue
    const week = mondayOf(day)
    byWeek.set(week, (byWeek.get(week) ?? 0) + count)
  }
  if (byWeek.size === 0) return []
  const weeks = [...byWeek.keys()].sort()
  const first = weeks[0] ?? ''
  const untilWeek = /^\d{4}-\d{2}-\d{2}$/.test(until) ? mondayOf(until) : ''
  const lastWeek = [untilWeek, weeks[weeks.length - 1] ?? first].sort().at(-1) ?? first
  const out: WeekCount[] = []
  for (let t = new Date(`${lastWeek}T00:00:00Z`).getTime(); out.length < ARRIVAL_WEEKS_SHOWN; t -= 7 * DAY_MS) {
    const weekStart = new Date(t).toISOString().slice(0, 10)
    if (weekStart < first) break
    out.push({ weekStart, count: byWeek.get(weekStart) ?? 0 })
  }
  return out.reverse()
}
