import { describe, expect, it } from 'vitest'
import { ngoSchema, campaignSchema } from '~/domain/validation/admin.ts'
import { createCampaign, updateCampaign } from '~/server/recruitment/campaigns.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { assignMember, createNgo, getNgo, removeMember, updateNgo } from '~/server/recruitment/ngos.server.ts'
import { anonymisePerson } from '~/server/accounts/anonymise.server.ts'
import { listPeople, PEOPLE_PAGE_SIZE, setAdminFlag } from '~/server/accounts/people.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { createNgo as makeNgo, createUser } from '../support/factories.ts'

const ip = '127.0.0.1'

describe('regions', () => {
  it('are the 20 first-level units with names in three languages', async () => {
    const regions = await listRegions()
    expect(regions).toHaveLength(20)
    expect(regions.map((r) => r.code)).toContain('KZ-62')
    expect(regions.find((r) => r.code === 'KZ-62')).toMatchObject({ nameEn: 'Ulytau Region', nameKk: 'Ұлытау облысы' })
  })
})

describe('NGOs', () => {
  it('an admin creates an NGO with regions and accreditation; the audit log records it', async () => {
    const admin = await createUser({ isAdmin: true })
    const input = ngoSchema.parse({ name: 'Dala Civic Watch', slug: 'dala', regions: ['KZ-75', 'KZ-19'], accreditationBody: 'TERRITORIAL', accreditedFrom: '2026-01-10', accreditedUntil: '2027-01-09' })
    const result = await createNgo(admin.id, input, ip)
    if (!result.ok) throw new Error(result.error)
    const ngo = await getNgo(result.id)
    expect(ngo?.regions.map((r) => r.regionCode).sort()).toEqual(['KZ-19', 'KZ-75'])
    expect(ngo?.accreditedUntil?.toISOString()).toBe('2027-01-09T00:00:00.000Z')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'ngo.created', targetId: result.id } })
    expect(audit.actorId).toBe(admin.id)
    expect(JSON.parse(audit.details)).toMatchObject({ slug: 'dala', regions: ['KZ-75', 'KZ-19'] })
  })

  it('refuses a taken short address or an unknown region and writes nothing', async () => {
    const admin = await createUser({ isAdmin: true })
    await makeNgo({ slug: 'taken' })
    const before = { ngos: await db.ngo.count(), audit: await db.auditEvent.count() }
    expect(await createNgo(admin.id, ngoSchema.parse({ name: 'Other', slug: 'taken' }), ip)).toEqual({ ok: false, error: 'slugTaken' })
    expect(await createNgo(admin.id, ngoSchema.parse({ name: 'Other', slug: 'fresh', regions: ['KZ-99'] }), ip)).toEqual({ ok: false, error: 'unknownRegion' })
    expect({ ngos: await db.ngo.count(), audit: await db.auditEvent.count() }).toEqual(before)
  })

  it('an update replaces the regions', async () => {
    const admin = await createUser({ isAdmin: true })
    const created = await createNgo(admin.id, ngoSchema.parse({ name: 'Tulpar', slug: 'tulpar', regions: ['KZ-71'] }), ip)
    if (!created.ok) throw new Error(created.error)
    await updateNgo(admin.id, created.id, ngoSchema.parse({ name: 'Tulpar Youth', slug: 'tulpar', regions: ['KZ-11', 'KZ-59'] }), ip)
    const ngo = await getNgo(created.id)
    expect(ngo?.name).toBe('Tulpar Youth')
    expect(ngo?.regions.map((r) => r.regionCode).sort()).toEqual(['KZ-11', 'KZ-59'])
  })
})

describe('leads and trainers', () => {
  it('are assigned by email, once per role, and removed only from their own NGO', async () => {
    const admin = await createUser({ isAdmin: true })
    const person = await createUser({ email: 'nurlan@example.org' })
    const ngo = await makeNgo()
    const otherNgo = await makeNgo()
    expect(await assignMember(admin.id, ngo.id, 'nobody@example.org', 'LEAD', ip)).toEqual({ ok: false, error: 'noSuchUser' })
    expect(await assignMember(admin.id, ngo.id, 'nurlan@example.org', 'LEAD', ip)).toEqual({ ok: true })
    expect(await assignMember(admin.id, ngo.id, 'nurlan@example.org', 'LEAD', ip)).toEqual({ ok: false, error: 'alreadyMember' })
    expect(await assignMember(admin.id, ngo.id, 'nurlan@example.org', 'TRAINER', ip)).toEqual({ ok: true })
    const lead = await db.membership.findFirstOrThrow({ where: { userId: person.id, role: 'LEAD' } })
    expect(await removeMember(admin.id, otherNgo.id, lead.id, ip)).toBe(false)
    expect(await removeMember(admin.id, ngo.id, lead.id, ip)).toBe(true)
    expect(await db.membership.count({ where: { userId: person.id } })).toBe(1)
    const actions = (await db.auditEvent.findMany({ where: { ngoId: ngo.id } })).map((a) => a.action).sort()
    expect(actions).toEqual(['ngo.member_assigned', 'ngo.member_assigned', 'ngo.member_removed'])
  })
})

