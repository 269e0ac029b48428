/**
 * The certification rule of app/domain/certification.ts as the database reads it: the same list of
 * requirements written as SQL over an application (rosters, their counts and exports), and what the
 * pure predicate needs to know of one person, read from the database.
 */
import { certificationRequirements, type CertificationCampaign, type CertificationFacts, type Requirement } from '~/domain/certification.ts'
import { asDate, Prisma, type RawClient } from '../platform/db.server.ts'

/** A certificate `alias` that counts on the campaign's election day (validOnElectionDay). */
export function validOnElectionDaySql(alias: string, campaign: CertificationCampaign): Prisma.Sql {
  const c = Prisma.raw(alias)
  return Prisma.sql`${c}."revokedAt" IS NULL AND ${c}."expiresAt" > ${campaign.electionDay}`
}

/** The campaign whose id is in the column `campaignId` (e.g. `a."campaignId"`, SQL) requires the course. */
export function requiresCourseSql(campaignId: string, courseSlug: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "CampaignCourse" cc WHERE cc."campaignId" = ${Prisma.raw(campaignId)} AND cc."courseSlug" = ${courseSlug} AND cc."required" IS TRUE)`
}

/** Each kind of requirement as a condition on the application `application` (an SQL alias). */
const requirementSql: { [K in Requirement['kind']]: (requirement: Extract<Requirement, { kind: K }>, campaign: CertificationCampaign, application: string) => Prisma.Sql } = {
  certificate: (requirement, campaign, application) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = ${Prisma.raw(application)}."userId" AND c."courseSlug" = ${requirement.courseSlug} AND ${validOnElectionDaySql('c', campaign)})`,
  // One registration per person and session, so counting attended registrations counts sessions.
  liveSessions: (requirement, campaign, application) =>
    Prisma.sql`(SELECT COUNT(*) FROM "LiveSessionRegistration" lr JOIN "LiveSession" ls ON ls."id" = lr."sessionId"
      WHERE lr."userId" = ${Prisma.raw(application)}."userId" AND lr."attendedAt" IS NOT NULL AND ls."cancelledAt" IS NULL
      AND ${liveSessionForCampaignSql('ls', campaign)}) >= ${requirement.count}`,
}

/** The live session `alias` counts for the campaign (countsForCampaign): linked to it, or to one of its required courses. */
function liveSessionForCampaignSql(alias: string, campaign: CertificationCampaign): Prisma.Sql {
  const s = Prisma.raw(alias)
  const linked = Prisma.sql`EXISTS (SELECT 1 FROM "LiveSessionCampaign" lsc WHERE lsc."sessionId" = ${s}."id" AND lsc."campaignId" = ${campaign.id})`
  if (campaign.requiredCourses.length === 0) return linked
  return Prisma.sql`(${linked} OR EXISTS (SELECT 1 FROM "LiveSessionCourse" lsk WHERE lsk."sessionId" = ${s}."id" AND lsk."courseSlug" IN (${Prisma.join([...campaign.requiredCourses])})))`
}

function conditionOf<R extends Requirement>(requirement: R, campaign: CertificationCampaign, application: string): Prisma.Sql {
  return (requirementSql[requirement.kind] as (r: R, c: CertificationCampaign, a: string) => Prisma.Sql)(requirement, campaign, application)
}

/**
 * The rule for the campaign as one SQL condition on the application `application` (an alias of
 * "Application"): one condition per requirement; never true for a campaign that requires nothing.
 */
export function certifiedSql(campaign: CertificationCampaign, application: string): Prisma.Sql {
  const requirements = certificationRequirements(campaign)
  if (requirements.length === 0) return Prisma.sql`1 = 0`
  return Prisma.join(
    requirements.map((requirement) => conditionOf(requirement, campaign, application)),
    ' AND ',
  )
}

/** The campaign fields the rule reads, as a Prisma select, and the rule's view of such a row. */
export const certificationCampaignSelect = { id: true, electionDay: true, requiredLiveSessions: true, courses: { where: { required: true }, select: { courseSlug: true }, orderBy: { courseSlug: 'asc' } } } as const

