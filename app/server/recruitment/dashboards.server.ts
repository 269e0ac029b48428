/**
 * The dashboards' numbers, all from SQL aggregates (GROUP BY / COUNT). An NGO's dashboard takes the
 * scope made by `requireNgoLead` and filters by its NGO here; the coalition's scope covers every NGO
 * and only admins get one (`requireAdminScope`).
 */
import { countsByRegion, coverage, cumulativeFunnel, emptyStateCounts, examSummary, stateCountsBy, trainingProgress, weeklyArrivals, type ExamCounts } from '~/domain/dashboard.ts'
import { kzParts } from '~/domain/assignments.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import { acceptedStates, type ApplicationState } from '~/domain/pipeline.ts'
import { stationCountsByRegion } from '../deployment/stations.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { databaseProvider, db, plainRead, Prisma } from '../platform/db.server.ts'
import { findRosterCampaignById, waitingForLiveSessions } from '../rosters/rosters.server.ts'
import { ngoOfScopeSql } from './scope-sql.server.ts'

interface StateGroup {
  ngoId: string
  regionCode: string
  state: ApplicationState
  count: number
  /** Of them, how many opened a lesson (training progress above 0) and how many are half-way (50% or more). */
  opened: number
  halfway: number
}

/**
 * The scope's applications to a campaign counted per NGO, region and state (one NGO's: one NGO), with their training progress
 * in the same pass: one walk of the list-counts index instead of a GROUP BY and four counts over the
 * same applications (the training figures), each its own walk: 50,000 applications of an NGO took the
 * dashboard 150–165 ms, five times 20–35 ms. The coalition's names every NGO (ngoOfScopeSql), so SQLite
 * seeks that index, which starts with the NGO, instead of reading the table.
 */
