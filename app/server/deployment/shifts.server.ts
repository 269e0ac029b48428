/**
 * A campaign's shifts on election day (opening to midday, midday to close, the count): what
 * assignments are made for. Admins edit them; an edit is audited with the change.
 */
import { assignmentConflict, type Placement, type ShiftInput } from '~/domain/assignments.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import { notify } from '../jobs/notifications.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, lockRow, type Tx } from '../platform/db.server.ts'

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

export type SaveShiftResult = { ok: true; id: string } | { ok: false; error: 'notFound' | 'overlap' }

/**
 * Adds a shift, or changes one of the campaign's (its assignments stay: they follow the shift). New
 * hours that would put one of its observers in two places at once, or two observers of one NGO at a
 * station, are refused like the same placement made by hand. Otherwise new hours change what the
 * observers were sent: their printed letters (which carry the hours) are no longer in force, a
 * confirmation of the old hours is asked for again, and each observer still coming is told.
 */
export async function saveShift(scope: Scope, campaignId: string, input: ShiftInput, ip: string): Promise<SaveShiftResult> {
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })
    if (!campaign) return { ok: false, error: 'notFound' }
    const data = { nameRu: input.nameRu, nameKk: input.nameKk, nameEn: input.nameEn, startsAt: input.startsAt, endsAt: input.endsAt, sortOrder: input.sortOrder }
    let id: string
    let observersTold = 0
    if (input.id) {
      const found = await tx.campaignShift.findFirst({ where: { id: input.id, campaignId }, select: { id: true, startsAt: true, endsAt: true } })
      if (!found) return { ok: false, error: 'notFound' }
      const moved = found.startsAt.getTime() !== input.startsAt.getTime() || found.endsAt.getTime() !== input.endsAt.getTime()
      if (moved && (await newHoursConflict(tx, campaignId, found.id, input))) return { ok: false, error: 'overlap' }
      id = (await tx.campaignShift.update({ where: { id: found.id }, data, select: { id: true } })).id
      if (moved) observersTold = await hoursChanged(tx, campaignId, found.id)
    } else {
      // The same new shift sent twice (a double click): the one already there, not a twin of it.
      await lockRow(tx, 'Campaign', campaignId)
      const twin = await tx.campaignShift.findFirst({ where: { campaignId, nameRu: data.nameRu, nameKk: data.nameKk, nameEn: data.nameEn, startsAt: data.startsAt, endsAt: data.endsAt }, select: { id: true } })
      if (twin) return { ok: true, id: twin.id }
      id = (await tx.campaignShift.create({ data: { ...data, campaignId }, select: { id: true } })).id
    }
    await recordAudit({ actorId: scope.actorId, action: input.id ? 'shift.updated' : 'shift.created', targetType: 'shift', targetId: id, ip, details: { campaignId, ...data, ...(input.id ? { observersTold } : {}) } }, tx)
    return { ok: true, id }
  })
}

/** Whether the shift's new hours break the assignment rules for any of its placements. */
async function newHoursConflict(tx: Tx, campaignId: string, shiftId: string, hours: { startsAt: Date; endsAt: Date }): Promise<boolean> {
  const placements: Placement[] = await tx.assignment.findMany({ where: { campaignId }, select: { id: true, applicationId: true, ngoId: true, stationId: true, shiftId: true } })
  const windows = new Map((await listShifts(campaignId, tx)).map((s) => [s.id, s.id === shiftId ? hours : s]))
  return placements.some((p) => p.shiftId === shiftId && assignmentConflict(p, placements, windows) !== null)
}

/** The shift's assignments after its hours changed: letters withdrawn, confirmations asked again, observers told. */
async function hoursChanged(tx: Tx, campaignId: string, shiftId: string): Promise<number> {
  const rows = await tx.assignment.findMany({ where: { shiftId, status: { not: 'declined' } }, select: { ngoId: true, station: { select: { number: true } }, application: { select: { userId: true } } } })
  await tx.assignment.updateMany({ where: { shiftId, letterCode: { not: null } }, data: { letterCode: null } })
  await tx.assignment.updateMany({ where: { shiftId, status: 'confirmed' }, data: { status: 'assigned', respondedAt: null } })
  for (const row of rows) await notify(row.application.userId, 'assignment.changed', { campaignId, ngoId: row.ngoId, station: row.station.number }, tx)
  return rows.length
}

/**
 * A campaign's election day moved (the commission set another date): its shifts move with it by the
 * same number of days, keeping their hours, and each shift's assignments are treated as new hours
 * (letters printed for the old day withdrawn, confirmations asked again, observers told). The shifts
 * had stayed on the old day, so observers were shown it, their letters stayed in force for it, and
 * check-in opened then. Returns how many observers were told.
 */
export async function followElectionDay(tx: Tx, campaignId: string, from: Date, to: Date): Promise<number> {
  const offset = to.getTime() - from.getTime()
  if (offset === 0) return 0
  let observersTold = 0
  for (const shift of await listShifts(campaignId, tx)) {
    await tx.campaignShift.update({ where: { id: shift.id }, data: { startsAt: new Date(shift.startsAt.getTime() + offset), endsAt: new Date(shift.endsAt.getTime() + offset) } })
    observersTold += await hoursChanged(tx, campaignId, shift.id)
  }
  return observersTold
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
