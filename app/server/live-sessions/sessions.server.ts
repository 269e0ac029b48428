/**
 * Live sessions: scheduling (trainers for the coalition, leads for their NGO), the volunteer's list
 * and registration with a waitlist, and what each person may see of a session. Every change is one
 * transaction with its audit record and the notifications it causes.
 */
import { resubmitSince } from '~/domain/resubmit.ts'
import { ForbiddenError, NotFoundError } from '~/domain/errors.ts'
import { formatDateTime, formatDateTimeMinute } from '~/domain/format.ts'
import {
  attendanceOpensAt,
  attendanceWindow,
  canManageSession,
  placeFor,
  promotions,
  registrationOpen,
  SESSIONS_PAGE_SIZE,
  sessionDescription,
  sessionText,
  type SessionInput,
} from '~/domain/live-sessions.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { tellNamesakesApart } from '~/domain/masking.ts'
import { pageCount } from '~/domain/paging.ts'
import { hasNgoRole, isTrainer, type Actor, type Scope } from '~/domain/permissions.ts'
import { notify } from '../jobs/notifications.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, lockRow, type Tx } from '../platform/db.server.ts'
import { requirableCourses } from '../recruitment/campaigns.server.ts'

/** Application states in which a volunteer counts as a campaign's recruit for its sessions. */
const ACTIVE_STATES = ['submitted', 'screening', 'accepted', 'in_training', 'certified'] as const

// ---------------------------------------------------------------- form choices

export interface ScheduleChoices {
  campaigns: Array<{ id: string; name: string }>
  courses: Array<{ slug: string; title: string }>
  trainers: Array<{ id: string; name: string }>
}

/**
 * What the scheduling form offers: campaigns not yet past, published courses, the people who train.
 * An NGO's own session is run by that NGO's trainers only (they see its attendees and its meeting
 * link); a coalition-wide one (`ngoId` null) by anyone who trains.
 */
export async function scheduleChoices(locale: Locale, ngoId: string | null, now = new Date()): Promise<ScheduleChoices> {
  const [campaigns, courses, trainers] = await Promise.all([
    db.campaign.findMany({ where: { electionDay: { gte: new Date(now.getTime() - 24 * 3600_000) } }, orderBy: { electionDay: 'asc' }, select: { id: true, nameRu: true, nameKk: true, nameEn: true } }),
    requirableCourses(locale),
    db.user.findMany({ where: { memberships: { some: { role: 'TRAINER', ...(ngoId ? { ngoId } : {}) } }, anonymisedAt: null }, orderBy: { name: 'asc' }, take: 300, select: { id: true, name: true } }),
  ])
  return { campaigns: campaigns.map((c) => ({ id: c.id, name: localizedName(c, locale) })), courses, trainers }
}

export type ScheduleError = 'campaigns' | 'courses' | 'trainers'

async function checkChoices(input: SessionInput, locale: Locale, ngoId: string | null): Promise<ScheduleError | null> {
  const choices = await scheduleChoices(locale, ngoId, new Date(0))
  const campaigns = new Set(choices.campaigns.map((c) => c.id))
  if (input.campaignIds.some((id) => !campaigns.has(id))) return 'campaigns'
  const courses = new Set(choices.courses.map((c) => c.slug))
  if (input.courseSlugs.some((slug) => !courses.has(slug))) return 'courses'
  const trainers = new Set(choices.trainers.map((t) => t.id))
  if (input.trainerIds.some((id) => !trainers.has(id))) return 'trainers'
  return null
}

function sessionData(input: SessionInput) {
  return {
    format: input.format,
    titleRu: input.titleRu,
    titleKk: input.titleKk,
    titleEn: input.titleEn,
    descriptionRu: input.descriptionRu,
    descriptionKk: input.descriptionKk,
    descriptionEn: input.descriptionEn,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    meetingUrl: input.meetingUrl,
    address: input.address,
    room: input.room,
    capacity: input.capacity,
    waitlist: input.waitlist,
  }
}

// ---------------------------------------------------------------- scheduling

export type ScheduleResult = { ok: true; id: string } | { ok: false; error: ScheduleError }

