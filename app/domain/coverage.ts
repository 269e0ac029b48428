/**
 * The live coverage board's numbers for one shift: pure, so the rules are tested without a database.
 * A station is covered now when one of its observers (of any NGO) is present: their last tap up to
 * now is "arrived" (app/domain/checkins.ts). An assignment is late when its observer has not arrived
 * `lateAfterMinutes` after the shift started. Declined assignments count for nothing.
 */
import { everArrived, presentAt, type RecordedTap } from './checkins.ts'

/** Minutes after a shift's start when an observer who has not arrived is shown as late. */
export const LATE_AFTER_MINUTES = 15

export interface BoardAssignment {
  ngoId: string
  stationId: string
  /** The station's region (the board's per-region summary groups by it). */
  regionCode: string
  status: string
  taps: readonly RecordedTap[]
}

export interface CoverageCounts {
  /** Stations with at least one (not declined) observer assigned. */
  assigned: number
  /** Of those, stations with an observer present now. */
  covered: number
  /** Assignments whose observer has not arrived though the shift started long enough ago. */
  late: number
}

/** One line of the board: an NGO's or a region's counts, with its stations. */
export interface BoardRow extends CoverageCounts {
  key: string
  name: string
  /** Stations of the imported list (the region's, or the NGO's assigned for an NGO row). */
  stations: number
}

/** The board as the server answers it and the page shows it (JSON: times as ISO text). */
export interface BoardData {
  campaign: { slug: string; name: string } | null
  campaigns: Array<{ slug: string; name: string }>
  shift: { id: string; name: string; startsAt: string; endsAt: string } | null
  shifts: Array<{ id: string; name: string }>
  regions: Array<{ code: string; name: string }>
  regionCode: string | null
  ngoOnly: string | null
  generatedAt: string
  lateAfterMinutes: number
  totals: CoverageCounts & { stations: number }
  byNgo: BoardRow[]
  byRegion: BoardRow[]
  /** Late assignments of the region (first 50): station number and NGO, for the headquarters to call. */
  lateList: Array<{ station: string; ngo: string; regionCode: string }>
}

export interface CoverageSummary extends CoverageCounts {
  byNgo: Map<string, CoverageCounts>
  byRegion: Map<string, CoverageCounts>
}

const zero = (): CoverageCounts => ({ assigned: 0, covered: 0, late: 0 })

export function isLate(assignment: Pick<BoardAssignment, 'status' | 'taps'>, shiftStartsAt: Date, now: Date, lateAfterMinutes = LATE_AFTER_MINUTES): boolean {
  if (assignment.status === 'declined') return false
  return now.getTime() >= shiftStartsAt.getTime() + lateAfterMinutes * 60_000 && !everArrived(assignment.taps)
}

/** Coverage of one shift, overall, per NGO (its own stations) and per region. */
export function summariseCoverage(assignments: readonly BoardAssignment[], shiftStartsAt: Date, now: Date, lateAfterMinutes = LATE_AFTER_MINUTES): CoverageSummary {
  const stations = new Map<string, { regionCode: string; covered: boolean }>()
  const byNgo = new Map<string, CoverageCounts>()
  const byRegion = new Map<string, CoverageCounts>()
  let late = 0
  for (const a of assignments) {
    if (a.status === 'declined') continue
    const present = presentAt(a.taps, now)
    const lateNow = isLate(a, shiftStartsAt, now, lateAfterMinutes)
    const ngo = byNgo.get(a.ngoId) ?? zero()
    // One observer of an NGO per station and shift (a unique key), so an NGO's assignments are its stations.
    ngo.assigned++
    if (present) ngo.covered++
    if (lateNow) ngo.late++
    byNgo.set(a.ngoId, ngo)
    if (lateNow) {
      late++
      const region = byRegion.get(a.regionCode) ?? zero()
      region.late++
      byRegion.set(a.regionCode, region)
    }
    const station = stations.get(a.stationId)
    stations.set(a.stationId, { regionCode: a.regionCode, covered: (station?.covered ?? false) || present })
  }
  let covered = 0
  for (const station of stations.values()) {
    const region = byRegion.get(station.regionCode) ?? zero()
    region.assigned++
    if (station.covered) {
      region.covered++
      covered++
    }
    byRegion.set(station.regionCode, region)
  }
  return { assigned: stations.size, covered, late, byNgo, byRegion }
}

/** The share as a whole percent (0 when there is nothing to share). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0
}

/**
 * The shift the board shows by default: the one under way now; else the latest that has started; else
 * the first to come. Shifts in their campaign's order.
 */
export function currentShift<S extends { startsAt: Date; endsAt: Date }>(shifts: readonly S[], now: Date): S | undefined {
  const t = now.getTime()
  const running = shifts.find((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime())
  if (running) return running
  const started = shifts.filter((s) => s.startsAt.getTime() <= t).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
  return started[0] ?? [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]
}
