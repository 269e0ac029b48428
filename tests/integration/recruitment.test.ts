/** The lead's workspace on the server: scope, list, bulk actions, stuck views, hand entry, and the system's moves. */
import { describe, expect, it } from 'vitest'
import type { NgoScope } from '~/domain/permissions.ts'
import { parseRecruitFilters, RECRUITS_PAGE_SIZE, recruitSearchText, searchNeedle } from '~/domain/recruits.ts'
import { applicationSchema, type ApplicationInput } from '~/domain/validation/application.ts'
import { moveApplication, submitApplication } from '~/server/recruitment/applications.server.ts'
import { issueCertificate, revokeCertificate } from '~/server/exams/certificates.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { completeLesson, visitLesson } from '~/server/courses/learning.server.ts'
import { addNote, addRecruit, bulkAction, keptPageSql, listRecruits, recruitDetail, recruitPageSql, stuckRecruits, updateRecruitContacts } from '~/server/recruitment/recruitment.server.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { createNgo, createUser } from '../support/factories.ts'

const ip = '127.0.0.1'

async function campaign(deadlineDays = 60) {
  return db.campaign.create({
    data: {
      slug: `c-${Math.random().toString(36).slice(2, 8)}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY',
      electionDay: new Date(Date.now() + 90 * 86_400_000), applicationDeadline: new Date(Date.now() + deadlineDays * 86_400_000),
      courses: { create: [{ courseSlug: 'observer-basics' }] },
    },
  })
}

/** A valid application of the n-th fictional person (valid IIN, phone, region). */
function person(n: number, overrides: Partial<Record<string, unknown>> = {}): ApplicationInput {
  const p = syntheticRecruit(n)
  return applicationSchema({ electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2099-01-01T00:00:00Z'), minimumAge: 18, declarations: [], now: new Date() }).parse({
    fullName: p.fullName, iin: p.iin, birthDate: p.birthDate.toISOString().slice(0, 10), phone: p.phone, email: p.email, regionCode: p.regionCode, settlement: p.settlement,
    languages: JSON.parse(p.languages) as string[], availability: JSON.parse(p.availability) as string[], experience: 'none', consent: 'on', ...overrides,
  })
}

async function setup() {
  const [c, ngoA, ngoB, leadA, leadB] = await Promise.all([campaign(), createNgo(), createNgo(), createUser(), createUser()])
  return { c, ngoA, ngoB, a: { kind: 'ngo', actorId: leadA.id, ngoId: ngoA.id } satisfies NgoScope, b: { kind: 'ngo', actorId: leadB.id, ngoId: ngoB.id } satisfies NgoScope }
}

async function apply(n: number, campaignId: string, ngoId: string) {
  const user = await createUser({ email: `p${n}-${Math.random().toString(36).slice(2, 6)}@example.org` })
  const result = await submitApplication(user.id, campaignId, ngoId, person(n, { email: user.email }), ip)
  if (!result.ok) throw new Error(result.error)
  return { user, id: result.applicationId }
}

describe('the lead list', () => {
  it('shows only the NGO’s applications, counts per state under the filters, searches by name, phone and IIN, masks IIN and phone', async () => {
    const { c, ngoA, ngoB, a } = await setup()
    const mine = await Promise.all([0, 1, 2, 3].map((n) => apply(n, c.id, ngoA.id)))
    await apply(4, c.id, ngoB.id)
    await moveApplication(mine[0]!.id, 'accepted', { id: a.actorId, role: 'lead' }, undefined, ip)
    const all = await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams()))
    expect(all.all).toBe(4)
    expect(all.counts).toMatchObject({ submitted: 3, accepted: 1 })
    expect(all.rows.every((r) => !r.iinMasked.startsWith(syntheticRecruit(0).iin.slice(0, 4)) && r.iinMasked.includes('•'))).toBe(true)
    const accepted = await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams('state=accepted')))
    expect(accepted.rows.map((r) => r.id)).toEqual([mine[0]!.id])
    const p2 = syntheticRecruit(2)
    for (const q of [p2.fullName.split(' ')[0]!.toUpperCase(), p2.iin, `8 701 ${p2.phone.slice(5, 8)} ${p2.phone.slice(8)}`]) {
      const found = await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams({ q })))
      expect(found.rows.map((r) => r.fullName), q).toContain(p2.fullName)
    }
    // NGO B's recruit is never found from A's scope, even by its IIN.
    expect((await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams({ q: syntheticRecruit(4).iin })))).total).toBe(0)
    // Tampered filters fall back to no filter instead of failing.
    expect((await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams('state=hacked&page=-3&sort=x&region=DROP')))).all).toBe(4)
  })
})

describe('the lead list’s page as one plain statement', () => {
  it('gives the rows, in the order, and the per-state counts that Prisma’s own queries of the same filters give, for every sort, filter and page', async () => {
    const { c, ngoA, ngoB, a } = await setup()
    const mine = await Promise.all([20, 21, 22, 23, 24, 25, 26, 27].map((n) => apply(n, c.id, ngoA.id)))
    await apply(28, c.id, ngoB.id)
    // Spread over states, progress, regions, languages and availability, and two with the same moment of creation.
    const sameMoment = new Date('2026-10-01T08:00:00.000Z')
    const shapes = [
      { state: 'accepted', trainingPercent: 0, regionCode: 'KZ-75', languages: '["ru"]', availability: '["voting"]', createdAt: sameMoment },
      { state: 'in_training', trainingPercent: 30, regionCode: 'KZ-75', languages: '["kk","ru"]', availability: '["opening","voting"]', createdAt: sameMoment },
      { state: 'in_training', trainingPercent: 50, regionCode: 'KZ-71', languages: '["kk"]', availability: '["voting"]' },
      { state: 'certified', trainingPercent: 100, regionCode: 'KZ-71', languages: '["en","ru"]', availability: '["counting"]' },
      { state: 'rejected', trainingPercent: 99, regionCode: 'KZ-19', languages: '["ru"]', availability: '["counting","voting"]' },
      { state: 'submitted', trainingPercent: 1, regionCode: 'KZ-19', languages: '["kk"]', availability: '["opening"]' },
    ] as const
    for (const [i, shape] of shapes.entries()) await db.application.update({ where: { id: mine[i]!.id }, data: shape })
    const p22 = syntheticRecruit(22)
    const queries = ['', 'state=in_training', 'region=KZ-75', 'region=KZ-19&state=rejected', 'language=kk', 'availability=voting', 'progress=none', 'progress=started', 'progress=half', 'progress=done', `q=${p22.fullName.split(' ')[0]!.slice(1, 5)}`, `q=${p22.iin}`, 'q=%25', 'q=zzzzzz-nobody']
    const order = {
      newest: [{ createdAt: 'desc' }, { id: 'desc' }],
      oldest: [{ createdAt: 'asc' }, { id: 'asc' }],
      name: [{ fullName: 'asc' }, { id: 'asc' }],
      region: [{ regionCode: 'asc' }, { fullName: 'asc' }],
      progress: [{ trainingPercent: 'desc' }, { fullName: 'asc' }],
    } as const
    const ranges = { none: { lte: 0 }, started: { gte: 1, lte: 49 }, half: { gte: 50, lte: 99 }, done: { gte: 100 } } as const
    let compared = 0
    for (const query of queries) {
      for (const sort of Object.keys(order) as Array<keyof typeof order>) {
        for (const page of [1, 2]) {
          const filters = parseRecruitFilters(new URLSearchParams(`${query}&sort=${sort}&page=${page}`))
          const listed = await listRecruits(a, c.id, { ...filters, page })
          const needle = filters.q ? searchNeedle(filters.q) : null
          const where = {
            ngoId: ngoA.id,
            campaignId: c.id,
            ...(filters.region ? { regionCode: filters.region } : {}),
            ...(filters.language ? { languages: { contains: `"${filters.language}"` } } : {}),
            ...(filters.availability ? { availability: { contains: `"${filters.availability}"` } } : {}),
            ...(filters.progress ? { trainingPercent: ranges[filters.progress] } : {}),
            ...(needle === null ? {} : needle ? { searchText: { contains: needle } } : { id: { in: [] } }),
          }
          // The tabs' counts: every state under the other filters.
          const grouped = await db.application.groupBy({ by: ['state'], where, _count: { _all: true } })
          expect(Object.entries(listed.counts).filter(([, n]) => n > 0), `${query} counts`).toEqual(expect.arrayContaining(grouped.map((g) => [g.state, g._count._all])))
          expect(Object.values(listed.counts).reduce((sum, n) => sum + n, 0), `${query} all`).toBe(grouped.reduce((sum, g) => sum + g._count._all, 0))
          const expected = await db.application.findMany({
            where: { ...where, ...(filters.state ? { state: filters.state } : {}) },
            orderBy: [...order[sort]],
            skip: (page - 1) * RECRUITS_PAGE_SIZE,
            take: RECRUITS_PAGE_SIZE,
            select: { id: true, fullName: true, regionCode: true, settlement: true, state: true, trainingPercent: true, createdAt: true, source: true },
          })
          expect(listed.rows.map(({ id, fullName, regionCode, settlement, state, trainingPercent, createdAt, source }) => ({ id, fullName, regionCode, settlement, state, trainingPercent, createdAt, source })), `${query} sort=${sort} page=${page}`).toEqual(expected)
          compared += expected.length
        }
      }
    }
    // Not a comparison of empty lists: most filters find someone.
    expect(compared).toBeGreaterThan(100)
    // Masked as before, and one list only ever holds its NGO’s rows.
    const all = await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams()))
    expect(all.rows).toHaveLength(8)
    expect(all.rows.every((r) => r.iinMasked.includes('•') && r.phoneMasked.includes('•'))).toBe(true)
  })
})

describe.runIf(databaseProvider() === 'sqlite')('the lead list’s index on SQLite', () => {
  it('walks the narrow date index for the unfiltered list in date order (a later page over the index alone), the wide one (every filtered column) for a filter or a search, and leaves other orders to the planner', async () => {
    const { c, a } = await setup()
    const plan = async (query: string, search: { needle: string; candidates: string[] | null } | null = null) => {
      const statement = recruitPageSql(a, c.id, parseRecruitFilters(new URLSearchParams(query)), search)
      const rows = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${statement.sql}`, ...statement.values)
      return rows.map((row) => row.detail).join(' | ')
    }
    expect(await plan('')).toMatch(/^SEARCH Application USING INDEX Application_page_order_idx \(ngoId=\? AND campaignId=\?\)$/)
    // A later page skips its offset over the index alone, then reads its rows by key.
    for (const query of ['page=200', 'sort=oldest&page=3']) expect(await plan(query), query).toMatch(/^SEARCH Application USING INDEX sqlite_autoindex_Application_1 \(id=\?\) \| LIST SUBQUERY 1 \| SEARCH Application USING COVERING INDEX Application_page_order_idx \(ngoId=\? AND campaignId=\?\) \| USE TEMP B-TREE FOR ORDER BY$/)
    for (const query of ['state=in_training&page=40', 'region=KZ-19', 'language=kk', 'availability=voting', 'progress=half&sort=oldest']) expect(await plan(query), query).toMatch(/USING (COVERING )?INDEX Application_list_page_idx /)
    expect(await plan('q=серік', { needle: 'серік', candidates: null })).toMatch(/Application_list_page_idx/)
    // The trigram index's few candidates: looked up by key and sorted, whatever the order, not found by walking the list's index.
    for (const sort of ['newest', 'oldest', 'name', 'progress']) expect(await plan(`q=серік&sort=${sort}`, { needle: 'серік', candidates: ['x', 'y'] }), sort).toMatch(/^SEARCH Application USING INDEX sqlite_autoindex_Application_1 \(id=\?\) \| LIST SUBQUERY 1 \| SCAN json_each VIRTUAL TABLE INDEX 1: \| USE TEMP B-TREE FOR ORDER BY$/)
    // A kept page's ids: looked up by key, not found by walking the list's index (20 ms a page at 50,000).
    const kept = keptPageSql(a, c.id, ['x', 'y'])
    expect((await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${kept.sql}`, ...kept.values)).map((row) => row.detail).join(' | ')).toMatch(/^SEARCH Application USING INDEX sqlite_autoindex_Application_1 \(id=\?\) \| LIST SUBQUERY 1 \| SCAN json_each VIRTUAL TABLE INDEX 1:$/)
    // Another order: no index named (the statement says which it walks only for date order).
    for (const sort of ['name', 'region', 'progress']) expect(recruitPageSql(a, c.id, parseRecruitFilters(new URLSearchParams(`sort=${sort}`)), null).sql).not.toContain('INDEXED BY')
  })
})

describe('the lead list’s search index', () => {
  const search = (scope: NgoScope, campaignId: string, q: string) => listRecruits(scope, campaignId, parseRecruitFilters(new URLSearchParams({ q })))
  /** SQLite: the applications whose indexed text (ApplicationSearch, trigram) holds the phrase. */
  const indexed = async (phrase: string) =>
    (await db.$queryRawUnsafe<Array<{ applicationId: string }>>('SELECT t."applicationId" FROM "ApplicationSearch" s JOIN "ApplicationSearchText" t ON t."rowid" = s."rowid" WHERE "ApplicationSearch" MATCH ?', `"${phrase}"`)).map((r) => r.applicationId)

  it('finds by part of a name, a phone or an IIN, follows every change to the text, and never crosses NGOs', async () => {
    const { c, ngoA, ngoB, a, b } = await setup()
    const mine = await Promise.all([10, 11, 12].map((n) => apply(n, c.id, ngoA.id)))
    const theirs = await apply(13, c.id, ngoB.id)
    const p10 = syntheticRecruit(10)
    const surname = p10.fullName.split(' ')[0]!
    // Three characters or more go through the index; fewer through the list's own scan: the same rows either way.
    expect((await search(a, c.id, surname.slice(1, 5))).rows.map((r) => r.id)).toContain(mine[0]!.id)
    expect((await search(a, c.id, surname.slice(1, 3))).rows.map((r) => r.id)).toContain(mine[0]!.id)
    expect((await search(a, c.id, `8 (${p10.phone.slice(2, 5)}) ${p10.phone.slice(5, 8)}-${p10.phone.slice(8, 10)}-${p10.phone.slice(10)}`)).rows.map((r) => r.id)).toEqual([mine[0]!.id])
    expect((await search(a, c.id, p10.iin)).total).toBe(1)
    // Another NGO's recruit matches the text but is not in A's list; a quote or FTS syntax is only text.
    expect((await search(a, c.id, syntheticRecruit(13).iin)).total).toBe(0)
    for (const q of ['"', 'a"b OR *', 'NEAR(x y)', '%%%', '___']) expect((await search(a, c.id, q)).total, q).toBe(0)

    // The same search by another NGO's lead, after A's was kept: B's own list only.
    expect((await search(b, c.id, surname.slice(1, 5))).rows.map((r) => r.id)).toEqual(expect.not.arrayContaining([mine[0]!.id]))
    expect((await search(b, c.id, syntheticRecruit(13).iin)).rows.map((r) => r.id)).toEqual([theirs.id])

    // A corrected name (a re-import) is found by the new spelling only, in the index too; both
    // searches asked before the change too, so an answer kept from before it would show.
    const p11 = syntheticRecruit(11)
    expect((await search(a, c.id, 'жаңабаева')).total).toBe(0)
    expect((await search(a, c.id, syntheticRecruit(11).fullName.split(' ')[0]!)).rows.map((r) => r.id)).toContain(mine[1]!.id)
    await db.application.update({ where: { id: mine[1]!.id }, data: { fullName: 'Жаңабаева Әсел', searchText: recruitSearchText({ fullName: 'Жаңабаева Әсел', phone: p11.phone, iin: p11.iin }) } })
    expect((await search(a, c.id, 'жаңабаева')).rows.map((r) => r.id)).toEqual([mine[1]!.id])
    expect((await search(a, c.id, syntheticRecruit(11).fullName.split(' ')[0]!)).rows.map((r) => r.id)).not.toContain(mine[1]!.id)
    if (databaseProvider() === 'sqlite') {
      expect(await indexed('жаңабаева')).toEqual([mine[1]!.id])
      // Deleting the application (its campaign or account going) takes its entry with it.
      await db.application.delete({ where: { id: theirs.id } })
      expect(await indexed(syntheticRecruit(13).iin)).toEqual([])
      // Every application has exactly one entry.
      const [entries, applications] = await Promise.all([db.$queryRawUnsafe<Array<{ n: number | bigint }>>('SELECT count(*) AS n FROM "ApplicationSearchText"'), db.application.count()])
      expect(Number(entries[0]?.n)).toBe(applications)
    }
  })
})

describe('the lead list’s kept counts', () => {
  it('are recounted after every change to an application, by whoever makes it, and never show another NGO’s', async () => {
    const { c, ngoA, ngoB, a, b } = await setup()
    const mine = await Promise.all([0, 1, 2].map((n) => apply(n, c.id, ngoA.id)))
    await apply(3, c.id, ngoB.id)
    const list = (scope: NgoScope, query = '') => listRecruits(scope, c.id, parseRecruitFilters(new URLSearchParams(query)))
    expect((await list(a)).counts).toMatchObject({ submitted: 3, accepted: 0 })
    // Kept now; a move (through the app) and a write behind its back (another worker, a script) both show at once.
    expect((await list(a)).counts).toMatchObject({ submitted: 3 })
    await moveApplication(mine[0]!.id, 'accepted', { id: a.actorId, role: 'lead' }, undefined, ip)
    expect((await list(a)).counts).toMatchObject({ submitted: 2, accepted: 1 })
    // The database's triggers bump the list's version with every write, whoever makes it.
    const version = async () => (await db.applicationListVersion.findUnique({ where: { ngoId_campaignId: { ngoId: ngoA.id, campaignId: c.id } } }))?.version ?? 0
    const before = await version()
    expect(before).toBeGreaterThan(0)
    await db.application.update({ where: { id: mine[1]!.id }, data: { state: 'accepted' } })
    expect(await version()).toBeGreaterThan(before)
    expect((await list(a)).counts).toMatchObject({ submitted: 1, accepted: 2 })
    await db.application.delete({ where: { id: mine[2]!.id } })
    expect((await list(a)).all).toBe(2)
    // Same filters, another NGO: its own counts.
    expect((await list(b)).counts).toMatchObject({ submitted: 1, accepted: 0 })
    expect((await list(b)).all).toBe(1)
    // A filtered count is kept apart from the unfiltered one.
    const region = syntheticRecruit(0).regionCode
    const inRegion = await list(a, `region=${region}`)
    expect(inRegion.all).toBe(inRegion.rows.length)
  })
})

describe('the lead list’s kept pages', () => {
  it('show a page as its list stands now: after an application is added, moved, renamed or removed, whoever writes it, and never another NGO’s', async () => {
    const { c, ngoA, ngoB, a, b } = await setup()
    for (let n = 0; n < RECRUITS_PAGE_SIZE + 5; n++) await apply(100 + n, c.id, ngoA.id)
    for (let n = 0; n < RECRUITS_PAGE_SIZE + 2; n++) await apply(300 + n, c.id, ngoB.id)
    const ids = async (scope: NgoScope, query: string) => (await listRecruits(scope, c.id, parseRecruitFilters(new URLSearchParams(query)))).rows.map((r) => r.id)
    /** The page as the database orders it, newest first. */
    const expected = async (ngoId: string, page: number, where: Record<string, unknown> = {}) =>
      (await db.application.findMany({ where: { ngoId, campaignId: c.id, ...where }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * RECRUITS_PAGE_SIZE, take: RECRUITS_PAGE_SIZE, select: { id: true } })).map((r) => r.id)

    const first = await ids(a, 'page=2')
    expect(first).toEqual(await expected(ngoA.id, 2))
    expect(first).toHaveLength(5)
    // Kept now: the same page again, and another NGO's page 2 under the same filters is its own.
    expect(await ids(a, 'page=2')).toEqual(first)
    expect(await ids(b, 'page=2')).toEqual(await expected(ngoB.id, 2))
    // A new application tops the list: page 2 starts one earlier.
    await apply(200, c.id, ngoA.id)
    const afterNew = await ids(a, 'page=2')
    expect(afterNew).toHaveLength(6)
    expect(afterNew).toEqual(await expected(ngoA.id, 2))
    // A move out of the tab (through the app), and a rename and a removal behind its back (another worker, a script).
    expect(await ids(a, 'state=submitted&page=2')).toEqual(await expected(ngoA.id, 2, { state: 'submitted' }))
    await moveApplication(afterNew[0]!, 'accepted', { id: a.actorId, role: 'lead' }, undefined, ip)
    const moved = await ids(a, 'state=submitted&page=2')
    expect(moved).not.toContain(afterNew[0])
    expect(moved).toEqual(await expected(ngoA.id, 2, { state: 'submitted' }))
    const surname = syntheticRecruit(101).fullName.split(' ')[0]!
    const searched = await ids(a, `q=${encodeURIComponent(surname)}`)
    expect(searched.length).toBeGreaterThan(0)
    const renamed = searched[0]!
    await db.application.update({ where: { id: renamed }, data: { fullName: 'Жаңабаева Әсел', searchText: recruitSearchText({ fullName: 'Жаңабаева Әсел', phone: '+77000000001', iin: '000000000001' }) } })
    expect(await ids(a, `q=${encodeURIComponent(surname)}`)).not.toContain(renamed)
    await db.application.delete({ where: { id: afterNew[1]! } })
    expect(await ids(a, 'page=2')).toEqual(await expected(ngoA.id, 2))
    expect(await ids(a, 'page=2')).not.toContain(afterNew[1])
  })
})

describe('the recruit page', () => {
  it('shows the full record to the NGO’s lead, audits each view, and is not found for another NGO', async () => {
    const { c, ngoA, a, b } = await setup()
    const { id } = await apply(10, c.id, ngoA.id)
    const detail = await recruitDetail(a, id, ip)
    expect(detail?.iin).toBe(syntheticRecruit(10).iin)
    expect(detail?.leadMoves).toEqual(['screening', 'accepted', 'rejected', 'withdrawn'])
    expect(await db.auditEvent.count({ where: { action: 'recruit.viewed', targetId: id, actorId: a.actorId } })).toBe(1)
    expect(await recruitDetail(b, id, ip)).toBeNull()
    expect(await addNote(b, id, 'sneaky', ip)).toBe(false)
    expect(await addNote(a, id, 'Called, will attend the training on Saturday', ip)).toBe(true)
    expect((await recruitDetail(a, id, ip))?.notes.map((n) => n.body)).toEqual(['Called, will attend the training on Saturday'])
    // A double click on Save (two posts at once, then a third): one note, one audit record.
    await Promise.all([addNote(a, id, 'Phone switched off', ip), addNote(a, id, 'Phone switched off', ip)])
    expect(await addNote(a, id, 'Phone switched off', ip)).toBe(true)
    expect(await db.applicationNote.count({ where: { applicationId: id, body: 'Phone switched off' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'recruit.note_added', targetId: id } })).toBe(2)
  })
})

describe('bulk actions', () => {
  it('moves each selected recruit on its own, records and notifies each, skips what cannot move and what is not the NGO’s', async () => {
    const { c, ngoA, ngoB, a } = await setup()
    const mine = await Promise.all([20, 21, 22].map((n) => apply(n, c.id, ngoA.id)))
    const theirs = await apply(23, c.id, ngoB.id)
    await moveApplication(mine[2]!.id, 'withdrawn', { id: mine[2]!.user.id, role: 'volunteer' }, undefined, ip)
    const outcomes = await bulkAction(a, c.id, [...mine.map((m) => m.id), theirs.id], { kind: 'move', to: 'accepted' }, ip)
    expect(outcomes.filter((o) => o.ok).map((o) => o.id).sort()).toEqual([mine[0]!.id, mine[1]!.id].sort())
    expect(outcomes.find((o) => o.id === mine[2]!.id)).toMatchObject({ ok: false, error: 'notAllowed' })
    expect(outcomes.find((o) => o.id === theirs.id)).toMatchObject({ ok: false, error: 'notFound' })
    expect(await db.application.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ state: 'submitted' })
    expect(await db.applicationEvent.count({ where: { applicationId: { in: [mine[0]!.id, mine[1]!.id] }, toState: 'accepted', actorId: a.actorId } })).toBe(2)
    expect(await db.notification.count({ where: { kind: 'application.accepted', userId: { in: [mine[0]!.user.id, mine[1]!.user.id] } } })).toBe(2)
    expect(await db.courseEnrollment.count({ where: { userId: { in: [mine[0]!.user.id, mine[1]!.user.id] }, courseSlug: 'observer-basics' } })).toBe(2)
  })

  it('rejects with the reason in the notification, and messages each recruit', async () => {
    const { c, ngoA, a } = await setup()
    const [x, y] = await Promise.all([30, 31].map((n) => apply(n, c.id, ngoA.id)))
    await bulkAction(a, c.id, [x!.id], { kind: 'move', to: 'rejected', reason: 'Член избирательной комиссии' }, ip)
    const rejected = await db.notification.findFirstOrThrow({ where: { userId: x!.user.id, kind: 'application.rejected' } })
    expect(JSON.parse(rejected.params)).toMatchObject({ reason: 'Член избирательной комиссии' })
    const sent = await bulkAction(a, c.id, [x!.id, y!.id], { kind: 'message', text: 'Training on Saturday at 10:00' }, ip)
    expect(sent.every((o) => o.ok)).toBe(true)
    expect(await db.notification.count({ where: { kind: 'message', userId: { in: [x!.user.id, y!.user.id] } } })).toBe(2)
    expect(await db.auditEvent.count({ where: { action: 'recruit.messaged', targetId: { in: [x!.id, y!.id] } } })).toBe(2)
    // Send clicked twice: each recruit gets the message once; another text is another message.
    await Promise.all([1, 2].map(() => bulkAction(a, c.id, [x!.id, y!.id], { kind: 'message', text: 'Training on Saturday at 10:00' }, ip)))
    expect(await db.notification.count({ where: { kind: 'message', userId: { in: [x!.user.id, y!.user.id] } } })).toBe(2)
    await bulkAction(a, c.id, [x!.id], { kind: 'message', text: 'Bring your ID' }, ip)
    expect(await db.notification.count({ where: { kind: 'message', userId: x!.user.id } })).toBe(2)
  })
})

describe('the system’s moves', () => {
  it('starts training on the first lesson, keeps progress, certifies on the certificate with the NGO named, and goes back to training on revocation', async () => {
    const { c, ngoA, a } = await setup()
    const { user, id } = await apply(40, c.id, ngoA.id)
    await moveApplication(id, 'accepted', { id: a.actorId, role: 'lead' }, undefined, ip)
    const course = await findCourse('observer-basics')
    if (!course?.exam) throw new Error('course missing')
    await visitLesson(user.id, course, course.lessons[0]!, 'ru')
    expect(await db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'in_training' })
    await completeLesson(user.id, course, course.lessons[0]!, 'learner')
    expect((await db.application.findUniqueOrThrow({ where: { id } })).trainingPercent).toBe(Math.floor(100 / course.lessons.length))
    const attempt = await db.examAttempt.create({
      data: { userId: user.id, courseSlug: course.slug, examId: course.exam.id, contentVersion: course.version, seed: 's', questionIds: '[]', locale: 'ru', status: 'SUBMITTED', deadline: new Date(), submittedAt: new Date(), percent: 95, passed: true },
    })
    const { code } = await issueCertificate(attempt, course)
    expect(await db.certificate.findUniqueOrThrow({ where: { code } })).toMatchObject({ ngoId: ngoA.id, campaignId: c.id })
    expect(await db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'certified' })
    expect(await db.notification.count({ where: { userId: user.id, kind: 'certificate.issued' } })).toBe(1)
    await revokeCertificate(a.actorId, code, 'Signed as a candidate proxy', ip)
    expect(await db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'in_training' })
    expect((await db.applicationEvent.findMany({ where: { applicationId: id }, orderBy: { at: 'asc' } })).map((e) => `${e.toState}/${e.actorRole}`)).toEqual([
      'submitted/volunteer', 'accepted/lead', 'in_training/system', 'certified/system', 'in_training/system',
    ])
  })
})

describe('stuck recruits', () => {
  it('lists those accepted long ago with no lesson opened, and those out of exam attempts', async () => {
    const { c, ngoA, a } = await setup()
    const [old, fresh, failing] = await Promise.all([50, 51, 52].map((n) => apply(n, c.id, ngoA.id)))
    for (const r of [old!, fresh!, failing!]) await moveApplication(r.id, 'accepted', { id: a.actorId, role: 'lead' }, undefined, ip)
    await db.application.update({ where: { id: old!.id }, data: { stateChangedAt: new Date(Date.now() - 10 * 86_400_000) } })
    expect((await stuckRecruits(a, c.id, 'notStarted', 7)).map((r) => r.id)).toEqual([old!.id])
    const course = await findCourse('observer-basics')
    if (!course?.exam) throw new Error('course missing')
    await moveApplication(failing!.id, 'in_training', { id: null, role: 'system' }, undefined, ip)
    for (let i = 0; i < course.exam.rules.maxAttempts; i++) {
      await db.examAttempt.create({ data: { userId: failing!.user.id, courseSlug: course.slug, examId: course.exam.id, contentVersion: 'v', seed: `s${i}`, questionIds: '[]', locale: 'ru', status: 'SUBMITTED', deadline: new Date(), submittedAt: new Date(), percent: 40, passed: false } })
    }
    expect((await stuckRecruits(a, c.id, 'examFailed')).map((r) => r.id)).toEqual([failing!.id])
  })
})

describe('adding a recruit by hand', () => {
  it('creates an unclaimed account with an invitation, refuses a duplicate IIN, and updates contacts of a known person', async () => {
    const { c, a, b } = await setup()
    const input = person(60, { email: 'paper@example.org' })
    const added = await addRecruit(a, c.id, input, 'manual', ip)
    if (!added.ok) throw new Error(added.error)
    expect(added.invited).toBe(true)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'paper@example.org' } })
    expect(user.passwordHash).toBe('')
    expect(await db.notification.count({ where: { userId: user.id, kind: 'account.invited' } })).toBe(1)
    // One email, not also "application received" with a link to a page they cannot open yet.
    expect(await db.notification.count({ where: { userId: user.id, kind: 'application.received' } })).toBe(0)
    expect(await db.application.findUniqueOrThrow({ where: { id: added.applicationId } })).toMatchObject({ source: 'manual', ngoId: a.ngoId, state: 'submitted' })
    expect(await addRecruit(b, c.id, { ...input, email: 'other@example.org' }, 'manual', ip)).toEqual({ ok: false, error: 'duplicateIin' })
    expect(await db.auditEvent.count({ where: { action: 'application.duplicate_attempt', ngoId: a.ngoId } })).toBe(1)
    expect(await updateRecruitContacts(b, c.id, input.iin, { phone: '+77770000000', email: input.email, regionCode: input.regionCode, settlement: input.settlement }, ip)).toEqual({ ok: false, error: 'otherNgo' })
    expect(await updateRecruitContacts(a, c.id, input.iin, { phone: input.phone, email: input.email, regionCode: input.regionCode, settlement: input.settlement }, ip)).toEqual({ ok: true, changed: [] })
    expect(await updateRecruitContacts(a, c.id, input.iin, { phone: '+77770000000', email: input.email, regionCode: input.regionCode, settlement: input.settlement }, ip)).toEqual({ ok: true, changed: ['phone'] })
    expect((await listRecruits(a, c.id, parseRecruitFilters(new URLSearchParams({ q: '87770000000' })))).total).toBe(1)
  })
})
