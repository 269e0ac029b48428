/**
 * Calendars: a session's .ics file, and each person's feed at a secret address
 * (/calendar/<token>.ics) listing the sessions they hold a seat at. Times are written in UTC.
 */
import crypto from 'node:crypto'
import { buildCalendar, calendarTokenFromBytes, CALENDAR_TOKEN_PATTERN, type CalendarEvent } from '~/domain/ics.ts'
import { sessionDescription, sessionText } from '~/domain/live-sessions.ts'
import type { Locale } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'

type SessionForCalendar = {
  id: string
  titleRu: string
  titleKk: string
  titleEn: string
  descriptionRu: string
  descriptionKk: string
  descriptionEn: string
  startsAt: Date
  endsAt: Date
  updatedAt: Date
  cancelledAt: Date | null
  meetingUrl: string | null
  address: string | null
  room: string | null
}

function toEvent(s: SessionForCalendar, locale: Locale, origin: string, withLink: boolean): CalendarEvent {
  const page = `${origin}/sessions/${s.id}`
  const description = [sessionDescription(s, locale), withLink && s.meetingUrl ? s.meetingUrl : '', page].filter(Boolean).join('\n\n')
  return {
    uid: `live-${s.id}@observer-school`,
    start: s.startsAt,
    end: s.endsAt,
    summary: sessionText(s, locale),
    description,
    location: s.address ? [s.address, s.room].filter(Boolean).join(', ') : withLink && s.meetingUrl ? s.meetingUrl : undefined,
    url: page,
    cancelled: s.cancelledAt !== null,
    sequence: Math.floor(s.updatedAt.getTime() / 1000) % 2_000_000_000,
    updated: s.updatedAt,
  }
}

/** One session's .ics; the meeting link only when the reader may see it. */
export async function sessionCalendar(sessionId: string, locale: Locale, origin: string, withLink: boolean, now = new Date()): Promise<string> {
  const s = await db.liveSession.findUniqueOrThrow({ where: { id: sessionId } })
  const t = await getFixedT(locale)
  return buildCalendar([toEvent(s, locale, origin, withLink)], { name: t('live.calendar.name') }, now)
}

/** The person's feed token, if they asked for one. */
export async function existingCalendarToken(userId: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: userId }, select: { calendarToken: true } }))?.calendarToken ?? null
}

/** The person's feed token, made on first ask. */
export async function calendarToken(userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { calendarToken: true } })
  if (user.calendarToken) return user.calendarToken
  const token = calendarTokenFromBytes(crypto.randomBytes(32))
  // Two tabs asking at once: the first token written wins.
  await db.user.updateMany({ where: { id: userId, calendarToken: null }, data: { calendarToken: token } })
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { calendarToken: true } })).calendarToken ?? token
}

/** A new feed address; the old one stops working at once. */
export async function regenerateCalendarToken(userId: string, ip?: string): Promise<string> {
  const token = calendarTokenFromBytes(crypto.randomBytes(32))
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { calendarToken: token } })
    await recordAudit({ actorId: userId, action: 'live.calendar.regenerate', targetType: 'User', targetId: userId, ip }, tx)
  })
  return token
}

/** The feed behind a token: null for an unknown one. Sessions from 30 days back, in the person's language. */
export async function calendarFeed(token: string, origin: string, now = new Date()): Promise<string | null> {
  if (!CALENDAR_TOKEN_PATTERN.test(token)) return null
  const user = await db.user.findUnique({ where: { calendarToken: token }, select: { id: true, locale: true, anonymisedAt: true } })
  if (!user || user.anonymisedAt) return null
  const rows = await db.liveSessionRegistration.findMany({
    where: { userId: user.id, status: 'registered', session: { endsAt: { gt: new Date(now.getTime() - 30 * 24 * 3600_000) } } },
    include: { session: true },
    orderBy: { session: { startsAt: 'asc' } },
    take: 500,
  })
  const t = await getFixedT(user.locale)
  return buildCalendar(rows.map((r) => toEvent(r.session, user.locale, origin, true)), { name: t('live.calendar.name'), refreshMinutes: 60 }, now)
}
