/** Issuing, finding, verifying and revoking certificates. */
import { certificateExpiry, certificateStatus, normaliseCode, type CertificateStatus, type CourseEdition } from '~/domain/certificates.ts'
import { isCertified, unmetRequirements, type MissingRequirement, type UnmetRequirement } from '~/domain/certification.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { findCourse } from '../courses/catalog.server.ts'
import type { CatalogCourse } from '../courses/course-files.server.ts'
import { crashPoint } from '../jobs/crash-points.server.ts'
import { newPaperCode } from '../papers/codes.server.ts'
import { asDate, db, newId, plainTransaction, type RawClient } from '../platform/db.server.ts'
import { notify } from '../jobs/notifications.server.ts'
import { applicationForCourse, certifyApplications, uncertifyApplication } from '../recruitment/applications.server.ts'
import { certificationCampaign, certificationCampaignIn, certificationCampaignSelect, certificationFacts, requiresCourseSql } from './certification.server.ts'


/**
 * Issues the certificate earned by a passed attempt, once (a second call returns the same one).
 * Everything the decision causes (the certificate, its audit record, the holder's notification and
 * the application's move to "certified") commits in one transaction: a crash leaves all or nothing.
 * An exam's submit and a score's override issue inside their own transactions (issueCertificateIn);
 * this is for a pass graded without its certificate (the sweep, after a crash of an older version).
 */
export async function issueCertificate(attempt: IssuableAttempt, course: CatalogCourse): Promise<{ code: string }> {
  // Run again when a unique constraint refuses it: either this attempt's certificate was issued
  // meanwhile (the next run returns it), or (astronomically rarely) the code was taken.
  return plainTransaction((tx) => issueCertificateIn(tx, attempt, course), { tries: 5 }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? new Error('could not find a free certificate code') : error
  })
}

type IssuableAttempt = { id: string; userId: string; percent: number | null; submittedAt: Date | null; contentVersion?: string }

/**
 * Issues the certificate of a passed attempt with everything it causes, inside the caller's
 * transaction (plain statements: Prisma's or a plain one). Completes a certificate issued before its
 * consequences shared its transaction.
 */
export async function issueCertificateIn(tx: RawClient, attempt: IssuableAttempt, course: CatalogCourse): Promise<{ code: string }> {
  const existing = await issuedFor(tx, attempt.id)
  if (existing) {
    // Issued before its consequences shared its transaction: complete whatever a crash left undone.
    await announceCertificate(tx, existing, { completing: true })
    return { code: existing.code }
  }
  const certificate = await createCertificate(tx, attempt, course)
  crashPoint('certificate.created')
  await announceCertificate(tx, certificate, { completing: false })
  return { code: certificate.code }
}

async function createCertificate(tx: RawClient, attempt: IssuableAttempt, course: CatalogCourse): Promise<IssuedCertificate> {
  const [user] = await tx.$queryRaw<Array<{ name: string }>>`SELECT "name" FROM "User" WHERE "id" = ${attempt.userId}`
  if (!user) throw new Error(`no user ${attempt.userId}`)
  const issuedAt = attempt.submittedAt ?? new Date()
  // The certificate counts towards the learner's application whose campaign requires this course;
  // without one (a self-enrolled learner), it names the soonest upcoming campaign that requires it.
  const application = await applicationForCourse(attempt.userId, course.slug, tx)
  const campaign = application ? { id: application.campaignId, electionDay: application.campaign.electionDay } : await soonestCampaignRequiring(tx, course.slug, issuedAt)
  const certificate: IssuedCertificate = { id: newId(), code: newPaperCode(), userId: attempt.userId, ngoId: application?.ngoId ?? null, courseSlug: course.slug, percent: attempt.percent ?? 0 }
  // The legal full name of the application (what the roster lists), fixed at issue: an account's
  // display name can change later, a certificate's holder cannot. No application: the account's name.
  const holderName = application?.fullName || user.name
  // The version the exam was drawn from, even if a newer one was published meanwhile.
  const courseVersion = attempt.contentVersion ?? course.version
  const expiresAt = certificateExpiry(course.file.certificate, issuedAt, campaign?.electionDay ?? null)
  await tx.$executeRaw`
    INSERT INTO "Certificate" ("id", "code", "userId", "holderName", "courseSlug", "courseVersion", "courseTitle", "attemptId", "percent", "campaignId", "ngoId", "issuedAt", "expiresAt")
    VALUES (${certificate.id}, ${certificate.code}, ${certificate.userId}, ${holderName}, ${course.slug}, ${courseVersion}, ${JSON.stringify(course.file.title)}, ${attempt.id},
      ${certificate.percent}, ${campaign?.id ?? null}, ${certificate.ngoId}, ${issuedAt}, ${expiresAt})`
  return certificate
}

