/**
 * The certification rule, in one place: what a person needs to be certified for a campaign (and so to
 * stand on its roster), as a list of requirements. The same list is checked here against what is known
 * of one person (the learner's readiness, the move of an application to "certified", a revocation) and
 * written as SQL by app/server/exams/certification.server.ts (rosters, their counts and exports);
 * tests/integration/certification-rule.test.ts holds the two to agreement on generated data.
 *
 * Today: for each required course of the campaign, a certificate valid on election day. A new kind of
 * requirement (live-session attendance) is a new member of `Requirement` with its entry in
 * `requirementKinds` below and in the server's `requirementSql`; the compiler asks for both.
 * A campaign that requires nothing certifies nobody.
 */

/** What of a campaign the rule reads. */
export interface CertificationCampaign {
  electionDay: Date
  /** The slugs of the campaign's required courses. */
  requiredCourses: readonly string[]
}

/** One thing a campaign asks of a person. */
export type Requirement = { kind: 'certificate'; courseSlug: string }

/** Why a requirement is not met, as a code for whoever shows it (translated there). */
export type UnmetReason = 'noValidCertificate'

export type UnmetRequirement = Requirement & { reason: UnmetReason }

/** What is known of one person, as the requirements read it. */
export interface CertificationFacts {
  certificates: ReadonlyArray<{ courseSlug: string; revokedAt: Date | null; expiresAt: Date }>
}

/** The campaign's requirements, in course order. */
export function certificationRequirements(campaign: CertificationCampaign): Requirement[] {
  return campaign.requiredCourses.map((courseSlug) => ({ kind: 'certificate', courseSlug }))
}

/** A certificate counts for a campaign when it is not revoked and expires after the election day. */
export function validOnElectionDay(certificate: { revokedAt: Date | null; expiresAt: Date }, electionDay: Date): boolean {
  return !certificate.revokedAt && certificate.expiresAt.getTime() > electionDay.getTime()
}

type KindRule<R extends Requirement> = {
  reason: UnmetReason
  isMet: (requirement: R, person: CertificationFacts, campaign: CertificationCampaign) => boolean
}

const requirementKinds: { [K in Requirement['kind']]: KindRule<Extract<Requirement, { kind: K }>> } = {
  certificate: {
    reason: 'noValidCertificate',
    isMet: (requirement, person, campaign) => person.certificates.some((c) => c.courseSlug === requirement.courseSlug && validOnElectionDay(c, campaign.electionDay)),
  },
}

/** The requirements the person does not meet, each with its reason. */
export function unmetRequirements(campaign: CertificationCampaign, person: CertificationFacts): UnmetRequirement[] {
  return certificationRequirements(campaign).flatMap((requirement) => {
    const rule = requirementKinds[requirement.kind]
    return rule.isMet(requirement, person, campaign) ? [] : [{ ...requirement, reason: rule.reason }]
  })
}

/** Certified: the campaign asks for something, and the person meets all of it. */
export function isCertified(campaign: CertificationCampaign, person: CertificationFacts): boolean {
  return certificationRequirements(campaign).length > 0 && unmetRequirements(campaign, person).length === 0
}
