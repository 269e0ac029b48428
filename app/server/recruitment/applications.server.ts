/**
 * Applications: a volunteer applies to one NGO for one campaign; NGO leads (and the system) move it
 * through the pipeline, each move recorded with who, when and why. Screens come with issue 5.
 */
import { isCertified, type CertificationFacts } from '~/domain/certification.ts'
import { courseProgress } from '~/domain/content/progress.ts'
import { trainingCourseParam } from '~/domain/notifications.ts'
import { checkMove, type ApplicationState, type PipelineActor } from '~/domain/pipeline.ts'
import { parseList, recruitSearchText } from '~/domain/recruits.ts'
import { draftFields, type ApplicationDraft, type ApplicationInput } from '~/domain/validation/application.ts'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { findCourse } from '../courses/catalog.server.ts'
import { asDate, db, newId, plainTransaction, Prisma, type RawClient, type Tx } from '../platform/db.server.ts'
import { notify } from '../jobs/notifications.server.ts'
import { endAssignmentsIn } from '../deployment/ended-assignments.server.ts'
import { certificationCampaign, certificationCampaignSelect, certificationFacts, requiredCourses, requiresCourseSql } from '../exams/certification.server.ts'

/** Bumped whenever the consent text (apply.consentText) changes in any language. */
export const CONSENT_VERSION = '2026-12-v2'

export type SubmitResult =
  | { ok: true; applicationId: string }
  | { ok: false; error: 'campaignNotFound' | 'ngoNotFound' | 'alreadyApplied' | 'duplicateIin' }

export async function submitApplication(userId: string, campaignId: string, ngoId: string, input: ApplicationInput, ip: string, now = new Date()): Promise<SubmitResult> {
  const [campaign, ngo] = await Promise.all([db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } }), db.ngo.findUnique({ where: { id: ngoId }, select: { id: true } })])
  if (!campaign) return { ok: false, error: 'campaignNotFound' }
  if (!ngo) return { ok: false, error: 'ngoNotFound' }
  const mine = await db.application.findUnique({ where: { campaignId_userId: { campaignId, userId } }, select: { id: true } })
  if (mine) return { ok: false, error: 'alreadyApplied' }
  const sameIin = await db.application.findUnique({ where: { campaignId_iin: { campaignId, iin: input.iin } }, select: { id: true, ngoId: true } })
  if (sameIin) {
    // The first NGO's lead sees that someone tried again with this IIN (no personal data of the second attempt is kept).
    await recordAudit({ actorId: userId, action: 'application.duplicate_attempt', targetType: 'application', targetId: sameIin.id, ngoId: sameIin.ngoId, ip, details: { attemptedNgoId: ngoId } })
    return { ok: false, error: 'duplicateIin' }
  }
  try {
    const application = await db.$transaction(async (tx) => {
      const created = await tx.application.create({
        data: {
          campaignId,
          ngoId,
          userId,
          ...applicationData(input),
          consentVersion: CONSENT_VERSION,
          consentedAt: now,
          events: { create: { toState: 'submitted', actorId: userId, actorRole: 'volunteer', at: now } },
        },
      })
      await recordAudit({ actorId: userId, action: 'application.submitted', targetType: 'application', targetId: created.id, ngoId, ip, details: { campaignId, consentVersion: CONSENT_VERSION } }, tx)
      await notify(userId, 'application.received', { applicationId: created.id, campaignId, ngoId }, tx)
      await tx.applicationDraft.deleteMany({ where: { userId, campaignId } })
      return created
    })
    return { ok: true, applicationId: application.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'duplicateIin' }
    throw error
  }
}

/** The columns of an application made from validated input (shared by the form, hand entry and import). */
export function applicationData(input: Omit<ApplicationInput, 'consent'>) {
  return {
    fullName: input.fullName,
    iin: input.iin,
    birthDate: new Date(`${input.birthDate}T00:00:00.000Z`),
    sex: input.sex ?? null,
    phone: input.phone,
    email: input.email,
    regionCode: input.regionCode,
    settlement: input.settlement,
    pollingStation: input.pollingStation ?? null,
    languages: JSON.stringify(input.languages),
    availability: JSON.stringify(input.availability),
    declarations: JSON.stringify(input.declarations),
    experience: input.experience,
    motivation: input.motivation ?? null,
    searchText: recruitSearchText(input),
  }
}

