/** The coalition's coverage list as files: CSV (formula-safe), XLSX and PDF, read back, each audited. */
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { NgoScope, Scope } from '~/domain/permissions.ts'
import { assignObserver } from '~/server/deployment/assignments.server.ts'
import { coverageExport } from '~/server/deployment/coverage-exports.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { createUser } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'
import { pdfPages } from '../support/pdf-text.ts'

async function setup() {
  const campaign = await rosterCampaign()
  const [ngoA, ngoB, leadA, leadB, admin] = await Promise.all([accreditedNgo({ name: 'Адал сайлау' }), accreditedNgo({ name: '=Ашық дауыс' }), createUser(), createUser(), createUser()])
  const shifts = await campaignShifts(campaign.id)
  const s1 = await station(campaign.id, 'KZ-75', '101', 'Алмалинский район', 'ул. Толе би, 55')
  await station(campaign.id, 'KZ-75', '102', 'Бостандыкский район', '+7 пр. Абая, 10')
  await station(campaign.id, 'KZ-71', '7', 'Есильский район', 'ул. Кенесары, 1')
  const scopeA: NgoScope = { kind: 'ngo', actorId: leadA.id, ngoId: ngoA.id }
  const scopeB: NgoScope = { kind: 'ngo', actorId: leadB.id, ngoId: ngoB.id }
  const a = await recruit(1, campaign, ngoA.id, { regionCode: 'KZ-75' })
  const b = await recruit(2, campaign, ngoB.id, { regionCode: 'KZ-75' })
  expect((await assignObserver(scopeA, campaign.id, { applicationId: a.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).ok).toBe(true)
  expect((await assignObserver(scopeB, campaign.id, { applicationId: b.application.id, stationId: s1.id, shiftId: shifts.opening.id }, '')).ok).toBe(true)
  const scope: Scope = { kind: 'coalition', actorId: admin.id }
  const names = { regions: new Map([['KZ-75', 'Алматы'], ['KZ-71', 'Астана']]), shift: 'Открытие – 14:00 (07:00–14:00)', exporter: 'Admin <admin@example.org>' }
  return { campaign: { id: campaign.id, slug: campaign.slug, name: 'Выборы в Курултай' }, shifts, scope, names, admin }
}

const bytesOf = async (body: string | Uint8Array | ReadableStream<Uint8Array>) =>
  typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(await new Response(body).arrayBuffer())

describe('coverage exports', () => {
  it('write the same stations as CSV, XLSX and PDF, with the filters, formula-safe, and audit each', async () => {
    const { campaign, shifts, scope, names, admin } = await setup()
    const filters = { shiftId: shifts.opening.id, kind: 'all' as const }

    const csv = await coverageExport(scope, campaign, filters, 'csv', 'ru', names, '127.0.0.1')
    expect(csv.contentType).toContain('text/csv')
    const records = parse(await bytesOf(csv.body), { bom: true, delimiter: ';' }) as string[][]
    expect(records.slice(1).map((r) => [r[0], r[2], r[5]])).toEqual([
      ['Астана', '7', '0'],
      ['Алматы', '101', '2'],
      ['Алматы', '102', '0'],
    ])
    // "=Ашық дауыс" and "+7 пр. Абая" would start formulas: written as text.
    expect(records[2]?.[6]).toBe("'=Ашық дауыс, Адал сайлау")
    expect(records[3]?.[3]).toBe("'+7 пр. Абая, 10")

    const xlsx = await coverageExport(scope, campaign, filters, 'xlsx', 'en', names, '127.0.0.1')
    const book = new ExcelJS.Workbook()
    const xlsxBytes = await bytesOf(xlsx.body)
    await book.xlsx.load(xlsxBytes.buffer.slice(xlsxBytes.byteOffset, xlsxBytes.byteOffset + xlsxBytes.byteLength) as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(4)
    expect(sheet.getCell('F3').value).toBe(2)
    expect(sheet.getCell('G3').type).toBe(ExcelJS.ValueType.String)

    const pdf = await coverageExport(scope, campaign, { ...filters, regionCode: 'KZ-75', kind: 'none' }, 'pdf', 'kk', names, '127.0.0.1')
    expect(pdf.contentType).toBe('application/pdf')
    expect(pdf.fileName).toMatch(/^coverage-.+\.pdf$/)
    const pages = pdfPages(await bytesOf(pdf.body), { layout: true })
    // The first page: campaign, shift, filters and the totals; then Almaty's uncovered stations only.
    expect(pages[0]).toContain('Выборы в Курултай')
    expect(pages[0]).toContain('Открытие – 14:00 (07:00–14:00)')
    expect(pages[0]).toMatch(/Алматы\s+2\s+1\s+0\s+1/)
    expect(pages[0]).not.toContain('Астана')
    expect(pages).toHaveLength(2)
    expect(pages[1]).toContain('102')
    expect(pages[1]).toContain('+7 пр. Абая, 10')
    expect(pages[1]).not.toMatch(/\b101\b/)

    const audits = await db.auditEvent.findMany({ where: { action: 'coverage.exported', actorId: admin.id }, orderBy: { at: 'asc' } })
    expect(audits.map((e) => (JSON.parse(e.details) as { format: string; rows: number }).format)).toEqual(['csv', 'xlsx', 'pdf'])
    expect(audits.map((e) => (JSON.parse(e.details) as { rows: number }).rows)).toEqual([3, 3, 1])
  })

  it('print a page that says so when no station matches', async () => {
    const { campaign, shifts, scope, names } = await setup()
    const pdf = await coverageExport(scope, campaign, { shiftId: shifts.opening.id, regionCode: 'KZ-10', kind: 'all' }, 'pdf', 'en', names, '')
    expect(pdfPages(await bytesOf(pdf.body), { layout: true }).join('\n')).toContain('No stations match these filters.')
  })
})