type IssuedCertificate = { id: string; code: string; userId: string; ngoId: string | null; courseSlug: string; percent: number }

/** The certificate already issued for this attempt, if any. */
async function issuedFor(tx: RawClient, attemptId: string): Promise<IssuedCertificate | null> {
  const [row] = await tx.$queryRaw<IssuedCertificate[]>`
    SELECT "id", "code", "userId", "ngoId", "courseSlug", "percent" FROM "Certificate" WHERE "attemptId" = ${attemptId}`
  return row ? { ...row, percent: Number(row.percent) } : null
}

/** The soonest campaign on or after `from` that requires the course (a self-enrolled learner's certificate names it). */
async function soonestCampaignRequiring(tx: RawClient, courseSlug: string, from: Date): Promise<{ id: string; electionDay: Date } | null> {
  const [row] = await tx.$queryRaw<Array<{ id: string; electionDay: unknown }>>`
    SELECT c."id", c."electionDay" FROM "Campaign" c
    WHERE c."electionDay" >= ${from} AND ${requiresCourseSql('c."id"', courseSlug)}
    ORDER BY c."electionDay", c."id" LIMIT 1`
  return row ? { id: row.id, electionDay: asDate(row.electionDay) } : null
}

/**
 * What issuing a certificate causes, in its transaction: the audit record, the holder's notification
 * (and its email's job) and the move of applications the certificate completes. Completing a
 * certificate issued before these shared its transaction, only what is missing.
 */
async function announceCertificate(tx: RawClient, certificate: IssuedCertificate, { completing }: { completing: boolean }): Promise<void> {
  const { id, code, userId } = certificate
  const [audited] = completing ? await tx.$queryRaw<unknown[]>`SELECT "id" FROM "AuditEvent" WHERE "action" = 'certificate.issued' AND "targetId" = ${id} LIMIT 1` : []
  if (!audited) {
    const details = { code, course: certificate.courseSlug, percent: certificate.percent, ...(completing ? { completedAfterCrash: true } : {}) }
    await recordAudit({ actorId: userId, action: 'certificate.issued', targetType: 'certificate', targetId: id, ngoId: certificate.ngoId ?? undefined, details }, tx)
  }
  const [notified] = completing
    ? await tx.$queryRaw<unknown[]>`SELECT "id" FROM "Notification" WHERE "userId" = ${userId} AND "kind" = 'certificate.issued' AND "params" LIKE ${`%${code}%`} LIMIT 1`
    : []
  if (!notified) await notify(userId, 'certificate.issued', { code }, tx)
  crashPoint('certificate.announced')
  await certifyApplications(tx, userId, () => certificationFacts(tx, userId))
}

/**
 * The studio's version of the content a certificate was earned on: the latest published version with
 * that content hash as of the issue (a rollback republishes a hash under a new number), else the
 * first, with the day it was published; number 0 when no published version has it (the repository's
 * content/ folder, not stored as a version).
 */
async function courseEdition(courseSlug: string, hash: string, issuedAt: Date): Promise<CourseEdition> {
  const select = { number: true, createdAt: true } as const
  const version =
    (await db.courseVersion.findFirst({ where: { courseSlug, hash, createdAt: { lte: issuedAt } }, orderBy: { number: 'desc' }, select })) ??
    (await db.courseVersion.findFirst({ where: { courseSlug, hash }, orderBy: { number: 'asc' }, select }))
  return version ? { number: version.number, publishedAt: version.createdAt } : { number: 0, publishedAt: null }
}

export interface CertificateView {
  code: string
  holderName: string
  /** The holder was anonymised: the certificate still verifies, without a name. */
  holderRemoved: boolean
  courseTitle: string
  courseSlug: string
  courseVersion: string
  /** The studio's number of that version (CourseVersion) and its publishing day; 0 and none for the repository's content. */
  courseEdition: CourseEdition
  percent: number
  issuedAt: Date
  expiresAt: Date
  revokedAt: Date | null
  revokeReason: string | null
  ngoName: string | null
  campaignName: string | null
  status: CertificateStatus
  userId: string
}