export type MoveResult = { ok: true } | { ok: false; error: 'notFound' | 'sameState' | 'notAllowed' | 'notYours' | 'reasonRequired' }

/**
 * Moves an application if the pipeline allows this actor to; accepting enrols the volunteer in
 * the campaign's required courses. Authorisation (which lead may act on which NGO) is the caller's.
 */
export async function moveApplication(applicationId: string, to: ApplicationState, actor: { id: string | null; role: PipelineActor }, reason: string | undefined, ip: string): Promise<MoveResult> {
  // Its statements are plain ones: a plain transaction (a lead's bulk action moves a page of recruits one by one).
  return plainTransaction((tx) => moveApplicationIn(tx, applicationId, to, actor, reason, ip))
}

/** The same move inside a caller's transaction, so it commits (or not) with the decision that caused it. */
export async function moveApplicationIn(tx: RawClient, applicationId: string, to: ApplicationState, actor: { id: string | null; role: PipelineActor }, reason: string | undefined, ip: string): Promise<MoveResult> {
  // Plain statements: a move runs inside the transaction of whatever caused it (a lead's click, an
  // exam's certificate), Prisma's or a plain one.
  const [application] = await tx.$queryRaw<Array<{ id: string; state: ApplicationState; ngoId: string; userId: string; campaignId: string }>>`
    SELECT "id", "state", "ngoId", "userId", "campaignId" FROM "Application" WHERE "id" = ${applicationId}`
  if (!application) return { ok: false, error: 'notFound' }
  const check = checkMove(application.state, to, actor.role)
  if (!check.ok) return check
  if (check.reasonRequired && !reason?.trim()) return { ok: false, error: 'reasonRequired' }
  // Only from the state we checked: two leads clicking at once move it once.
  const at = new Date()
  const changed = await tx.$executeRaw`UPDATE "Application" SET "state" = ${to}, "stateChangedAt" = ${at}, "updatedAt" = ${at} WHERE "id" = ${applicationId} AND "state" = ${application.state}`
  if (changed !== 1) return { ok: false, error: 'notAllowed' }
  await tx.$executeRaw`
    INSERT INTO "ApplicationEvent" ("id", "applicationId", "fromState", "toState", "actorId", "actorRole", "reason", "at")
    VALUES (${newId()}, ${applicationId}, ${application.state}, ${to}, ${actor.id}, ${actor.role}, ${reason?.trim() || null}, ${at})`
  await recordAudit({ actorId: actor.id, action: 'application.moved', targetType: 'application', targetId: applicationId, ngoId: application.ngoId, ip, details: { from: application.state, to, reason } }, tx)
  // Only a certified observer goes to a station: any other state ends the shifts still to come.
  // The observer is told unless it was their own doing (they withdrew).
  const endedAt = to !== 'certified' ? await endAssignmentsIn(tx, applicationId, { actorId: actor.id, ip, because: to, tellObserver: actor.role !== 'volunteer' }, at) : []
  const about = { applicationId, campaignId: application.campaignId, ngoId: application.ngoId }
  // A certified observer leaving the roster: the NGO's other leads hear of it (the stations left without them).
  if (to === 'withdrawn' && application.state === 'certified') await tellLeadsOfWithdrawal(tx, { ...about, actorId: actor.id, stations: endedAt })
  if (to === 'rejected') await notify(application.userId, 'application.rejected', { ...about, reason: reason?.trim() ?? '' }, tx)
  // A closed application a lead takes up again: its volunteer learns it is active once more (and may withdraw).
  if (to === 'screening' && (application.state === 'rejected' || application.state === 'withdrawn')) await notify(application.userId, 'application.reopened', about, tx)
  if (to === 'accepted') {
    const courses = await requiredCourses(tx, application.campaignId)
    for (const { courseSlug } of courses) {
      await tx.$executeRaw`
        INSERT INTO "CourseEnrollment" ("id", "userId", "courseSlug", "source", "campaignId", "createdAt")
        VALUES (${newId()}, ${application.userId}, ${courseSlug}, 'campaign', ${application.campaignId}, ${at})
        ON CONFLICT ("userId", "courseSlug") DO UPDATE SET "source" = 'campaign', "campaignId" = ${application.campaignId}`
    }
    // Someone who already meets the campaign's rule (an observer of an earlier election whose
    // certificate is still valid on this election day) is certified at once, in this transaction, and
    // told so; nobody else moves it, since certification follows a certificate or an attendance.
    const certified = await certifyApplications(tx, application.userId, () => certificationFacts(tx, application.userId))
    for (const moved of certified) await notify(application.userId, 'application.certified', { campaignId: moved.campaignId, ngoId: moved.ngoId }, tx)
    // Otherwise the message's link goes where the training starts: the campaign's course (`notificationPath`).
    if (!certified.some((moved) => moved.campaignId === application.campaignId)) await notify(application.userId, 'application.accepted', { ...about, ...trainingCourseParam(courses) }, tx)
  }
  return { ok: true }
}

