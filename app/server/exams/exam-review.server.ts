/** What trainers and admins do with exam attempts: review, override a score, grant extra time. */
import { pageCount } from '~/domain/paging.ts'
import { attemptDeadline } from '~/domain/exam/timing.ts'
import { effective } from '~/domain/exam/scoring.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { issueCertificateIn, reinstateCertificateIn, revokeCertificateIn } from './certificates.server.ts'
import { findCourse } from '../courses/catalog.server.ts'
import { closeExpiredAttempts } from './exams.server.ts'
import { asBoolean, db, plainTransaction } from '../platform/db.server.ts'

export const ATTEMPTS_PAGE_SIZE = 25

export async function listAttempts({ page, query }: { page: number; query?: string }) {
  const where = query ? { user: { OR: [{ email: { contains: query.toLowerCase() } }, { name: { contains: query } }] } } : {}
  const [total, rows] = await Promise.all([
    db.examAttempt.count({ where }),
    db.examAttempt.findMany({
      where,
      orderBy: { startedAt: 'desc' },
      skip: (page - 1) * ATTEMPTS_PAGE_SIZE,
      take: ATTEMPTS_PAGE_SIZE,
      include: { user: { select: { name: true, email: true } } },
    }),
  ])
  return {
    total,
    pageCount: pageCount(total, ATTEMPTS_PAGE_SIZE),
    attempts: rows.map((a) => ({ id: a.id, user: a.user, courseSlug: a.courseSlug, status: a.status, startedAt: a.startedAt, late: a.late, overridden: a.overridePercent !== null, ...effective(a) })),
  }
}

export async function attemptDetail(attemptId: string) {
  const attempt = await db.examAttempt.findUnique({ where: { id: attemptId }, include: { user: { select: { id: true, name: true, email: true } } } })
  if (!attempt) return null
  const [accommodation, certificate, overrider] = await Promise.all([
    db.examAccommodation.findUnique({ where: { userId_courseSlug: { userId: attempt.userId, courseSlug: attempt.courseSlug } } }),
    db.certificate.findUnique({ where: { attemptId }, select: { code: true, revokedAt: true } }),
    attempt.overrideById ? db.user.findUnique({ where: { id: attempt.overrideById }, select: { name: true } }) : Promise.resolve(null),
  ])
  return { attempt, accommodation, certificate, overriderName: overrider?.name ?? null }
}

/**
 * What an override did to the attempt's certificate: issued one, made a revoked one valid again (its
 * revocation was an earlier override's), revoked one, found one revoked for another reason and left
 * it so, or nothing (a fail without a certificate or with one revoked already; a pass whose certificate
 * was already valid, which then shows the new score).
 */
export type OverrideCertificate = 'issued' | 'reinstated' | 'revoked' | 'staysRevoked' | 'unchanged'
export type OverrideResult = { ok: true; certificate: OverrideCertificate } | { ok: false; error: 'notFound' | 'notSubmitted' | 'ownAttempt' }

/**
 * Sets the score that counts, keeping the graded one; a pass issues the certificate (or reinstates
 * the one an earlier override to a fail revoked), a fail revokes it. Never on the actor's own attempt:
 * a trainer or admin would certify themself.
 */
