/**
 * Adds to the browser tests' database (DATABASE_URL) an online live session of the demo NGO
 * dala-watch for the demo campaign, with two demo volunteers registered; prints the session's id.
 * Run by tests/e2e/live-report.spec.ts: the pages that schedule sessions are another screen's.
 */
import { db } from '~/server/platform/db.server.ts'

const ngo = await db.ngo.findUniqueOrThrow({ where: { slug: 'dala-watch' } })
const campaign = await db.campaign.findUniqueOrThrow({ where: { slug: 'kurultai-demo' } })
const people = await db.user.findMany({ where: { email: { in: ['aruzhan@example.org', 'volunteer@example.org'] } } })
const startsAt = new Date(Date.now() - 3 * 3_600_000)
const session = await db.liveSession.create({
  data: {
    ngoId: ngo.id, format: 'ONLINE', titleRu: 'День голосования: разбор', titleKk: 'Дауыс беру күні: талдау', titleEn: 'Voting day: walkthrough',
    startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), meetingUrl: 'https://zoom.us/j/81234567890',
    campaigns: { create: [{ campaignId: campaign.id }] },
    registrations: { create: people.map((p) => ({ userId: p.id })) },
  },
})
process.stdout.write(session.id)
await db.$disconnect()
