/**
 * The rules of live sessions that need no database: Kazakhstan time in forms, who gets a seat and
 * who waits, which reminder is due, the rotating attendance code, and who may run a session.
 * app/server/live-sessions/*.server.ts applies them.
 */
import { z } from 'zod'
import { DISPLAY_TIME_ZONE_OFFSET_MINUTES } from './format.ts'
import { hasNgoRole, isTrainer, type Actor } from './permissions.ts'
import { dateIssue, isId, lineText, plainString, tickedList } from './validation/fields.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const KZ_OFFSET_MS = DISPLAY_TIME_ZONE_OFFSET_MINUTES * MINUTE

// ---------------------------------------------------------------- time

/**
 * A date and time typed in Kazakhstan time (UTC+5 all year, no daylight saving since March 2024) as
 * the instant it names; null when either part is not a real date or time.
 */
export function kazakhstanInstant(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null
  const asUtc = new Date(`${date}T${time}:00.000Z`)
  if (Number.isNaN(asUtc.getTime()) || asUtc.toISOString().slice(0, 16) !== `${date}T${time}`) return null
  return new Date(asUtc.getTime() - KZ_OFFSET_MS)
}

// ---------------------------------------------------------------- scheduling

export const liveFormats = ['ONLINE', 'OFFLINE'] as const
export type LiveFormat = (typeof liveFormats)[number]

/** The longest session the form accepts, and how far ahead one may be scheduled. */
export const MAX_SESSION_MINUTES = 12 * 60
export const MAX_CAPACITY = 5000

const optionalPlain = (max: number) =>
  plainString()
    .trim()
    .max(max, { error: 'validation.tooLong' })
    .optional()
    .transform((v) => v ?? '')

const httpsUrl = z
  .string()
  .trim()
  .max(500, { error: 'validation.tooLong' })
  .pipe(z.url({ protocol: /^https$/, error: 'live.errors.meetingUrl' }))

/** The scheduling form (new and edit alike). Times are typed in Kazakhstan time. */
export const sessionSchema = z
  .object({
    format: z.enum(liveFormats, { error: 'validation.invalid' }),
    titleRu: lineText(200),
    titleKk: lineText(200),
    titleEn: lineText(200),
    descriptionRu: optionalPlain(4000),
    descriptionKk: optionalPlain(4000),
    descriptionEn: optionalPlain(4000),
    date: z.string({ error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' }),
    startTime: z.string({ error: 'validation.required' }).regex(/^\d{2}:\d{2}$/, { error: 'live.errors.time' }),
    endTime: z.string({ error: 'validation.required' }).regex(/^\d{2}:\d{2}$/, { error: 'live.errors.time' }),
    meetingUrl: z.string().optional(),
    address: optionalPlain(300),
    room: optionalPlain(100),
    capacity: z.coerce
      .number({ error: 'validation.number' })
      .int({ error: 'validation.number' })
      .min(1, { error: 'live.errors.capacity' })
      .max(MAX_CAPACITY, { error: 'live.errors.capacity' })
      .optional(),
    waitlist: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    campaigns: tickedList(isId, 'live.errors.campaigns', 20).min(1, { error: 'live.errors.campaigns' }),
    courses: tickedList((slug) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug), 'validation.course', 20).default([]),
    trainers: tickedList(isId, 'validation.invalid', 10).default([]),
  })
  .transform((v, ctx) => {
    const dateProblem = dateIssue(v.date)
    if (dateProblem) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: dateProblem })
      return z.NEVER
    }
    const startsAt = kazakhstanInstant(v.date, v.startTime)
    let endsAt = kazakhstanInstant(v.date, v.endTime)
    // The date is real: a part that makes no instant is its time (25:00, 10:75).
    if (!startsAt) {
      ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'live.errors.time' })
      return z.NEVER
    }
    if (!endsAt) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'live.errors.time' })
      return z.NEVER
    }
    // An evening meeting that ends after midnight.
    const overMidnight = endsAt <= startsAt
    if (overMidnight) endsAt = new Date(endsAt.getTime() + 24 * HOUR)
    if (endsAt.getTime() - startsAt.getTime() > MAX_SESSION_MINUTES * MINUTE) {
      // 10:00 to 09:00 is an end typed before the start far more often than a 23-hour session.
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: overMidnight ? 'live.errors.endBeforeStart' : 'live.errors.tooLong' })
      return z.NEVER
    }
    let meetingUrl: string | null = null
    if (v.format === 'ONLINE') {
      const parsed = httpsUrl.safeParse(v.meetingUrl ?? '')
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['meetingUrl'], message: v.meetingUrl ? 'live.errors.meetingUrl' : 'validation.required' })
        return z.NEVER
      }
      meetingUrl = parsed.data
    } else if (!v.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'validation.required' })
      return z.NEVER
    }
    return {
      format: v.format,
      titleRu: v.titleRu,
      titleKk: v.titleKk,
      titleEn: v.titleEn,
      descriptionRu: v.descriptionRu,
      descriptionKk: v.descriptionKk,
      descriptionEn: v.descriptionEn,
      startsAt,
      endsAt,
      meetingUrl,
      address: v.format === 'OFFLINE' ? v.address : null,
      room: v.format === 'OFFLINE' ? v.room || null : null,
      capacity: v.capacity ?? null,
      waitlist: v.waitlist,
      campaignIds: [...new Set(v.campaigns)],
      courseSlugs: [...new Set(v.courses)],
      trainerIds: [...new Set(v.trainers)],
    }
  })

