/**
 * The live coverage board of election day: for a campaign's shift, stations covered now (an observer
 * present, app/domain/coverage.ts) against stations assigned, late arrivals, by NGO, for one region
 * or per region for the whole country. A coalition admin sees every NGO; a lead only their own.
 *
 * The board is polled by wall screens every few seconds, so each answer is read with a handful of
 * indexed queries (assignments of one shift by region, their check-ins) and summarised in memory.
 */
import { currentShift, LATE_AFTER_MINUTES, summariseCoverage, type BoardAssignment, type BoardData } from '~/domain/coverage.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import { db } from '../platform/db.server.ts'
import { listRegions } from '../recruitment/regions.server.ts'

export interface BoardRequest {
  campaignSlug?: string
  shiftId?: string
  /** One region's board; none: every region's line. */
  regionCode?: string
}

const LATE_LIST = 50

/** Campaigns with shifts, the one whose election day is nearest first: what the board offers. */
async function boardCampaigns(now: Date) {
  const rows = await db.campaign.findMany({ where: { shifts: { some: {} } }, select: { id: true, slug: true, nameRu: true, nameKk: true, nameEn: true, electionDay: true } })
  return rows.sort((a, b) => Math.abs(a.electionDay.getTime() - now.getTime()) - Math.abs(b.electionDay.getTime() - now.getTime()))
}

/**
 * The board as wall screens read it: each answer (per scope, choice and language) is worked out at
 * most once every BOARD_FRESH_MS in this process and shared by every screen asking meanwhile; an
 * older one is served while the next is worked out (for up to BOARD_STALE_MS), so a screen never
 * waits behind the country-wide summary. Screens poll every 15 s: the figures are at most a few
 * seconds older than the poll, and say when they were made (`generatedAt`).
 */
export const BOARD_FRESH_MS = 5_000
const BOARD_STALE_MS = 60_000
const BOARD_CACHE_ENTRIES = 500
const boards = new Map<string, { at: number; value: Promise<BoardData>; next?: Promise<BoardData> }>()

export function coverageBoard(scope: Scope, request: BoardRequest, locale: Locale, now?: Date): Promise<BoardData> {
  // A given moment (tests, replays) is worked out as asked.
  if (now) return computeBoard(scope, request, locale, now)
  const key = JSON.stringify([scope.kind === 'ngo' ? scope.ngoId : '', request.campaignSlug ?? '', request.shiftId ?? '', request.regionCode ?? '', locale])
  const at = Date.now()
  const entry = boards.get(key)
  if (entry && at - entry.at < BOARD_FRESH_MS) return entry.value
  if (entry && at - entry.at < BOARD_STALE_MS) {
    if (!entry.next) {
      const next = computeBoard(scope, request, locale, new Date())
      entry.next = next
      next.then(
        () => boards.set(key, { at: Date.now(), value: next }),
        () => (entry.next = undefined),
      )
    }
    return entry.value
  }
  if (boards.size >= BOARD_CACHE_ENTRIES) boards.clear()
  const value = computeBoard(scope, request, locale, new Date())
  boards.set(key, { at, value })
  value.catch(() => boards.delete(key))
  return value
}