export function stateGroupsSql(scope: Scope, campaignId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "ngoId", "regionCode", "state", COUNT(*) AS "count",
           SUM(CASE WHEN "trainingPercent" > 0 THEN 1 ELSE 0 END) AS "opened",
           SUM(CASE WHEN "trainingPercent" >= 50 THEN 1 ELSE 0 END) AS "halfway"
    FROM "Application" WHERE ${ngoOfScopeSql(scope, Prisma.sql`"ngoId"`)} AND "campaignId" = ${campaignId}
    GROUP BY "ngoId", "regionCode", "state"`
}

async function stateGroups(scope: Scope, campaignId: string): Promise<StateGroup[]> {
  const rows = await plainRead<{ ngoId: string; regionCode: string; state: ApplicationState; count: unknown; opened: unknown; halfway: unknown }>`${stateGroupsSql(scope, campaignId)}`
  return rows.map((r) => ({ ngoId: r.ngoId, regionCode: r.regionCode, state: r.state, count: Number(r.count), opened: Number(r.opened), halfway: Number(r.halfway) }))
}

/**
 * The training figures from the state groups: reached accepted; opened a lesson (in training and
 * certified count as opened: opening one is what moves an accepted recruit on); half-way (certified,
 * or accepted or in training at 50% or more); certified.
 */
function trainingCounts(groups: readonly StateGroup[]) {
  const sum = (pick: (g: StateGroup) => number) => groups.reduce((total, g) => total + pick(g), 0)
  return {
    accepted: sum((g) => (acceptedStates.includes(g.state) ? g.count : 0)),
    opened: sum((g) => (g.state === 'in_training' || g.state === 'certified' ? g.count : g.state === 'accepted' ? g.opened : 0)),
    halfway: sum((g) => (g.state === 'certified' ? g.count : g.state === 'accepted' || g.state === 'in_training' ? g.halfway : 0)),
    passed: sum((g) => (g.state === 'certified' ? g.count : 0)),
  }
}

/**
 * The scope's applicants' submitted attempts at the campaign's required courses, made since they applied:
 * attempts from before (a pass of an earlier election, taken while with another NGO, say) are no part of
 * this campaign's training, and counting them showed an NGO figures of another NGO's time. One statement:
 * a person has one application per campaign, so the join counts each attempt once, for the coalition too.
 */
async function examCounts(scope: Scope, campaignId: string, requiredCourses: readonly string[]): Promise<ExamCounts> {
  if (requiredCourses.length === 0) return { attempts: 0, passedAttempts: 0, people: 0, peoplePassed: 0 }
  const passed = Prisma.sql`(e."overridePassed" = true OR (e."overridePassed" IS NULL AND e."passed" = true))`
  const [row] = await plainRead<Record<keyof ExamCounts, unknown>>`
    SELECT COUNT(*) AS "attempts",
           SUM(CASE WHEN ${passed} THEN 1 ELSE 0 END) AS "passedAttempts",
           COUNT(DISTINCT e."userId") AS "people",
           COUNT(DISTINCT CASE WHEN ${passed} THEN e."userId" END) AS "peoplePassed"
    FROM "Application" a JOIN "ExamAttempt" e ON e."userId" = a."userId"
    WHERE ${ngoOfScopeSql(scope, Prisma.sql`a."ngoId"`)} AND a."campaignId" = ${campaignId}
      AND e."status" = 'SUBMITTED' AND e."courseSlug" IN (${Prisma.join(requiredCourses)}) AND e."submittedAt" >= a."createdAt"`
  return { attempts: Number(row?.attempts ?? 0), passedAttempts: Number(row?.passedAttempts ?? 0), people: Number(row?.people ?? 0), peoplePassed: Number(row?.peoplePassed ?? 0) }
}

/** Day (`YYYY-MM-DD` in Kazakhstan time, UTC+5) an application was made, as each database writes it. */
function arrivalDaySql(): Prisma.Sql {
  return databaseProvider() === 'sqlite' ? Prisma.sql`date("createdAt", '+5 hours')` : Prisma.sql`to_char("createdAt" + interval '5 hours', 'YYYY-MM-DD')`
}

/**
 * The scope's applications to a campaign per day they were made: one walk of the page-order index
 * (NGO, campaign, createdAt), grouped by day in SQL and by week in `weeklyArrivals`.
 */
async function arrivalsByDay(scope: Scope, campaignId: string): Promise<Array<{ day: string; count: number }>> {
  const rows = await plainRead<{ day: string; count: unknown }>`
    SELECT ${arrivalDaySql()} AS "day", COUNT(*) AS "count"
    FROM "Application" WHERE ${ngoOfScopeSql(scope, Prisma.sql`"ngoId"`)} AND "campaignId" = ${campaignId}
    GROUP BY 1`
  return rows.map((r) => ({ day: String(r.day), count: Number(r.count) }))
}

/** Today in Kazakhstan time, or the campaign's deadline day once it has passed: where the weekly arrivals end. */
function arrivalsUntil(deadline: Date | null, now: Date): string {
  return kzParts(deadline && deadline < now ? deadline : now).date
}

/** The coalition's funnel per NGO, from the same state groups (named, biggest first); an NGO's dashboard shows none. */
async function ngoFunnels(scope: Scope, groups: readonly StateGroup[]) {
  if (scope.kind !== 'coalition') return []
  const perNgo = stateCountsBy(groups, (g) => g.ngoId)
  const ngos = await db.ngo.findMany({ where: { id: { in: [...perNgo.keys()] } }, select: { id: true, slug: true, name: true } })
  return ngos
    .map((ngo) => ({ code: ngo.slug, name: ngo.name, funnel: cumulativeFunnel(perNgo.get(ngo.id) ?? emptyStateCounts()) }))
    .sort((a, b) => b.funnel.total - a.funnel.total || a.name.localeCompare(b.name))
}

/** Campaigns to pick from: all of them for the coalition, with their application counts. */
export async function coalitionCampaigns() {
  const [campaigns, counts] = await Promise.all([
    db.campaign.findMany({ orderBy: { electionDay: 'desc' }, select: { id: true, slug: true, nameRu: true, nameKk: true, nameEn: true, electionDay: true } }),
    db.application.groupBy({ by: ['campaignId'], _count: { _all: true } }),
  ])
  const byCampaign = new Map(counts.map((c) => [c.campaignId, c._count._all]))
  return campaigns.map((c) => ({ ...c, applications: byCampaign.get(c.id) ?? 0 }))
}

/** Everything one dashboard shows for one campaign; region names in the reader's language. */
export async function campaignDashboard(scope: Scope, campaignId: string, locale: Locale = 'ru') {
  // The campaign once: its required courses (the exam figures), its rule (who waits for live sessions) and its deadline (the weeks).
  const campaign = await findRosterCampaignById(campaignId)
  const requiredCourses = campaign?.requiredCourses ?? []
  const [groups, storedRegions, imported, exams, days, waiting] = await Promise.all([
    stateGroups(scope, campaignId),
    db.region.findMany({ orderBy: { sortOrder: 'asc' }, select: { code: true, nameRu: true, nameKk: true, nameEn: true, pollingStations: true } }),
    stationCountsByRegion(campaignId),
    examCounts(scope, campaignId, requiredCourses),
    arrivalsByDay(scope, campaignId),
    campaign ? waitingForLiveSessions({ scope, campaign, regions: [] }) : 0,
  ])
  const ngos = await ngoFunnels(scope, groups)
  // A region whose list of stations was imported for this campaign counts those; others the admin's figure (admin/regions).
  const regions = storedRegions.map((r) => ({ ...r, pollingStations: imported.get(r.code) ?? r.pollingStations }))
  const perRegion = countsByRegion(groups)
  const overall = emptyStateCounts()
  for (const counts of perRegion.values()) for (const [state, n] of Object.entries(counts) as Array<[ApplicationState, number]>) overall[state] += n
  return {
    funnel: cumulativeFunnel(overall),
    regions: regions.map((r) => {
      const counts = perRegion.get(r.code) ?? emptyStateCounts()
      return { code: r.code, name: localizedName(r, locale), funnel: cumulativeFunnel(counts), coverage: coverage(counts.certified, r.pollingStations) }
    }),
    coverage: coverage(overall.certified, regions.reduce((sum, r) => sum + r.pollingStations, 0)),
    training: trainingProgress(trainingCounts(groups)),
    exams: examSummary(exams),
    arrivals: weeklyArrivals(days, arrivalsUntil(campaign?.applicationDeadline ?? null, new Date())),
    /** The coalition's dashboard only: each NGO's funnel. */
    ngos,
    requiredCourses,
    /** Passed the courses, short of the live sessions the campaign requires (not certified yet). */
    waitingForLiveSessions: waiting,
  }
}

export function regionsWithStations() {
  return db.region.findMany({ orderBy: { sortOrder: 'asc' }, select: { code: true, nameRu: true, nameKk: true, nameEn: true, pollingStations: true } })
}

/** Sets polling-station counts per region; audits what changed (from → to). Unknown codes are ignored. */
export async function updatePollingStations(actorId: string, counts: Record<string, number>, ip: string): Promise<{ changed: number }> {
  return db.$transaction(async (tx) => {
    const current = await tx.region.findMany({ select: { code: true, pollingStations: true } })
    const changes: Record<string, { from: number; to: number }> = {}
    for (const region of current) {
      const next = counts[region.code]
      if (next === undefined || next === region.pollingStations) continue
      await tx.region.update({ where: { code: region.code }, data: { pollingStations: next } })
      changes[region.code] = { from: region.pollingStations, to: next }
    }
    const changed = Object.keys(changes).length
    if (changed > 0) await recordAudit({ actorId, action: 'region.polling_stations_updated', targetType: 'region', ip, details: { changes } }, tx)
    return { changed }
  })
}