/**
 * Schedules a session: coalition-wide (`ngoId` null) by a trainer or an admin, or an NGO's own by
 * its lead (or an admin).
 */
export async function createSession(actor: Actor, ngoId: string | null, input: SessionInput, locale: Locale, ip?: string): Promise<ScheduleResult> {
  if (ngoId === null ? !isTrainer(actor) : !hasNgoRole(actor, ngoId, ['LEAD'])) throw new ForbiddenError()
  const error = await checkChoices(input, locale, ngoId)
  if (error) return { ok: false, error }
  const session = await db.$transaction(async (tx) => {
    const twin = await sameSessionJustCreated(tx, actor.id, ngoId, input)
    if (twin) return twin
    const created = await tx.liveSession.create({
      data: {
        ...sessionData(input),
        ngoId,
        createdById: actor.id,
        campaigns: { create: input.campaignIds.map((campaignId) => ({ campaignId })) },
        courses: { create: input.courseSlugs.map((courseSlug) => ({ courseSlug })) },
        trainers: { create: input.trainerIds.map((userId) => ({ userId })) },
      },
      select: { id: true },
    })
    await recordAudit({ actorId: actor.id, action: 'live.session.create', targetType: 'LiveSession', targetId: created.id, ngoId: ngoId ?? undefined, ip, details: { startsAt: input.startsAt.toISOString(), format: input.format } }, tx)
    return created
  })
  return { ok: true, id: session.id }
}

/**
 * The session this person created moments ago from exactly the same form, if any: a double click (or a
 * phone sending the form again) had scheduled two identical sessions, both listed to volunteers, who
 * then registered for either. The person's row is locked first so two posts at once on PostgreSQL
 * take turns (SQLite's transaction holds the write lock already).
 */
async function sameSessionJustCreated(tx: Tx, actorId: string, ngoId: string | null, input: SessionInput): Promise<{ id: string } | null> {
  await lockRow(tx, 'User', actorId)
  const candidates = await tx.liveSession.findMany({
    where: { ngoId, createdById: actorId, cancelledAt: null, createdAt: { gte: resubmitSince() }, ...sessionData(input) },
    select: { id: true, campaigns: { select: { campaignId: true } }, courses: { select: { courseSlug: true } }, trainers: { select: { userId: true } } },
  })
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i])
  const twin = candidates.find(
    (c) =>
      same(c.campaigns.map((x) => x.campaignId), input.campaignIds) &&
      same(c.courses.map((x) => x.courseSlug), input.courseSlugs) &&
      same(c.trainers.map((x) => x.userId), input.trainerIds),
  )
  return twin ? { id: twin.id } : null
}

/** The NGO whose own session this is (null: coalition-wide, or no such session): whose trainers may run it. */
export async function sessionNgoId(sessionId: string): Promise<string | null> {
  return (await db.liveSession.findUnique({ where: { id: sessionId }, select: { ngoId: true } }))?.ngoId ?? null
}

/** The session with what decides who may run it; NotFoundError when there is none, ForbiddenError when the actor may not. */
export async function requireManagedSession(actor: Actor, sessionId: string) {
  const session = await db.liveSession.findUnique({
    where: { id: sessionId },
    include: { trainers: { select: { userId: true, user: { select: { name: true } } } }, campaigns: { select: { campaignId: true } }, courses: { select: { courseSlug: true } } },
  })
  if (!session) throw new NotFoundError()
  if (!canManageSession(actor, { ngoId: session.ngoId, trainerIds: session.trainers.map((t) => t.userId) })) throw new ForbiddenError()
  return session
}

