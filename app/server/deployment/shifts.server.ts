/**
 * A campaign's shifts on election day (opening to midday, midday to close, the count): what
 * assignments are made for. Admins edit them; an edit is audited with the change.
 */
import type { ShiftInput } from '~/domain/assignments.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, type Tx } from '../platform/db.server.ts'

export interface Shift {
  id: string
  campaignId: string
  nameRu: string
  nameKk: string
  nameEn: string
  startsAt: Date
  endsAt: Date
  sortOrder: number
}

/** The campaign's shifts in the order of the day. */
export async function listShifts(campaignId: string, client: Tx | typeof db = db): Promise<Shift[]> {
  return client.campaignShift.findMany({ where: { campaignId }, orderBy: [{ startsAt: 'asc' }, { sortOrder: 'asc' }, { id: 'asc' }] })
}

export function shiftName(shift: Pick<Shift, 'nameRu' | 'nameKk' | 'nameEn'>, locale: Locale): string {
  return localizedName(shift, locale)
}

export type SaveShiftResult = { ok: true; id: string } | { ok: false; error: 'notFound' }

/** Adds a shift, or changes one of the campaign's (its assignments stay: they follow the shift). */
export async function saveShift(scope: Scope, campaignId: string, input: ShiftInput, ip: string): Promise<SaveShiftResult> {
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })
    if (!campaign) return { ok: false, error: 'notFound' }
    const data = { nameRu: input.nameRu, nameKk: input.nameKk, nameEn: input.nameEn, startsAt: input.startsAt, endsAt: input.endsAt, sortOrder: input.sortOrder }
    let id: string
    if (input.id) {
      const found = await tx.campaignShift.findFirst({ where: { id: input.id, campaignId }, select: { id: true } })
      if (!found) return { ok: false, error: 'notFound' }
      id = (await tx.campaignShift.update({ where: { id: found.id }, data, select: { id: true } })).id
    } else {
      id = (await tx.campaignShift.create({ data: { ...data, campaignId }, select: { id: true } })).id
    }
    await recordAudit({ actorId: scope.actorId, action: input.id ? 'shift.updated' : 'shift.created', targetType: 'shift', targetId: id, ip, details: { campaignId, ...data } }, tx)
    return { ok: true, id }
  })
}

export type DeleteShiftResult = { ok: true } | { ok: false; error: 'notFound' | 'inUse' }

/** Removes a shift nobody is assigned to; one with assignments is refused (move or remove them first). */
export async function deleteShift(scope: Scope, campaignId: string, shiftId: string, ip: string): Promise<DeleteShiftResult> {
  return db.$transaction(async (tx) => {
    const shift = await tx.campaignShift.findFirst({ where: { id: shiftId, campaignId }, select: { id: true, _count: { select: { assignments: true } } } })
    if (!shift) return { ok: false, error: 'notFound' }
    if (shift._count.assignments > 0) return { ok: false, error: 'inUse' }
    await tx.campaignShift.delete({ where: { id: shift.id } })
    await recordAudit({ actorId: scope.actorId, action: 'shift.deleted', targetType: 'shift', targetId: shift.id, ip, details: { campaignId } }, tx)
    return { ok: true }
  })
}