export async function overrideScore(actorId: string, attemptId: string, percent: number, reason: string, ip: string): Promise<OverrideResult> {
  const attempt = await db.examAttempt.findUnique({ where: { id: attemptId } })
  if (!attempt) return { ok: false, error: 'notFound' }
  if (attempt.userId === actorId) return { ok: false, error: 'ownAttempt' }
  if (attempt.status !== 'SUBMITTED' || attempt.percent === null) return { ok: false, error: 'notSubmitted' }
  const course = await findCourse(attempt.courseSlug)
  if (!course?.exam) return { ok: false, error: 'notFound' }
  const passed = percent >= course.exam.rules.passPercent
  // One decision, one transaction: the override, its audit record and the certificate it issues,
  // reinstates or revokes with everything that causes. Retried when a certificate code was taken or
  // another admin's override issued the certificate at the same moment (nothing of this one was
  // written then).
  const certificate = await plainTransaction(async (tx): Promise<OverrideCertificate> => {
    await tx.$executeRaw`
      UPDATE "ExamAttempt" SET "overridePercent" = ${percent}, "overridePassed" = ${passed}, "overrideReason" = ${reason}, "overrideById" = ${actorId}, "overrideAt" = ${new Date()}
      WHERE "id" = ${attemptId}`
    await recordAudit(
      { actorId, action: 'exam.score_overridden', targetType: 'examAttempt', targetId: attemptId, ip, details: { userId: attempt.userId, graded: attempt.percent, previous: attempt.overridePercent, override: percent, passed, reason } },
      tx,
    )
    const [existing] = await tx.$queryRaw<Array<{ id: string; code: string; userId: string; ngoId: string | null; revokedAt: unknown; revokedByOverride: unknown }>>`
      SELECT "id", "code", "userId", "ngoId", "revokedAt", "revokedByOverride" FROM "Certificate" WHERE "attemptId" = ${attemptId}`
    if (passed) {
      if (!existing) {
        await issueCertificateIn(tx, { ...attempt, percent }, course)
        return 'issued'
      }
      if (existing.revokedAt === null) {
        // Valid already: it shows the score that now counts, as a reinstated one does (and what an
        // older version's crash may have left undone is completed).
        await tx.$executeRaw`UPDATE "Certificate" SET "percent" = ${percent} WHERE "id" = ${existing.id}`
        await issueCertificateIn(tx, { ...attempt, percent }, course)
        return 'unchanged'
      }
      // Revoked by an earlier override of this score to a fail: valid again. Revoked by an admin for
      // another reason (misconduct, a mistaken identity): a score does not undo that.
      if (!asBoolean(existing.revokedByOverride)) return 'staysRevoked'
      await reinstateCertificateIn(tx, actorId, existing, percent, reason, ip)
      return 'reinstated'
    }
    if (!existing || existing.revokedAt !== null) return 'unchanged'
    await revokeCertificateIn(tx, actorId, existing.code, `Score overridden: ${reason}`, ip, { byOverride: true })
    return 'revoked'
  }, { tries: 5 })
  return { ok: true, certificate }
}

export type ExtraTimeResult = { ok: true } | { ok: false; error: 'notFound' | 'ownAttempt' | 'closed' }

/**
 * Extra minutes on every attempt of this learner at this course's exam, and on the one under way;
 * never granted by the learner themself (a lead or admin taking the exam). An attempt whose time ran
 * out is over even before a view or the sweep closes it: it is closed and graded first, and when it
 * is the attempt asked about nothing is granted ('closed'), since more minutes would reopen it.
 */
export async function grantExtraTime(actorId: string, attemptId: string, minutes: number, reason: string, ip: string, now = new Date()): Promise<ExtraTimeResult> {
  const attempt = await db.examAttempt.findUnique({ where: { id: attemptId } })
  if (!attempt) return { ok: false, error: 'notFound' }
  if (attempt.userId === actorId) return { ok: false, error: 'ownAttempt' }
  await closeExpiredAttempts(attempt.userId, attempt.courseSlug, now)
  return db.$transaction(async (tx): Promise<ExtraTimeResult> => {
    const open = await tx.examAttempt.findMany({ where: { userId: attempt.userId, courseSlug: attempt.courseSlug, status: 'IN_PROGRESS', deadline: { gte: now } } })
    // Under way when asked, and not now: its time ran out (or it was submitted meanwhile).
    if (attempt.status === 'IN_PROGRESS' && !open.some((a) => a.id === attempt.id)) return { ok: false, error: 'closed' }
    await tx.examAccommodation.upsert({
      where: { userId_courseSlug: { userId: attempt.userId, courseSlug: attempt.courseSlug } },
      create: { userId: attempt.userId, courseSlug: attempt.courseSlug, extraMinutes: minutes, reason, grantedById: actorId },
      update: { extraMinutes: minutes, reason, grantedById: actorId },
    })
    for (const a of open) {
      const limit = Math.round((a.deadline.getTime() - a.startedAt.getTime()) / 60_000) - a.extraMinutes
      await tx.examAttempt.update({ where: { id: a.id }, data: { extraMinutes: minutes, deadline: attemptDeadline(a.startedAt, limit, minutes) } })
    }
    await recordAudit({ actorId, action: 'exam.extra_time_granted', targetType: 'user', targetId: attempt.userId, ip, details: { course: attempt.courseSlug, minutes, reason, openAttempts: open.length } }, tx)
    return { ok: true }
  })
}