export async function updateSession(actor: Actor, sessionId: string, input: SessionInput, locale: Locale, ip?: string): Promise<ScheduleResult> {
  const before = await requireManagedSession(actor, sessionId)
  const error = await checkChoices(input, locale, before.ngoId)
  if (error) return { ok: false, error }
  const moved = before.startsAt.getTime() !== input.startsAt.getTime()
  await db.$transaction(async (tx) => {
    await lockRow(tx, 'LiveSession', sessionId)
    await tx.liveSession.update({
      where: { id: sessionId },
      data: {
        ...sessionData(input),
        campaigns: { deleteMany: {}, create: input.campaignIds.map((campaignId) => ({ campaignId })) },
        courses: { deleteMany: {}, create: input.courseSlugs.map((courseSlug) => ({ courseSlug })) },
        trainers: { deleteMany: {}, create: input.trainerIds.map((userId) => ({ userId })) },
      },
    })
    // A session moved to another time is reminded of again, at its new time.
    if (moved) await tx.liveSessionRegistration.updateMany({ where: { sessionId }, data: { reminderDaySentAt: null, reminderHourSentAt: null } })
    // More seats (or none kept any more): the waitlist moves up.
    await promoteWaitlisted(tx, sessionId)
    await recordAudit({ actorId: actor.id, action: 'live.session.update', targetType: 'LiveSession', targetId: sessionId, ngoId: before.ngoId ?? undefined, ip, details: { moved } }, tx)
  })
  return { ok: true, id: sessionId }
}

/** Cancels a session and tells everyone registered or waiting. Cancelling twice changes nothing. */
export async function cancelSession(actor: Actor, sessionId: string, ip?: string, now = new Date()): Promise<{ notified: number }> {
  const session = await requireManagedSession(actor, sessionId)
  if (session.cancelledAt) return { notified: 0 }
  return db.$transaction(async (tx) => {
    const { count } = await tx.liveSession.updateMany({ where: { id: sessionId, cancelledAt: null }, data: { cancelledAt: now } })
    if (count === 0) return { notified: 0 }
    const people = await tx.liveSessionRegistration.findMany({ where: { sessionId, status: { in: ['registered', 'waitlisted'] } }, select: { userId: true } })
    for (const p of people) await notify(p.userId, 'live.cancelled', { sessionId }, tx)
    await recordAudit({ actorId: actor.id, action: 'live.session.cancel', targetType: 'LiveSession', targetId: sessionId, ngoId: session.ngoId ?? undefined, ip, details: { notified: people.length } }, tx)
    return { notified: people.length }
  })
}

/** Moves waitlisted people into free seats, first come first served, and tells each one. */
async function promoteWaitlisted(tx: Tx, sessionId: string): Promise<number> {
  const session = await tx.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { capacity: true, cancelledAt: true, endsAt: true } })
  if (!registrationOpen(session, new Date())) return 0
  const seatsTaken = await tx.liveSessionRegistration.count({ where: { sessionId, status: 'registered' } })
  const waiting = await tx.liveSessionRegistration.findMany({ where: { sessionId, status: 'waitlisted' }, select: { id: true, registeredAt: true, userId: true } })
  const ids = promotions(session, seatsTaken, waiting)
  for (const id of ids) {
    const row = waiting.find((w) => w.id === id)
    if (!row) continue
    await tx.liveSessionRegistration.update({ where: { id }, data: { status: 'registered' } })
    await notify(row.userId, 'live.promoted', { sessionId }, tx)
  }
  return ids.length
}

// ---------------------------------------------------------------- lists for trainers and leads

export interface SessionSummary {
  id: string
  title: string
  format: 'ONLINE' | 'OFFLINE'
  startsAt: string
  when: string
  cancelled: boolean
  ngoName: string | null
  registered: number
  waitlisted: number
  attended: number
  capacity: number | null
}

type SessionRow = {
  id: string
  titleRu: string
  titleKk: string
  titleEn: string
  format: 'ONLINE' | 'OFFLINE'
  startsAt: Date
  cancelledAt: Date | null
  capacity: number | null
  ngo: { name: string } | null
}

