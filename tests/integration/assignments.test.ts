/** Assignments on the server: the rules refused with nothing changed, NGO scoping, certification, notifications, the observer's answer, coverage. */
import { describe, expect, it } from 'vitest'
import type { NgoScope } from '~/domain/permissions.ts'
import { db } from '~/server/platform/db.server.ts'
import { assignObserver, confirmSuggestions, coverage, listAssignments, moveAssignment, myAssignments, removeAssignment, respondToAssignment, suggestForShift } from '~/server/deployment/assignments.server.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { letterFor, regionLetterCount, regionLetters, verifyLetterCode } from '~/server/deployment/letters.server.ts'
import { revokeCertificate } from '~/server/exams/certificates.server.ts'
import { moveApplication, withdrawOwnApplication } from '~/server/recruitment/applications.server.ts'
import { findRosterCampaign, rosterSummary } from '~/server/rosters/rosters.server.ts'
import { renderNotification } from '~/server/jobs/notifications.server.ts'
import { createMember, createUser } from '../support/factories.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'
import { saveShift } from '~/server/deployment/shifts.server.ts'
import { updateCampaign } from '~/server/recruitment/campaigns.server.ts'
import { campaignSchema } from '~/domain/validation/admin.ts'

async function setup() {
  const campaign = await rosterCampaign()
  const [ngoA, ngoB, leadA, leadB] = await Promise.all([accreditedNgo({ name: 'Адал сайлау' }), accreditedNgo({ name: 'Ашық дауыс' }), createUser(), createUser()])
  const scopeA: NgoScope = { kind: 'ngo', actorId: leadA.id, ngoId: ngoA.id }
  const scopeB: NgoScope = { kind: 'ngo', actorId: leadB.id, ngoId: ngoB.id }
  const shifts = await campaignShifts(campaign.id)
  const s1 = await station(campaign.id, 'KZ-75', '101', 'Алмалинский район')
  const s2 = await station(campaign.id, 'KZ-75', '102', 'Бостандыкский район')
  const s3 = await station(campaign.id, 'KZ-71', '101', 'Есильский район')
  return { campaign, ngoA, ngoB, scopeA, scopeB, shifts, s1, s2, s3 }
}

/** Ann at station 101 and Bob at 102 for the opening, Cat at 102 for the afternoon: three observers of NGO A placed. */
async function threePlaced() {
  const world = await setup()
  const { campaign, ngoA, scopeA, shifts, s1, s2 } = world
  const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
  const bob = await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75' })
  const cat = await recruit(3, campaign, ngoA.id, { regionCode: 'KZ-75' })
  const annPlaced = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
  const bobPlaced = await assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s2.id, shiftId: shifts.opening.id }, '')
  const catPlaced = await assignObserver(scopeA, campaign.id, { applicationId: cat.application.id, stationId: s2.id, shiftId: shifts.afternoon.id }, '')
  return { ...world, ann, bob, cat, annPlaced, bobPlaced, catPlaced }
}

const snapshot = async (campaignId: string) => ({
  assignments: await db.assignment.count({ where: { campaignId } }),
  notifications: await db.notification.count({ where: { kind: { startsWith: 'assignment.' } } }),
})

