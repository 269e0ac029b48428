/**
 * A person's own data, as one JSON document they can download from their account: what they gave
 * (account, applications and unsent application drafts), what happened to it (its timeline, the
 * election-day assignments made from it with their check-ins), what they did (courses, lessons and
 * knowledge checks, exam attempts and extra time, certificates, live sessions, messages) and what
 * they did in the app (their audit trail, without the details, which may name other people). NGO
 * leads' internal notes about an application, and who among them acted, are not included.
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
    select: { status: true, registeredAt: true, cancelledAt: true, attendedAt: true, attendanceSource: true, minutesPresent: true, session: { select: { titleRu: true, titleKk: true, titleEn: true, startsAt: true, format: true } } },
  })
  const [drafts, enrolments, knowledgeChecks, extraTime, assignments] = await Promise.all([
    db.applicationDraft.findMany({ where: { userId }, orderBy: { updatedAt: 'asc' }, select: { campaignId: true, data: true, updatedAt: true } }),
    db.courseEnrollment.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { courseSlug: true, source: true, createdAt: true } }),
    db.knowledgeCheckAnswer.findMany({ where: { userId }, orderBy: { answeredAt: 'asc' }, take: 10_000, select: { courseSlug: true, lessonSlug: true, quizId: true, locale: true, selected: true, correct: true, answeredAt: true } }),
    db.examAccommodation.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { courseSlug: true, extraMinutes: true, createdAt: true } }),
    // Election day: where they were placed (with the ID document number a lead typed for the letter) and their check-ins.
    db.assignment.findMany({
      where: { application: { userId } },
      orderBy: { createdAt: 'asc' },
      select: {
        status: true, declineReason: true, respondedAt: true, idDocumentNumber: true, createdAt: true,
        campaign: { select: { slug: true } },
        ngo: { select: { name: true } },
        station: { select: { regionCode: true, number: true, district: true, address: true } },
        shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } },
        checkIns: { orderBy: { serverAt: 'asc' }, select: { kind: true, deviceAt: true, serverAt: true, recordedById: true } },
      },
    }),
  ])
  const draftCampaigns = new Map((await db.campaign.findMany({ where: { id: { in: drafts.map((d) => d.campaignId) } }, select: { id: true, slug: true } })).map((c) => [c.id, c.slug]))
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
    applicationDrafts: drafts.map((d) => ({ campaign: draftCampaigns.get(d.campaignId) ?? null, form: parse(d.data), updatedAt: d.updatedAt })),
    assignments: assignments.map(({ campaign, ngo, shift, checkIns, ...a }) => ({
      ...a,
      campaign: campaign.slug,
      ngo: ngo.name,
      shift: { name: { ru: shift.nameRu, kk: shift.nameKk, en: shift.nameEn }, startsAt: shift.startsAt, endsAt: shift.endsAt },
      // Who recorded a check-in for them is another person: said only as "self" or "lead".
      checkIns: checkIns.map(({ recordedById, ...c }) => ({ ...c, recordedBy: recordedById && recordedById !== userId ? 'lead' : 'self' })),
    })),
    courses: enrolments,
    lessons: progress,
    knowledgeChecks: knowledgeChecks.map(({ selected, ...k }) => ({ ...k, selected: parse(selected) })),
    examExtraTime: extraTime,
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