async function summarise(rows: SessionRow[], locale: Locale, registrationWhere: object = {}): Promise<SessionSummary[]> {
  const ids = rows.map((r) => r.id)
  const counts = ids.length
    ? await db.liveSessionRegistration.groupBy({ by: ['sessionId', 'status'], where: { sessionId: { in: ids }, ...registrationWhere }, _count: { _all: true } })
    : []
  const attended = ids.length
    ? await db.liveSessionRegistration.groupBy({ by: ['sessionId'], where: { sessionId: { in: ids }, attendedAt: { not: null }, ...registrationWhere }, _count: { _all: true } })
    : []
  const count = (id: string, status: string) => counts.find((c) => c.sessionId === id && c.status === status)?._count._all ?? 0
  return rows.map((r) => ({
    id: r.id,
    title: sessionText(r, locale),
    format: r.format,
    startsAt: r.startsAt.toISOString(),
    when: formatDateTimeMinute(r.startsAt, locale),
    cancelled: r.cancelledAt !== null,
    ngoName: r.ngo?.name ?? null,
    registered: count(r.id, 'registered'),
    waitlisted: count(r.id, 'waitlisted'),
    attended: attended.find((a) => a.sessionId === r.id)?._count._all ?? 0,
    capacity: r.capacity,
  }))
}

const summarySelect = { id: true, titleRu: true, titleKk: true, titleEn: true, format: true, startsAt: true, cancelledAt: true, capacity: true, ngo: { select: { name: true } } } as const

function timeWhere(when: 'upcoming' | 'past', now: Date) {
  return when === 'upcoming' ? { endsAt: { gt: now } } : { endsAt: { lte: now } }
}

/** The studio's list: coalition-wide sessions (for trainers and admins), the sessions one trains, and for admins every NGO's too. */
export async function listManagedSessions(actor: Actor, { page, when, locale, now = new Date() }: { page: number; when: 'upcoming' | 'past'; locale: Locale; now?: Date }) {
  const mine = actor.isAdmin ? {} : { OR: [{ ngoId: null }, { trainers: { some: { userId: actor.id } } }] }
  const where = { ...mine, ...timeWhere(when, now) }
  const [total, rows] = await Promise.all([
    db.liveSession.count({ where }),
    db.liveSession.findMany({ where, orderBy: { startsAt: when === 'upcoming' ? 'asc' : 'desc' }, skip: (page - 1) * SESSIONS_PAGE_SIZE, take: SESSIONS_PAGE_SIZE, select: summarySelect }),
  ])
  return { items: await summarise(rows, locale), total, pageCount: pageCount(total, SESSIONS_PAGE_SIZE) }
}

/** Registrations that belong to an NGO's view: its recruits (an application to it in one of the session's campaigns). */
function recruitsOf(ngoId: string) {
  return { user: { applications: { some: { ngoId } } } }
}

/**
 * A lead's list: the NGO's own sessions and the coalition-wide ones, with the counts of the NGO's
 * own recruits only for the latter. Another NGO's sessions never appear.
 */
export async function listNgoSessions(scope: Scope, { page, when, locale, now = new Date() }: { page: number; when: 'upcoming' | 'past'; locale: Locale; now?: Date }) {
  const ngoId = scope.kind === 'ngo' ? scope.ngoId : null
  const where = { ...(ngoId ? { OR: [{ ngoId }, { ngoId: null }] } : {}), ...timeWhere(when, now) }
  const [total, rows] = await Promise.all([
    db.liveSession.count({ where }),
    db.liveSession.findMany({ where, orderBy: { startsAt: when === 'upcoming' ? 'asc' : 'desc' }, skip: (page - 1) * SESSIONS_PAGE_SIZE, take: SESSIONS_PAGE_SIZE, select: summarySelect }),
  ])
  const own = rows.filter((r) => !ngoId || r.ngo !== null)
  const shared = rows.filter((r) => ngoId && r.ngo === null)
  const summaries = [...(await summarise(own, locale)), ...(ngoId ? await summarise(shared, locale, recruitsOf(ngoId)) : [])]
  const order = new Map(rows.map((r, i) => [r.id, i]))
  summaries.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  return { items: summaries, total, pageCount: pageCount(total, SESSIONS_PAGE_SIZE) }
}

// ---------------------------------------------------------------- one session, as its manager or a lead sees it

export interface AttendeeRow {
  userId: string
  name: string
  /** The partly masked address beside a name another attendee on the page has too; else null. */
  hint: string | null
  status: string
  registeredAt: string
  attended: boolean
  attendedText: string | null
  source: string | null
}