describe('assigning', () => {
  it('places a certified observer, audits it and notifies them in the same transaction', async () => {
    const { campaign, ngoA, scopeA, shifts, s1 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const result = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id, idDocumentNumber: '045678912' }, '127.0.0.1')
    expect(result.ok).toBe(true)
    const row = await db.assignment.findFirstOrThrow({ where: { applicationId: ann.application.id } })
    expect(row).toMatchObject({ ngoId: ngoA.id, stationId: s1.id, status: 'assigned', idDocumentNumber: '045678912', assignedById: scopeA.actorId })
    expect(await db.notification.count({ where: { userId: ann.user.id, kind: 'assignment.assigned' } })).toBe(1)
    expect(await db.job.count({ where: { kind: 'notification.email' } })).toBeGreaterThan(0)
    expect(await db.auditEvent.count({ where: { action: 'assignment.created', targetId: row.id } })).toBe(1)
  })

  it('refuses a second observer of the same NGO at a station in the same or an overlapping shift, and changes nothing', async () => {
    const { campaign, ngoA, ngoB, scopeA, scopeB, shifts, s1 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', fullName: 'Әлия Нұрова' })
    const bob = await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const cat = await recruit(3, campaign, ngoB.id, { regionCode: 'KZ-75' })
    await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    const long = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Весь день', nameKk: 'Күні бойы', nameEn: 'All day', startsAt: shifts.opening.startsAt, endsAt: shifts.afternoon.endsAt } })
    const before = await snapshot(campaign.id)
    expect(await assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).toMatchObject({ ok: false, error: 'ngoAtStation', station: '101', other: 'Әлия Нұрова' })
    expect(await assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s1.id, shiftId: long.id }, '')).toMatchObject({ ok: false, error: 'ngoAtStation' })
    expect(await snapshot(campaign.id)).toEqual(before)
    // The next shift, or another NGO in the same shift: allowed.
    expect((await assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s1.id, shiftId: shifts.afternoon.id }, '')).ok).toBe(true)
    expect((await assignObserver(scopeB, campaign.id, { applicationId: cat.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).ok).toBe(true)
  })

  it('refuses one observer in two places at once', async () => {
    const { campaign, ngoA, scopeA, shifts, s1, s2 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
    await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    const before = await snapshot(campaign.id)
    expect(await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s2.id, shiftId: shifts.opening.id }, '')).toMatchObject({ ok: false, error: 'observerBusy', station: '101' })
    expect(await snapshot(campaign.id)).toEqual(before)
    expect((await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s2.id, shiftId: shifts.count.id }, '')).ok).toBe(true)
  })

  it('keeps the rules when two placements in overlapping shifts are sent at the same moment', async () => {
    // Outside probe after session 39: on PostgreSQL both transactions read the placements before
    // either wrote, so one observer went to two stations at once (and two of an NGO's observers to
    // one station) whenever the shifts differed but overlapped; the same shift was kept by the keys.
    const { campaign, ngoA, scopeA, shifts, s1, s2 } = await setup()
    const long = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Весь день', nameKk: 'Күні бойы', nameEn: 'All day', startsAt: shifts.opening.startsAt, endsAt: shifts.afternoon.endsAt } })
    for (let round = 0; round < 4; round++) {
      const ann = await recruit(10 + round, campaign, ngoA.id, { regionCode: 'KZ-75' })
      const bob = await recruit(20 + round, campaign, ngoA.id, { regionCode: 'KZ-75' })
      // One observer, two stations, overlapping shifts.
      const busy = await Promise.all([
        assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, ''),
        assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s2.id, shiftId: long.id }, ''),
      ])
      expect(busy.filter((r) => r.ok), `round ${round}`).toHaveLength(1)
      expect(busy.find((r) => !r.ok)).toMatchObject({ error: 'observerBusy' })
      await db.assignment.deleteMany({ where: { campaignId: campaign.id } })
      // Two observers of the NGO, one station, overlapping shifts.
      const crowded = await Promise.all([
        assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, ''),
        assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s1.id, shiftId: long.id }, ''),
      ])
      expect(crowded.filter((r) => r.ok), `round ${round}`).toHaveLength(1)
      expect(crowded.find((r) => !r.ok)).toMatchObject({ error: 'ngoAtStation' })
      await db.assignment.deleteMany({ where: { campaignId: campaign.id } })
    }
  })

  it('refuses uncertified observers and another NGO’s observers; a lead of NGO B sees none of NGO A’s assignments', async () => {
    const { campaign, ngoA, scopeA, scopeB, shifts, s1 } = await setup()
    const uncertified = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', state: 'in_training', certificates: [{ course: 'observer-basics' }] })
    const ann = await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75' })
    expect(await assignObserver(scopeA, campaign.id, { applicationId: uncertified.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).toMatchObject({ ok: false, error: 'notCertified' })
    expect(await assignObserver(scopeB, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).toMatchObject({ ok: false, error: 'observerNotFound' })
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok) throw new Error('placed')
    expect((await listAssignments(scopeB, campaign.id, { page: 1 })).total).toBe(0)
    expect((await listAssignments(scopeA, campaign.id, { page: 1 })).total).toBe(1)
    expect(await removeAssignment(scopeB, campaign.id, placed.id, '')).toEqual({ ok: false })
    expect(await moveAssignment(scopeB, campaign.id, { assignmentId: placed.id, stationId: s1.id, shiftId: shifts.afternoon.id }, '')).toMatchObject({ ok: false, error: 'assignmentNotFound' })
    expect(await db.assignment.count({ where: { campaignId: campaign.id } })).toBe(1)
  })

  it('places an observer outside their home region only when the lead confirms it, and moves them back likewise', async () => {
    const { campaign, ngoA, scopeA, shifts, s1, s3 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', fullName: 'Әлия Нұрова' })
    const before = await snapshot(campaign.id)
    const into = { applicationId: ann.application.id, stationId: s3.id, shiftId: shifts.opening.id }
    expect(await assignObserver(scopeA, campaign.id, into, '')).toEqual({ ok: false, error: 'otherRegion', observer: 'Әлия Нұрова', home: 'KZ-75', region: 'KZ-71', station: '101' })
    expect(await snapshot(campaign.id)).toEqual(before)
    const placed = await assignObserver(scopeA, campaign.id, { ...into, otherRegion: true }, '')
    if (!placed.ok) throw new Error('placed')
    // Back home needs no confirmation; away again does.
    expect((await moveAssignment(scopeA, campaign.id, { assignmentId: placed.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).ok).toBe(true)
    expect(await moveAssignment(scopeA, campaign.id, { assignmentId: placed.id, stationId: s3.id, shiftId: shifts.opening.id }, '')).toMatchObject({ ok: false, error: 'otherRegion' })
    expect((await moveAssignment(scopeA, campaign.id, { assignmentId: placed.id, stationId: s3.id, shiftId: shifts.opening.id, otherRegion: true }, '')).ok).toBe(true)
  })

  it('moves and removes, audited, telling the observer', async () => {
    const { campaign, ngoA, scopeA, shifts, s1, s2 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok) throw new Error('placed')
    await respondToAssignment(ann.user.id, { assignmentId: placed.id, response: 'confirmed' }, '')
    expect((await moveAssignment(scopeA, campaign.id, { assignmentId: placed.id, stationId: s2.id, shiftId: shifts.opening.id }, '')).ok).toBe(true)
    expect(await db.assignment.findUniqueOrThrow({ where: { id: placed.id } })).toMatchObject({ stationId: s2.id, status: 'assigned' })
    expect(await removeAssignment(scopeA, campaign.id, placed.id, '')).toEqual({ ok: true })
    expect(await db.assignment.count({ where: { id: placed.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { targetId: placed.id, action: { in: ['assignment.moved', 'assignment.removed', 'assignment.confirmed'] } } })).toBe(3)
    expect(await db.notification.count({ where: { userId: ann.user.id, kind: { in: ['assignment.changed', 'assignment.removed'] } } })).toBe(2)
  })
})

describe('an election day moved', () => {
  it('takes the shifts along by the same days, withdraws the letters printed for the old day, asks again for a confirmation and tells the observers', async () => {
    // Outside probe after session 39: the election day moved a week and the shifts stayed on the old
    // day, so the observer's page named it and the printed letter stayed in force for it.
    const { campaign, scopeA, shifts, ann, bob, annPlaced, bobPlaced } = await threePlaced()
    if (!annPlaced.ok || !bobPlaced.ok) throw new Error('placed')
    await respondToAssignment(ann.user.id, { assignmentId: annPlaced.id, response: 'confirmed' }, '')
    const letter = await letterFor(scopeA, annPlaced.id, 'ru')
    expect(await verifyLetterCode(letter?.code ?? '', '')).toBe('valid')
    const notified = () => db.notification.count({ where: { kind: 'assignment.changed', userId: { in: [ann.user.id, bob.user.id] } } })
    const before = await notified()
    const admin = await createUser({ isAdmin: true })
    const week = 7 * 86_400_000
    const newDay = new Date(campaign.electionDay.getTime() + week)
    const input = campaignSchema.parse({ slug: campaign.slug, nameRu: campaign.nameRu, nameKk: campaign.nameKk, nameEn: campaign.nameEn, kind: campaign.kind, electionDay: newDay.toISOString().slice(0, 10), applicationDeadline: campaign.applicationDeadline.toISOString().slice(0, 10), requiredCourses: ['observer-basics'] })
    expect(await updateCampaign(admin.id, campaign.id, input, '')).toEqual({ ok: true, id: campaign.id })
    const moved = await db.campaignShift.findMany({ where: { campaignId: campaign.id }, orderBy: { startsAt: 'asc' } })
    expect(moved.map((s) => s.startsAt.getTime())).toEqual([shifts.opening, shifts.afternoon, shifts.count].map((s) => s.startsAt.getTime() + week))
    expect(moved.map((s) => s.endsAt.getTime())).toEqual([shifts.opening, shifts.afternoon, shifts.count].map((s) => s.endsAt.getTime() + week))
    expect(await db.assignment.findUniqueOrThrow({ where: { id: annPlaced.id } })).toMatchObject({ status: 'assigned', letterCode: null })
    expect(await verifyLetterCode(letter?.code ?? '', '')).toBe('cancelled')
    expect(await notified()).toBe(before + 2)
    // Saved again with the same day: nothing moves, nobody is told again.
    expect((await updateCampaign(admin.id, campaign.id, input, '')).ok).toBe(true)
    expect((await db.campaignShift.findMany({ where: { campaignId: campaign.id }, orderBy: { startsAt: 'asc' } })).map((s) => s.startsAt.getTime())).toEqual(moved.map((s) => s.startsAt.getTime()))
    expect(await notified()).toBe(before + 2)
  })
})

describe('a new shift', () => {
  it('is made once when the same form is sent twice at once (a double click); other hours are another shift', async () => {
    // Outside probe after session 39: a double click on the admin's "Save" made two identical shifts.
    const { campaign, scopeA, shifts } = await setup()
    const admin = { kind: 'coalition' as const, actorId: scopeA.actorId }
    const early = { id: undefined, nameRu: 'Подготовка', nameKk: 'Дайындық', nameEn: 'Setting up', startsAt: new Date(shifts.opening.startsAt.getTime() - 3_600_000), endsAt: shifts.opening.startsAt, sortOrder: 0 }
    const [a, b] = await Promise.all([saveShift(admin, campaign.id, early, ''), saveShift(admin, campaign.id, early, '')])
    expect(a.ok && b.ok && a.id === b.id).toBe(true)
    expect(await db.campaignShift.count({ where: { campaignId: campaign.id, nameEn: 'Setting up' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'shift.created', details: { contains: campaign.id } } })).toBe(1)
    expect((await saveShift(admin, campaign.id, { ...early, startsAt: new Date(early.startsAt.getTime() - 1_800_000) }, '')).ok).toBe(true)
    expect(await db.campaignShift.count({ where: { campaignId: campaign.id, nameEn: 'Setting up' } })).toBe(2)
  })
})

describe('a shift given new hours', () => {
  it('withdraws the letters printed with the old hours, asks again for a confirmation, tells each observer still coming; hours that overlap are refused with nothing changed', async () => {
    const { campaign, scopeA, shifts, s1, ann, bob, cat, annPlaced, bobPlaced, catPlaced } = await threePlaced()
    // Ann also holds the afternoon at station 1.
    const annAfternoon = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.afternoon.id }, '')
    if (!annPlaced.ok || !bobPlaced.ok || !catPlaced.ok || !annAfternoon.ok) throw new Error('placed')
    await respondToAssignment(ann.user.id, { assignmentId: annPlaced.id, response: 'confirmed' }, '')
    await respondToAssignment(bob.user.id, { assignmentId: bobPlaced.id, response: 'declined', reason: 'Болею' }, '')
    const letter = await letterFor(scopeA, annPlaced.id, 'ru')
    const admin = { kind: 'coalition' as const, actorId: scopeA.actorId }
    const opening = { id: shifts.opening.id, nameRu: shifts.opening.nameRu, nameKk: shifts.opening.nameKk, nameEn: shifts.opening.nameEn, sortOrder: 1 }
    const notified = () => db.notification.count({ where: { kind: 'assignment.changed', userId: { in: [ann.user.id, bob.user.id, cat.user.id] } } })

    // To 16:00: Ann would be at station 1 twice at once (her afternoon shift starts at 14:00). Refused, nothing changed.
    const late = new Date(shifts.opening.endsAt.getTime() + 2 * 3_600_000)
    expect(await saveShift(admin, campaign.id, { ...opening, startsAt: shifts.opening.startsAt, endsAt: late }, '')).toEqual({ ok: false, error: 'overlap' })
    expect((await db.campaignShift.findUniqueOrThrow({ where: { id: shifts.opening.id } })).endsAt).toEqual(shifts.opening.endsAt)
    expect(await verifyLetterCode(letter?.code ?? '', '')).toBe('valid')

    // An hour earlier: the old letter no longer holds, Ann's confirmation is asked again, Ann is told; Bob declined and is left alone.
    const earlier = { startsAt: new Date(shifts.opening.startsAt.getTime() - 3_600_000), endsAt: new Date(shifts.opening.endsAt.getTime() - 3_600_000) }
    const before = await notified()
    expect(await saveShift(admin, campaign.id, { ...opening, ...earlier }, '')).toEqual({ ok: true, id: shifts.opening.id })
    expect(await verifyLetterCode(letter?.code ?? '', '')).toBe('cancelled')
    expect(await db.assignment.findUniqueOrThrow({ where: { id: annPlaced.id } })).toMatchObject({ status: 'assigned', respondedAt: null, letterCode: null })
    expect((await db.assignment.findUniqueOrThrow({ where: { id: bobPlaced.id } })).status).toBe('declined')
    expect(await notified()).toBe(before + 1)
    expect(await db.notification.count({ where: { kind: 'assignment.changed', userId: ann.user.id } })).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'shift.updated', targetId: shifts.opening.id } })
    expect(JSON.parse(audit.details)).toMatchObject({ observersTold: 1 })
    // A new print carries the new hours under a new code; renaming alone changes nothing for anyone.
    const reprinted = await letterFor(scopeA, annPlaced.id, 'ru')
    expect(reprinted?.code).not.toBe(letter?.code)
    expect(await saveShift(admin, campaign.id, { ...opening, ...earlier, nameEn: 'Morning' }, '')).toMatchObject({ ok: true })
    expect(await verifyLetterCode(reprinted?.code ?? '', '')).toBe('valid')
    expect(await notified()).toBe(before + 1)
  })
})

