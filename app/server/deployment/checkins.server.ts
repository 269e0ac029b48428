/**
 * Election-day check-in: recording an observer's "arrived" / "left" taps (by the observer, or by
 * their NGO's lead for them) and what the check-in page shows. A tap carries a client id made by the
 * device (or by the page for a form without JavaScript), so a resent tap is recorded once: the second
 * time the first record is returned, unchanged. Every recorded tap is audited in its transaction.
 */
import crypto from 'node:crypto'
import { checkTap, inTapOrder, presentAt, TAP_WINDOW, type CheckInKind, type TapRefusal } from '~/domain/checkins.ts'
import type { Scope } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { databaseProvider, db, isUniqueViolation, type Tx } from '../platform/db.server.ts'

/** Who taps: the observer themself, or a lead (or admin) for an observer of their scope. */
export type Tapper = { kind: 'observer'; userId: string } | { kind: 'scope'; scope: Scope }

export interface TapInput {
  assignmentId: string
  kind: CheckInKind
  clientId: string
  /** The device's clock when the tap was made; absent from a form sent without JavaScript. */
  deviceAt: Date | null
}

export interface RecordedCheckIn {
  id: string
  assignmentId: string
  kind: string
  clientId: string
  deviceAt: Date | null
  serverAt: Date
  recordedById: string | null
}

export type TapResult = { ok: true; created: boolean; checkIn: RecordedCheckIn } | { ok: false; error: TapRefusal | 'notFound' }

const checkInFields = { id: true, assignmentId: true, kind: true, clientId: true, deviceAt: true, serverAt: true, recordedById: true } as const

function assignmentWhere(tapper: Tapper, assignmentId: string) {
  if (tapper.kind === 'observer') return { id: assignmentId, application: { userId: tapper.userId } }
  return tapper.scope.kind === 'ngo' ? { id: assignmentId, ngoId: tapper.scope.ngoId } : { id: assignmentId }
}

/** A client id for a form sent without JavaScript: made when the page is rendered, so a resent form is one tap. */
export function newClientId(): string {
  return crypto.randomBytes(12).toString('base64url')
}

async function lockAssignment(tx: Tx, assignmentId: string) {
  // Two taps of one assignment at once must see each other ("left" checks for an "arrived" before it).
  // SQLite: the transaction holds the database's write lock from its start (serialisedSqlite).
  if (databaseProvider() === 'postgresql') await tx.$executeRawUnsafe('SELECT 1 FROM "Assignment" WHERE "id" = $1 FOR UPDATE', assignmentId)
}

export async function recordTap(tapper: Tapper, input: TapInput, ip: string, now = new Date()): Promise<TapResult> {
  const actorId = tapper.kind === 'observer' ? tapper.userId : tapper.scope.actorId
  const attempt = () =>
    db.$transaction(async (tx): Promise<TapResult> => {
      await lockAssignment(tx, input.assignmentId)
      const assignment = await tx.assignment.findFirst({
        where: assignmentWhere(tapper, input.assignmentId),
        select: { id: true, ngoId: true, status: true, shift: { select: { startsAt: true, endsAt: true } }, station: { select: { regionCode: true, number: true } } },
      })
      if (!assignment) return { ok: false, error: 'notFound' }
      const existing = await tx.checkIn.findUnique({ where: { assignmentId_clientId: { assignmentId: assignment.id, clientId: input.clientId } }, select: checkInFields })
      if (existing) return { ok: true, created: false, checkIn: existing }
      const earlier = await tx.checkIn.findMany({ where: { assignmentId: assignment.id }, select: { kind: true, deviceAt: true, serverAt: true } })
      const verdict = checkTap({ kind: input.kind, times: { deviceAt: input.deviceAt, serverAt: now }, earlier, shift: assignment.shift, assignmentStatus: assignment.status })
      if (!verdict.ok) return verdict
      const checkIn = await tx.checkIn.create({
        data: { assignmentId: assignment.id, kind: input.kind, clientId: input.clientId, deviceAt: input.deviceAt, serverAt: now, recordedById: tapper.kind === 'observer' ? null : actorId },
        select: checkInFields,
      })
      await recordAudit(
        {
          actorId,
          action: tapper.kind === 'observer' ? 'checkin.recorded' : 'checkin.recordedForObserver',
          targetType: 'Assignment',
          targetId: assignment.id,
          ngoId: assignment.ngoId,
          ip,
          details: { kind: input.kind, clientId: input.clientId, deviceAt: input.deviceAt?.toISOString() ?? null, region: assignment.station.regionCode, station: assignment.station.number },
        },
        tx,
      )
      return { ok: true, created: true, checkIn }
    })
  try {
    return await attempt()
  } catch (error) {
    // The same tap sent twice at once: the other request recorded it; answer with its record.
    if (isUniqueViolation(error)) return attempt()
    throw error
  }
}

export interface ObserverAssignment {
  id: string
  status: string
  campaign: { nameRu: string; nameKk: string; nameEn: string }
  station: { regionCode: string; number: string; address: string; district: string }
  shift: { nameRu: string; nameKk: string; nameEn: string; startsAt: Date; endsAt: Date }
  present: boolean
  /** The last taps, newest first. */
  taps: Array<{ kind: string; at: Date; byLead: boolean }>
}

/** The observer's assignments whose shift is around now (the check-in window), in shift order. */
export async function observerAssignments(userId: string, now = new Date()): Promise<ObserverAssignment[]> {
  const rows = await db.assignment.findMany({
    where: {
      application: { userId },
      status: { not: 'declined' },
      shift: { startsAt: { lte: new Date(now.getTime() + 24 * 3_600_000) }, endsAt: { gte: new Date(now.getTime() - TAP_WINDOW.afterEndMinutes * 60_000) } },
    },
    orderBy: [{ shift: { startsAt: 'asc' } }],
    take: 10,
    select: {
      id: true,
      status: true,
      campaign: { select: { nameRu: true, nameKk: true, nameEn: true } },
      station: { select: { regionCode: true, number: true, address: true, district: true } },
      shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } },
      checkIns: { select: { kind: true, deviceAt: true, serverAt: true, recordedById: true } },
    },
  })
  return rows.map(({ checkIns, ...row }) => ({
    ...row,
    present: presentAt(checkIns, now),
    taps: inTapOrder(checkIns)
      .reverse()
      .slice(0, 5)
      .map((t) => ({ kind: t.kind, at: t.deviceAt && t.deviceAt < t.serverAt ? t.deviceAt : t.serverAt, byLead: t.recordedById !== null })),
  }))
}
