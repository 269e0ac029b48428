/**
 * The certification rule is one list of requirements (app/domain/certification.ts) read two ways: as
 * SQL by the rosters (their rows, counts per region, the NGOs warned about, the look-alikes) and as a
 * pure predicate. On generated people, certificates, expiry dates around the election day, course sets,
 * and live sessions (of the campaign, of another, of a required course or not, cancelled or not)
 * attended or only registered for, both pick the same people.
 */
import crypto from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCertified, type CertificationFacts } from '~/domain/certification.ts'
import { applicationStates, type ApplicationState } from '~/domain/pipeline.ts'
import { certificationFacts } from '~/server/exams/certification.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { findRosterCampaign, rosterDuplicates, rosterRows, rosterSummary, type RosterRequest } from '~/server/rosters/rosters.server.ts'
import { createNgo, createUser } from '../support/factories.ts'
import { liveSession, register } from '../support/live-rule-fixture.ts'
import { recruit } from '../support/roster-fixture.ts'

const COURSES = ['basics', 'counting', 'day'] as const
const DAY = 86_400_000
/** Expiry relative to the election day: the edges (on it, a millisecond either side) and well clear of it. */
const expiryOffsets = [-30 * DAY, -1, 0, 1, 30 * DAY]
const REGIONS = ['KZ-71', 'KZ-75'] as const

const person = fc.record({
  ngo: fc.constantFrom(0, 1),
  state: fc.constantFrom(...applicationStates),
  region: fc.constantFrom(...REGIONS),
  certificates: fc.array(fc.record({ course: fc.constantFrom(...COURSES, 'other'), offset: fc.constantFrom(...expiryOffsets), revoked: fc.boolean() }), { maxLength: 5 }),
  /** Indexes into the world's sessions: attended, or only registered for. */
  attended: fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 4 }),
  registered: fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 2 }),
})

/** What a live session is linked to: this campaign, another one, a course (maybe required), or both. */
const SESSION_LINKS = ['campaign', 'otherCampaign', ...COURSES, 'other', 'campaignAndCourse'] as const
const session = fc.record({ link: fc.constantFrom(...SESSION_LINKS), cancelled: fc.boolean() })

const world = fc.record({
  requiredCourses: fc.subarray([...COURSES]),
  requiredLiveSessions: fc.constantFrom(0, 0, 1, 2),
  sessions: fc.array(session, { minLength: 4, maxLength: 4 }),
  electionDay: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
  people: fc.array(person, { maxLength: 8 }),
})

// A roster lists only applications a lead accepted (written out here, not taken from the code under test).
const rosterStates = new Set<ApplicationState>(['accepted', 'in_training', 'certified'])

let serial = 5000

describe('the certification rule', () => {
  it('selects the same people in SQL as the pure predicate accepts', async () => {
    const actor = await createUser()
    const otherCampaign = await db.campaign.create({
      data: { slug: `rule-other-${crypto.randomBytes(4).toString('hex')}`, nameRu: 'Другие', nameKk: 'Басқа', nameEn: 'Other', kind: 'MASLIKHAT', electionDay: new Date('2027-01-01T00:00:00Z'), applicationDeadline: new Date('2026-12-01T00:00:00Z') },
    })
    await fc.assert(
      fc.asyncProperty(world, async ({ requiredCourses, requiredLiveSessions, sessions, electionDay, people }) => {
        const slug = `rule-${crypto.randomBytes(4).toString('hex')}`
        const created = await db.campaign.create({
          data: {
            slug, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay, applicationDeadline: new Date(electionDay.getTime() - 30 * DAY),
            requiredLiveSessions,
            courses: { create: requiredCourses.map((courseSlug) => ({ courseSlug })) },
          },
        })
        const sessionRows: Array<{ id: string; campaignIds: string[]; courseSlugs: string[] }> = []
        for (const { link, cancelled } of sessions) {
          const campaignIds = link === 'campaign' || link === 'campaignAndCourse' ? [created.id] : link === 'otherCampaign' ? [otherCampaign.id] : []
          const courseSlugs = link === 'campaignAndCourse' ? [COURSES[0]] : link === 'campaign' || link === 'otherCampaign' ? [] : [link]
          sessionRows.push({ ...(await liveSession({ campaignIds, courseSlugs, cancelled })), campaignIds, courseSlugs })
        }
        const campaign = (await findRosterCampaign(slug))!
        // No accreditation on record: every NGO in a coalition roster is warned about, and only those.
        const ngos = [await createNgo(), await createNgo()]
        const expected: Array<{ fullName: string; ngo: number; region: string }> = []
        for (const [i, p] of people.entries()) {
          const certificates = p.certificates.map((c) => ({ course: c.course, expiresAt: new Date(electionDay.getTime() + c.offset), revoked: c.revoked }))
          const fullName = `Person ${String(i).padStart(2, '0')}`
          // One phone for all: every certified pair across the two NGOs is a look-alike.
          const { user } = await recruit(serial++, created, ngos[p.ngo]!.id, { fullName, regionCode: p.region, state: p.state, certificates, phone: '+77010000000' })
          for (const i of p.attended) await register(sessionRows[i]!.id, user.id, true)
          for (const i of p.registered.filter((i) => !p.attended.includes(i))) await register(sessionRows[i]!.id, user.id, false)
          const liveSessions = p.attended.map((i) => ({ sessionId: sessionRows[i]!.id, cancelled: sessions[i]!.cancelled, campaignIds: sessionRows[i]!.campaignIds, courseSlugs: sessionRows[i]!.courseSlugs }))
          const facts: CertificationFacts = { certificates: certificates.map((c) => ({ courseSlug: c.course, expiresAt: c.expiresAt, revokedAt: c.revoked ? new Date() : null })), liveSessions }
          const predicate = isCertified(campaign, facts)
          // The predicate on what the database holds (as the server reads it) says the same.
          expect(isCertified(campaign, await certificationFacts(db, user.id))).toBe(predicate)
          if (predicate && rosterStates.has(p.state)) expected.push({ fullName, ngo: p.ngo, region: p.region })
        }

        const request: RosterRequest = { scope: { kind: 'coalition', actorId: actor.id }, campaign, regions: [], locale: 'en', iin: { full: false } }
        const summary = await rosterSummary(request)
        const names: string[] = []
        for await (const batch of rosterRows(request, summary)) names.push(...batch.map((r) => r.fullName))
        expect(names.sort()).toEqual(expected.map((e) => e.fullName).sort())
        expect(summary.total).toBe(expected.length)
        for (const region of REGIONS) expect(summary.byRegion.find((r) => r.code === region)?.count).toBe(expected.filter((e) => e.region === region).length)
        const warned = summary.warnings.filter((w) => w.problem === 'missing').map((w) => w.ngo)
        expect(warned.sort()).toEqual(ngos.filter((_, i) => expected.some((e) => e.ngo === i)).map((n) => n.name).sort())

        const ngoRequest: RosterRequest = { ...request, scope: { kind: 'ngo', actorId: actor.id, ngoId: ngos[0]!.id }, regions: ['KZ-71'] }
        const ngoSummary = await rosterSummary(ngoRequest)
        expect(ngoSummary.total).toBe(expected.filter((e) => e.ngo === 0 && e.region === 'KZ-71').length)

        // The look-alike query applies the rule to both sides of each pair (each pair once in a coalition roster).
        const pairs = expected.filter((e) => e.ngo === 0).length * expected.filter((e) => e.ngo === 1).length
        expect((await rosterDuplicates(request)).length).toBe(pairs)
      }),
      { numRuns: 40 },
    )
  }, 120_000)
})