describe("a printed letter's online check", () => {
  it('gets a code when first printed, keeps it on reprints, and reads as cancelled once moved, declined or removed', async () => {
    const { campaign, scopeA, shifts, s1, bob, annPlaced: placed, bobPlaced, catPlaced } = await threePlaced()
    if (!placed.ok || !bobPlaced.ok || !catPlaced.ok) throw new Error('placed')
    expect((await db.assignment.findUniqueOrThrow({ where: { id: placed.id } })).letterCode).toBeNull()

    const first = await letterFor(scopeA, placed.id, 'ru')
    expect(first?.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    expect((await letterFor(scopeA, placed.id, 'kk'))?.code).toBe(first?.code)
    expect(await verifyLetterCode(first?.code ?? '', '203.0.113.9')).toBe('valid')
    expect(await verifyLetterCode(first?.code.toLowerCase().replace('-', '') ?? '', '')).toBe('valid')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'letter.verified', targetId: placed.id } })
    expect(audit).toMatchObject({ actorId: null, ip: '203.0.113.9' })
    expect(JSON.parse(audit.details)).toEqual({ result: 'valid' })

    // A region's batch gives codes to the letters printed for the first time, and reuses Ann's.
    const batch: string[] = []
    for await (const letters of regionLetters(scopeA, campaign.id, 'KZ-75', 'ru')) batch.push(...letters.map((l) => l.code))
    expect(batch).toHaveLength(3)
    expect(batch).toContain(first?.code)
    expect(new Set(batch).size).toBe(3)
    const bobCode = (await db.assignment.findUniqueOrThrow({ where: { id: bobPlaced.id } })).letterCode ?? ''
    const catCode = (await db.assignment.findUniqueOrThrow({ where: { id: catPlaced.id } })).letterCode ?? ''

    // Moved: the old letter names the old station; the next print gets a new code.
    expect((await moveAssignment(scopeA, campaign.id, { assignmentId: placed.id, stationId: s1.id, shiftId: shifts.count.id }, '')).ok).toBe(true)
    expect(await verifyLetterCode(first?.code ?? '', '')).toBe('cancelled')
    const reprinted = await letterFor(scopeA, placed.id, 'ru')
    expect(reprinted?.code).not.toBe(first?.code)
    expect(await verifyLetterCode(reprinted?.code ?? '', '')).toBe('valid')
    // Declined by the observer, removed by the lead: no longer in force.
    expect(await respondToAssignment(bob.user.id, { assignmentId: bobPlaced.id, response: 'declined', reason: 'Болею' }, '')).toMatchObject({ ok: true })
    expect(await verifyLetterCode(bobCode, '')).toBe('cancelled')
    expect(await removeAssignment(scopeA, campaign.id, catPlaced.id, '')).toEqual({ ok: true })
    expect(await verifyLetterCode(catCode, '')).toBe('cancelled')
    // Not a code at all.
    expect(await verifyLetterCode('<script>', '')).toBe('cancelled')
  })
})

