/**
 * Assignments: a lead places their NGO's certified observers at polling stations for shifts, one by
 * one or from a suggestion; the observer confirms or declines. The rules live in
 * app/domain/assignments.ts; here they are applied to what the database holds, inside the
 * transaction that writes, with the audit record and the observer's notification:
 * - one observer of an organisation per station at a time (same or overlapping shifts),
 * - one observer in one place at a time (overlapping shifts),
 * - only certified observers of the lead's own NGO (the one certification rule, certifiedSql).
 * SQLite transactions hold the write lock from their start (serialisedSqlite) and PostgreSQL's unique keys hold the same-shift case,
 * so two leads assigning at once cannot both pass the overlap check unseen on SQLite; on PostgreSQL
 * overlapping (not identical) shifts race only between two requests of the same NGO in the same instant.
 * Every function takes an NgoScope (the lead's NGO) or the observer's own user id.
 */
import { assignmentConflict, compareStationNumbers, outsideHomeRegion, suggestAssignments, type AssignmentConflict, type AssignmentStatus, type Placement, type Suggestion } from '~/domain/assignments.ts'
import { pageCount } from '~/domain/paging.ts'
import { acceptedStates } from '~/domain/pipeline.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { certificationCampaign, certificationCampaignIn, certificationCampaignSelect, certifiedSql } from '../exams/certification.server.ts'
import { notify } from '../jobs/notifications.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, isUniqueViolation, lockRow, plainRead, Prisma, type Tx } from '../platform/db.server.ts'
import { listShifts, type Shift } from './shifts.server.ts'

export const ASSIGNMENT_PAGE_SIZE = 50

const placementSelect = { id: true, applicationId: true, ngoId: true, stationId: true, shiftId: true } as const

export type AssignRefusal =
  | { error: 'observerNotFound' | 'notCertified' | 'stationNotFound' | 'shiftNotFound' | 'assignmentNotFound' }
  | { error: 'ngoAtStation'; station: string; other: string; shift: string }
  | { error: 'observerBusy'; station: string; shift: string }
  /** The station is outside the observer's home region and the lead did not confirm it (`outsideHomeRegion`). */
  | { error: 'otherRegion'; observer: string; home: string; region: string; station: string }

export type AssignResult = { ok: true; id: string } | ({ ok: false } & AssignRefusal)

