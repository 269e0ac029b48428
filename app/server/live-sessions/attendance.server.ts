/**
 * Attendance at live sessions: the rotating code the trainer shows (and its QR), a person's
 * confirmation with it, and marking by hand. Every change of attendance calls `attendanceChanged`
 * in its own transaction.
 */
import crypto from 'node:crypto'
import { ForbiddenError } from '~/domain/errors.ts'
import { attendanceWindow, CODE_TTL_MS, codeFromBytes, judgeCode, needsNewCode, normaliseCode, CODE_ROTATE_MS, type CodeOutcome } from '~/domain/live-sessions.ts'
import type { Actor } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, type Tx } from '../platform/db.server.ts'
import { throttleForm, type Throttled } from '../platform/throttle.server.ts'
import { reevaluateCertification } from './certification-hook.server.ts'
import { requireManagedSession } from './sessions.server.ts'

/**
 * Called inside the transaction of every change of a person's attendance (set or removed, by code,
 * by hand or by a participant report). The hook for what depends on attendance: certification
 * re-evaluates the person's applications here (campaigns that require live sessions).
 */
export async function attendanceChanged(tx: Tx, userId: string): Promise<void> {
  await reevaluateCertification(tx, userId)
}

function newCode(): string {
  for (;;) {
    const code = codeFromBytes(crypto.randomBytes(16))
    if (code) return code
  }
}

export interface ShownCode {
  code: string
  expiresAt: Date
  /** When the screen should ask for the next one. */
  nextAt: Date
}

/**
 * The code to show now: the newest while it is younger than a rotation, else a fresh one. Codes
 * are unique among the live ones of every session, so /attend needs no session in the address.
 * None before attendance opens (half an hour before the start): the screen says when it will.
 */
export async function currentCode(actor: Actor, sessionId: string, now = new Date()): Promise<ShownCode> {
  const session = await requireManagedSession(actor, sessionId)
  const window = attendanceWindow(session, now)
  if (window !== 'open') throw new ForbiddenError(window)
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "LiveSession" SET "id" = "id" WHERE "id" = ${sessionId}`
    const newest = await tx.attendanceCode.findFirst({ where: { sessionId }, orderBy: { createdAt: 'desc' } })
    if (newest && !needsNewCode(newest, now)) return { code: newest.code, expiresAt: newest.expiresAt, nextAt: new Date(newest.createdAt.getTime() + CODE_ROTATE_MS) }
    // Codes dead for a day are of no use to anyone.
    await tx.attendanceCode.deleteMany({ where: { sessionId, expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } })
    let code = newCode()
    while (await tx.attendanceCode.findFirst({ where: { code, expiresAt: { gt: now } }, select: { id: true } })) code = newCode()
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS)
    await tx.attendanceCode.create({ data: { sessionId, code, createdAt: now, expiresAt } })
    return { code, expiresAt, nextAt: new Date(now.getTime() + CODE_ROTATE_MS) }
  })
}

export type ConfirmResult = { outcome: CodeOutcome | 'throttled'; sessionId?: string; walkIn?: boolean; throttled?: Throttled }

/**
 * A person confirms they are present with the code on screen. Once per person: a second
 * confirmation records nothing. Someone not registered (a code forwarded by messenger, or a walk-in)
 * is recorded too, flagged as a walk-in for the trainer to check. Guessing is throttled per person.
 */
export async function confirmCode(userId: string, typed: string, ip?: string, now = new Date()): Promise<ConfirmResult> {
  const throttled = await throttleForm('anonymousForm', `attend:${userId}`)
  if (throttled) return { outcome: 'throttled', throttled }
  const code = normaliseCode(typed)
  const row = code ? await db.attendanceCode.findFirst({ where: { code }, orderBy: { createdAt: 'desc' }, include: { session: { select: { id: true, cancelledAt: true, ngoId: true, startsAt: true } } } }) : null
  if (!row) return { outcome: 'unknown' }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "LiveSession" SET "id" = "id" WHERE "id" = ${row.sessionId}`
    const registration = await tx.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId: row.sessionId, userId } } })
    // An NGO's own session: someone without a seat must be one of that NGO's volunteers to walk in.
    const inAudience = registration !== null || row.session.ngoId === null || (await tx.application.count({ where: { userId, ngoId: row.session.ngoId, state: { notIn: ['rejected', 'withdrawn'] } } })) > 0
    const outcome = judgeCode({ expiresAt: row.expiresAt, sessionCancelled: row.session.cancelledAt !== null, sessionStartsAt: row.session.startsAt }, registration, now, inAudience)
    if (outcome !== 'recorded') return { outcome, sessionId: row.sessionId }
    const walkIn = registration?.status !== 'registered'
    if (registration) {
      await tx.liveSessionRegistration.update({ where: { id: registration.id }, data: { attendedAt: now, attendanceSource: 'code', attendanceMarkedById: null } })
    } else {
      await tx.liveSessionRegistration.create({ data: { sessionId: row.sessionId, userId, status: 'walk-in', registeredAt: now, attendedAt: now, attendanceSource: 'code' } })
    }
    await attendanceChanged(tx, userId)
    await recordAudit({ actorId: userId, action: 'live.attend.code', targetType: 'LiveSession', targetId: row.sessionId, ngoId: row.session.ngoId ?? undefined, ip, details: { walkIn } }, tx)
    return { outcome, sessionId: row.sessionId, walkIn }
  })
}

export type MarkOutcome = 'changed' | 'unchanged' | 'unknown' | 'notStarted' | 'cancelled'

/**
 * The trainer marks a person present, or removes the mark (a wrong tap, or a forwarded code).
 * Only people with a row at the session (registered, waitlisted, cancelled or walk-ins) can be marked,
 * and only once attendance is open (not before half an hour ahead of the start, never at a cancelled
 * session); a mark can always be removed.
 */
export async function markAttendance(actor: Actor, sessionId: string, userId: string, present: boolean, ip?: string, now = new Date()): Promise<MarkOutcome> {
  const session = await requireManagedSession(actor, sessionId)
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "LiveSession" SET "id" = "id" WHERE "id" = ${sessionId}`
    if (present) {
      // Read again under the lock: the session may have been moved or cancelled since.
      const window = attendanceWindow(await tx.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { startsAt: true, cancelledAt: true } }), now)
      if (window !== 'open') return window
    }
    const registration = await tx.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId, userId } } })
    if (!registration) return 'unknown'
    if ((registration.attendedAt !== null) === present) return 'unchanged'
    await tx.liveSessionRegistration.update({
      where: { id: registration.id },
      data: present ? { attendedAt: now, attendanceSource: 'manual', attendanceMarkedById: actor.id } : { attendedAt: null, attendanceSource: null, attendanceMarkedById: null, minutesPresent: null },
    })
    await attendanceChanged(tx, userId)
    await recordAudit({ actorId: actor.id, action: `live.attend.${present ? 'mark' : 'unmark'}`, targetType: 'LiveSession', targetId: sessionId, ngoId: session.ngoId ?? undefined, ip, details: { userId } }, tx)
    return 'changed'
  })
}

/** The QR of /attend?code=… as an SVG (qrcode loaded on first use, as for certificates). */
export async function attendQrSvg(url: string): Promise<string> {
  const { default: QRCode } = await import('qrcode')
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
}