/**
 * Each lead of the NGO but the one who recorded it is told that a certified observer withdrew, with a link to
 * the recruit's page (the name stays there: a notification keeps no personal data).
 */
async function tellLeadsOfWithdrawal(tx: RawClient, withdrawal: { applicationId: string; campaignId: string; ngoId: string; actorId: string | null; stations: string[] }) {
  const leads = await tx.$queryRaw<Array<{ userId: string; slug: string }>>`
    SELECT m."userId", n."slug" FROM "Membership" m JOIN "Ngo" n ON n."id" = m."ngoId" WHERE m."ngoId" = ${withdrawal.ngoId} AND m."role" = 'LEAD'`
  for (const lead of leads) {
    if (lead.userId === withdrawal.actorId) continue
    const params = { applicationId: withdrawal.applicationId, campaignId: withdrawal.campaignId, ngoId: withdrawal.ngoId, ngo: lead.slug, station: withdrawal.stations.join(', ') }
    await notify(lead.userId, 'application.withdrawn', params, tx)
  }
}

/** The history of an application, oldest first (the volunteer and the lead both see it). */
export function applicationTimeline(applicationId: string) {
  return db.applicationEvent.findMany({ where: { applicationId }, orderBy: { at: 'asc' } })
}

/** The system's moves need no request: they record no IP. */
const SYSTEM = { id: null, role: 'system' } as const

/** Training starts on the first lesson opened of a course the campaign requires. */
export async function startTraining(userId: string, courseSlug: string): Promise<void> {
  const accepted = await db.application.findMany({ where: { userId, state: 'accepted', campaign: { courses: { some: { courseSlug, required: true } } } }, select: { id: true } })
  for (const { id } of accepted) await moveApplication(id, 'in_training', SYSTEM, undefined, '')
}

/**
 * Keeps each open application's `trainingPercent` (lessons done of all the campaign's required
 * lessons) current, so the lead's list filters and sorts on a column instead of joining progress.
 */
export async function refreshTrainingProgress(userId: string): Promise<void> {
  const applications = await db.application.findMany({
    where: { userId, state: { in: ['accepted', 'in_training', 'certified'] } },
    select: { id: true, trainingPercent: true, campaign: { select: { courses: { where: { required: true }, select: { courseSlug: true } } } } },
  })
  if (applications.length === 0) return
  const completedRows = await db.lessonProgress.findMany({ where: { userId, completedAt: { not: null } }, select: { courseSlug: true, lessonSlug: true } })
  // Done and total per course by the course's current lessons (a lesson since removed does not count).
  const byCourse = new Map<string, { done: number; total: number }>()
  for (const slug of new Set(applications.flatMap((a) => a.campaign.courses.map((c) => c.courseSlug)))) {
    const states = new Map(completedRows.filter((r) => r.courseSlug === slug).map((r) => [r.lessonSlug, { opened: true, done: true }]))
    byCourse.set(slug, courseProgress((await findCourse(slug))?.lessons.map((l) => l.slug) ?? [], states))
  }
  for (const application of applications) {
    const parts = application.campaign.courses.map((c) => byCourse.get(c.courseSlug) ?? { done: 0, total: 0 })
    const total = parts.reduce((sum, p) => sum + p.total, 0)
    const completed = parts.reduce((sum, p) => sum + p.done, 0)
    const percent = total === 0 ? 0 : Math.floor((completed * 100) / total)
    if (percent !== application.trainingPercent) await db.application.update({ where: { id: application.id }, data: { trainingPercent: percent } })
  }
}

