/**
 * The certification rule, in one place: what a person needs to be certified for a campaign (and so to
 * stand on its roster), as a list of requirements. The same list is checked here against what is known
 * of one person (the learner's readiness, the move of an application to "certified", a revocation, an
 * attendance recorded or removed) and written as SQL by app/server/exams/certification.server.ts
 * (rosters, their counts and exports); tests/integration/certification-rule.test.ts holds the two to
 * agreement on generated data.
 *
 * The requirements: for each required course of the campaign, a certificate valid on election day;
 * and, when the campaign also asks for N > 0 live sessions, attendance at N of them. A live session counts
 * for a campaign when it is not cancelled and is linked to the campaign itself or to one of its
 * required courses (a course's session teaches what the campaign requires, whichever campaign it was
 * scheduled under); each session counts once. A new kind of requirement is a new member of
 * `Requirement` with its entry in `requirementKinds` below and in the server's `requirementSql`; the
 * compiler asks for both. A campaign that requires nothing certifies nobody.
 */

/** What of a campaign the rule reads. */
export interface CertificationCampaign {
  id: string
  electionDay: Date
  /** The slugs of the campaign's required courses. */
  requiredCourses: readonly string[]
  /** Live sessions a person must have attended (0: none). */
  requiredLiveSessions: number
}

/** One thing a campaign asks of a person. */
export type Requirement = { kind: 'certificate'; courseSlug: string } | { kind: 'liveSessions'; count: number }

/** A requirement the person does not meet, with its reason as a code for whoever shows it (translated there). */
export type UnmetRequirement =
  | { kind: 'certificate'; courseSlug: string; reason: 'noValidCertificate' }
  /** `attended`: how many of the `count` sessions needed the person has attended. */
  | { kind: 'liveSessions'; count: number; reason: 'missingLiveSessions'; attended: number }

export type UnmetReason = UnmetRequirement['reason']

/** An unmet requirement as the screens show it: a course with its title, or the live sessions attended of those needed. */
export type MissingRequirement = { kind: 'certificate'; slug: string; title: string } | { kind: 'liveSessions'; attended: number; count: number }

/** A live session the person attended, as the rule reads it. */
export interface AttendedLiveSession {
  sessionId: string
  cancelled: boolean
  campaignIds: readonly string[]
  courseSlugs: readonly string[]
}

/** What is known of one person, as the requirements read it. */
export interface CertificationFacts {
  certificates: ReadonlyArray<{ courseSlug: string; revokedAt: Date | null; expiresAt: Date }>
  /** The live sessions the person attended (attendance recorded), cancelled ones included. */
  liveSessions: readonly AttendedLiveSession[]
}

/**
 * The campaign's requirements: the courses in course order, then the live sessions. Live sessions are
 * asked in addition to courses, never alone: a roster lists each observer's certificates, so a campaign
 * without required courses requires nothing (and certifies nobody), whatever its live sessions.
 */
export function certificationRequirements(campaign: CertificationCampaign): Requirement[] {
  const courses: Requirement[] = campaign.requiredCourses.map((courseSlug) => ({ kind: 'certificate', courseSlug }))
  return courses.length > 0 && campaign.requiredLiveSessions > 0 ? [...courses, { kind: 'liveSessions', count: campaign.requiredLiveSessions }] : courses
}

/** A certificate counts for a campaign when it is not revoked and expires after the election day. */
export function validOnElectionDay(certificate: { revokedAt: Date | null; expiresAt: Date }, electionDay: Date): boolean {
  return !certificate.revokedAt && certificate.expiresAt.getTime() > electionDay.getTime()
}

/** A live session counts for a campaign when not cancelled and linked to the campaign or one of its required courses. */
export function countsForCampaign(session: AttendedLiveSession, campaign: CertificationCampaign): boolean {
  return !session.cancelled && (session.campaignIds.includes(campaign.id) || session.courseSlugs.some((slug) => campaign.requiredCourses.includes(slug)))
}

/** How many distinct live sessions the person attended that count for the campaign. */
export function attendedLiveSessions(person: CertificationFacts, campaign: CertificationCampaign): number {
  return new Set(person.liveSessions.filter((s) => countsForCampaign(s, campaign)).map((s) => s.sessionId)).size
}

/** Each kind of requirement: null when met, else what is missing. */
const requirementKinds: {
  [K in Requirement['kind']]: (requirement: Extract<Requirement, { kind: K }>, person: CertificationFacts, campaign: CertificationCampaign) => Extract<UnmetRequirement, { kind: K }> | null
} = {
  certificate: (requirement, person, campaign) =>
    person.certificates.some((c) => c.courseSlug === requirement.courseSlug && validOnElectionDay(c, campaign.electionDay)) ? null : { ...requirement, reason: 'noValidCertificate' },
  liveSessions: (requirement, person, campaign) => {
    const attended = attendedLiveSessions(person, campaign)
    return attended >= requirement.count ? null : { ...requirement, reason: 'missingLiveSessions', attended }
  },
}

function unmet<R extends Requirement>(requirement: R, person: CertificationFacts, campaign: CertificationCampaign): UnmetRequirement | null {
  return (requirementKinds[requirement.kind] as (r: R, p: CertificationFacts, c: CertificationCampaign) => UnmetRequirement | null)(requirement, person, campaign)
}

/** The requirements the person does not meet, each with its reason. */
export function unmetRequirements(campaign: CertificationCampaign, person: CertificationFacts): UnmetRequirement[] {
  return certificationRequirements(campaign).flatMap((requirement) => unmet(requirement, person, campaign) ?? [])
}

/** Certified: the campaign asks for something, and the person meets all of it. */
export function isCertified(campaign: CertificationCampaign, person: CertificationFacts): boolean {
  return certificationRequirements(campaign).length > 0 && unmetRequirements(campaign, person).length === 0
}
