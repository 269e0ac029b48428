/**
 * The dashboards' numbers, all from SQL aggregates (GROUP BY / COUNT). An NGO's dashboard takes the
 * scope made by `requireNgoLead` and filters by its NGO here; the coalition's scope covers every NGO
 * and only admins get one (`requireAdminScope`).
 */
import { countsByRegion, coverage, cumulativeFunnel, emptyStateCounts, examSummary, trainingProgress } from '~/domain/dashboard.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { stationCountsByRegion } from '../deployment/stations.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import type { Prisma } from '../platform/db.server.ts'
import { db } from '../platform/db.server.ts'
import { findRosterCampaignById, waitingForLiveSessions } from '../rosters/rosters.server.ts'

/** Whose numbers: one NGO's or the whole coalition's. */
function applicationsWhere(scope: Scope, campaignId: string): Prisma.ApplicationWhereInput {
  return scope.kind === 'ngo' ? { campaignId, ngoId: scope.ngoId } : { campaignId }
}

const reachedAccepted: ApplicationState[] = ['accepted', 'in_training', 'certified']
const effectivelyPassed: Prisma.ExamAttemptWhereInput = { OR: [{ overridePassed: true }, { overridePassed: null, passed: true }] }

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
  const where = applicationsWhere(scope, campaignId)
  const requiredCourses = (await db.campaignCourse.findMany({ where: { campaignId, required: true }, select: { courseSlug: true } })).map((c) => c.courseSlug)
  const attemptsWhere: Prisma.ExamAttemptWhereInput = { status: 'SUBMITTED', courseSlug: { in: requiredCourses }, user: { applications: { some: where } } }
  const [byRegionAndState, storedRegions, imported, accepted, opened, halfway, passed, attempts, passedAttempts, people, peoplePassed] = await Promise.all([
    db.application.groupBy({ by: ['regionCode', 'state'], where, _count: { _all: true } }),
    db.region.findMany({ orderBy: { sortOrder: 'asc' }, select: { code: true, nameRu: true, nameKk: true, nameEn: true, pollingStations: true } }),
    stationCountsByRegion(campaignId),
    db.application.count({ where: { ...where, state: { in: reachedAccepted } } }),
    // Opening a lesson is what moves an accepted recruit to in_training.
    db.application.count({ where: { ...where, OR: [{ state: { in: ['in_training', 'certified'] } }, { state: 'accepted', trainingPercent: { gt: 0 } }] } }),
    db.application.count({ where: { ...where, OR: [{ state: 'certified' }, { state: { in: ['accepted', 'in_training'] }, trainingPercent: { gte: 50 } }] } }),
    db.application.count({ where: { ...where, state: 'certified' } }),
    db.examAttempt.count({ where: attemptsWhere }),
    db.examAttempt.count({ where: { AND: [attemptsWhere, effectivelyPassed] } }),
    db.examAttempt.groupBy({ by: ['userId'], where: attemptsWhere }),
    db.examAttempt.groupBy({ by: ['userId'], where: { AND: [attemptsWhere, effectivelyPassed] } }),
  ])
  const rosterCampaign = await findRosterCampaignById(campaignId)
  const waiting = rosterCampaign ? await waitingForLiveSessions({ scope, campaign: rosterCampaign, regions: [] }) : 0
  // A region whose list of stations was imported for this campaign counts those; others the admin's figure (admin/regions).
  const regions = storedRegions.map((r) => ({ ...r, pollingStations: imported.get(r.code) ?? r.pollingStations }))
  const perRegion = countsByRegion(byRegionAndState.map((g) => ({ regionCode: g.regionCode, state: g.state, count: g._count._all })))
  const overall = emptyStateCounts()
  for (const counts of perRegion.values()) for (const [state, n] of Object.entries(counts) as Array<[ApplicationState, number]>) overall[state] += n
  return {
    funnel: cumulativeFunnel(overall),
    regions: regions.map((r) => {
      const counts = perRegion.get(r.code) ?? emptyStateCounts()
      return { code: r.code, name: localizedName(r, locale), funnel: cumulativeFunnel(counts), coverage: coverage(counts.certified, r.pollingStations) }
    }),
    coverage: coverage(overall.certified, regions.reduce((sum, r) => sum + r.pollingStations, 0)),
    training: trainingProgress({ accepted, opened, halfway, passed }),
    exams: examSummary({ attempts, passedAttempts, people: people.length, peoplePassed: peoplePassed.length }),
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
