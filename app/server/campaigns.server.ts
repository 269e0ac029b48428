import type { CampaignInput } from '~/domain/validation/admin.ts'
import { recordAudit } from './audit.server.ts'
import { db } from './db.server.ts'
import { isUniqueViolation } from './accounts.server.ts'

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

export type CampaignSaveResult = { ok: true; id: string } | { ok: false; error: 'slugTaken' }

export async function createCampaign(actorId: string, input: CampaignInput, ip: string): Promise<CampaignSaveResult> {
  try {
    const campaign = await db.$transaction(async (tx) => {
      const created = await tx.campaign.create({ data: input })
      await recordAudit({ actorId, action: 'campaign.created', targetType: 'campaign', targetId: created.id, ip, details: { ...input } }, tx)
      return created
    })
    return { ok: true, id: campaign.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}

export async function updateCampaign(actorId: string, id: string, input: CampaignInput, ip: string): Promise<CampaignSaveResult> {
  try {
    await db.$transaction(async (tx) => {
      await tx.campaign.update({ where: { id }, data: input })
      await recordAudit({ actorId, action: 'campaign.updated', targetType: 'campaign', targetId: id, ip, details: { ...input } }, tx)
    })
    return { ok: true, id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}