export type SessionInput = z.output<typeof sessionSchema>

/** A session's title or description in the reader's language, falling back to Russian. */
export function sessionText(row: { titleRu: string; titleKk: string; titleEn: string }, locale: string): string {
  const value = locale === 'kk' ? row.titleKk : locale === 'en' ? row.titleEn : row.titleRu
  return value || row.titleRu
}

export function sessionDescription(row: { descriptionRu: string; descriptionKk: string; descriptionEn: string }, locale: string): string {
  const value = locale === 'kk' ? row.descriptionKk : locale === 'en' ? row.descriptionEn : row.descriptionRu
  return value || row.descriptionRu
}

// ---------------------------------------------------------------- seats and the waitlist

export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled'

/**
 * Where a new registration goes, given how many hold a seat: a seat while there is one (or no
 * limit), else the waitlist when the session keeps one, else nowhere.
 */
export function placeFor(session: { capacity: number | null; waitlist: boolean }, seatsTaken: number): 'registered' | 'waitlisted' | 'full' {
  if (session.capacity === null || seatsTaken < session.capacity) return 'registered'
  return session.waitlist ? 'waitlisted' : 'full'
}

/**
 * Who moves from the waitlist into the seats that are free: first come, first served (by the time
 * they registered, then id for a stable order). Returns the ids to promote.
 */
export function promotions(
  session: { capacity: number | null },
  seatsTaken: number,
  waitlisted: ReadonlyArray<{ id: string; registeredAt: Date }>,
): string[] {
  const free = session.capacity === null ? waitlisted.length : Math.max(0, session.capacity - seatsTaken)
  return [...waitlisted]
    .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, free)
    .map((r) => r.id)
}

/** Registration closes when the session ends; a cancelled session takes none. */
export function registrationOpen(session: { endsAt: Date; cancelledAt: Date | null }, now: Date): boolean {
  return session.cancelledAt === null && session.endsAt > now
}

// ---------------------------------------------------------------- reminders

export const reminderKinds = ['day', 'hour'] as const
export type ReminderKind = (typeof reminderKinds)[number]

/**
 * Which reminder a registration is due now: the day-before one from 24 hours before the start
 * until an hour before, the hour-before one in the last hour. A day reminder that was missed (the
 * person registered, or the server was down, until the last hour) is skipped: the hour one says it all.
 */
export function dueReminder(startsAt: Date, now: Date, sent: { day: boolean; hour: boolean }): ReminderKind | null {
  const left = startsAt.getTime() - now.getTime()
  if (left <= 0) return null
  if (left <= HOUR) return sent.hour ? null : 'hour'
  if (left <= 24 * HOUR) return sent.day ? null : 'day'
  return null
}

export const REMINDER_LOOKAHEAD_MS = 24 * HOUR
export const ONE_HOUR_MS = HOUR

// ---------------------------------------------------------------- when attendance can be recorded

/**
 * Attendance opens half an hour before a session starts (people arrive early, and the trainer puts the
 * code on the projector while the room fills) and stays open afterwards (a forgotten mark, the Zoom
 * report imported the next day). Before that, a code, a mark by hand or a report would count a session
 * that has not taken place towards certification. A cancelled session never took place.
 */
export const ATTENDANCE_OPENS_BEFORE_MS = 30 * MINUTE

export function attendanceOpensAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - ATTENDANCE_OPENS_BEFORE_MS)
}

export type AttendanceWindow = 'open' | 'notStarted' | 'cancelled'