export interface SessionDetail {
  id: string
  ngoId: string | null
  ngoName: string | null
  title: string
  description: string
  titles: { ru: string; kk: string; en: string }
  format: 'ONLINE' | 'OFFLINE'
  startsAt: string
  endsAt: string
  when: string
  until: string
  meetingUrl: string | null
  address: string | null
  room: string | null
  capacity: number | null
  waitlist: boolean
  cancelled: boolean
  ended: boolean
  /** When attendance can first be recorded (code, by hand, report), while that is still to come; else null. */
  attendanceOpensText: string | null
  trainers: string[]
  campaigns: string[]
}

async function describe(sessionId: string, locale: Locale, withLink: boolean, now: Date): Promise<SessionDetail> {
  const s = await db.liveSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { ngo: { select: { name: true } }, trainers: { select: { user: { select: { name: true } } } }, campaigns: { select: { campaign: { select: { nameRu: true, nameKk: true, nameEn: true } } } } },
  })
  return {
    id: s.id,
    ngoId: s.ngoId,
    ngoName: s.ngo?.name ?? null,
    title: sessionText(s, locale),
    description: sessionDescription(s, locale),
    titles: { ru: s.titleRu, kk: s.titleKk, en: s.titleEn },
    format: s.format,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    when: formatDateTimeMinute(s.startsAt, locale),
    until: formatDateTimeMinute(s.endsAt, locale),
    meetingUrl: withLink ? s.meetingUrl : null,
    address: s.address,
    room: s.room,
    capacity: s.capacity,
    waitlist: s.waitlist,
    cancelled: s.cancelledAt !== null,
    ended: s.endsAt <= now,
    attendanceOpensText: attendanceWindow(s, now) === 'notStarted' ? formatDateTimeMinute(attendanceOpensAt(s.startsAt), locale) : null,
    trainers: s.trainers.map((t) => t.user.name),
    campaigns: s.campaigns.map((c) => localizedName(c.campaign, locale)),
  }
}

/**
 * The people of a session with their attendance. `scope` limits the rows: a manager sees everyone;
 * a lead looking at a coalition-wide session sees only their NGO's recruits.
 */