describe('when the observer can no longer go', () => {
  /** Gives the recruit's certificate for the course a code of the real form (the fixture's are not), to revoke it by code. */
  async function certificateCode(userId: string, code: string) {
    const certificate = await db.certificate.findFirstOrThrow({ where: { userId, courseSlug: 'observer-basics' } })
    await db.certificate.update({ where: { id: certificate.id }, data: { code } })
    return code
  }

  it('a revoked certificate ends the shifts still to come: audited, the observer told, no letter, no confirmation, not counted as coverage', async () => {
    const { campaign, ngoA, scopeA, shifts, s1, s2 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const bob = await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    const bobPlaced = await assignObserver(scopeA, campaign.id, { applicationId: bob.application.id, stationId: s2.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok || !bobPlaced.ok) throw new Error('placed')
    // A rehearsal already over stays as what happened.
    const rehearsal = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Репетиция', nameKk: 'Дайындық', nameEn: 'Rehearsal', startsAt: new Date('2026-11-01T03:00:00Z'), endsAt: new Date('2026-11-01T09:00:00Z') } })
    const rehearsed = await db.assignment.create({ data: { campaignId: campaign.id, ngoId: ngoA.id, applicationId: ann.application.id, stationId: s1.id, shiftId: rehearsal.id, status: 'confirmed' } })
    const covered = async () => (await coverage(campaign.id, { shiftId: shifts.opening.id, kind: 'all', page: 1 })).regions.reduce((sum, r) => sum + r.one + r.several, 0)
    expect(await covered()).toBe(2)
    expect(await regionLetterCount(scopeA, campaign.id, 'KZ-75')).toBe(3)

    expect(await revokeCertificate(scopeA.actorId, await certificateCode(ann.user.id, 'ABCDE-FGHJK'), 'Нарушила правила', '198.51.100.4')).toEqual({ ok: true })
    expect(await db.application.findUniqueOrThrow({ where: { id: ann.application.id } })).toMatchObject({ state: 'in_training' })
    expect(await db.assignment.count({ where: { id: placed.id } })).toBe(0)
    expect(await db.assignment.count({ where: { id: rehearsed.id } })).toBe(1)
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: 'assignment.removed', targetId: placed.id } })
    expect(record).toMatchObject({ ngoId: ngoA.id })
    expect(JSON.parse(record.details)).toMatchObject({ because: 'in_training', applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id })
    expect(await db.notification.count({ where: { userId: ann.user.id, kind: 'assignment.removed' } })).toBe(1)
    expect(await respondToAssignment(ann.user.id, { assignmentId: placed.id, response: 'confirmed' }, '')).toEqual({ ok: false, error: 'notFound' })
    expect(await letterFor(scopeA, placed.id, 'ru')).toBeNull()
    expect(await covered()).toBe(1)
    // Bob keeps his station; the past rehearsal's letter is the only one of hers left in the batch count.
    expect(await db.assignment.count({ where: { id: bobPlaced.id } })).toBe(1)
    expect(await regionLetterCount(scopeA, campaign.id, 'KZ-75')).toBe(2)
  })

  it('keeps the station when the rule still holds after a revocation (a newer certificate covers the course)', async () => {
    const { campaign, ngoA, scopeA, shifts, s1 } = await setup()
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', certificates: [{ course: 'observer-basics' }, { course: 'observer-basics' }, { course: 'counting' }] })
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok) throw new Error(placed.error)
    expect(await revokeCertificate(scopeA.actorId, await certificateCode(ann.user.id, 'KMNPQ-RSTVW'), 'Выдан дважды', '')).toEqual({ ok: true })
    expect(await db.application.findUniqueOrThrow({ where: { id: ann.application.id } })).toMatchObject({ state: 'certified' })
    expect(await db.assignment.count({ where: { id: placed.id } })).toBe(1)
    expect(await db.notification.count({ where: { userId: ann.user.id, kind: 'assignment.removed' } })).toBe(0)
  })
})

