/** Live sessions and attendance built straight in the database, for the certification rule and the report import. */
import crypto from 'node:crypto'
import { db } from '~/server/platform/db.server.ts'

const HOUR = 3_600_000

export async function liveSession(options: { ngoId?: string | null; campaignIds?: string[]; courseSlugs?: string[]; cancelled?: boolean; format?: 'ONLINE' | 'OFFLINE'; startsAt?: Date; trainerIds?: string[] } = {}) {
  const startsAt = options.startsAt ?? new Date('2027-02-01T09:00:00Z')
  return db.liveSession.create({
    data: {
      ngoId: options.ngoId ?? null, format: options.format ?? 'ONLINE', titleRu: 'Занятие', titleKk: 'Сабақ', titleEn: `Session ${crypto.randomBytes(2).toString('hex')}`,
      startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), meetingUrl: options.format === 'OFFLINE' ? null : 'https://zoom.us/j/123', cancelledAt: options.cancelled ? new Date() : null,
      campaigns: { create: (options.campaignIds ?? []).map((campaignId) => ({ campaignId })) },
      courses: { create: (options.courseSlugs ?? []).map((courseSlug) => ({ courseSlug })) },
      trainers: { create: (options.trainerIds ?? []).map((userId) => ({ userId })) },
    },
  })
}

/** Registers the person; `attended` records their attendance (by hand) too. */
export async function register(sessionId: string, userId: string, attended = false) {
  return db.liveSessionRegistration.create({ data: { sessionId, userId, ...(attended ? { attendedAt: new Date(), attendanceSource: 'manual' } : {}) } })
}
