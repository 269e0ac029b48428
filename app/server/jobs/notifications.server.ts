/**
 * Notifications: one row per message to one person, read in the in-app inbox, and one job per message
 * that emails it (notification-worker.server.ts, retries with backoff). Enqueue inside the
 * transaction of the change that caused it, so a message exists exactly when its cause does.
 * Rows keep ids, not names: a message is worded at the moment it is read or sent, in the reader's
 * language, with the campaign's and NGO's current names.
 */
import { pageCount } from '~/domain/paging.ts'
import { formatDateTimeMinute } from '~/domain/format.ts'
import { sessionText } from '~/domain/live-sessions.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import {
  INBOX_PAGE_SIZE,
  isNotificationKind,
  notificationKinds,
  notificationPath,
  readParams,
  reminderId,
  reminderWindow,
  trainingCourseParam,
  type NotificationKind,
} from '~/domain/notifications.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { INVITE_TOKEN_TTL_MS, isUniqueViolation } from '../accounts/accounts.server.ts'
import { db, newId, plainRead, plainTransaction, Prisma, type RawClient } from '../platform/db.server.ts'
import { env } from '../platform/env.server.ts'
import { queueJob } from './queue.server.ts'

export { notificationKinds, type NotificationKind }

/** Queues a message and its email (a job) together; inside the caller's transaction when given one. */
export async function notify(userId: string, kind: NotificationKind, params: Record<string, string | number> = {}, client?: RawClient): Promise<void> {
  if (!client) return plainTransaction((tx) => notify(userId, kind, params, tx))
  const id = newId()
  await client.$executeRaw`
    INSERT INTO "Notification" ("id", "userId", "kind", "params", "createdAt") VALUES (${id}, ${userId}, ${kind}, ${JSON.stringify(params)}, ${new Date()})`
  await queueJob(client, 'notification.email', id)
}

/** Campaign and NGO names, each read once per page or email however many rows mention it. */
export interface NameLookup {
  campaign(id: string | undefined, locale: Locale): Promise<string>
  ngo(id: string | undefined): Promise<string>
  /** A live session's title in `locale` and its start in Kazakhstan time. */
  liveSession(id: string | undefined, locale: Locale): Promise<{ title: string; when: string }>
}

type LiveSessionNames = { titleRu: string; titleKk: string; titleEn: string; startsAt: Date } | null

export function createNameLookup(): NameLookup {
  const campaigns = new Map<string, Promise<{ nameRu: string; nameKk: string; nameEn: string } | null>>()
  const ngos = new Map<string, Promise<string>>()
  const sessions = new Map<string, Promise<LiveSessionNames>>()
  return {
    async liveSession(id, locale) {
      if (!id) return { title: '', when: '' }
      let row = sessions.get(id)
      if (!row) {
        row = db.liveSession.findUnique({ where: { id }, select: { titleRu: true, titleKk: true, titleEn: true, startsAt: true } })
        sessions.set(id, row)
      }
      const found = await row
      return found ? { title: sessionText(found, locale), when: formatDateTimeMinute(found.startsAt, locale) } : { title: '', when: '' }
    },
    async campaign(id, locale) {
      if (!id) return ''
      let row = campaigns.get(id)
      if (!row) {
        row = db.campaign.findUnique({ where: { id }, select: { nameRu: true, nameKk: true, nameEn: true } })
        campaigns.set(id, row)
      }
      const found = await row
      return found ? localizedName(found, locale) : ''
    },
    async ngo(id) {
      if (!id) return ''
      let name = ngos.get(id)
      if (!name) {
        name = db.ngo.findUnique({ where: { id }, select: { name: true } }).then((r) => r?.name ?? '')
        ngos.set(id, name)
      }
      return name
    },
  }
}

export type RenderChannel =
  | { channel: 'inbox' }
  /**
   * `origin` makes links absolute; an invitation needs its freshly made `inviteLink`. `unclaimed`: the
   * person has not chosen a password yet (a lead added them), so the email says how to.
   */
  | { channel: 'email'; origin: string; recipientName: string; inviteLink?: string; unclaimed?: boolean }

export interface RenderedNotification {
  subject: string
  /** The inbox shows the message alone; an email adds the greeting, the link and the signature. */
  text: string
  /** Relative in the inbox, absolute in an email. */
  href?: string
  /** The link's words ("Open your certificate"). */
  action?: string
}

