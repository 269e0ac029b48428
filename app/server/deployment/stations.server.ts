/**
 * A campaign's polling stations as data, keyed by (campaign, region, number): numbers repeat across
 * regions. Read here for the admin's list, the lead's assignment forms and the dashboards' coverage;
 * written by the station import (station-imports.server.ts) and the demo.
 */
import { pageCount } from '~/domain/paging.ts'
import { compareStationNumbers } from '~/domain/assignments.ts'
import { db } from '../platform/db.server.ts'

export const STATION_PAGE_SIZE = 50

export interface StationFilters {
  regionCode?: string | undefined
  district?: string | undefined
  /** A station number, or words of its address. */
  q?: string | undefined
  page: number
}

function stationWhere(campaignId: string, filters: Omit<StationFilters, 'page'>) {
  const q = filters.q?.trim()
  return {
    campaignId,
    ...(filters.regionCode ? { regionCode: filters.regionCode } : {}),
    ...(filters.district ? { district: filters.district } : {}),
    ...(q ? { OR: [{ number: q.replace(/^№\s*/, '') }, { address: { contains: q } }] } : {}),
  }
}

/** One page of the campaign's stations, by region, then number. */
export async function listStations(campaignId: string, filters: StationFilters) {
  const where = stationWhere(campaignId, filters)
  const [total, rows] = await Promise.all([
    db.pollingStation.count({ where }),
    db.pollingStation.findMany({ where, orderBy: [{ regionCode: 'asc' }, { district: 'asc' }, { number: 'asc' }], skip: (filters.page - 1) * STATION_PAGE_SIZE, take: STATION_PAGE_SIZE }),
  ])
  rows.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.district.localeCompare(b.district) || compareStationNumbers(a.number, b.number))
  return { total, rows, page: filters.page, pageCount: pageCount(total, STATION_PAGE_SIZE) }
}

/** The districts of a region (or of the campaign) that have stations, for the filters. */
export async function stationDistricts(campaignId: string, regionCode?: string): Promise<string[]> {
  const rows = await db.pollingStation.findMany({ where: { campaignId, ...(regionCode ? { regionCode } : {}), district: { not: '' } }, distinct: ['district'], select: { district: true }, orderBy: { district: 'asc' } })
  return rows.map((r) => r.district)
}

/** How many stations of the campaign each region has imported; regions without a list are absent. */
export async function stationCountsByRegion(campaignId: string): Promise<Map<string, number>> {
  const rows = await db.pollingStation.groupBy({ by: ['regionCode'], where: { campaignId }, _count: { _all: true } })
  return new Map(rows.map((r) => [r.regionCode, r._count._all]))
}

/**
 * The stations of a region for a choice list (the assignment form): number, district, address;
 * optionally of one district, or found by number or words of the address (`q`, as the admin's list).
 */
export async function stationChoices(campaignId: string, regionCode: string, district?: string, q?: string) {
  const rows = await db.pollingStation.findMany({ where: stationWhere(campaignId, { regionCode, district, q }), take: 2000, select: { id: true, number: true, district: true, address: true, regionCode: true } })
  return rows.sort((a, b) => compareStationNumbers(a.number, b.number))
}

export async function findStation(campaignId: string, stationId: string) {
  return db.pollingStation.findFirst({ where: { id: stationId, campaignId } })
}