async function certifiedApplication(tx: Tx, scope: NgoScope, campaignId: string, applicationId: string) {
  const application = await tx.application.findFirst({
    where: { id: applicationId, campaignId, ngoId: scope.ngoId, anonymisedAt: null, state: { in: [...acceptedStates] } },
    select: { id: true, userId: true, fullName: true, regionCode: true },
  })
  if (!application) return { error: 'observerNotFound' as const }
  const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: certificationCampaignSelect })
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT a."id" FROM "Application" a WHERE a."id" = ${application.id} AND ${certifiedSql(certificationCampaign(campaign), 'a')}`
  return rows.length > 0 ? application : { error: 'notCertified' as const }
}

/** A conflict as the refusal the lead reads: which station, which shift, which colleague. */
async function explain(tx: Tx, conflict: AssignmentConflict, shifts: readonly Shift[], stationNumber: string): Promise<AssignRefusal> {
  const shiftOf = (id: string) => shifts.find((s) => s.id === id)
  const shiftLabel = (id: string) => shiftOf(id)?.id ?? ''
  if (conflict.kind === 'observerBusy') {
    const station = await tx.pollingStation.findUnique({ where: { id: conflict.stationId }, select: { number: true } })
    return { error: 'observerBusy', station: station?.number ?? '', shift: shiftLabel(conflict.shiftId) }
  }
  const other = await tx.application.findUnique({ where: { id: conflict.applicationId }, select: { fullName: true } })
  return { error: 'ngoAtStation', station: stationNumber, other: other?.fullName ?? '', shift: shiftLabel(conflict.shiftId) }
}

/** The assignments the rules weigh a placement of this NGO's observer against: the NGO's own (its observers are its own). */
async function ngoPlacements(tx: Tx, campaignId: string, ngoId: string, applicationId: string): Promise<Placement[]> {
  return tx.assignment.findMany({ where: { campaignId, OR: [{ ngoId }, { applicationId }] }, select: placementSelect })
}

interface AssignInput {
  applicationId: string
  stationId: string
  shiftId: string
  idDocumentNumber?: string | undefined
  /** The lead confirmed a station outside the observer's home region. */
  otherRegion?: boolean | undefined
}

/**
 * Checks and writes one placement inside `tx`. Both rules weigh only the NGO's own placements, so the
 * NGO's row is locked first: on PostgreSQL two placements sent at once in overlapping shifts had both
 * read the placements before either wrote (one observer at two stations, two of the NGO's at one); on
 * SQLite the caller's transaction holds the write lock already. One lock per NGO: a bulk confirmation
 * takes it once and cannot deadlock with a single placement.
 */
async function placeWithin(tx: Tx, scope: NgoScope, campaignId: string, input: AssignInput & { id?: string }, shifts: Shift[], ip: string, details: Record<string, unknown> = {}): Promise<AssignResult> {
  await lockRow(tx, 'Ngo', scope.ngoId)
  const application = await certifiedApplication(tx, scope, campaignId, input.applicationId)
  if ('error' in application) return { ok: false, error: application.error }
  const station = await tx.pollingStation.findFirst({ where: { id: input.stationId, campaignId }, select: { id: true, number: true, regionCode: true } })
  if (!station) return { ok: false, error: 'stationNotFound' }
  if (!shifts.some((s) => s.id === input.shiftId)) return { ok: false, error: 'shiftNotFound' }
  const existing = await ngoPlacements(tx, campaignId, scope.ngoId, application.id)
  const windows = new Map(shifts.map((s) => [s.id, s]))
  const candidate: Placement = { applicationId: application.id, ngoId: scope.ngoId, stationId: station.id, shiftId: input.shiftId, ...(input.id ? { id: input.id } : {}) }
  const conflict = assignmentConflict(candidate, existing, windows)
  if (conflict) return { ok: false, ...(await explain(tx, conflict, shifts, station.number)) }
  if (outsideHomeRegion(application, station) && !input.otherRegion) {
    return { ok: false, error: 'otherRegion', observer: application.fullName, home: application.regionCode, region: station.regionCode, station: station.number }
  }
  const params = { campaignId, ngoId: scope.ngoId, station: station.number }
  if (input.id) {
    await tx.assignment.update({ where: { id: input.id }, data: { stationId: station.id, shiftId: input.shiftId, status: 'assigned', declineReason: null, respondedAt: null, assignedById: scope.actorId, letterCode: null } })
    await recordAudit({ actorId: scope.actorId, action: 'assignment.moved', targetType: 'assignment', targetId: input.id, ngoId: scope.ngoId, ip, details: { campaignId, applicationId: application.id, stationId: station.id, shiftId: input.shiftId, ...details } }, tx)
    await notify(application.userId, 'assignment.changed', params, tx)
    return { ok: true, id: input.id }
  }
  const created = await tx.assignment.create({
    data: { campaignId, ngoId: scope.ngoId, applicationId: application.id, stationId: station.id, shiftId: input.shiftId, idDocumentNumber: input.idDocumentNumber ?? null, assignedById: scope.actorId },
    select: { id: true },
  })
  await recordAudit({ actorId: scope.actorId, action: 'assignment.created', targetType: 'assignment', targetId: created.id, ngoId: scope.ngoId, ip, details: { campaignId, applicationId: application.id, stationId: station.id, regionCode: station.regionCode, shiftId: input.shiftId, ...details } }, tx)
  await notify(application.userId, 'assignment.assigned', params, tx)
  return { ok: true, id: created.id }
}

/** Two requests placing the same pair at once: the unique keys refuse the second; it reads as the rule it broke. */
async function refusedByKeys<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) return fallback
    throw error
  }
}

/** Assigns one of the NGO's certified observers to a station for a shift, or says which rule refuses it. */
export async function assignObserver(scope: NgoScope, campaignId: string, input: AssignInput, ip: string): Promise<AssignResult> {
  return refusedByKeys(
    () =>
      db.$transaction(async (tx) => {
        return placeWithin(tx, scope, campaignId, input, await listShifts(campaignId, tx), ip)
      }),
    { ok: false, error: 'ngoAtStation', station: '', other: '', shift: input.shiftId },
  )
}

/** Moves an assignment of the NGO to another station or shift (the observer is asked to confirm again). */
export async function moveAssignment(scope: NgoScope, campaignId: string, input: { assignmentId: string; stationId: string; shiftId: string; otherRegion?: boolean | undefined }, ip: string): Promise<AssignResult> {
  return refusedByKeys(
    () =>
      db.$transaction(async (tx) => {
        const current = await tx.assignment.findFirst({ where: { id: input.assignmentId, campaignId, ngoId: scope.ngoId }, select: { id: true, applicationId: true } })
        if (!current) return { ok: false, error: 'assignmentNotFound' } as const
        return placeWithin(tx, scope, campaignId, { id: current.id, applicationId: current.applicationId, stationId: input.stationId, shiftId: input.shiftId, otherRegion: input.otherRegion }, await listShifts(campaignId, tx), ip)
      }),
    { ok: false, error: 'ngoAtStation', station: '', other: '', shift: input.shiftId },
  )
}

/** Removes an assignment of the NGO: the row goes, its audit record (with what it was) stays; the observer is told. */
export async function removeAssignment(scope: NgoScope, campaignId: string, assignmentId: string, ip: string): Promise<{ ok: boolean }> {
  return db.$transaction(async (tx) => {
    const row = await tx.assignment.findFirst({
      where: { id: assignmentId, campaignId, ngoId: scope.ngoId },
      select: { ...placementSelect, status: true, application: { select: { userId: true } }, station: { select: { number: true, regionCode: true } } },
    })
    if (!row) return { ok: false }
    await tx.assignment.delete({ where: { id: row.id } })
    await recordAudit({ actorId: scope.actorId, action: 'assignment.removed', targetType: 'assignment', targetId: row.id, ngoId: scope.ngoId, ip, details: { campaignId, applicationId: row.applicationId, stationId: row.stationId, regionCode: row.station.regionCode, shiftId: row.shiftId, status: row.status } }, tx)
    await notify(row.application.userId, 'assignment.removed', { campaignId, ngoId: scope.ngoId, station: row.station.number }, tx)
    return { ok: true }
  })
}

// ---------------------------------------------------------------------------------------------
// The lead's lists

export interface AssignmentFilters {
  regionCode?: string | undefined
  district?: string | undefined
  shiftId?: string | undefined
  status?: AssignmentStatus | undefined
  page: number
}

/** One page of the NGO's assignments in a campaign, by shift, region, station number. */
export async function listAssignments(scope: NgoScope, campaignId: string, filters: AssignmentFilters) {
  const where = {
    campaignId,
    ngoId: scope.ngoId,
    ...(filters.shiftId ? { shiftId: filters.shiftId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.regionCode || filters.district ? { station: { ...(filters.regionCode ? { regionCode: filters.regionCode } : {}), ...(filters.district ? { district: filters.district } : {}) } } : {}),
  }
  const [total, rows] = await Promise.all([
    db.assignment.count({ where }),
    db.assignment.findMany({
      where,
      orderBy: [{ shift: { startsAt: 'asc' } }, { station: { regionCode: 'asc' } }, { station: { number: 'asc' } }, { id: 'asc' }],
      skip: (filters.page - 1) * ASSIGNMENT_PAGE_SIZE,
      take: ASSIGNMENT_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        declineReason: true,
        respondedAt: true,
        idDocumentNumber: true,
        shiftId: true,
        application: { select: { id: true, fullName: true, phone: true } },
        station: { select: { id: true, number: true, regionCode: true, district: true, address: true } },
      },
    }),
  ])
  return { total, rows, page: filters.page, pageCount: pageCount(total, ASSIGNMENT_PAGE_SIZE) }
}

/** Counts of the NGO's assignments by status, for the list's summary. */
export async function assignmentStatusCounts(scope: NgoScope, campaignId: string): Promise<Record<AssignmentStatus, number>> {
  const rows = await db.assignment.groupBy({ by: ['status'], where: { campaignId, ngoId: scope.ngoId }, _count: { _all: true } })
  const counts: Record<AssignmentStatus, number> = { assigned: 0, confirmed: 0, declined: 0 }
  for (const row of rows) if (row.status in counts) counts[row.status as AssignmentStatus] = row._count._all
  return counts
}

export interface CertifiedObserver {
  id: string
  fullName: string
  regionCode: string
  settlement: string
  pollingStation: string | null
  /** The IIN's last four digits, what the letters print too: tells namesakes apart; the whole IIN never leaves the query. */
  iinTail: string
  assignments: number
}

/** The NGO's certified observers in the campaign (optionally of one region), with how many assignments each has. */
export async function certifiedObservers(scope: NgoScope, campaignId: string, regionCode?: string): Promise<CertifiedObserver[]> {
  const campaign = await certificationCampaignIn(db, campaignId)
  if (!campaign) return []
  const rows = await db.$queryRaw<Array<Omit<CertifiedObserver, 'assignments'> & { assignments: bigint | number }>>`
    SELECT a."id", a."fullName", a."regionCode", a."settlement", a."pollingStation", SUBSTR(a."iin", LENGTH(a."iin") - 3) AS "iinTail",
      (SELECT COUNT(*) FROM "Assignment" s WHERE s."applicationId" = a."id") AS "assignments"
    FROM "Application" a
    WHERE a."campaignId" = ${campaignId} AND a."ngoId" = ${scope.ngoId} AND a."anonymisedAt" IS NULL
      AND a."state" IN (${Prisma.join(acceptedStates)})
      ${regionCode ? Prisma.sql`AND a."regionCode" = ${regionCode}` : Prisma.empty}
      AND ${certifiedSql(campaign, 'a')}
    ORDER BY a."fullName", a."id"`
  return rows.map((r) => ({ ...r, assignments: Number(r.assignments) }))
}

// ---------------------------------------------------------------------------------------------
// The bulk suggestion

export interface SuggestionRow extends Suggestion {
  fullName: string
  stationNumber: string
  district: string
  address: string
  regionCode: string
}

/**
 * Proposes stations in `shiftId` for the NGO's certified observers who are free then (optionally of
 * one region, and only stations of one district of it): their home region, their district first, the
 * least covered stations first. Nothing is written; the lead reviews and confirms
 * (confirmSuggestions checks every pair again). Null for a shift the campaign does not have.
 */
export async function suggestForShift(scope: NgoScope, campaignId: string, shiftId: string, regionCode?: string, district?: string): Promise<SuggestionRow[] | null> {
  return (await firstSuggestion(scope, campaignId, [shiftId], regionCode, district))?.rows ?? null
}

/**
 * The suggestion (as suggestForShift's) of the first of `shiftIds`, in their order, that has something
 * to propose, else the first one's empty one: the suggest page without a chosen shift tries the
 * campaign's shifts in time order. What does not depend on the shift (the observers, the stations, the
 * NGO's placements) is read once; only each shift's coverage is read per shift. Null when none of the
 * ids is a shift of the campaign.
 */
export async function firstSuggestion(scope: NgoScope, campaignId: string, shiftIds: readonly string[], regionCode?: string, district?: string): Promise<{ shiftId: string; rows: SuggestionRow[] } | null> {
  const shifts = await listShifts(campaignId)
  const asked = shiftIds.flatMap((id) => shifts.filter((s) => s.id === id))
  const first = asked[0]
  if (!first) return null
  const observers = await certifiedObservers(scope, campaignId, regionCode)
  if (observers.length === 0) return { shiftId: first.id, rows: [] }
  const regions = [...new Set(observers.map((o) => o.regionCode))]
  const [stations, existing] = await Promise.all([
    db.pollingStation.findMany({ where: { campaignId, regionCode: { in: regions }, ...(district ? { district } : {}) }, select: { id: true, regionCode: true, number: true, district: true, address: true } }),
    db.assignment.findMany({ where: { campaignId, ngoId: scope.ngoId }, select: placementSelect }),
  ])
  const candidates = observers.map((o) => ({ applicationId: o.id, regionCode: o.regionCode, settlement: o.settlement, pollingStation: o.pollingStation }))
  const shiftById = new Map(shifts.map((s) => [s.id, s]))
  const stationById = new Map(stations.map((s) => [s.id, s]))
  const nameById = new Map(observers.map((o) => [o.id, o.fullName]))
  for (const shift of asked) {
    const overlapping = shifts.filter((s) => s.startsAt < shift.endsAt && shift.startsAt < s.endsAt).map((s) => s.id)
    const coverage = await db.assignment.groupBy({ by: ['stationId'], where: { campaignId, shiftId: { in: overlapping }, station: { regionCode: { in: regions } } }, _count: { _all: true } })
    const covered = new Map(coverage.map((c) => [c.stationId, c._count._all]))
    const suggestions = suggestAssignments({
      ngoId: scope.ngoId,
      shiftId: shift.id,
      observers: candidates,
      stations: stations.map((s) => ({ ...s, covered: covered.get(s.id) ?? 0 })),
      existing,
      shifts: shiftById,
    })
    const rows = suggestions.flatMap((s) => {
      const station = stationById.get(s.stationId)
      return station ? [{ ...s, fullName: nameById.get(s.applicationId) ?? '', stationNumber: station.number, district: station.district, address: station.address, regionCode: station.regionCode }] : []
    })
    if (rows.length > 0) return { shiftId: shift.id, rows }
  }
  return { shiftId: first.id, rows: [] }
}

export interface BulkResult {
  created: number
  refused: Array<{ applicationId: string; stationId: string; refusal: AssignRefusal }>
}

/**
 * Writes the pairs the lead confirmed, in one transaction: each is checked as a single assignment is
 * (the data may have changed since the suggestion); the refused ones are reported, the rest written.
 */
export async function confirmSuggestions(scope: NgoScope, campaignId: string, shiftId: string, pairs: ReadonlyArray<{ applicationId: string; stationId: string }>, ip: string): Promise<BulkResult> {
  return db.$transaction(async (tx) => {
    const shifts = await listShifts(campaignId, tx)
    const result: BulkResult = { created: 0, refused: [] }
    for (const pair of pairs) {
      const placed = await placeWithin(tx, scope, campaignId, { ...pair, shiftId }, shifts, ip, { bulk: true })
      if (placed.ok) result.created++
      else {
        const { ok: _ok, ...refusal } = placed
        result.refused.push({ ...pair, refusal })
      }
    }
    return result
  }, { timeout: 60_000 })
}

// ---------------------------------------------------------------------------------------------
// The observer's own

/** The person's assignments (every campaign), soonest shift first, with what "My assignment" shows. */
export async function myAssignments(userId: string) {
  const rows = await db.assignment.findMany({
    where: { application: { userId, anonymisedAt: null } },
    orderBy: [{ shift: { startsAt: 'asc' } }, { id: 'asc' }],
    select: {
      id: true,
      status: true,
      declineReason: true,
      respondedAt: true,
      station: { select: { number: true, regionCode: true, district: true, address: true, latitude: true, longitude: true } },
      shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } },
      campaign: { select: { nameRu: true, nameKk: true, nameEn: true, electionDay: true } },
      ngo: { select: { name: true, contactEmail: true, contactPhone: true } },
      assignedById: true,
    },
    take: 20,
  })
  const leadIds = [...new Set(rows.map((r) => r.assignedById).filter((id): id is string => !!id))]
  const leads = new Map((await db.user.findMany({ where: { id: { in: leadIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]))
  return rows.map(({ assignedById, ngo, ...row }) => {
    const lead = assignedById ? leads.get(assignedById) : undefined
    // The NGO's published contact when it has one; else the lead who made the assignment.
    const coordinator = ngo.contactEmail || ngo.contactPhone ? { name: ngo.name, email: ngo.contactEmail ?? '', phone: ngo.contactPhone ?? '' } : { name: lead?.name ?? ngo.name, email: lead?.email ?? '', phone: '' }
    return { ...row, ngoName: ngo.name, coordinator }
  })
}

export type RespondResult = { ok: true } | { ok: false; error: 'notFound' }

/** The observer confirms or declines (with a reason) one of their own assignments; the lead sees it. */
export async function respondToAssignment(userId: string, input: { assignmentId: string; response: 'confirmed' | 'declined'; reason?: string }, ip: string, now = new Date()): Promise<RespondResult> {
  return db.$transaction(async (tx) => {
    const row = await tx.assignment.findFirst({ where: { id: input.assignmentId, application: { userId, anonymisedAt: null } }, select: { id: true, ngoId: true, campaignId: true, status: true } })
    if (!row) return { ok: false, error: 'notFound' }
    const declineReason = input.response === 'declined' ? (input.reason ?? '') : null
    await tx.assignment.update({ where: { id: row.id }, data: { status: input.response, declineReason, respondedAt: now } })
    await recordAudit({ actorId: userId, action: `assignment.${input.response}`, targetType: 'assignment', targetId: row.id, ngoId: row.ngoId, ip, details: { campaignId: row.campaignId, from: row.status, ...(declineReason ? { reason: declineReason } : {}) } }, tx)
    return { ok: true }
  })
}

// ---------------------------------------------------------------------------------------------
// The coalition's view

export type CoverageKind = 'all' | 'none' | 'several' | 'one'

export interface CoverageFilters {
  regionCode?: string | undefined
  district?: string | undefined
  shiftId: string
  kind: CoverageKind
  page: number
}

/**
 * Stations by how many organisations cover them in one shift (none, one, several), for the
 * coalition: per-region totals and one page of stations with the NGOs at each. Reads every station of
 * the filtered regions (ids and numbers only) and one grouped count of the shift's assignments.
 */
export async function coverage(campaignId: string, filters: CoverageFilters) {
  const stationWhere = { campaignId, ...(filters.regionCode ? { regionCode: filters.regionCode } : {}), ...(filters.district ? { district: filters.district } : {}) }
  const [stations, placed] = await Promise.all([
    db.pollingStation.findMany({ where: stationWhere, select: { id: true, regionCode: true, number: true, district: true, address: true } }),
    db.assignment.findMany({ where: { campaignId, shiftId: filters.shiftId, station: stationWhere }, select: { stationId: true, ngo: { select: { name: true } } } }),
  ])
  const ngosAt = new Map<string, string[]>()
  for (const row of placed) ngosAt.set(row.stationId, [...(ngosAt.get(row.stationId) ?? []), row.ngo.name])
  const regions = new Map<string, { stations: number; none: number; one: number; several: number }>()
  const rows = stations.map((s) => ({ ...s, ngos: (ngosAt.get(s.id) ?? []).sort() }))
  for (const row of rows) {
    const totals = regions.get(row.regionCode) ?? { stations: 0, none: 0, one: 0, several: 0 }
    totals.stations++
    totals[row.ngos.length === 0 ? 'none' : row.ngos.length === 1 ? 'one' : 'several']++
    regions.set(row.regionCode, totals)
  }
  const shown = rows
    .filter((r) => filters.kind === 'all' || (filters.kind === 'none' ? r.ngos.length === 0 : filters.kind === 'one' ? r.ngos.length === 1 : r.ngos.length > 1))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.district.localeCompare(b.district) || compareStationNumbers(a.number, b.number))
  const start = (filters.page - 1) * ASSIGNMENT_PAGE_SIZE
  return {
    regions: [...regions.entries()].map(([regionCode, totals]) => ({ regionCode, ...totals })).sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
    total: shown.length,
    rows: shown.slice(start, start + ASSIGNMENT_PAGE_SIZE),
    all: shown,
    page: filters.page,
    pageCount: pageCount(shown.length, ASSIGNMENT_PAGE_SIZE),
  }
}

/** One assignment of the NGO (for the move form); null for another NGO's or an unknown one. */
export async function findAssignment(scope: NgoScope, campaignId: string, assignmentId: string) {
  return db.assignment.findFirst({
    where: { id: assignmentId, campaignId, ngoId: scope.ngoId },
    select: { id: true, shiftId: true, application: { select: { id: true, fullName: true, regionCode: true } }, station: { select: { id: true, regionCode: true, district: true, number: true } } },
  })
}

/** Whether the person has any assignment (the header then links "My assignment"). */
export async function hasAssignment(userId: string): Promise<boolean> {
  // In every logged-in page's header: one plain statement (Prisma's query builder costs about 0.1 ms more a page).
  const rows = await plainRead<{ found: number | bigint | boolean }>`
    SELECT 1 AS "found" FROM "Assignment" s JOIN "Application" a ON a."id" = s."applicationId"
    WHERE a."userId" = ${userId} LIMIT 1`
  return rows.length > 0
}
