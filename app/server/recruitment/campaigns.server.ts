import type { Locale } from '~/domain/locale.ts'
import { electionDate, kzParts } from '~/domain/assignments.ts'
import type { CampaignInput } from '~/domain/validation/admin.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { publishedCourses } from '../courses/catalog.server.ts'
import { db } from '../platform/db.server.ts'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { reevaluateCertification } from '../live-sessions/certification-hook.server.ts'
import { followElectionDay } from '../deployment/shifts.server.ts'

export function listCampaigns() {
  return db.campaign.findMany({ orderBy: [{ electionDay: 'desc' }, { slug: 'asc' }] })
}

/** Campaigns whose election day has not passed, soonest first. */
export function listUpcomingCampaigns(now = new Date()) {
  return db.campaign.findMany({ where: { electionDay: { gte: now } }, orderBy: { electionDay: 'asc' } })
}

export function getCampaign(id: string) {
  return db.campaign.findUnique({ where: { id } })
}

export type CampaignSaveResult = { ok: true; id: string } | { ok: false; error: CampaignSaveError }
type CampaignSaveError = 'slugTaken' | 'unknownCourse' | 'electionDayPast'

/** Published courses an admin can make required, as { slug, title } in the admin's language. */
export async function requirableCourses(locale: Locale) {
  return (await publishedCourses()).map((c) => ({ slug: c.slug, title: c.file.title[locale] }))
}

async function unknownCourses(slugs: string[]): Promise<boolean> {
  const known = new Set((await publishedCourses()).map((c) => c.slug))
  return slugs.some((slug) => !known.has(slug))
}

export function requiredCourseSlugs(campaignId: string) {
  return db.campaignCourse.findMany({ where: { campaignId, required: true }, select: { courseSlug: true } }).then((rows) => rows.map((r) => r.courseSlug))
}

/** The campaign's own columns, each named: nothing else a caller's object carries reaches the table. */
function campaignData(input: CampaignInput) {
  return {
    slug: input.slug,
    nameRu: input.nameRu,
    nameKk: input.nameKk,
    nameEn: input.nameEn,
    kind: input.kind,
    electionDay: input.electionDay,
    applicationDeadline: input.applicationDeadline,
    declarations: input.declarations,
    minimumAge: input.minimumAge,
    requiredLiveSessions: input.requiredLiveSessions,
  }
}

export async function createCampaign(actorId: string, input: CampaignInput, ip: string, now = new Date()): Promise<CampaignSaveResult> {
  // A new campaign is for an election still to come (a typo of the year made a 2020 one); an old one stays editable.
  if (electionDayPassed(input.electionDay, now)) return { ok: false, error: 'electionDayPast' }
  if (await unknownCourses(input.requiredCourses)) return { ok: false, error: 'unknownCourse' }
  const fields = campaignData(input)
  const requiredCourses = [...new Set(input.requiredCourses)]
  try {
    const campaign = await db.$transaction(async (tx) => {
      const created = await tx.campaign.create({ data: { ...fields, courses: { create: requiredCourses.map((courseSlug) => ({ courseSlug })) } } })
      await recordAudit({ actorId, action: 'campaign.created', targetType: 'campaign', targetId: created.id, ip, details: { ...fields, requiredCourses: input.requiredCourses } }, tx)
      return created
    })
    return { ok: true, id: campaign.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}

export async function updateCampaign(actorId: string, id: string, input: CampaignInput, ip: string): Promise<CampaignSaveResult> {
  if (await unknownCourses(input.requiredCourses)) return { ok: false, error: 'unknownCourse' }
  const fields = campaignData(input)
  const requiredCourses = [...new Set(input.requiredCourses)]
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.campaign.findUniqueOrThrow({ where: { id }, select: { electionDay: true } })
      await tx.campaign.update({ where: { id }, data: fields })
      await tx.campaignCourse.deleteMany({ where: { campaignId: id } })
      await tx.campaignCourse.createMany({ data: requiredCourses.map((courseSlug) => ({ campaignId: id, courseSlug })) })
      // A new election day takes the shifts (and what was sent for them) along.
      const observersTold = await followElectionDay(tx, id, before.electionDay, fields.electionDay)
      const moved = before.electionDay.getTime() !== fields.electionDay.getTime() ? { shiftsMoved: true, observersTold } : {}
      await recordAudit({ actorId, action: 'campaign.updated', targetType: 'campaign', targetId: id, ip, details: { ...fields, requiredCourses: input.requiredCourses, ...moved } }, tx)
      // What certifies changed (courses, live sessions): each recruit in training or certified is
      // measured again, so their application's state agrees with the rosters at once.
      const recruits = await tx.application.findMany({ where: { campaignId: id, state: { in: ['in_training', 'certified'] }, anonymisedAt: null }, select: { userId: true } })
      for (const { userId } of recruits) await reevaluateCertification(tx, userId)
    })
    return { ok: true, id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}

/** Form errors for a refused save, as validation message keys. */
export function campaignFieldErrors(error: CampaignSaveError): Record<string, string[]> {
  if (error === 'electionDayPast') return { electionDay: ['validation.electionDayPast'] }
  return error === 'slugTaken' ? { slug: ['validation.slugTaken'] } : { requiredCourses: ['validation.course'] }
}

/** An election day (a date field: midnight UTC of the day) before today in Kazakhstan (UTC+5). */
export function electionDayPassed(electionDay: Date, now: Date): boolean {
  return electionDate(electionDay) < kzParts(now).date
}