/**
 * Applies the certification rule (app/domain/certification.ts) to the learner's open applications:
 * those it now holds for move to `certified`. Returns the campaigns moved. `person` is read only when
 * there is an open application (most certificates of self-enrolled learners have none). Plain
 * statements for the reads, as certificationFacts: they run inside every certificate's transaction.
 */
export async function certifyApplications(tx: RawClient, userId: string, person: CertificationFacts | (() => Promise<CertificationFacts>)): Promise<Array<{ campaignId: string; ngoId: string }>> {
  const open = await tx.$queryRaw<Array<{ id: string; campaignId: string; ngoId: string; electionDay: unknown; requiredLiveSessions: number | bigint }>>`
    SELECT a."id", a."campaignId", a."ngoId", c."electionDay", c."requiredLiveSessions" FROM "Application" a JOIN "Campaign" c ON c."id" = a."campaignId"
    WHERE a."userId" = ${userId} AND a."state" IN (${Prisma.join(['accepted', 'in_training'])}) ORDER BY a."id"`
  if (open.length === 0) return []
  const required = await tx.$queryRaw<Array<{ campaignId: string; courseSlug: string }>>`
    SELECT "campaignId", "courseSlug" FROM "CampaignCourse" WHERE "required" IS TRUE AND "campaignId" IN (${Prisma.join(open.map((a) => a.campaignId))}) ORDER BY "courseSlug"`
  const facts = typeof person === 'function' ? await person() : person
  const moved: Array<{ campaignId: string; ngoId: string }> = []
  for (const application of open) {
    const campaign = certificationCampaign({
      id: application.campaignId,
      electionDay: asDate(application.electionDay),
      requiredLiveSessions: Number(application.requiredLiveSessions),
      courses: required.filter((r) => r.campaignId === application.campaignId),
    })
    if (!isCertified(campaign, facts)) continue
    const result = await moveApplicationIn(tx, application.id, 'certified', SYSTEM, undefined, '')
    if (result.ok) moved.push({ campaignId: application.campaignId, ngoId: application.ngoId })
  }
  return moved
}

/**
 * Re-applies the certification rule to every application of the person after a fact other than a new
 * certificate changed (a live-session attendance recorded or removed, a session cancelled): open
 * applications it now holds for move to `certified` (the person is told), certified ones it no longer
 * holds for go back to training, as a revocation sends them. In the caller's transaction.
 */
export async function reevaluateApplications(tx: Tx, userId: string, person: CertificationFacts): Promise<{ certified: string[]; uncertified: string[] }> {
  const certified: string[] = []
  for (const moved of await certifyApplications(tx, userId, person)) {
    certified.push(moved.campaignId)
    await notify(userId, 'application.certified', { campaignId: moved.campaignId, ngoId: moved.ngoId }, tx)
  }
  const held = await tx.application.findMany({ where: { userId, state: 'certified' }, select: { id: true, campaignId: true, campaign: { select: certificationCampaignSelect } } })
  const uncertified: string[] = []
  for (const application of held) {
    if (isCertified(certificationCampaign(application.campaign), person)) continue
    const result = await moveApplicationIn(tx, application.id, 'in_training', SYSTEM, undefined, '')
    if (result.ok) uncertified.push(application.campaignId)
  }
  return { certified, uncertified }
}