export async function sessionAttendees(sessionId: string, locale: Locale, limitToNgo: string | null, { page }: { page: number }) {
  const where = { sessionId, status: { not: 'cancelled' }, ...(limitToNgo ? recruitsOf(limitToNgo) : {}) }
  const [total, all, rows] = await Promise.all([
    db.liveSessionRegistration.count({ where }),
    db.liveSessionRegistration.findMany({ where, select: { status: true, attendedAt: true } }),
    db.liveSessionRegistration.findMany({
      where,
      orderBy: [{ registeredAt: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * SESSIONS_PAGE_SIZE * 5,
      take: SESSIONS_PAGE_SIZE * 5,
      select: { userId: true, status: true, registeredAt: true, attendedAt: true, attendanceSource: true, user: { select: { name: true, email: true } } },
    }),
  ])
  // Two people of one name are told apart by their addresses' ends, so the right one is marked present.
  const items: AttendeeRow[] = tellNamesakesApart(rows.map((r) => ({ ...r, name: r.user.name, email: r.user.email }))).map((r) => ({
    userId: r.userId,
    name: r.name,
    hint: r.hint,
    status: r.status,
    registeredAt: r.registeredAt.toISOString(),
    attended: r.attendedAt !== null,
    attendedText: r.attendedAt ? formatDateTime(r.attendedAt, locale) : null,
    source: r.attendanceSource,
  }))
  return { items, all, total, pageCount: pageCount(total, SESSIONS_PAGE_SIZE * 5) }
}

/** A manager's view of a session (trainer, the NGO's lead, admin): everything, the link included. */
export async function managedSessionDetail(actor: Actor, sessionId: string, locale: Locale, now = new Date()) {
  const session = await requireManagedSession(actor, sessionId)
  return { detail: await describe(session.id, locale, true, now), session }
}

/**
 * A lead's view of a session under their NGO's address: their NGO's own session in full, a
 * coalition-wide one with only their recruits. Another NGO's session is answered as unknown.
 */
export async function ngoSessionDetail(scope: Scope, sessionId: string, locale: Locale, now = new Date()) {
  const row = await db.liveSession.findUnique({ where: { id: sessionId }, select: { ngoId: true } })
  const ngoId = scope.kind === 'ngo' ? scope.ngoId : null
  if (!row || (ngoId !== null && row.ngoId !== null && row.ngoId !== ngoId)) throw new NotFoundError()
  const own = row.ngoId !== null && (ngoId === null || row.ngoId === ngoId)
  return { detail: await describe(sessionId, locale, own, now), own, limitToNgo: own ? null : ngoId }
}

// ---------------------------------------------------------------- the volunteer's side

/** The campaigns (and NGOs) a person applied to and is still in. */
async function activeApplications(userId: string) {
  return db.application.findMany({ where: { userId, state: { in: [...ACTIVE_STATES] } }, select: { campaignId: true, ngoId: true } })
}

/** Sessions a person may see and register for: linked to a campaign they applied to, coalition-wide or of the NGO they applied through. */
async function eligibleWhere(userId: string) {
  const apps = await activeApplications(userId)
  return {
    OR: [
      ...apps.map((a) => ({ campaigns: { some: { campaignId: a.campaignId } }, OR: [{ ngoId: null }, { ngoId: a.ngoId }] })),
      { registrations: { some: { userId, status: { not: 'cancelled' } } } },
    ],
  }
}

export interface VolunteerSession extends SessionSummary {
  myStatus: string | null
}

/** The volunteer's list: upcoming sessions of their campaigns, with their own place in each. */
export async function listVolunteerSessions(userId: string, { page, locale, now = new Date() }: { page: number; locale: Locale; now?: Date }) {
  const where = { AND: [await eligibleWhere(userId), { endsAt: { gt: now }, cancelledAt: null }] }
  const [total, rows] = await Promise.all([
    db.liveSession.count({ where }),
    db.liveSession.findMany({ where, orderBy: { startsAt: 'asc' }, skip: (page - 1) * SESSIONS_PAGE_SIZE, take: SESSIONS_PAGE_SIZE, select: summarySelect }),
  ])
  const mine = await db.liveSessionRegistration.findMany({ where: { userId, sessionId: { in: rows.map((r) => r.id) } }, select: { sessionId: true, status: true } })
  const items: VolunteerSession[] = (await summarise(rows, locale)).map((s) => ({ ...s, myStatus: mine.find((m) => m.sessionId === s.id)?.status ?? null }))
  return { items, total, pageCount: pageCount(total, SESSIONS_PAGE_SIZE) }
}

/**
 * A session's page as a person sees it. The meeting link is only in it for those holding a seat and
 * for the session's managers; NotFoundError for a session the person has no business with.
 */
export async function sessionForPerson(actor: Actor, sessionId: string, locale: Locale, now = new Date()) {
  const row = await db.liveSession.findFirst({
    where: { id: sessionId },
    select: { id: true, ngoId: true, trainers: { select: { userId: true } } },
  })
  if (!row) throw new NotFoundError()
  const manager = canManageSession(actor, { ngoId: row.ngoId, trainerIds: row.trainers.map((t) => t.userId) })
  const visible = manager || (await db.liveSession.count({ where: { AND: [{ id: sessionId }, await eligibleWhere(actor.id)] } })) > 0
  if (!visible) throw new NotFoundError()
  const registration = await db.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId, userId: actor.id } }, select: { status: true, attendedAt: true } })
  const seated = registration?.status === 'registered'
  const detail = await describe(sessionId, locale, manager || seated, now)
  const seatsTaken = await db.liveSessionRegistration.count({ where: { sessionId, status: 'registered' } })
  return {
    detail,
    manager,
    myStatus: registration?.status ?? null,
    attended: registration?.attendedAt != null,
    seatsLeft: detail.capacity === null ? null : Math.max(0, detail.capacity - seatsTaken),
    open: !detail.cancelled && !detail.ended,
  }
}

export type RegisterOutcome = 'registered' | 'waitlisted' | 'full' | 'closed' | 'already'

