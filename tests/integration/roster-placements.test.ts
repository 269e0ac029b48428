/**
 * Rosters carry election day: the station and shift each observer is assigned to, in the screen, CSV,
 * XLSX, PDF and JSON, in the exporter's language; a declined placement is not shown, and a template
 * that leaves the columns out does not read them.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { NgoScope } from '~/domain/permissions.ts'
import { placementCells } from '~/domain/roster.ts'
import { assignObserver, respondToAssignment } from '~/server/deployment/assignments.server.ts'
import { rosterExportResponse, rosterScreen } from '~/http/roster-screen.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { createExportTemplate, findRosterTemplate } from '~/server/rosters/export-templates.server.ts'
import { readsPlacements } from '~/server/rosters/rosters.server.ts'
import { createUser } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'

async function setup() {
  const campaign = await rosterCampaign()
  const ngo = await accreditedNgo({ name: 'Адал сайлау' })
  const lead = await createUser()
  const scope: NgoScope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
  const shifts = await campaignShifts(campaign.id)
  const s101 = await station(campaign.id, 'KZ-75', '101', 'Алмалинский район', 'ул. Толе би, 55, школа № 12')
  const s102 = await station(campaign.id, 'KZ-75', '102', 'Бостандыкский район', '=HYPERLINK("x") пр. Абая, 10')
  // Aida: one station, two shifts. Bolat: two stations. Dana: declined her only placement. Erlan: none.
  const aida = await recruit(1, campaign, ngo.id, { fullName: 'Аида Серікова', regionCode: 'KZ-75' })
  const bolat = await recruit(2, campaign, ngo.id, { fullName: 'Болат Ахметов', regionCode: 'KZ-75' })
  const dana = await recruit(3, campaign, ngo.id, { fullName: 'Дана Омарова', regionCode: 'KZ-75' })
  const erlan = await recruit(4, campaign, ngo.id, { fullName: 'Ерлан Жақсылықов', regionCode: 'KZ-75' })
  const place = async (applicationId: string, stationId: string, shiftId: string) => {
    const result = await assignObserver(scope, campaign.id, { applicationId, stationId, shiftId }, '127.0.0.1')
    if (!result.ok) throw new Error(`not placed: ${result.error}`)
    return result.id
  }
  await place(aida.application.id, s101.id, shifts.afternoon.id)
  await place(aida.application.id, s101.id, shifts.opening.id)
  await place(bolat.application.id, s102.id, shifts.opening.id)
  await place(bolat.application.id, s101.id, shifts.count.id)
  await place(dana.application.id, s102.id, shifts.afternoon.id)
  const declined = await respondToAssignment(dana.user.id, { assignmentId: (await db.assignment.findFirstOrThrow({ where: { applicationId: dana.application.id } })).id, response: 'declined', reason: 'Заболела' }, '')
  expect(declined.ok).toBe(true)
  return { campaign, ngo, scope, people: { aida, bolat, dana, erlan } }
}

const exportUrl = (ngo: string, campaign: string, format: string, extra = '') => new URL(`http://x/ngo/${ngo}/rosters/export?campaign=${campaign}&format=${format}${extra}`)
const meta = (ngo: { slug: string; name: string }) => ({ ngoSlug: ngo.slug, ngoName: ngo.name, exporter: 'Lead <lead@example.org>', ip: '127.0.0.1' })

describe('placement cells', () => {
  it('name each station once and each shift with its hours in shift order, and the station per shift only when there are several', () => {
    const shift = (nameRu: string, from: string, to: string) => ({ nameRu, nameKk: `${nameRu} kk`, nameEn: `${nameRu} en`, startsAt: new Date(`2027-03-21T${from}:00+05:00`), endsAt: new Date(`2027-03-21T${to}:00+05:00`) })
    expect(placementCells([], 'ru')).toEqual({ assignedStation: '', shift: '' })
    expect(
      placementCells(
        [
          { stationNumber: '7', address: 'ул. Абая, 1', shift: shift('Утро', '07:00', '14:00') },
          { stationNumber: '7', address: 'ул. Абая, 1', shift: shift('День', '14:00', '20:00') },
        ],
        'ru',
      ),
    ).toEqual({ assignedStation: '№ 7, ул. Абая, 1', shift: 'Утро (07:00–14:00); День (14:00–20:00)' })
    expect(
      placementCells(
        [
          { stationNumber: '7', address: '', shift: shift('Утро', '07:00', '14:00') },
          { stationNumber: '9', address: 'пр. Назарбаева, 2', shift: shift('День', '14:00', '20:00') },
        ],
        'en',
      ),
    ).toEqual({ assignedStation: '№ 7; № 9, пр. Назарбаева, 2', shift: 'Утро en (07:00–14:00) — № 7; День en (14:00–20:00) — № 9' })
  })
})

describe('rosters with election-day placements', () => {
  it('show the assigned station and shift on screen and in CSV and XLSX, in the exporter’s language, without declined placements', async () => {
    const { campaign, ngo, scope } = await setup()

    const csv = await rosterExportResponse(exportUrl(ngo.slug, campaign.slug, 'csv'), scope, 'ru', meta(ngo))
    expect(csv.status).toBe(200)
    const records = parse(Buffer.from(await csv.arrayBuffer()), { bom: true, delimiter: ';' }) as string[][]
    const header = records[0] ?? []
    const [stationAt, shiftAt] = [header.indexOf('Назначенный участок'), header.indexOf('Смена')]
    expect(stationAt).toBeGreaterThan(0)
    expect(shiftAt).toBe(stationAt + 1)
    const byName = new Map(records.slice(1).map((r) => [r[1], r]))
    expect(byName.get('Аида Серікова')?.[stationAt]).toBe('№ 101, ул. Толе би, 55, школа № 12')
    expect(byName.get('Аида Серікова')?.[shiftAt]).toBe('Открытие – 14:00 (07:00–14:00); 14:00 – закрытие (14:00–20:00)')
    // Two stations: each named once, each shift says which; the address that starts like a formula is defused.
    expect(byName.get('Болат Ахметов')?.[stationAt]).toBe('№ 102, =HYPERLINK("x") пр. Абая, 10; № 101, ул. Толе би, 55, школа № 12')
    expect(byName.get('Болат Ахметов')?.[shiftAt]).toBe('Открытие – 14:00 (07:00–14:00) — № 102; Подсчёт голосов (20:00–04:00) — № 101')
    expect(byName.get('Дана Омарова')?.[stationAt]).toBe('')
    expect(byName.get('Дана Омарова')?.[shiftAt]).toBe('')
    expect(byName.get('Ерлан Жақсылықов')?.[stationAt]).toBe('')

    const xlsx = await rosterExportResponse(exportUrl(ngo.slug, campaign.slug, 'xlsx'), scope, 'kk', meta(ngo))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    const sheet = workbook.worksheets[1]!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    const column = headers.indexOf('Тағайындалған учаске') + 1
    expect(column).toBeGreaterThan(0)
    expect(headers[column]).toBe('Ауысым')
    const rows = new Map<string, string[]>()
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(2).value), [String(row.getCell(column).value ?? ''), String(row.getCell(column + 1).value ?? '')])
    })
    expect(rows.get('Аида Серікова')).toEqual(['№ 101, ул. Толе би, 55, школа № 12', 'Ашылу – 14:00 (07:00–14:00); 14:00 – жабылу (14:00–20:00)'])
    expect(rows.get('Дана Омарова')).toEqual(['', ''])

    // The screen's page.
    const screen = await rosterScreen(new URL(`http://x/ngo/${ngo.slug}/rosters?campaign=${campaign.slug}`), scope, 'en', '')
    const onScreen = screen.data.roster?.rows.find((r) => r.fullName === 'Болат Ахметов')
    expect(onScreen).toMatchObject({ assignedStation: '№ 102, =HYPERLINK("x") пр. Абая, 10; № 101, ул. Толе би, 55, школа № 12', shift: 'Opening – 14:00 (07:00–14:00) — № 102; The count (20:00–04:00) — № 101' })
    expect(screen.data.roster?.rows.find((r) => r.fullName === 'Дана Омарова')).toMatchObject({ assignedStation: '', shift: '' })
  })

  it('print them in the PDF roster', async () => {
    const { campaign, ngo, scope } = await setup()
    const response = await rosterExportResponse(exportUrl(ngo.slug, campaign.slug, 'pdf'), scope, 'ru', meta(ngo))
    expect(response.status).toBe(200)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roster-placements-')), 'roster.pdf')
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
    expect(text).toContain('Назначенный')
    expect(text).toContain('Смена')
    expect(text).toContain('№ 101')
    expect(text).toMatch(/Подсчёт\s+голосов/)
  })

  it('are left out, and not read, when the template leaves both columns out', async () => {
    const { campaign, ngo, scope } = await setup()
    const noHeader = { ru: '', kk: '', en: '' }
    const template = await createExportTemplate(scope, { ngoId: ngo.id, name: 'TEC', columns: [{ column: 'number', header: noHeader }, { column: 'fullName', header: noHeader }] }, '')
    if (!template.ok) throw new Error('template')
    expect(readsPlacements({ template: await findRosterTemplate(scope, template.id) })).toBe(false)
    expect(readsPlacements({ template: null })).toBe(true)
    const csv = await rosterExportResponse(exportUrl(ngo.slug, campaign.slug, 'csv', `&template=${template.id}`), scope, 'ru', meta(ngo))
    const records = parse(Buffer.from(await csv.arrayBuffer()), { bom: true, delimiter: ';' }) as string[][]
    expect(records[0]).toEqual(['№', 'ФИО'])
    expect(records.slice(1).map((r) => r[1])).toEqual(['Аида Серікова', 'Болат Ахметов', 'Дана Омарова', 'Ерлан Жақсылықов'])
  })
})