/** A revoked certificate sends the recruit of that campaign back to training, in the revocation's transaction. */
export async function uncertifyApplication(tx: RawClient, userId: string, campaignId: string, reason: string): Promise<void> {
  const [application] = await tx.$queryRaw<Array<{ id: string; state: string }>>`SELECT "id", "state" FROM "Application" WHERE "campaignId" = ${campaignId} AND "userId" = ${userId}`
  if (application?.state === 'certified') await moveApplicationIn(tx, application.id, 'in_training', SYSTEM, reason, '')
}

/** The learner's application that a certificate for this course counts towards (the soonest election first). One plain statement: it runs inside every certificate's transaction. */
export async function applicationForCourse(userId: string, courseSlug: string, client: RawClient = db): Promise<{ campaignId: string; ngoId: string; fullName: string; campaign: { electionDay: Date } } | null> {
  const rows = await client.$queryRaw<Array<{ campaignId: string; ngoId: string; fullName: string; electionDay: unknown }>>`
    SELECT a."campaignId", a."ngoId", a."fullName", c."electionDay" FROM "Application" a JOIN "Campaign" c ON c."id" = a."campaignId"
    WHERE a."userId" = ${userId} AND a."state" IN (${Prisma.join(['accepted', 'in_training', 'certified'])})
      AND ${requiresCourseSql('a."campaignId"', courseSlug)}
    ORDER BY c."electionDay", a."campaignId" LIMIT 1`
  const row = rows[0]
  return row ? { campaignId: row.campaignId, ngoId: row.ngoId, fullName: row.fullName, campaign: { electionDay: asDate(row.electionDay) } } : null
}

/** Campaigns a volunteer can apply to now (deadline not passed), soonest deadline first, with the NGOs to choose from. */
export async function openCampaigns(now = new Date()) {
  const [campaigns, ngos] = await Promise.all([
    db.campaign.findMany({ where: { applicationDeadline: { gte: startOfDay(now) } }, orderBy: { applicationDeadline: 'asc' } }),
    db.ngo.findMany({ orderBy: { name: 'asc' }, select: { id: true, slug: true, name: true, description: true, regions: { select: { regionCode: true } } } }),
  ])
  return { campaigns, ngos: ngos.map((n) => ({ ...n, regions: n.regions.map((r) => r.regionCode) })) }
}

/** A deadline is a date: applications stay open through that whole day. */
function startOfDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/** The rules of the form for one campaign (deadline at the end of its day). */
export function applicationContextOf(campaign: { electionDay: Date; applicationDeadline: Date; minimumAge: number; declarations: string }, declarations: readonly string[], now = new Date()) {
  return { electionDay: campaign.electionDay, applicationDeadline: new Date(campaign.applicationDeadline.getTime() + 86_400_000 - 1), minimumAge: campaign.minimumAge, declarations, now }
}

/** What the volunteer typed so far (never the consent: that is given at submission). Bounded, unvalidated. */
/**
 * Keeps what the person typed so far; false (nothing kept) once their application to the campaign is
 * in. The form's autosave can arrive just after the submission (typed, then "Submit" within its
 * delay): such a draft, IIN and phone included, had stayed for good, since the form is never shown
 * again and the submission had already deleted the drafts.
 */
export async function saveDraft(userId: string, campaignId: string, draft: ApplicationDraft): Promise<boolean> {
  const values: Record<string, string | string[]> = {}
  for (const field of draftFields) {
    const value = draft[field]
    if (value !== undefined) values[field] = value
  }
  const data = JSON.stringify(values)
  return db.$transaction(async (tx) => {
    if (await tx.application.findUnique({ where: { campaignId_userId: { campaignId, userId } }, select: { id: true } })) return false
    await tx.applicationDraft.upsert({ where: { userId_campaignId: { userId, campaignId } }, create: { userId, campaignId, data }, update: { data } })
    return true
  })
}