async function view(row: NonNullable<Awaited<ReturnType<typeof db.certificate.findUnique>>>, locale: Locale, now: Date): Promise<CertificateView> {
  const [newer, ngo, campaign, edition] = await Promise.all([
    db.certificate.findFirst({ where: { userId: row.userId, courseSlug: row.courseSlug, issuedAt: { gt: row.issuedAt }, revokedAt: null }, orderBy: { issuedAt: 'asc' }, select: { issuedAt: true } }),
    row.ngoId ? db.ngo.findUnique({ where: { id: row.ngoId }, select: { name: true } }) : Promise.resolve(null),
    row.campaignId ? db.campaign.findUnique({ where: { id: row.campaignId }, select: { nameRu: true, nameKk: true, nameEn: true } }) : Promise.resolve(null),
    courseEdition(row.courseSlug, row.courseVersion, row.issuedAt),
  ])
  const titles = JSON.parse(row.courseTitle) as Record<Locale, string>
  return {
    code: row.code,
    holderName: row.holderName,
    holderRemoved: row.holderName === '',
    courseTitle: titles[locale] || titles.ru,
    courseSlug: row.courseSlug,
    courseVersion: row.courseVersion,
    courseEdition: edition,
    percent: row.percent,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokeReason: row.revokeReason,
    ngoName: ngo?.name ?? null,
    campaignName: campaign ? localizedName(campaign, locale) : null,
    status: certificateStatus({ revokedAt: row.revokedAt, expiresAt: row.expiresAt, supersededAt: newer?.issuedAt ?? null }, now),
    userId: row.userId,
  }
}

export async function findCertificate(code: string, locale: Locale, now = new Date()): Promise<CertificateView | null> {
  const normalised = normaliseCode(code)
  if (!normalised) return null
  const row = await db.certificate.findUnique({ where: { code: normalised } })
  return row ? view(row, locale, now) : null
}

/** A public lookup (from /verify): counted in the audit log with its outcome. */
export async function verifyCertificate(code: string, locale: Locale, ip: string, now = new Date()): Promise<CertificateView | null> {
  const found = await findCertificate(code, locale, now)
  await recordAudit({ actorId: null, action: 'certificate.verified', targetType: 'certificate', targetId: found?.code ?? code.slice(0, 20), ip, details: { result: found?.status ?? 'unknown' } })
  return found
}

/** The code of the learner's latest certificate of a course that no one revoked (an expired one too: its page says so), or null. */
export async function heldCertificateCode(userId: string, courseSlug: string): Promise<string | null> {
  const row = await db.certificate.findFirst({ where: { userId, courseSlug, revokedAt: null }, orderBy: { issuedAt: 'desc' }, select: { code: true } })
  return row?.code ?? null
}

export async function listOwnCertificates(userId: string, locale: Locale, now = new Date()): Promise<CertificateView[]> {
  const rows = await db.certificate.findMany({ where: { userId }, orderBy: { issuedAt: 'desc' } })
  return Promise.all(rows.map((row) => view(row, locale, now)))
}

export type RevokeResult = { ok: true } | { ok: false; error: 'notFound' | 'alreadyRevoked' }

/** Revokes with a reason (audited) and tells the holder by email. */
export async function revokeCertificate(actorId: string, code: string, reason: string, ip: string, now = new Date()): Promise<RevokeResult> {
  const normalised = normaliseCode(code)
  if (!normalised) return { ok: false, error: 'notFound' }
  // Everything the decision causes commits with it (audit record, the application's move back to
  // training, the holder's notification): a crash leaves all of it or none.
  return plainTransaction((tx) => revokeCertificateIn(tx, actorId, normalised, reason, ip, { now }))
}