describe('a certified observer who withdraws', () => {
  /** NGO A with two leads, and recruit `n` placed at station 101 for the opening. */
  async function placedWithTwoLeads(n: number) {
    const world = await setup()
    const { campaign, ngoA, scopeA, shifts, s1 } = world
    const [leadOne, leadTwo] = await Promise.all([createMember(ngoA.id, 'LEAD'), createMember(ngoA.id, 'LEAD')])
    const observer = await recruit(n, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: observer.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok) throw new Error(placed.error)
    return { ...world, leadOne, leadTwo, observer, placed }
  }

  it('leaves the roster, their shifts still to come end (audited; not told, it was their doing), the NGO’s leads are told with the station, the certificate stays', async () => {
    const { campaign, ngoA, scopeA, leadOne, leadTwo, observer: ann, placed } = await placedWithTwoLeads(1)
    const roster = async () => (await rosterSummary({ scope: scopeA, campaign: (await findRosterCampaign(campaign.slug))!, regions: [], locale: 'ru' })).total
    expect(await roster()).toBe(1)
    // Not someone else's application.
    expect(await withdrawOwnApplication(leadOne.id, ann.application.id, 'Нет', '')).toEqual({ ok: false, error: 'notFound' })

    expect(await withdrawOwnApplication(ann.user.id, ann.application.id, 'Переезжаю в другой город', '198.51.100.7')).toEqual({ ok: true })
    expect(await db.application.findUniqueOrThrow({ where: { id: ann.application.id } })).toMatchObject({ state: 'withdrawn' })
    expect(await roster()).toBe(0)
    expect(await db.assignment.count({ where: { id: placed.id } })).toBe(0)
    const removed = await db.auditEvent.findFirstOrThrow({ where: { action: 'assignment.removed', targetId: placed.id } })
    expect(JSON.parse(removed.details)).toMatchObject({ because: 'withdrawn', applicationId: ann.application.id })
    expect(await db.notification.count({ where: { userId: ann.user.id, kind: 'assignment.removed' } })).toBe(0)
    const told = await db.notification.findMany({ where: { kind: 'application.withdrawn', params: { contains: ann.application.id } } })
    expect(told.map((n) => n.userId).sort()).toEqual([leadOne.id, leadTwo.id].sort())
    expect(JSON.parse(told[0]?.params ?? '{}')).toEqual({ applicationId: ann.application.id, campaignId: campaign.id, ngoId: ngoA.id, ngo: ngoA.slug, station: '101' })
    // Each with its email queued in the same transaction.
    expect(await db.job.count({ where: { kind: 'notification.email', subjectId: { in: told.map((n) => n.id) } } })).toBe(2)
    expect(await db.certificate.count({ where: { userId: ann.user.id, revokedAt: null } })).toBeGreaterThan(0)
    // The leads' message names the station, links to the recruit's page, and carries no personal data.
    const inbox = await renderNotification(told[0] ?? { kind: '', params: '' }, 'en')
    expect(inbox).toMatchObject({ subject: 'A certified observer withdrew from the Kurultai election', href: `/ngo/${ngoA.slug}/recruits/${ann.application.id}` })
    expect(inbox.text).toContain('Their shifts at polling station 101 have ended')
    expect(inbox.text).not.toContain(ann.application.fullName)
    // Withdrawn stays withdrawn.
    expect(await withdrawOwnApplication(ann.user.id, ann.application.id, undefined, '')).toEqual({ ok: false, error: 'sameState' })
  })

  it('recorded by a lead: the observer is told their shifts ended, the other leads are told, the recording lead is not', async () => {
    const { campaign, ngoA, leadOne, leadTwo, observer: bob, placed } = await placedWithTwoLeads(2)
    // Not without a reason: nothing changes.
    expect(await moveApplication(bob.application.id, 'withdrawn', { id: leadOne.id, role: 'lead' }, '  ', '')).toEqual({ ok: false, error: 'reasonRequired' })
    expect(await db.assignment.count({ where: { id: placed.id } })).toBe(1)
    expect(await moveApplication(bob.application.id, 'withdrawn', { id: leadOne.id, role: 'lead' }, 'Позвонил: заболел', '')).toEqual({ ok: true })
    expect(await db.notification.count({ where: { userId: bob.user.id, kind: 'assignment.removed' } })).toBe(1)
    expect((await db.notification.findMany({ where: { kind: 'application.withdrawn', params: { contains: bob.application.id } } })).map((n) => n.userId)).toEqual([leadTwo.id])
    // A volunteer withdrawing from an open stage tells no lead (the lists show it).
    const cat = await recruit(3, campaign, ngoA.id, { regionCode: 'KZ-75', state: 'in_training', certificates: [] })
    expect(await withdrawOwnApplication(cat.user.id, cat.application.id, undefined, '')).toEqual({ ok: true })
    expect(await db.notification.count({ where: { kind: 'application.withdrawn', params: { contains: cat.application.id } } })).toBe(0)
  })
})