export async function loadDraft(userId: string, campaignId: string): Promise<{ values: Record<string, string | string[]>; savedAt: Date } | null> {
  const row = await db.applicationDraft.findUnique({ where: { userId_campaignId: { userId, campaignId } } })
  if (!row) return null
  try {
    return { values: JSON.parse(row.data) as Record<string, string | string[]>, savedAt: row.updatedAt }
  } catch {
    return null
  }
}

/** The volunteer's own applications with their timelines, newest first. */
export async function myApplications(userId: string, now = new Date()) {
  const rows = await db.application.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    include: { campaign: true, ngo: { select: { name: true, contactEmail: true, contactPhone: true } }, events: { orderBy: { at: 'asc' } } },
  })
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    createdAt: r.createdAt,
    trainingPercent: r.trainingPercent,
    campaign: { slug: r.campaign.slug, nameRu: r.campaign.nameRu, nameKk: r.campaign.nameKk, nameEn: r.campaign.nameEn, electionDay: r.campaign.electionDay },
    /** The campaign still takes applications (through its deadline's day). */
    campaignOpen: now.getTime() <= applicationContextOf(r.campaign, [], now).applicationDeadline.getTime(),
    ngo: r.ngo,
    timeline: r.events.map((e) => ({ id: e.id, fromState: e.fromState, toState: e.toState, actorRole: e.actorRole, reason: e.reason, at: e.at })),
  }))
}

/** The volunteer withdraws their own application (only theirs; from an open state, or off the roster once certified). */
export async function withdrawOwnApplication(userId: string, applicationId: string, reason: string | undefined, ip: string): Promise<MoveResult> {
  const own = await db.application.findFirst({ where: { id: applicationId, userId }, select: { id: true } })
  if (!own) return { ok: false, error: 'notFound' }
  return moveApplication(applicationId, 'withdrawn', { id: userId, role: 'volunteer' }, reason, ip)
}

/**
 * The volunteer applies again after withdrawing: the same application back to `submitted` among the
 * NGO's new ones (its history kept, the lead screens it anew), while the campaign takes applications.
 */
export async function reapplyOwnApplication(userId: string, applicationId: string, ip: string, now = new Date()): Promise<MoveResult | { ok: false; error: 'closed' }> {
  const own = await db.application.findFirst({ where: { id: applicationId, userId }, select: { campaign: { select: { electionDay: true, applicationDeadline: true, minimumAge: true, declarations: true } } } })
  if (!own) return { ok: false, error: 'notFound' }
  if (now.getTime() > applicationContextOf(own.campaign, [], now).applicationDeadline.getTime()) return { ok: false, error: 'closed' }
  return moveApplication(applicationId, 'submitted', { id: userId, role: 'volunteer' }, undefined, ip)
}

/**
 * What a volunteer who applied before (for an earlier election) gave then, to start a new form with:
 * who they are, how to reach them, where they live and their languages. Not the NGO, the polling
 * station, availability, experience, motivation or declarations: this campaign's to answer. The newest
 * application the person still has (an anonymised one keeps nothing); null when there is none.
 */
export async function earlierApplication(userId: string): Promise<{ campaign: { nameRu: string; nameKk: string; nameEn: string }; values: Record<string, string | string[]> } | null> {
  const row = await db.application.findFirst({
    where: { userId, anonymisedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { fullName: true, iin: true, birthDate: true, sex: true, phone: true, email: true, regionCode: true, settlement: true, languages: true, campaign: { select: { nameRu: true, nameKk: true, nameEn: true } } },
  })
  if (!row) return null
  const values: Record<string, string | string[]> = {
    fullName: row.fullName,
    iin: row.iin,
    birthDate: row.birthDate.toISOString().slice(0, 10),
    phone: row.phone,
    email: row.email,
    regionCode: row.regionCode,
    settlement: row.settlement,
    languages: parseList(row.languages),
  }
  if (row.sex) values.sex = row.sex
  return { campaign: row.campaign, values }
}

export async function hasApplied(userId: string, campaignId: string): Promise<boolean> {
  return !!(await db.application.findUnique({ where: { campaignId_userId: { campaignId, userId } }, select: { id: true } }))
}