/** The same inside the caller's transaction (an override of a score to a fail); `code` as stored. */
export async function revokeCertificateIn(
  tx: RawClient,
  actorId: string,
  normalised: string,
  reason: string,
  ip: string,
  { now = new Date(), byOverride = false }: { now?: Date; byOverride?: boolean } = {},
): Promise<RevokeResult> {
  const [row] = await tx.$queryRaw<Array<{ id: string; code: string; userId: string; ngoId: string | null; campaignId: string | null }>>`
    SELECT "id", "code", "userId", "ngoId", "campaignId" FROM "Certificate" WHERE "code" = ${normalised}`
  if (!row) return { ok: false, error: 'notFound' }
  const changed = await tx.$executeRaw`
    UPDATE "Certificate" SET "revokedAt" = ${now}, "revokedById" = ${actorId}, "revokeReason" = ${reason}, "revokedByOverride" = ${byOverride}
    WHERE "id" = ${row.id} AND "revokedAt" IS NULL`
  if (changed === 0) return { ok: false, error: 'alreadyRevoked' }
  crashPoint('certificate.revoked')
  await recordAudit({ actorId, action: 'certificate.revoked', targetType: 'certificate', targetId: row.id, ngoId: row.ngoId ?? undefined, ip, details: { code: row.code, reason } }, tx)
  if (row.campaignId) {
    // Back to training only if the rule no longer holds (a newer certificate may still cover the course).
    const campaign = await certificationCampaignIn(tx, row.campaignId)
    if (campaign && !isCertified(campaign, await certificationFacts(tx, row.userId))) await uncertifyApplication(tx, row.userId, row.campaignId, reason)
  }
  await notify(row.userId, 'certificate.revoked', { code: row.code, reason }, tx)
  return { ok: true }
}

/**
 * Makes valid again a certificate that an override of its attempt's score to a fail revoked, when a
 * later override makes the attempt a pass (inside that override's transaction, which has read the
 * certificate): the score that now counts, an audit record, the holder's notification (as at issue)
 * and the move of the applications it completes back to "certified".
 */
export async function reinstateCertificateIn(
  tx: RawClient,
  actorId: string,
  certificate: { id: string; code: string; userId: string; ngoId: string | null },
  percent: number,
  reason: string,
  ip: string,
): Promise<void> {
  const { id, code, userId, ngoId } = certificate
  await tx.$executeRaw`
    UPDATE "Certificate" SET "revokedAt" = NULL, "revokedById" = NULL, "revokeReason" = NULL, "revokedByOverride" = ${false}, "percent" = ${percent}
    WHERE "id" = ${id}`
  crashPoint('certificate.reinstated')
  await recordAudit({ actorId, action: 'certificate.reinstated', targetType: 'certificate', targetId: id, ngoId: ngoId ?? undefined, ip, details: { code, percent, reason } }, tx)
  await notify(userId, 'certificate.issued', { code }, tx)
  await certifyApplications(tx, userId, () => certificationFacts(tx, userId))
}

/** The unmet requirements of the rule, with course titles in the reader's language. */
export async function describeUnmet(unmet: readonly UnmetRequirement[], locale: Locale): Promise<MissingRequirement[]> {
  return Promise.all(
    unmet.map(async (u): Promise<MissingRequirement> =>
      u.kind === 'certificate' ? { kind: 'certificate', slug: u.courseSlug, title: (await findCourse(u.courseSlug))?.file.title[locale] ?? u.courseSlug } : { kind: 'liveSessions', attended: u.attended, count: u.count },
    ),
  )
}

/**
 * Where each of these people stands with one campaign's rule (the lead's screens: a recruit, the
 * stuck list): certified or not, and what is missing, course titles in `locale`. Null: the campaign
 * requires nothing.
 */
export async function readinessFor(campaignId: string, userIds: readonly string[], locale: Locale): Promise<Map<string, { certified: boolean; missing: MissingRequirement[] }> | null> {
  const campaign = await certificationCampaignIn(db, campaignId)
  if (!campaign || campaign.requiredCourses.length === 0) return null
  const out = new Map<string, { certified: boolean; missing: MissingRequirement[] }>()
  for (const userId of new Set(userIds)) {
    const person = await certificationFacts(db, userId)
    out.set(userId, { certified: isCertified(campaign, person), missing: await describeUnmet(unmetRequirements(campaign, person), locale) })
  }
  return out
}

/**
 * For each upcoming campaign that requires courses: is the learner certified for it (the domain
 * rule), and which requirements (courses, live sessions) are still unmet.
 */
export async function campaignCertification(userId: string, locale: Locale, now = new Date()) {
  const [campaigns, person] = await Promise.all([
    db.campaign.findMany({
      where: { electionDay: { gte: now }, courses: { some: { required: true } } },
      orderBy: { electionDay: 'asc' },
      select: { nameRu: true, nameKk: true, nameEn: true, ...certificationCampaignSelect },
    }),
    certificationFacts(db, userId),
  ])
  return Promise.all(
    campaigns.map(async (row) => {
      const campaign = certificationCampaign(row)
      const missing = await describeUnmet(unmetRequirements(campaign, person), locale)
      return { id: row.id, name: localizedName(row, locale), electionDay: row.electionDay, certified: isCertified(campaign, person), missing }
    }),
  )
}
