/**
 * A person's own data, as one JSON document they can download from their account: what they gave
 * (account, applications), what happened to it (its timeline), what they did (lessons, exam attempts,
 * certificates, live sessions, messages) and what they did in the app (their audit trail, without the details, which
 * may name other people). NGO leads' internal notes about an application are not included.
 */
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'

export async function personalDataOf(userId: string, ip: string, now = new Date()) {
  const [account, applications, memberships, progress, attempts, certificates, notifications, audit] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailConfirmedAt: true, name: true, locale: true, createdAt: true, deletionRequestedAt: true } }),
    db.application.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: {
        fullName: true, iin: true, birthDate: true, sex: true, phone: true, email: true, regionCode: true, settlement: true, pollingStation: true,
        languages: true, availability: true, experience: true, motivation: true, declarations: true, consentVersion: true, consentedAt: true,
        state: true, createdAt: true, source: true,
        campaign: { select: { slug: true, nameRu: true, nameKk: true, nameEn: true } },
        ngo: { select: { name: true } },
        events: { orderBy: { at: 'asc' }, select: { fromState: true, toState: true, actorRole: true, reason: true, at: true } },
      },
    }),
    db.membership.findMany({ where: { userId }, select: { role: true, ngo: { select: { name: true } } } }),
    db.lessonProgress.findMany({ where: { userId }, orderBy: { openedAt: 'asc' }, select: { courseSlug: true, lessonSlug: true, openedAt: true, completedAt: true } }),
    db.examAttempt.findMany({ where: { userId }, orderBy: { startedAt: 'asc' }, select: { courseSlug: true, startedAt: true, submittedAt: true, percent: true, passed: true, overridePercent: true, overridePassed: true } }),
    db.certificate.findMany({ where: { userId }, orderBy: { issuedAt: 'asc' }, select: { code: true, holderName: true, courseSlug: true, issuedAt: true, expiresAt: true, revokedAt: true, revokeReason: true } }),
    db.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, createdAt: true, readAt: true } }),
    db.auditEvent.findMany({ where: { actorId: userId }, orderBy: { at: 'asc' }, take: 10_000, select: { action: true, at: true, targetType: true } }),
  ])
  const liveSessions = await db.liveSessionRegistration.findMany({
    where: { userId },
    orderBy: { registeredAt: 'asc' },
    select: { status: true, registeredAt: true, cancelledAt: true, attendedAt: true, attendanceSource: true, session: { select: { titleRu: true, titleKk: true, titleEn: true, startsAt: true, format: true } } },
  })
  // What became of each message's email: its job's state, in the words the export has always used.
  const emails = await db.job.findMany({ where: { kind: 'notification.email', subjectId: { in: notifications.map((n) => n.id) } }, select: { subjectId: true, state: true } })
  const words: Record<string, string> = { done: 'sent', failed: 'failed', cancelled: 'cancelled' }
  const emailStatus = new Map(emails.map((job) => [job.subjectId, words[job.state] ?? 'pending']))
  await recordAudit({ actorId: userId, action: 'account.data_exported', targetType: 'user', targetId: userId, ip })
  return {
    exportedAt: now.toISOString(),
    account,
    memberships: memberships.map((m) => ({ role: m.role, ngo: m.ngo.name })),
    applications: applications.map(({ languages, availability, declarations, ...a }) => ({ ...a, languages: parse(languages), availability: parse(availability), declarations: parse(declarations) })),
    lessons: progress,
    examAttempts: attempts,
    certificates,
    liveSessions: liveSessions.map(({ session, ...r }) => ({ ...r, session: { title: { ru: session.titleRu, kk: session.titleKk, en: session.titleEn }, startsAt: session.startsAt, format: session.format } })),
    notifications: notifications.map(({ id, ...n }) => ({ ...n, emailStatus: emailStatus.get(id) ?? 'pending' })),
    activity: audit,
  }
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}