export function attendanceWindow(session: { startsAt: Date; cancelledAt: Date | null }, now: Date): AttendanceWindow {
  if (session.cancelledAt !== null) return 'cancelled'
  return now < attendanceOpensAt(session.startsAt) ? 'notStarted' : 'open'
}

// ---------------------------------------------------------------- attendance codes

/** Letters and digits nobody confuses when read off a projector (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const CODE_LENGTH = 5
/** A new code is shown every minute… */
export const CODE_ROTATE_MS = 60_000
/** …and each stays valid for four, so someone typing slowly on a bad connection still gets in. */
export const CODE_TTL_MS = 4 * MINUTE

/** A code from random bytes (one byte per character; the alphabet's 25 letters divide 250 evenly, so bytes ≥ 250 are redrawn by the caller). */
export function codeFromBytes(bytes: Uint8Array): string | null {
  let code = ''
  for (const byte of bytes) {
    if (byte >= 250) continue
    code += CODE_ALPHABET[byte % CODE_ALPHABET.length]
    if (code.length === CODE_LENGTH) return code
  }
  return null
}

/** A typed code as stored: upper case, spaces and dashes dropped; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '')
  if (code.length !== CODE_LENGTH) return null
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null
  return code
}

/** Whether the code on screen should be replaced: none yet, or the newest is a rotation old. */
export function needsNewCode(newest: { createdAt: Date } | null, now: Date): boolean {
  return newest === null || now.getTime() - newest.createdAt.getTime() >= CODE_ROTATE_MS
}

export type CodeOutcome = 'recorded' | 'alreadyRecorded' | 'expired' | 'unknown' | 'cancelled' | 'notStarted' | 'otherNgo'

/**
 * What a person's confirmation with a code comes to: an unknown code, one past its lifetime, of a
 * cancelled session or of one whose attendance has not opened yet (moved later after the code was
 * shown) is refused; a person already marked present keeps their first mark (a second confirmation,
 * with this code or a later one, records nothing new: once per person). Someone with no seat at an
 * NGO's own session who is not that NGO's volunteer (`inAudience` false: a code forwarded across NGOs)
 * is refused, so their name never reaches another NGO's list; a walk-in of the NGO's own is recorded.
 */
export function judgeCode(
  code: { expiresAt: Date; sessionCancelled: boolean; sessionStartsAt: Date } | null,
  registration: { attendedAt: Date | null } | null,
  now: Date,
  inAudience = true,
): CodeOutcome {
  if (!code) return 'unknown'
  if (code.sessionCancelled) return 'cancelled'
  if (code.expiresAt <= now) return 'expired'
  if (now < attendanceOpensAt(code.sessionStartsAt)) return 'notStarted'
  if (registration?.attendedAt) return 'alreadyRecorded'
  if (!registration && !inAudience) return 'otherNgo'
  return 'recorded'
}

export const attendSchema = z.object({ code: plainString({ error: 'validation.required' }).max(20, { error: 'live.attend.unknown' }) })

// ---------------------------------------------------------------- who runs a session

export interface SessionOwnership {
  ngoId: string | null
  trainerIds: readonly string[]
}

/**
 * Who may edit a session, show its code and mark attendance: a coalition admin; for a coalition-wide
 * session any trainer; for an NGO's own session that NGO's lead and the trainers named on it.
 */
export function canManageSession(actor: Actor, session: SessionOwnership): boolean {
  if (actor.isAdmin) return true
  if (session.trainerIds.includes(actor.id)) return true
  if (session.ngoId === null) return isTrainer(actor)
  return hasNgoRole(actor, session.ngoId, ['LEAD'])
}

/** Attended, no-shows and still-to-come, for the per-session counts. */
export function attendanceCounts(
  rows: ReadonlyArray<{ status: string; attendedAt: Date | null }>,
  ended: boolean,
): { registered: number; waitlisted: number; attended: number; noShows: number; walkIns: number } {
  let registered = 0
  let waitlisted = 0
  let attended = 0
  let noShows = 0
  let walkIns = 0
  for (const r of rows) {
    if (r.status === 'registered') registered++
    if (r.status === 'waitlisted') waitlisted++
    if (r.attendedAt) {
      attended++
      if (r.status !== 'registered') walkIns++
    } else if (ended && r.status === 'registered') noShows++
  }
  return { registered, waitlisted, attended, noShows, walkIns }
}

/** The page size of session lists and attendee lists. */
export const SESSIONS_PAGE_SIZE = 20