export function certificationCampaign(row: { id: string; electionDay: Date; requiredLiveSessions: number; courses: ReadonlyArray<{ courseSlug: string }> }): CertificationCampaign {
  return { id: row.id, electionDay: row.electionDay, requiredCourses: row.courses.map((c) => c.courseSlug), requiredLiveSessions: row.requiredLiveSessions }
}

/** A campaign's certification rule read with plain statements, inside the caller's transaction when given one; null for no such campaign. */
export async function certificationCampaignIn(client: RawClient, campaignId: string): Promise<CertificationCampaign | null> {
  const [row] = await client.$queryRaw<Array<{ id: string; electionDay: unknown; requiredLiveSessions: number | bigint }>>`
    SELECT "id", "electionDay", "requiredLiveSessions" FROM "Campaign" WHERE "id" = ${campaignId}`
  if (!row) return null
  return certificationCampaign({ id: row.id, electionDay: asDate(row.electionDay), requiredLiveSessions: Number(row.requiredLiveSessions), courses: await requiredCourses(client, campaignId) })
}

/** The courses a campaign requires, by slug, with a plain statement (inside the caller's transaction when given one). */
export function requiredCourses(client: RawClient, campaignId: string): Promise<Array<{ courseSlug: string }>> {
  return client.$queryRaw`SELECT "courseSlug" FROM "CampaignCourse" WHERE "campaignId" = ${campaignId} AND "required" IS TRUE ORDER BY "courseSlug"`
}

/**
 * What the rule needs to know of one person: every certificate they hold, with its revocation and
 * expiry, and every live session they attended, with what it is linked to. Plain statements, the
 * same on both databases: this is read inside every certificate's transaction (an exam's submit),
 * where Prisma's query builder cost several times as much and loaded empty relation lists one
 * statement each. Two statements, four when the person attended a session.
 */
export async function certificationFacts(client: RawClient, userId: string): Promise<CertificationFacts> {
  // One after the other: `client` may be an interactive transaction.
  const certificates = await client.$queryRaw<Array<{ courseSlug: string; revokedAt: unknown; expiresAt: unknown }>>`
    SELECT "courseSlug", "revokedAt", "expiresAt" FROM "Certificate" WHERE "userId" = ${userId}`
  const attended = await client.$queryRaw<Array<{ sessionId: string; cancelledAt: unknown }>>`
    SELECT DISTINCT ls."id" AS "sessionId", ls."cancelledAt" FROM "LiveSessionRegistration" lr JOIN "LiveSession" ls ON ls."id" = lr."sessionId"
    WHERE lr."userId" = ${userId} AND lr."attendedAt" IS NOT NULL`
  const ids = attended.map((a) => a.sessionId)
  const campaigns = ids.length ? await client.$queryRaw<Array<{ sessionId: string; campaignId: string }>>`SELECT "sessionId", "campaignId" FROM "LiveSessionCampaign" WHERE "sessionId" IN (${Prisma.join(ids)})` : []
  const courses = ids.length ? await client.$queryRaw<Array<{ sessionId: string; courseSlug: string }>>`SELECT "sessionId", "courseSlug" FROM "LiveSessionCourse" WHERE "sessionId" IN (${Prisma.join(ids)})` : []
  return {
    certificates: certificates.map((c) => ({ courseSlug: c.courseSlug, revokedAt: c.revokedAt === null ? null : asDate(c.revokedAt), expiresAt: asDate(c.expiresAt) })),
    liveSessions: attended.map((session) => ({
      sessionId: session.sessionId,
      cancelled: session.cancelledAt !== null,
      campaignIds: campaigns.filter((c) => c.sessionId === session.sessionId).map((c) => c.campaignId),
      courseSlugs: courses.filter((c) => c.sessionId === session.sessionId).map((c) => c.courseSlug),
    })),
  }
}
