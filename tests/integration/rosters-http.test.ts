/** Roster pages and downloads over real HTTP: files read back with csv-parse and exceljs, access rules, audit. */
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rosterPhone } from '~/domain/roster.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, afterElection, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

async function signedIn(email: string, locale: 'ru' | 'en' = 'ru', isAdmin = false) {
  const user = await createUser({ email, locale, isAdmin })
  const client = new Client(app.url, { 'Accept-Language': locale })
  await client.login(email, TEST_PASSWORD)
  return { user, client }
}

describe('roster downloads', () => {
  it('give the lead a CSV and an XLSX of their NGO, refuse other NGOs, trainers and volunteers, and audit each export', async () => {
    const campaign = await rosterCampaign('roster-http')
    const ngo = await accreditedNgo({ slug: 'roster-ngo', name: 'Roster NGO', until: new Date('2027-01-01T00:00:00Z') })
    const other = await accreditedNgo({ slug: 'roster-other' })
    const injected = await recruit(1, campaign, ngo.id, { fullName: '=cmd|"/c calc"!A1', regionCode: 'KZ-71', pollingStation: '+12' })
    await recruit(2, campaign, ngo.id, { fullName: 'Әсел Бекова', regionCode: 'KZ-75' })
    await recruit(3, campaign, other.id, { fullName: 'Other Person', regionCode: 'KZ-71' })
    const { user: lead, client } = await signedIn('roster-lead@example.org', 'ru')
    await addMember(lead.id, ngo.id, 'LEAD')

    const page = await client.get(`/ngo/roster-ngo/rosters?campaign=roster-http`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Әсел Бекова')
    expect(html).not.toContain('Other Person')
    expect(html).toContain('истекает до дня выборов')
    expect(html).not.toContain(injected.iin)
    // Before a campaign is chosen the form starts on the one whose election day is nearest.
    const form = await (await client.get('/ngo/roster-ngo/rosters')).text()
    expect(form).toContain('Выберите кампанию')
    expect(form).toMatch(/<option value="roster-http" selected="">/)
    const fullView = await client.get(`/ngo/roster-ngo/rosters?campaign=roster-http&fullIin=on&reason=${encodeURIComponent('Сверка с ТИК')}`)
    expect(await fullView.text()).toContain(injected.iin)
    const viewed = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.viewed', actorId: lead.id } })
    expect(JSON.parse(viewed.details)).toMatchObject({ iin: 'full', reason: 'Сверка с ТИК' })
    const noReason = await client.get(`/ngo/roster-ngo/rosters?campaign=roster-http&fullIin=on`)
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('Укажите причину')

    const csvResponse = await client.get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=csv&region=KZ-71&region=KZ-75')
    expect(csvResponse.status).toBe(200)
    expect(csvResponse.headers.get('content-type')).toContain('text/csv')
    expect(csvResponse.headers.get('content-disposition')).toMatch(/attachment; filename="roster_roster-ngo_roster-http_KZ-71_KZ-75_\d{4}-\d{2}-\d{2}\.csv"/)
    const bytes = Buffer.from(await csvResponse.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const records = parse(bytes, { bom: true, delimiter: ';' }) as string[][]
    expect(records[0]).toEqual(['№', 'ФИО', 'ИИН', 'Дата рождения', 'Телефон', 'Регион', 'Населённый пункт', 'Желаемый участок', 'Назначенный участок', 'Смена', 'Языки', 'Сертификат', 'Действителен до'])
    expect(records).toHaveLength(3)
    // Russian order: Алматы before Астана.
    expect(records[1]?.[1]).toBe('Әсел Бекова')
    expect(records[2]?.[1]).toBe(`'=cmd|"/c calc"!A1`)
    expect(records[2]?.[7]).toBe(`'+12`)
    expect(records[2]?.[2]).not.toBe(injected.iin)
    expect(records[2]?.[2]).toContain('•')
    // One phone form in every file (the workbooks below, the PDF in roster-pdf.test.ts) and on the screen: 8 701 234 56 78.
    const phone = rosterPhone(injected.application.phone)
    expect(phone).toMatch(/^8 \d{3} \d{3} \d{2} \d{2}$/)
    expect(records[2]?.[4]).toBe(phone)
    expect(html).toContain(`<td>${rosterPhone((await db.application.findFirstOrThrow({ where: { fullName: 'Әсел Бекова' } })).phone)}</td>`)

    const fullCsv = await client.get(`/ngo/roster-ngo/rosters/export?campaign=roster-http&format=csv&fullIin=on&reason=${encodeURIComponent('Запрос ТИК')}`)
    expect((parse(Buffer.from(await fullCsv.arrayBuffer()), { bom: true, delimiter: ';' }) as string[][])[2]?.[2]).toBe(injected.iin)
    expect((await client.get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=csv&fullIin=on')).status).toBe(400)

    const xlsxResponse = await client.get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=xlsx&sheets=region')
    expect(xlsxResponse.status).toBe(200)
    // Named apart from the one-sheet workbook (below), in `filename` and `filename*` alike.
    expect(xlsxResponse.headers.get('content-disposition')).toMatch(/^attachment; filename="(roster_roster-ngo_roster-http_all-regions_by-region_\d{4}-\d{2}-\d{2}\.xlsx)"; filename\*=UTF-8''\1$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer())
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Титульный лист', 'Алматы', 'Астана'])
    const cover = workbook.worksheets[0]!
    const coverText = cover.getSheetValues().flat().map(String).join(' ')
    expect(coverText).toContain('Roster NGO')
    expect(coverText).toContain('Выборы в Курултай')
    expect(coverText).toContain('roster-lead@example.org')
    const astana = workbook.getWorksheet('Астана')!
    expect(astana.getRow(1).font?.bold).toBe(true)
    expect(astana.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(astana.autoFilter).toBeTruthy()
    expect(astana.getCell('B2').value).toBe('=cmd|"/c calc"!A1') // a string cell, never a formula
    expect(astana.getCell('B2').type).toBe(ExcelJS.ValueType.String)
    expect(astana.getCell('E1').value).toBe('Телефон')
    expect(astana.getCell('E2').value).toBe(phone) // was +77011000001
    // Dates as dates, read from the database's text: the birth date, and the certificates' expiry (the last column).
    expect(astana.getCell('D2').value).toEqual(injected.application.birthDate)
    expect(astana.getCell('D2').numFmt).toBe('yyyy-mm-dd')
    expect(astana.getRow(2).getCell(astana.columnCount).value).toEqual(afterElection(365))
    // No. counts the rows of its sheet: each region's sheet starts at 1 (Астана's went on from Алматы's, at 2).
    expect(workbook.getWorksheet('Алматы')?.getCell('A2').value).toBe(1)
    expect(astana.getCell('A2').value).toBe(1)

    const single = new ExcelJS.Workbook()
    const singleResponse = await client.get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=xlsx')
    expect(singleResponse.headers.get('content-disposition')).toMatch(/^attachment; filename="(roster_roster-ngo_roster-http_all-regions_\d{4}-\d{2}-\d{2}\.xlsx)"; filename\*=UTF-8''\1$/)
    await single.xlsx.load(await singleResponse.arrayBuffer())
    expect(single.worksheets).toHaveLength(2)
    expect(single.worksheets[1]?.getCell('F1').value).toBe('Регион')
    expect(single.worksheets[1]?.rowCount).toBe(3)
    // One sheet, one count, as the CSV has it.
    expect([single.worksheets[1]?.getCell('A2').value, single.worksheets[1]?.getCell('A3').value]).toEqual([1, 2])
    expect(single.worksheets[1]?.getCell('E3').value).toBe(phone)

    const events = await db.auditEvent.findMany({ where: { action: 'roster.exported', actorId: lead.id }, orderBy: { at: 'asc' } })
    expect(events.map((e) => JSON.parse(e.details) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ format: 'csv', regions: ['KZ-71', 'KZ-75'], rowCount: 2, iin: 'masked' }),
      expect.objectContaining({ format: 'csv', regions: [], rowCount: 2, iin: 'full', reason: 'Запрос ТИК' }),
      expect.objectContaining({ format: 'xlsx', rowCount: 2, iin: 'masked' }),
      expect.objectContaining({ format: 'xlsx', rowCount: 2, iin: 'masked' }),
    ])
    expect(events.every((e) => e.ngoId === ngo.id)).toBe(true)

    // Another NGO's roster: 403 for the page and the download.
    expect((await client.get('/ngo/roster-other/rosters?campaign=roster-http')).status).toBe(403)
    expect((await client.get('/ngo/roster-other/rosters/export?campaign=roster-http&format=csv')).status).toBe(403)
    expect((await client.get('/admin/rosters/export?campaign=roster-http&format=csv')).status).toBe(403)
    const { user: trainer, client: trainerClient } = await signedIn('roster-trainer@example.org')
    await addMember(trainer.id, ngo.id, 'TRAINER')
    expect((await trainerClient.get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=csv')).status).toBe(403)
    const { client: volunteer } = await signedIn('roster-volunteer@example.org')
    expect((await volunteer.get('/ngo/roster-ngo/rosters?campaign=roster-http')).status).toBe(403)
    expect((await new Client(app.url).get('/ngo/roster-ngo/rosters/export?campaign=roster-http&format=csv')).status).toBe(302)
  })

  it('give admins the coalition roster with an NGO column', async () => {
    const campaign = await rosterCampaign('roster-coalition')
    const a = await accreditedNgo({ name: 'Alpha NGO' })
    const b = await accreditedNgo({ name: 'Beta NGO' })
    await recruit(10, campaign, a.id, { fullName: 'Alpha Person', regionCode: 'KZ-71' })
    await recruit(11, campaign, b.id, { fullName: 'Beta Person', regionCode: 'KZ-71' })
    const { user: admin, client } = await signedIn('roster-admin@example.org', 'en', true)
    expect((await client.get('/admin/rosters?campaign=roster-coalition')).status).toBe(200)
    const response = await client.get('/admin/rosters/export?campaign=roster-coalition&format=csv')
    expect(response.headers.get('content-disposition')).toContain('roster_coalition_roster-coalition_all-regions')
    const records = parse(Buffer.from(await response.arrayBuffer()), { bom: true }) as string[][]
    expect(records[0]?.at(-1)).toBe('NGO')
    expect(records.slice(1).map((r) => [r[1], r.at(-1)])).toEqual([
      ['Alpha Person', 'Alpha NGO'],
      ['Beta Person', 'Beta NGO'],
    ])
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', actorId: admin.id } })
    expect(JSON.parse(event.details)).toMatchObject({ scope: 'coalition', rowCount: 2 })
    expect((await client.get(`/admin/rosters/export?campaign=roster-coalition&format=csv&ngo=${a.slug}`)).status).toBe(200)
    expect((await client.get('/admin/rosters/export?campaign=roster-coalition&format=csv&ngo=nope')).status).toBe(404)
  })
})