async function computeBoard(scope: Scope, request: BoardRequest, locale: Locale, now: Date): Promise<BoardData> {
  const [campaigns, regions] = await Promise.all([boardCampaigns(now), listRegions()])
  const campaign = campaigns.find((c) => c.slug === request.campaignSlug) ?? campaigns[0]
  const regionCode = regions.some((r) => r.code === request.regionCode) ? (request.regionCode ?? null) : null
  const regionName = (code: string) => {
    const region = regions.find((r) => r.code === code)
    return region ? localizedName(region, locale) : code
  }
  const empty: BoardData = {
    campaign: null,
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale) })),
    shift: null,
    shifts: [],
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
    regionCode,
    ngoOnly: null,
    generatedAt: now.toISOString(),
    lateAfterMinutes: LATE_AFTER_MINUTES,
    totals: { stations: 0, assigned: 0, covered: 0, late: 0 },
    byNgo: [],
    byRegion: [],
    lateList: [],
  }
  if (!campaign) return empty
  const shifts = await db.campaignShift.findMany({ where: { campaignId: campaign.id }, orderBy: [{ sortOrder: 'asc' }, { startsAt: 'asc' }], select: { id: true, nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } })
  const shift = shifts.find((s) => s.id === request.shiftId) ?? currentShift(shifts, now)
  const base = { ...empty, campaign: { slug: campaign.slug, name: localizedName(campaign, locale) }, shifts: shifts.map((s) => ({ id: s.id, name: localizedName(s, locale) })) }
  if (!shift) return base

  const ngoWhere = scope.kind === 'ngo' ? { ngoId: scope.ngoId } : {}
  const [stationCounts, assignments] = await Promise.all([
    db.pollingStation.groupBy({ by: ['regionCode'], where: { campaignId: campaign.id, ...(regionCode ? { regionCode } : {}) }, _count: { _all: true } }),
    db.assignment.findMany({
      where: { campaignId: campaign.id, shiftId: shift.id, ...ngoWhere, ...(regionCode ? { station: { regionCode } } : {}) },
      select: { id: true, ngoId: true, stationId: true, status: true, station: { select: { regionCode: true, number: true } } },
    }),
  ])
  // Check-ins of these assignments, read by the shift's assignments rather than a list of ids (thousands of bound values).
  const checkIns = await db.checkIn.findMany({
    where: { assignment: { campaignId: campaign.id, shiftId: shift.id, ...ngoWhere, ...(regionCode ? { station: { regionCode } } : {}) } },
    select: { assignmentId: true, kind: true, deviceAt: true, serverAt: true },
  })
  const tapsOf = new Map<string, Array<{ kind: string; deviceAt: Date | null; serverAt: Date }>>()
  for (const c of checkIns) {
    const list = tapsOf.get(c.assignmentId)
    if (list) list.push(c)
    else tapsOf.set(c.assignmentId, [c])
  }
  const boardRows: BoardAssignment[] = assignments.map((a) => ({ ngoId: a.ngoId, stationId: a.stationId, regionCode: a.station.regionCode, status: a.status, taps: tapsOf.get(a.id) ?? [] }))
  const summary = summariseCoverage(boardRows, shift.startsAt, now)
  const ngoIds = [...summary.byNgo.keys()]
  const ngos = ngoIds.length ? await db.ngo.findMany({ where: { id: { in: ngoIds } }, select: { id: true, name: true } }) : []
  const ngoName = new Map(ngos.map((n) => [n.id, n.name]))
  const stationsIn = new Map(stationCounts.map((s) => [s.regionCode, s._count._all]))

  const lateList: BoardData['lateList'] = []
  if (regionCode) {
    boardRows.forEach((row, i) => {
      const a = assignments[i]
      if (a && lateList.length < LATE_LIST && row.status !== 'declined' && now.getTime() >= shift.startsAt.getTime() + LATE_AFTER_MINUTES * 60_000 && !row.taps.some((t) => t.kind === 'arrived')) {
        lateList.push({ station: a.station.number, ngo: ngoName.get(a.ngoId) ?? '', regionCode: a.station.regionCode })
      }
    })
    lateList.sort((a, b) => a.station.localeCompare(b.station, 'ru', { numeric: true }))
  }

  return {
    ...base,
    shift: { id: shift.id, name: localizedName(shift, locale), startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString() },
    ngoOnly: scope.kind === 'ngo' ? (ngoName.get(scope.ngoId) ?? (await db.ngo.findUnique({ where: { id: scope.ngoId }, select: { name: true } }))?.name ?? null) : null,
    totals: { stations: [...stationsIn.values()].reduce((a, b) => a + b, 0), assigned: summary.assigned, covered: summary.covered, late: summary.late },
    byNgo: [...summary.byNgo.entries()]
      .map(([key, counts]) => ({ key, name: ngoName.get(key) ?? key, stations: counts.assigned, ...counts }))
      .sort((a, b) => b.assigned - a.assigned || a.name.localeCompare(b.name)),
    byRegion: regionCode
      ? []
      : regions
          .map((r) => ({ key: r.code, name: regionName(r.code), stations: stationsIn.get(r.code) ?? 0, ...(summary.byRegion.get(r.code) ?? { assigned: 0, covered: 0, late: 0 }) }))
          .filter((r) => r.stations > 0 || r.assigned > 0),
    lateList,
  }
}

/** The board's choices from a query string (`campaign`, `shift`, `region`); unknown values fall back to the defaults. */
export function boardRequest(params: URLSearchParams): BoardRequest {
  const value = (name: string) => {
    const v = params.get(name)
    return v && /^[A-Za-z0-9_-]{1,60}$/.test(v) ? v : undefined
  }
  return { campaignSlug: value('campaign'), shiftId: value('shift'), regionCode: value('region') }
}