/** Words a notification in `locale` from its kind's templates (notifications.<kind>.subject/body/action). */
export async function renderNotification(
  row: { kind: string; params: string },
  locale: Locale,
  options: RenderChannel & { lookup?: NameLookup } = { channel: 'inbox' },
): Promise<RenderedNotification> {
  const kind = row.kind
  if (!isNotificationKind(kind)) throw new Error(`Unknown notification kind "${kind}"`)
  const params = readParams(row.params)
  const lookup = options.lookup ?? createNameLookup()
  const t = await getFixedT(locale)
  const live = await lookup.liveSession(params.sessionId, locale)
  const values = {
    name: options.channel === 'email' ? options.recipientName : '',
    session: live.title,
    when: live.when,
    campaign: await lookup.campaign(params.campaignId, locale),
    ngo: await lookup.ngo(params.ngoId),
    reason: params.reason ?? '',
    code: params.code ?? '',
    text: params.text ?? '',
    station: params.station ?? '',
    days: INVITE_TOKEN_TTL_MS / (24 * 60 * 60 * 1000),
  }
  const subject = t(`notifications.${kind}.subject`, values)
  // A withdrawal names the stations its observer's shifts were at, when there were any (body_station).
  const body = t(`notifications.${kind}.body`, { ...values, context: kind === 'application.withdrawn' && values.station ? 'station' : undefined })
  const path = notificationPath(kind, params)
  const action = path || kind === 'account.invited' ? t(`notifications.${kind}.action`, values) : undefined

  if (options.channel === 'inbox') return { subject, text: body, href: path, action: path ? action : undefined }

  let href = path ? options.origin + path : undefined
  if (kind === 'account.invited') {
    if (!options.inviteLink) throw new Error('An invitation email needs its link')
    href = options.inviteLink
  }
  const paragraphs = [t('notifications.greeting', values), body]
  if (kind === 'account.invited') paragraphs.push(t('notifications.account.invited.emailNote', values))
  // Not a new invitation link: making one would end the one the invitation carries.
  else if (options.unclaimed) paragraphs.push(t('notifications.unclaimedNote', { link: `${options.origin}/forgot-password?${new URLSearchParams({ lng: locale })}` }))
  if (href && action) paragraphs.push(t('notifications.emailLink', { action, link: href }))
  paragraphs.push(t('notifications.signature'))
  return { subject: `${t('app.name')}: ${subject}`, text: paragraphs.join('\n\n'), href, action }
}

const inboxWhere = (userId: string) => ({ userId, kind: { in: [...notificationKinds] } })

/** The header's badge: one indexed count. */
export async function countUnread(userId: string): Promise<number> {
  // On every page a logged-in person sees: one plain statement (Prisma's count wraps a subquery).
  const rows = await plainRead<{ unread: number | bigint | string }>`
    SELECT COUNT(*) AS "unread" FROM "Notification"
    WHERE "userId" = ${userId} AND "readAt" IS NULL AND "kind" IN (${Prisma.join([...notificationKinds])})`
  return Number(rows[0]?.unread ?? 0)
}

export interface InboxItem extends RenderedNotification {
  id: string
  createdAt: Date
  read: boolean
}

/** One page of a person's notifications, newest first, worded in the language they are reading in. */
export async function listInbox(userId: string, { page, locale }: { page: number; locale: Locale }) {
  const where = inboxWhere(userId)
  const [total, unread, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.count({ where: { ...where, readAt: null } }),
    db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * INBOX_PAGE_SIZE, take: INBOX_PAGE_SIZE }),
  ])
  const lookup = createNameLookup()
  const items: InboxItem[] = await Promise.all(
    rows.map(async (row) => ({ id: row.id, createdAt: row.createdAt, read: row.readAt !== null, ...(await renderNotification(row, locale, { channel: 'inbox', lookup })) })),
  )
  return { items, total, unread, pageCount: pageCount(total, INBOX_PAGE_SIZE) }
}

/** Marks one of the person's own notifications read; false when it is not theirs (or does not exist). */
export async function markRead(userId: string, id: string, now = new Date()): Promise<boolean> {
  const row = await db.notification.findFirst({ where: { id, userId }, select: { readAt: true } })
  if (!row) return false
  // The first reading time is kept.
  if (!row.readAt) await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: now } })
  return true
}

export async function markAllRead(userId: string, now = new Date()): Promise<number> {
  return (await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })).count
}

/**
 * Reminds recruits whose training has stalled: accepted but not started for TRAINING_REMINDER_DAYS,
 * or in training without opening a lesson for as long (and not just moved back into training),
 * while their election is still ahead. At most one reminder per application a week, also when
 * several app processes run this at once (see `reminderId`). Returns how many were queued.
 */
export async function queueTrainingReminders(now = new Date(), idleDays = env().TRAINING_REMINDER_DAYS): Promise<number> {
  const { since, lastReminderAfter } = reminderWindow(now, idleDays)
  const stalled = await db.application.findMany({
    where: {
      campaign: { electionDay: { gt: now } },
      stateChangedAt: { lt: since },
      anonymisedAt: null,
      OR: [{ state: 'accepted' }, { state: 'in_training', user: { lessonProgress: { none: { lastSeenAt: { gte: since } } } } }],
    },
    select: { id: true, userId: true, campaignId: true, ngoId: true },
  })
  if (stalled.length === 0) return 0
  const recent = await db.notification.findMany({
    where: { kind: 'training.reminder', userId: { in: [...new Set(stalled.map((a) => a.userId))] }, createdAt: { gte: lastReminderAfter } },
    select: { params: true },
  })
  const reminded = new Set(recent.map((r) => readParams(r.params).applicationId))
  // "Continue the training" links to the campaign's course: each campaign's required courses, read once.
  const required = await db.campaignCourse.findMany({ where: { campaignId: { in: [...new Set(stalled.map((a) => a.campaignId))] }, required: true }, select: { campaignId: true, courseSlug: true }, orderBy: { courseSlug: 'asc' } })
  let queued = 0
  for (const application of stalled) {
    if (reminded.has(application.id)) continue
    const params = { applicationId: application.id, campaignId: application.campaignId, ngoId: application.ngoId, ...trainingCourseParam(required.filter((c) => c.campaignId === application.campaignId)) }
    try {
      await db.$transaction(async (tx) => {
        const id = reminderId(application.id, now)
        await tx.notification.create({ data: { id, userId: application.userId, kind: 'training.reminder', params: JSON.stringify(params), createdAt: now } })
        await queueJob(tx, 'notification.email', id, { runAfter: now })
      })
      queued++
    } catch (error) {
      // Another process queued this week's reminder a moment ago.
      if (!isUniqueViolation(error)) throw error
    }
  }
  return queued
}