/** Registers a person: a seat while there is one, else the waitlist (if kept), else refused. */
export async function register(actor: Actor, sessionId: string, ip?: string, now = new Date()): Promise<RegisterOutcome> {
  await sessionForPerson(actor, sessionId, 'ru', now)
  return db.$transaction(async (tx) => {
    // Registrations and cancellations of one session are counted one at a time: two people cannot both take the last seat.
    await lockRow(tx, 'LiveSession', sessionId)
    const session = await tx.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { capacity: true, waitlist: true, endsAt: true, cancelledAt: true, ngoId: true } })
    if (!registrationOpen(session, now)) return 'closed'
    const existing = await tx.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId, userId: actor.id } } })
    if (existing && (existing.status === 'registered' || existing.status === 'waitlisted')) return 'already'
    const seatsTaken = await tx.liveSessionRegistration.count({ where: { sessionId, status: 'registered' } })
    const place = placeFor(session, seatsTaken)
    if (place === 'full') return 'full'
    if (existing) {
      // Back after cancelling (or a walk-in registering): at the end of the queue.
      await tx.liveSessionRegistration.update({ where: { id: existing.id }, data: { status: place, registeredAt: now, cancelledAt: null } })
    } else {
      await tx.liveSessionRegistration.create({ data: { sessionId, userId: actor.id, status: place, registeredAt: now } })
    }
    await recordAudit({ actorId: actor.id, action: 'live.register', targetType: 'LiveSession', targetId: sessionId, ngoId: session.ngoId ?? undefined, ip, details: { place } }, tx)
    return place
  })
}

/** Cancels a person's registration; a freed seat goes to the first on the waitlist (who is told). */
export async function cancelRegistration(actor: Actor, sessionId: string, ip?: string, now = new Date()): Promise<'cancelled' | 'none'> {
  return db.$transaction(async (tx) => {
    await lockRow(tx, 'LiveSession', sessionId)
    const existing = await tx.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId, userId: actor.id } }, include: { session: { select: { ngoId: true } } } })
    if (!existing || (existing.status !== 'registered' && existing.status !== 'waitlisted')) return 'none'
    await tx.liveSessionRegistration.update({ where: { id: existing.id }, data: { status: 'cancelled', cancelledAt: now } })
    if (existing.status === 'registered') await promoteWaitlisted(tx, sessionId)
    await recordAudit({ actorId: actor.id, action: 'live.unregister', targetType: 'LiveSession', targetId: sessionId, ngoId: existing.session.ngoId ?? undefined, ip }, tx)
    return 'cancelled'
  })
}

/** Per learner: how many sessions each person attended (and was registered for), most first. */
export async function learnerAttendance(scope: { kind: 'manager'; actor: Actor } | { kind: 'ngo'; ngoId: string }, { page }: { page: number }) {
  const sessionWhere =
    scope.kind === 'ngo'
      ? { OR: [{ ngoId: scope.ngoId }, { ngoId: null }] }
      : scope.actor.isAdmin
        ? {}
        : { OR: [{ ngoId: null }, { trainers: { some: { userId: scope.actor.id } } }] }
  const where = { status: { not: 'cancelled' }, session: sessionWhere, ...(scope.kind === 'ngo' ? recruitsOf(scope.ngoId) : {}) }
  const grouped = await db.liveSessionRegistration.groupBy({ by: ['userId'], where, _count: { _all: true } })
  const attended = await db.liveSessionRegistration.groupBy({ by: ['userId'], where: { ...where, attendedAt: { not: null } }, _count: { _all: true } })
  const attendedBy = new Map(attended.map((a) => [a.userId, a._count._all]))
  const sorted = grouped
    .map((g) => ({ userId: g.userId, registered: g._count._all, attended: attendedBy.get(g.userId) ?? 0 }))
    .sort((a, b) => b.attended - a.attended || b.registered - a.registered || (a.userId < b.userId ? -1 : 1))
  const size = SESSIONS_PAGE_SIZE * 5
  const slice = sorted.slice((page - 1) * size, page * size)
  const names = await db.user.findMany({ where: { id: { in: slice.map((s) => s.userId) } }, select: { id: true, name: true } })
  return {
    items: slice.map((s) => ({ ...s, name: names.find((n) => n.id === s.userId)?.name ?? '' })),
    total: sorted.length,
    pageCount: pageCount(sorted.length, size),
  }
}