describe('the observer', () => {
  it('sees their assignment with the coordinator’s contact, confirms or declines with a reason; others cannot answer for them', async () => {
    const { campaign, ngoA, scopeA, shifts, s1 } = await setup()
    await db.ngo.update({ where: { id: ngoA.id }, data: { contactPhone: '+7 727 000 00 00', contactEmail: 'hq@example.org' } })
    const ann = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
    const stranger = await createUser()
    const placed = await assignObserver(scopeA, campaign.id, { applicationId: ann.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    if (!placed.ok) throw new Error('placed')
    const [mine] = await myAssignments(ann.user.id)
    expect(mine).toMatchObject({ station: { number: '101' }, coordinator: { phone: '+7 727 000 00 00', email: 'hq@example.org' }, status: 'assigned' })
    expect(await myAssignments(stranger.id)).toEqual([])
    expect(await respondToAssignment(stranger.id, { assignmentId: placed.id, response: 'confirmed' }, '')).toEqual({ ok: false, error: 'notFound' })
    await respondToAssignment(ann.user.id, { assignmentId: placed.id, response: 'declined', reason: 'Заболела' }, '')
    const seen = await listAssignments(scopeA, campaign.id, { page: 1, status: 'declined' })
    expect(seen.rows[0]).toMatchObject({ status: 'declined', declineReason: 'Заболела' })
  })
})

describe('bulk suggestion and coverage', () => {
  it('suggests only rule-keeping pairs in the home region, confirms them, and the coalition sees stations by NGOs covering them', async () => {
    const { campaign, ngoA, ngoB, scopeA, scopeB, shifts, s1, s2, s3 } = await setup()
    const a1 = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', pollingStation: '' })
    const a2 = await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75', pollingStation: '' })
    const a3 = await recruit(3, campaign, ngoA.id, { regionCode: 'KZ-75', pollingStation: '' })
    const b1 = await recruit(4, campaign, ngoB.id, { regionCode: 'KZ-75' })
    await assignObserver(scopeB, campaign.id, { applicationId: b1.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')
    const suggestion = await suggestForShift(scopeA, campaign.id, shifts.opening.id)
    if (!suggestion) throw new Error('suggestion')
    // Two stations in Almaty: the uncovered one first; the third observer has nowhere left to go.
    expect(suggestion.map((s) => s.stationId)).toEqual([s2.id, s1.id])
    expect(suggestion.map((s) => s.applicationId).every((id) => [a1, a2, a3].some((a) => a.application.id === id))).toBe(true)
    const pairs = suggestion.map((s) => ({ applicationId: s.applicationId, stationId: s.stationId }))
    // One pair breaks a rule by now (NGO A already has someone at s2 this shift): refused, the rest written.
    await assignObserver(scopeA, campaign.id, { applicationId: a3.application.id, stationId: s2.id, shiftId: shifts.opening.id }, '')
    const result = await confirmSuggestions(scopeA, campaign.id, shifts.opening.id, pairs, '')
    expect(result.created).toBe(1)
    expect(result.refused).toHaveLength(1)
    expect(result.refused[0]?.refusal.error).toBe('ngoAtStation')

    const view = await coverage(campaign.id, { shiftId: shifts.opening.id, kind: 'all', page: 1 })
    expect(view.regions).toEqual([
      { regionCode: 'KZ-71', stations: 1, none: 1, one: 0, several: 0 },
      { regionCode: 'KZ-75', stations: 2, none: 0, one: 1, several: 1 },
    ])
    const several = await coverage(campaign.id, { shiftId: shifts.opening.id, kind: 'several', page: 1 })
    expect(several.rows.map((r) => [r.number, r.ngos])).toEqual([['101', ['Адал сайлау', 'Ашық дауыс']]])
    const none = await coverage(campaign.id, { shiftId: shifts.opening.id, kind: 'none', page: 1 })
    expect(none.rows.map((r) => r.id)).toEqual([s3.id])
  })

  it('narrows the suggestion to one district’s stations when the lead picks one', async () => {
    const { campaign, ngoA, scopeA, shifts, s1, s2 } = await setup()
    await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75', pollingStation: '' })
    await recruit(2, campaign, ngoA.id, { regionCode: 'KZ-75', pollingStation: '' })
    const everywhere = await suggestForShift(scopeA, campaign.id, shifts.opening.id, 'KZ-75')
    expect(new Set(everywhere?.map((s) => s.stationId))).toEqual(new Set([s1.id, s2.id]))
    const bostandyk = await suggestForShift(scopeA, campaign.id, shifts.opening.id, 'KZ-75', 'Бостандыкский район')
    expect(bostandyk?.map((s) => s.stationId)).toEqual([s2.id])
    expect(bostandyk?.[0]?.district).toBe('Бостандыкский район')
  })
})