describe('campaigns', () => {
  it('are created and edited with an audit record each time', async () => {
    const admin = await createUser({ isAdmin: true })
    const input = campaignSchema.parse({ slug: 'ref-2026', nameRu: 'Референдум', nameKk: 'Референдум', nameEn: 'Referendum', kind: 'REFERENDUM', electionDay: '2026-03-15', applicationDeadline: '2026-02-15' })
    // A new campaign's election is still to come: the same day in Astana is fine, the day before is not.
    const created = await createCampaign(admin.id, input, ip, new Date('2026-03-14T19:30:00Z'))
    expect(await createCampaign(admin.id, { ...input, slug: 'ref-2026-late' }, ip, new Date('2026-03-15T19:00:00Z'))).toEqual({ ok: false, error: 'electionDayPast' })
    expect(await db.campaign.count({ where: { slug: 'ref-2026-late' } })).toBe(0)
    if (!created.ok) throw new Error('create failed')
    expect(await createCampaign(admin.id, input, ip, new Date('2026-03-01T00:00:00Z'))).toEqual({ ok: false, error: 'slugTaken' })
    await updateCampaign(admin.id, created.id, { ...input, minimumAge: 21, requiredCourses: ['observer-basics'] }, ip)
    expect((await db.campaign.findUniqueOrThrow({ where: { id: created.id } })).minimumAge).toBe(21)
    expect(await db.campaignCourse.findMany({ where: { campaignId: created.id }, select: { courseSlug: true, required: true } })).toEqual([{ courseSlug: 'observer-basics', required: true }])
    expect(await db.auditEvent.count({ where: { targetId: created.id } })).toBe(2)
    expect(await updateCampaign(admin.id, created.id, { ...input, requiredCourses: ['no-such-course'] }, ip)).toEqual({ ok: false, error: 'unknownCourse' })
    expect(await db.campaignCourse.count({ where: { campaignId: created.id } })).toBe(1)
  })
})

describe('admin flag', () => {
  it('can be granted and withdrawn, but never from the last admin', async () => {
    await db.user.updateMany({ data: { isAdmin: false } })
    const only = await createUser({ isAdmin: true })
    expect(await setAdminFlag(only.id, only.id, false, ip)).toEqual({ ok: false, error: 'lastAdmin' })
    const second = await createUser()
    expect(await setAdminFlag(only.id, second.id, true, ip)).toEqual({ ok: true })
    expect(await setAdminFlag(second.id, only.id, false, ip)).toEqual({ ok: true })
    expect(await db.user.count({ where: { isAdmin: true } })).toBe(1)
    expect(await setAdminFlag(second.id, 'missing', true, ip)).toEqual({ ok: false, error: 'noSuchUser' })
  })

  it('keeps an admin when the last two withdraw each other’s flag, or remove each other, at the same moment', async () => {
    // Outside probe after session 39: on PostgreSQL both transactions counted two admins before
    // either wrote, and the coalition was left with none.
    for (let round = 0; round < 5; round++) {
      await db.user.updateMany({ data: { isAdmin: false } })
      const [a, b] = await Promise.all([createUser({ isAdmin: true }), createUser({ isAdmin: true })])
      const results = await Promise.all([setAdminFlag(a.id, b.id, false, ip), setAdminFlag(b.id, a.id, false, ip)])
      expect(await db.user.count({ where: { isAdmin: true } }), `round ${round}`).toBe(1)
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'lastAdmin' }])
    }
    for (let round = 0; round < 5; round++) {
      await db.user.updateMany({ data: { isAdmin: false } })
      const [a, b] = await Promise.all([createUser({ isAdmin: true }), createUser({ isAdmin: true })])
      const results = await Promise.all([anonymisePerson(a.id, b.id, ip), setAdminFlag(b.id, a.id, false, ip)])
      expect(await db.user.count({ where: { isAdmin: true, anonymisedAt: null } }), `round ${round}`).toBe(1)
      expect(results.filter((r) => !r.ok)).toHaveLength(1)
    }
  })
})

describe('the list of people', () => {
  it('pages accounts made at the same moment (an import) without repeating or skipping anyone, from an index', async () => {
    // Newer than anyone else in the database, all at one instant: the first pages are theirs.
    const at = new Date('2100-01-01T00:00:00Z')
    const ids = Array.from({ length: PEOPLE_PAGE_SIZE * 2 + 7 }, (_, i) => `people-tie-${String(i).padStart(3, '0')}`)
    await db.user.createMany({ data: ids.map((id) => ({ id, email: `${id}@example.org`, name: id, passwordHash: '', createdAt: at })) })
    const seen: string[] = []
    for (let page = 1; page <= 3; page++) seen.push(...(await listPeople({ page })).people.map((p) => p.id).filter((id) => id.startsWith('people-tie-')))
    expect(seen).toEqual([...ids].sort().reverse())
    if (databaseProvider() !== 'sqlite') return
    const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>('EXPLAIN QUERY PLAN SELECT "id" FROM "User" ORDER BY "createdAt" DESC, "id" DESC LIMIT 25 OFFSET 25')
    expect(plan.map((row) => row.detail).join(' | ')).toBe('SCAN User USING COVERING INDEX User_createdAt_id_idx')
  })
})
