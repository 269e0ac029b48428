/** Rosters on the server: who is certified, per NGO and region, order, IIN masking, warnings, the audit record. */
import { describe, expect, it } from 'vitest'
import type { Scope } from '~/domain/permissions.ts'
import { databaseProvider, db, Prisma } from '~/server/platform/db.server.ts'
import { rosterSql } from '~/server/rosters/roster-read.server.ts'
import { rosterCsv, rosterXlsx } from '~/server/rosters/roster-exports.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'
import { findRosterCampaign, recordRosterExport, rosterPage, rosterRows, rosterSummary, type RosterRequest } from '~/server/rosters/rosters.server.ts'
import { accreditedNgo, afterElection, recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { createUser } from '../support/factories.ts'

async function all(request: RosterRequest) {
  const summary = await rosterSummary(request)
  const rows = []
  for await (const batch of rosterRows(request, summary)) rows.push(...batch)
  return { summary, rows }
}

async function setup() {
  const c = await rosterCampaign()
  const campaign = await findRosterCampaign(c.slug)
  if (!campaign) throw new Error('campaign')
  const [ngoA, ngoB, lead] = await Promise.all([accreditedNgo(), accreditedNgo({ until: new Date('2027-01-31T00:00:00Z') }), createUser()])
  const scopeA: Scope = { kind: 'ngo', actorId: lead.id, ngoId: ngoA.id }
  return { campaign, ngoA, ngoB, lead, scopeA }
}

describe('the roster', () => {
  it('holds only the NGO’s certified observers, by region then name, and filters by region', async () => {
    const { campaign, ngoA, ngoB, scopeA } = await setup()
    await recruit(1, campaign, ngoA.id, { fullName: 'Ұлан Серік', regionCode: 'KZ-75' })
    await recruit(2, campaign, ngoA.id, { fullName: 'Әлия Нұрова', regionCode: 'KZ-75' })
    await recruit(3, campaign, ngoA.id, { fullName: 'Бекзат Ахмет', regionCode: 'KZ-71' })
    await recruit(4, campaign, ngoA.id, { fullName: 'Revoked One', regionCode: 'KZ-71', certificates: [{ course: 'observer-basics' }, { course: 'counting', revoked: true }] })
    await recruit(5, campaign, ngoA.id, { fullName: 'Expires Before', regionCode: 'KZ-71', certificates: [{ course: 'observer-basics', expiresAt: afterElection(-1) }, { course: 'counting' }] })
    await recruit(6, campaign, ngoA.id, { fullName: 'One Course Only', regionCode: 'KZ-71', certificates: [{ course: 'observer-basics' }] })
    await recruit(7, campaign, ngoA.id, { fullName: 'Withdrawn Person', regionCode: 'KZ-71', state: 'withdrawn' })
    await recruit(8, campaign, ngoB.id, { fullName: 'Other NGO', regionCode: 'KZ-71' })
    // A second, revoked certificate of the same course does not hide the valid one.
    const twice = await recruit(9, campaign, ngoA.id, { fullName: 'Аян Екі', regionCode: 'KZ-75', certificates: [{ course: 'observer-basics' }, { course: 'observer-basics', revoked: true }, { course: 'counting', expiresAt: afterElection(10) }] })

    const request: RosterRequest = { scope: scopeA, campaign, regions: [], locale: 'kk', iin: { full: false } }
    const { summary, rows } = await all(request)
    expect(summary.total).toBe(4)
    // Astana before Almaty in Kazakh (Алматы < Астана: л before с); names with Kazakh letters in place.
    expect(rows.map((r) => [r.regionCode, r.fullName])).toEqual([
      ['KZ-75', 'Аян Екі'],
      ['KZ-75', 'Әлия Нұрова'],
      ['KZ-75', 'Ұлан Серік'],
      ['KZ-71', 'Бекзат Ахмет'],
    ])
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4])
    const aian = rows[0]!
    expect(aian.certificateCode.split(', ')).toHaveLength(2)
    expect(aian.validUntil.toISOString()).toBe(afterElection(10).toISOString())
    expect(aian.iin).not.toBe(twice.iin)
    expect(aian.iin).toContain('•')
    // Languages by name in the roster's language, not as stored codes.
    expect(aian.languages).toBe('Қазақ тілі, Орыс тілі')

    const astana = await all({ ...request, regions: ['KZ-71'] })
    expect(astana.rows.map((r) => r.fullName)).toEqual(['Бекзат Ахмет'])
    const several = await all({ ...request, regions: ['KZ-71', 'KZ-75'] })
    expect(several.summary.total).toBe(4)

    const full = await all({ ...request, iin: { full: true, reason: 'territorial commission request' } })
    expect(full.rows[0]?.iin).toBe(twice.iin)

    const page = await rosterPage(request, summary, 1)
    expect(page.rows.map((r) => r.fullName)).toEqual(rows.map((r) => r.fullName))
  })

  it('pages across regions in order', async () => {
    const { campaign, ngoA, scopeA } = await setup()
    for (let n = 0; n < 53; n++) await recruit(100 + n, campaign, ngoA.id, { fullName: `Person ${String(n).padStart(2, '0')}`, regionCode: n < 30 ? 'KZ-71' : 'KZ-75', certificates: [{ course: 'observer-basics' }, { course: 'counting' }] })
    const request: RosterRequest = { scope: scopeA, campaign, regions: [], locale: 'en', iin: { full: false } }
    const summary = await rosterSummary(request)
    const second = await rosterPage(request, summary, 2)
    expect(second.pageCount).toBe(2)
    // English: Almaty (KZ-75) before Astana (KZ-71).
    expect(second.rows.map((r) => [r.number, r.fullName])).toEqual([
      [51, 'Person 27'],
      [52, 'Person 28'],
      [53, 'Person 29'],
    ])
  })

  it('gives the coalition roster every NGO, and warns about accreditation not covering the election day', async () => {
    const { campaign, ngoA, ngoB, lead, scopeA } = await setup()
    const unaccredited = await accreditedNgo({ from: null, until: null })
    const early = await accreditedNgo({ from: new Date('2027-04-01T00:00:00Z'), until: new Date('2028-04-01T00:00:00Z') })
    await recruit(20, campaign, ngoA.id, { regionCode: 'KZ-71' })
    await recruit(21, campaign, ngoB.id, { regionCode: 'KZ-71' })
    await recruit(22, campaign, unaccredited.id, { regionCode: 'KZ-71' })
    await recruit(23, campaign, early.id, { regionCode: 'KZ-71' })
    expect((await rosterSummary({ scope: scopeA, campaign, regions: [], locale: 'en' })).warnings).toEqual([])
    expect((await rosterSummary({ scope: { kind: 'ngo', actorId: lead.id, ngoId: ngoB.id }, campaign, regions: [], locale: 'en' })).warnings).toEqual([{ ngo: ngoB.name, problem: 'lapsed' }])
    const coalition = await all({ scope: { kind: 'coalition', actorId: lead.id }, campaign, regions: [], locale: 'en', iin: { full: false } })
    expect(coalition.summary.total).toBe(4)
    expect(new Set(coalition.rows.map((r) => r.ngo))).toEqual(new Set([ngoA.name, ngoB.name, unaccredited.name, early.name]))
    expect(coalition.summary.warnings).toEqual(expect.arrayContaining([{ ngo: ngoB.name, problem: 'lapsed' }, { ngo: unaccredited.name, problem: 'missing' }, { ngo: early.name, problem: 'notYetValid' }]))
    expect(coalition.summary.warnings).toHaveLength(3)
  })

  it('reads a coalition roster’s region by seeking the roster index, not walking the campaign’s applications', async () => {
    if (databaseProvider() !== 'sqlite') return
    const { campaign, lead } = await setup()
    const plan = async (scope: Scope) => {
      const where = rosterSql({ scope, campaign, regions: ['KZ-71'] })
      const statement = Prisma.sql`SELECT a."rowid" FROM "Application" a WHERE ${where}`
      const rows = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${statement.sql}`, ...statement.values)
      return rows.map((row) => row.detail).join(' | ')
    }
    // Without the NGOs named, SQLite could seek only the campaign and tested every application of it.
    const seek = /SEARCH a USING COVERING INDEX Application_roster_idx \(campaignId=\? AND ngoId=\? AND state=\? AND regionCode=\? AND anonymisedAt=\?\)/
    expect(await plan({ kind: 'coalition', actorId: lead.id })).toMatch(seek)
    expect(await plan({ kind: 'ngo', actorId: lead.id, ngoId: 'any' })).toMatch(seek)
  })

  it('a campaign without required courses has an empty roster', async () => {
    const { ngoA, scopeA } = await setup()
    const c = await rosterCampaign(undefined, [])
    const campaign = await findRosterCampaign(c.slug)
    await recruit(30, c, ngoA.id, { regionCode: 'KZ-71' })
    expect((await rosterSummary({ scope: scopeA, campaign: campaign!, regions: [], locale: 'ru' })).total).toBe(0)
  })
})

describe('exports', () => {
  it('stream CSV and XLSX and record who exported what', async () => {
    const { campaign, ngoA, lead, scopeA } = await setup()
    await recruit(40, campaign, ngoA.id, { fullName: '=HYPERLINK("x")', regionCode: 'KZ-71' })
    const request: RosterRequest = { scope: scopeA, campaign, regions: ['KZ-71'], locale: 'ru', iin: { full: true, reason: 'ТИК запросил полный список' } }
    const summary = await rosterSummary(request)
    // Response#text drops a BOM: decode the bytes ourselves to see it.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(rosterCsv(request, summary)).arrayBuffer())
    expect(csv.startsWith('\ufeff№;ФИО;ИИН')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
    expect(csv).toContain(';Казахский, Русский;')
    const xlsx = await new Response(rosterXlsx(request, summary, { sheetPerRegion: true, ngoName: ngoA.name, exporter: 'lead', at: new Date() })).arrayBuffer()
    expect(Buffer.from(xlsx).subarray(0, 2).toString()).toBe('PK')

    await recordRosterExport(request, { format: 'csv', rowCount: summary.total, ip: '127.0.0.1' })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported' } })
    expect(event).toMatchObject({ actorId: lead.id, ngoId: ngoA.id, targetId: campaign.id })
    expect(JSON.parse(event.details)).toEqual({ scope: 'ngo', campaign: campaign.slug, regions: ['KZ-71'], format: 'csv', rowCount: 1, iin: 'full', reason: 'ТИК запросил полный список', template: null })
  })

  it('refuses a full-IIN download without a reason (400, translated) and writes no audit record', async () => {
    const { campaign, ngoA, scopeA } = await setup()
    const url = new URL(`http://x/ngo/a/rosters/export?campaign=${campaign.slug}&format=csv&fullIin=on&reason=`)
    const response = await rosterExportResponse(url, scopeA, 'ru', { ngoSlug: ngoA.slug, ngoName: ngoA.name, exporter: 'lead', ip: '127.0.0.1' })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Укажите причину')
    expect(await db.auditEvent.count({ where: { action: 'roster.exported', targetId: campaign.id } })).toBe(0)
  })
})
