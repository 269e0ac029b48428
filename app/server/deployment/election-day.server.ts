/**
 * The lead's election-day page: their NGO's assignments of a campaign (station, shift, observer,
 * whether present now), a page at a time, with the campaigns and regions that have any, for the
 * letter downloads and for recording a check-in on an observer's behalf.
 */
import { presentAt } from '~/domain/checkins.ts'
import { pageCount } from '~/domain/paging.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { db } from '../platform/db.server.ts'

export const ELECTION_DAY_PAGE_SIZE = 50

/** Campaigns in which the NGO has assignments, newest election first. */
export function campaignsWithAssignments(scope: NgoScope) {
  return db.campaign.findMany({
    where: { assignments: { some: { ngoId: scope.ngoId } } },
    orderBy: { electionDay: 'desc' },
    select: { id: true, slug: true, nameRu: true, nameKk: true, nameEn: true, electionDay: true },
  })
}

export async function ngoAssignments(scope: NgoScope, campaignId: string, filters: { regionCode?: string; page: number }, now = new Date()) {
  const where = { ngoId: scope.ngoId, campaignId, ...(filters.regionCode ? { station: { regionCode: filters.regionCode } } : {}) }
  const [total, rows, regions] = await Promise.all([
    db.assignment.count({ where }),
    db.assignment.findMany({
      where,
      orderBy: [{ station: { regionCode: 'asc' } }, { station: { number: 'asc' } }, { shift: { startsAt: 'asc' } }, { id: 'asc' }],
      skip: (filters.page - 1) * ELECTION_DAY_PAGE_SIZE,
      take: ELECTION_DAY_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        idDocumentNumber: true,
        application: { select: { fullName: true } },
        station: { select: { regionCode: true, number: true, address: true } },
        shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } },
        checkIns: { select: { kind: true, deviceAt: true, serverAt: true } },
      },
    }),
    db.pollingStation.findMany({ where: { campaignId, assignments: { some: { ngoId: scope.ngoId } } }, distinct: ['regionCode'], select: { regionCode: true }, orderBy: { regionCode: 'asc' } }),
  ])
  return {
    total,
    pageCount: pageCount(total, ELECTION_DAY_PAGE_SIZE),
    regionCodes: regions.map((r) => r.regionCode),
    rows: rows.map(({ checkIns, ...row }) => ({ ...row, hasDocument: Boolean(row.idDocumentNumber), present: presentAt(checkIns, now), arrived: checkIns.some((c) => c.kind === 'arrived') })),
  }
}
