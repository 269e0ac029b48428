/**
 * The certification rule of app/domain/certification.ts as the database reads it: the same list of
 * requirements written as SQL over an application (rosters, their counts and exports), and what the
 * pure predicate needs to know of one person, read from the database.
 */
import { certificationRequirements, type CertificationCampaign, type CertificationFacts, type Requirement } from '~/domain/certification.ts'
import { Prisma, type Db, type Tx } from '../platform/db.server.ts'

/** A certificate `alias` that counts on the campaign's election day (validOnElectionDay). */
export function validOnElectionDaySql(alias: string, campaign: CertificationCampaign): Prisma.Sql {
  const c = Prisma.raw(alias)
  return Prisma.sql`${c}."revokedAt" IS NULL AND ${c}."expiresAt" > ${campaign.electionDay}`
}

/** Each kind of requirement as a condition on the application `application` (an SQL alias). */
const requirementSql: { [K in Requirement['kind']]: (requirement: Extract<Requirement, { kind: K }>, campaign: CertificationCampaign, application: string) => Prisma.Sql } = {
  certificate: (requirement, campaign, application) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = ${Prisma.raw(application)}."userId" AND c."courseSlug" = ${requirement.courseSlug} AND ${validOnElectionDaySql('c', campaign)})`,
}

/**
 * The rule for the campaign as one SQL condition on the application `application` (an alias of
 * "Application"): one condition per requirement; never true for a campaign that requires nothing.
 */
export function certifiedSql(campaign: CertificationCampaign, application: string): Prisma.Sql {
  const requirements = certificationRequirements(campaign)
  if (requirements.length === 0) return Prisma.sql`1 = 0`
  return Prisma.join(
    requirements.map((requirement) => requirementSql[requirement.kind](requirement, campaign, application)),
    ' AND ',
  )
}

/** The campaign fields the rule reads, as a Prisma select, and the rule's view of such a row. */
export const certificationCampaignSelect = { electionDay: true, courses: { where: { required: true }, select: { courseSlug: true }, orderBy: { courseSlug: 'asc' } } } as const

export function certificationCampaign(row: { electionDay: Date; courses: ReadonlyArray<{ courseSlug: string }> }): CertificationCampaign {
  return { electionDay: row.electionDay, requiredCourses: row.courses.map((c) => c.courseSlug) }
}

/** What the rule needs to know of one person: every certificate they hold, with its revocation and expiry. */
export async function certificationFacts(client: Db | Tx, userId: string): Promise<CertificationFacts> {
  const certificates = await client.certificate.findMany({ where: { userId }, select: { courseSlug: true, revokedAt: true, expiresAt: true } })
  return { certificates }
}
