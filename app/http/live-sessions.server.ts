/**
 * What the live-session screens of trainers (studio) and leads (NGO workspace) share: the scheduling
 * form's action, the session overview with its attendance actions, and the present screen with the
 * rotating code. Routes stay thin: they authorise, then call these.
 */
import { data } from '@remix-run/node'
import { z } from 'zod'
import { kzParts } from '~/domain/assignments.ts'
import { attendanceCounts, attendanceOpensAt, sessionSchema } from '~/domain/live-sessions.ts'
import type { Locale } from '~/domain/locale.ts'
import type { Actor } from '~/domain/permissions.ts'
import { idField } from '~/domain/validation/fields.ts'
import { attendQrSvg, currentCode, markAttendance } from '../server/live-sessions/attendance.server.ts'
import { cancelSession, createSession, requireManagedSession, sessionAttendees, updateSession, type ScheduleError, type SessionDetail } from '../server/live-sessions/sessions.server.ts'
import { formatDateTime, formatDateTimeMinute } from '~/domain/format.ts'
import { parseForm } from './forms.server.ts'
import { answerRefusal } from './refusals.server.ts'
import { redirectWithToast } from './toast.server.ts'
import { publicOrigin } from './origin.server.ts'

const scheduleErrorField: Record<ScheduleError, string> = { campaigns: 'campaigns', courses: 'courses', trainers: 'trainers' }

/** The scheduling form's POST: new (`sessionId` null) or an edit; back to `done(id)` on success. */
export async function scheduleAction(request: Request, actor: Actor, target: { ngoId: string | null; sessionId: string | null }, locale: Locale, ip: string, done: (id: string) => string) {
  const submission = await parseForm(request, sessionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = target.sessionId
    ? await updateSession(actor, target.sessionId, submission.value, locale, ip).catch(answerRefusal)
    : await createSession(actor, target.ngoId, submission.value, locale, ip).catch(answerRefusal)
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { [scheduleErrorField[result.error]]: ['live.errors.choice'] } }) }, { status: 400 })
  return redirectWithToast(done(result.id), { key: target.sessionId ? 'live.toast.updated' : 'live.toast.scheduled', kind: 'success' })
}

/** The edit form's starting values, from the stored session (times back in Kazakhstan time). */
export async function scheduleDefaults(actor: Actor, sessionId: string) {
  const s = await requireManagedSession(actor, sessionId).catch(answerRefusal)
  const start = kzParts(s.startsAt)
  const end = kzParts(s.endsAt)
  return {
    format: s.format,
    titleRu: s.titleRu,
    titleKk: s.titleKk,
    titleEn: s.titleEn,
    descriptionRu: s.descriptionRu,
    descriptionKk: s.descriptionKk,
    descriptionEn: s.descriptionEn,
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    meetingUrl: s.meetingUrl ?? '',
    address: s.address ?? '',
    room: s.room ?? '',
    capacity: s.capacity === null ? '' : String(s.capacity),
    waitlist: s.waitlist,
    campaigns: s.campaigns.map((c) => c.campaignId),
    courses: s.courses.map((c) => c.courseSlug),
    trainers: s.trainers.map((t) => t.userId),
  }
}

/** Counts, the chart's figures and one page of people, for a session overview. */
export async function attendancePanel(detail: SessionDetail, locale: Locale, limitToNgo: string | null, page: number) {
  const people = await sessionAttendees(detail.id, locale, limitToNgo, { page })
  return { counts: attendanceCounts(people.all, detail.ended), items: people.items, page, pageCount: people.pageCount }
}

export const overviewActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('mark'), userId: idField }),
  z.object({ intent: z.literal('unmark'), userId: idField }),
  z.object({ intent: z.literal('cancel'), confirm: z.literal('yes', { error: 'live.errors.confirmCancel' }) }),
])

/** The overview's POST: mark or unmark a person present, or cancel the session. */
export async function overviewAction(request: Request, actor: Actor, sessionId: string, ip: string, back: string) {
  const submission = await parseForm(request, overviewActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const input = submission.value
  if (input.intent === 'cancel') {
    await cancelSession(actor, sessionId, ip).catch(answerRefusal)
    return redirectWithToast(back, { key: 'live.toast.cancelled', kind: 'success' })
  }
  const outcome = await markAttendance(actor, sessionId, input.userId, input.intent === 'mark', ip).catch(answerRefusal)
  if (outcome === 'unknown') return data({ result: submission.reply({ formErrors: ['live.errors.notRegistered'] }) }, { status: 400 })
  // A session that has not begun (or was cancelled) has nobody to mark present yet: a stale page, or a wrong session.
  if (outcome === 'notStarted' || outcome === 'cancelled') return data({ result: submission.reply({ formErrors: [outcome === 'notStarted' ? 'live.errors.attendanceNotOpen' : 'live.errors.attendanceCancelled'] }) }, { status: 409 })
  return redirectWithToast(back, { key: input.intent === 'mark' ? 'live.toast.marked' : 'live.toast.unmarked', kind: 'success' })
}

/**
 * The present screen's data: the code now, its QR, and who has confirmed (newest first); before
 * attendance opens (half an hour ahead of the start), only when it will.
 */
export async function presentData(request: Request, actor: Actor, detail: SessionDetail, locale: Locale, now = new Date()) {
  if (detail.cancelled) return { cancelled: true as const }
  const opensAt = attendanceOpensAt(new Date(detail.startsAt))
  if (now < opensAt) return { cancelled: false as const, opensText: formatDateTimeMinute(opensAt, locale) }
  const shown = await currentCode(actor, detail.id, now).catch(answerRefusal)
  const url = `${publicOrigin(request)}/attend?code=${shown.code}`
  const people = await sessionAttendees(detail.id, locale, null, { page: 1 })
  const present = people.items.filter((p) => p.attended).sort((a, b) => (a.attendedText ?? '') < (b.attendedText ?? '') ? 1 : -1)
  return {
    cancelled: false as const,
    opensText: null,
    code: shown.code,
    url,
    qr: await attendQrSvg(url),
    expiresText: formatDateTime(shown.expiresAt, locale),
    refreshInSeconds: Math.max(5, Math.ceil((shown.nextAt.getTime() - Date.now()) / 1000)),
    present: present.map((p) => ({ userId: p.userId, name: p.name, walkIn: p.status !== 'registered', source: p.source })),
    counts: attendanceCounts(people.all, detail.ended),
  }
}
