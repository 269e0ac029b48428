/**
 * The demo's election day: stations in three regions, the three shifts, assignments that keep the
 * rules; and its learners as the final exam's rule has them.
 */
import { describe, expect, it } from 'vitest'
import { assignmentConflict, kzParts } from '~/domain/assignments.ts'
import { recruitSearchText } from '~/domain/recruits.ts'
import { db } from '~/server/platform/db.server.ts'
import { myAssignments, suggestForShift } from '~/server/deployment/assignments.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { examOverview } from '~/server/exams/exams.server.ts'
import { trainingLeftFor } from '~/server/exams/readiness.server.ts'
import { DEMO_CERTIFICATE_CODE } from '../../prisma/data/demo.ts'
import { seed } from '../../prisma/seed.ts'

describe('the demo seed', () => {
  it('holds a few hundred stations, the KZ shifts and the demo lead’s assignments', { timeout: 120_000 }, async () => {
    await seed()
    const campaign = await db.campaign.findUniqueOrThrow({ where: { slug: 'kurultai-demo' } })
    const byRegion = await db.pollingStation.groupBy({ by: ['regionCode'], where: { campaignId: campaign.id }, _count: { _all: true } })
    expect(Object.fromEntries(byRegion.map((r) => [r.regionCode, r._count._all]))).toEqual({ 'KZ-19': 64, 'KZ-33': 50, 'KZ-75': 240 })
    const shifts = await db.campaignShift.findMany({ where: { campaignId: campaign.id }, orderBy: { startsAt: 'asc' } })
    expect(shifts.map((s) => [kzParts(s.startsAt).time, kzParts(s.endsAt).time])).toEqual([['07:00', '14:00'], ['14:00', '20:00'], ['20:00', '02:00']])
    const assignments = await db.assignment.findMany({ where: { campaignId: campaign.id }, select: { id: true, applicationId: true, ngoId: true, stationId: true, shiftId: true, status: true } })
    expect(assignments.length).toBeGreaterThanOrEqual(5)
    const windows = new Map(shifts.map((s) => [s.id, s]))
    for (const a of assignments) expect(assignmentConflict(a, assignments, windows)).toBeNull()
    const aruzhan = await db.user.findUniqueOrThrow({ where: { email: 'aruzhan@example.org' } })
    expect((await myAssignments(aruzhan.id))[0]).toMatchObject({ status: 'assigned', coordinator: { email: 'info@dala-watch.example.org' } })

    // The lead's bulk suggestion has something to propose: for the count, every certified observer
    // who lives where the demo has stations gets one there, most in their own district.
    const [lead, ngo] = await Promise.all([db.user.findUniqueOrThrow({ where: { email: 'lead@example.org' } }), db.ngo.findUniqueOrThrow({ where: { slug: 'dala-watch' } })])
    const suggestion = (await suggestForShift({ kind: 'ngo', actorId: lead.id, ngoId: ngo.id }, campaign.id, shifts[2]?.id ?? '')) ?? []
    expect(suggestion.length).toBeGreaterThanOrEqual(8)
    expect(suggestion.filter((s) => s.match === 'district').length).toBeGreaterThanOrEqual(6)
    expect(new Set(suggestion.map((s) => s.regionCode))).toEqual(new Set(['KZ-75', 'KZ-19']))

    // Every demo recruit is found by the name the list shows: the search text is made of it.
    const applications = await db.application.findMany({ select: { fullName: true, phone: true, iin: true, searchText: true } })
    expect(applications.length).toBeGreaterThan(50)
    for (const a of applications) expect(a.searchText, a.fullName).toBe(recruitSearchText(a))
  })

  it('has everyone who sat the final exam through the lessons first, and the demo volunteer’s exam waiting for hers', { timeout: 120_000 }, async () => {
    await seed()
    const course = await findCourse('observer-basics')
    if (!course) throw new Error('the demo course is missing')
    // The exam's rule holds for the demo's attempts: nobody sat it without every lesson completed.
    const examinees = await db.examAttempt.findMany({ where: { courseSlug: course.slug }, distinct: ['userId'], select: { userId: true } })
    expect(examinees.length).toBeGreaterThan(4)
    for (const { userId } of examinees) expect(await trainingLeftFor(userId, course), userId).toEqual({ lessons: [], prerequisites: [] })
    const graduate = await db.certificate.findUniqueOrThrow({ where: { code: DEMO_CERTIFICATE_CODE }, select: { user: { select: { email: true } } } })
    expect(graduate.user.email).toBe('aruzhan@example.org')
    // The demo volunteer is mid-course: two lessons done, the exam page tells her the other ten.
    const volunteer = await db.user.findUniqueOrThrow({ where: { email: 'volunteer@example.org' } })
    expect((await examOverview(volunteer.id, course)).decision).toEqual({ ok: false, reason: 'trainingIncomplete', left: { lessons: course.lessons.slice(2).map((l) => l.slug), prerequisites: [] } })
  })
})
