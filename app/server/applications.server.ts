/**
 * Applications: a volunteer applies to one NGO for one campaign; NGO leads (and the system) move it
 * through the pipeline, each move recorded with who, when and why. Screens come with issue 5.
 */
import { checkMove, type ApplicationState, type PipelineActor } from '~/domain/pipeline.ts'
import type { ApplicationInput } from '~/domain/validation/application.ts'
import { isUniqueViolation } from './accounts.server.ts'
import { recordAudit } from './audit.server.ts'
import { db } from './db.server.ts'

export const CONSENT_VERSION = '2026-11-v1'

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
          consentVersion: CONSENT_VERSION,
          consentedAt: now,
          events: { create: { toState: 'submitted', actorId: userId, actorRole: 'volunteer', at: now } },
        },
      })
      await recordAudit({ actorId: userId, action: 'application.submitted', targetType: 'application', targetId: created.id, ngoId, ip, details: { campaignId, consentVersion: CONSENT_VERSION } }, tx)
      return created
    })
    return { ok: true, applicationId: application.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'duplicateIin' }
    throw error
  }
}

export type MoveResult = { ok: true } | { ok: false; error: 'notFound' | 'sameState' | 'notAllowed' | 'notYours' | 'reasonRequired' }

/**
 * Moves an application if the pipeline allows this actor to; accepting enrols the volunteer in
 * the campaign's required courses. Authorisation (which lead may act on which NGO) is the caller's.
 */
export async function moveApplication(applicationId: string, to: ApplicationState, actor: { id: string | null; role: PipelineActor }, reason: string | undefined, ip: string): Promise<MoveResult> {
  const application = await db.application.findUnique({ where: { id: applicationId }, select: { id: true, state: true, ngoId: true, userId: true, campaignId: true } })
  if (!application) return { ok: false, error: 'notFound' }
  const check = checkMove(application.state, to, actor.role)
  if (!check.ok) return check
  if (check.reasonRequired && !reason?.trim()) return { ok: false, error: 'reasonRequired' }
  const moved = await db.$transaction(async (tx) => {
    // Only from the state we checked: two leads clicking at once move it once.
    const changed = await tx.application.updateMany({ where: { id: applicationId, state: application.state }, data: { state: to } })
    if (changed.count !== 1) return false
    await tx.applicationEvent.create({ data: { applicationId, fromState: application.state, toState: to, actorId: actor.id, actorRole: actor.role, reason: reason?.trim() || null } })
    await recordAudit({ actorId: actor.id, action: 'application.moved', targetType: 'application', targetId: applicationId, ngoId: application.ngoId, ip, details: { from: application.state, to, reason } }, tx)
    if (to === 'accepted') {
      const required = await tx.campaignCourse.findMany({ where: { campaignId: application.campaignId, required: true }, select: { courseSlug: true } })
      for (const { courseSlug } of required) {
        await tx.courseEnrollment.upsert({
          where: { userId_courseSlug: { userId: application.userId, courseSlug } },
          create: { userId: application.userId, courseSlug, source: 'campaign', campaignId: application.campaignId },
          update: { source: 'campaign', campaignId: application.campaignId },
        })
      }
    }
    return true
  })
  return moved ? { ok: true } : { ok: false, error: 'notAllowed' }
}

/** The history of an application, oldest first (the volunteer and the lead both see it). */
export function applicationTimeline(applicationId: string) {
  return db.applicationEvent.findMany({ where: { applicationId }, orderBy: { at: 'asc' } })
}
