/** The polling-station import: per-row errors, idempotent re-import (upsert by region and number), the template, the dashboards' coverage. */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { Scope } from '~/domain/permissions.ts'
import { campaignDashboard } from '~/server/recruitment/dashboards.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { getStationImport, mapStationImport, runStationImport, stationImportPreview, stationImportResult, stationTemplate, uploadStationImport } from '~/server/deployment/station-imports.server.ts'
import { listStations } from '~/server/deployment/stations.server.ts'
import { rosterCampaign } from '../support/roster-fixture.ts'
import { createUser } from '../support/factories.ts'

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'))

const LIST = [
  'Список участковых избирательных комиссий;;;;;;',
  'Регион;Номер участка;Район;Адрес;Широта;Долгота;Число избирателей',
  'г. Алматы;№ 101;Алмалинский район;ул. Толе би, 55, школа № 12;43,2567;76,9286;2 150',
  'KZ-75;102;Алмалинский район;ул. Кабанбай батыра, 120, гимназия № 27;;;1800',
  'Алматы облысы;245;г. Талгар;ул. Кунаева, 8, Дом культуры;;;870',
  'Марс;1;;ул. Нет;;;',
  'г. Алматы;101;Алмалинский район;дубликат;;;',
  'Almaty;abc;;ул. Абая;;;',
  'KZ-75;103;;;;;',
  'KZ-75;104;Медеуский район;пр. Достык, 40;10;76.9;',
]

async function setup() {
  const campaign = await rosterCampaign()
  const admin = await createUser({ isAdmin: true })
  const scope: Scope = { kind: 'coalition', actorId: admin.id }
  return { campaign, scope }
}

async function importFile(scope: Scope, campaignId: string, lines: string[]) {
  const uploaded = await uploadStationImport(scope, campaignId, { name: 'stations.csv', bytes: csv(lines) }, '127.0.0.1')
  if (!uploaded.ok) throw new Error(uploaded.error.key)
  const found = await getStationImport(campaignId, uploaded.importId)
  if (!found) throw new Error('import')
  const mapped = await mapStationImport(scope, campaignId, found.id, found.mapping, '127.0.0.1')
  if (!mapped.ok) throw new Error(mapped.error)
  return { id: found.id, mapping: found.mapping, preview: mapped.preview }
}

describe('the station import', () => {
  it('guesses the columns under a title row, reports each bad row, and imports the good ones', async () => {
    const { campaign, scope } = await setup()
    const { id, mapping, preview } = await importFile(scope, campaign.id, LIST)
    expect(mapping).toEqual({ region: 0, number: 1, district: 2, address: 3, latitude: 4, longitude: 5, expectedVoters: 6 })
    expect(preview.counts).toEqual({ error: 5, new: 3, update: 0, unchanged: 0 })
    const errors = (await stationImportPreview(campaign.id, id, { page: 1, show: 'error' }))?.rows.map((r) => [r.row, r.errors.map((e) => e.key)])
    expect(errors).toEqual([
      [6, ['deployment.import.errors.regionUnknown']],
      [7, ['deployment.import.errors.duplicate']],
      [8, ['deployment.import.errors.number']],
      [9, ['deployment.import.errors.addressMissing']],
      [10, ['deployment.import.errors.coordinates']],
    ])
    // Nothing is written before the run.
    expect(await db.pollingStation.count({ where: { campaignId: campaign.id } })).toBe(0)
    expect(await runStationImport(scope, campaign.id, id, '127.0.0.1')).toEqual({ ok: true, counts: { error: 5, created: 3, updated: 0, unchanged: 0 } })
    const stations = await listStations(campaign.id, { page: 1 })
    expect(stations.rows.map((s) => [s.regionCode, s.number, s.district, s.latitude, s.expectedVoters])).toEqual([
      ['KZ-19', '245', 'г. Талгар', null, 870],
      ['KZ-75', '101', 'Алмалинский район', 43.2567, 2150],
      ['KZ-75', '102', 'Алмалинский район', null, 1800],
    ])
    expect((await stationImportResult(campaign.id, id, { page: 1 }))?.counts.created).toBe(3)
    expect(await db.auditEvent.count({ where: { action: { in: ['stations.uploaded', 'stations.mapped', 'stations.imported'] }, targetId: id } })).toBe(3)
  })

  it('imports the same list again without changing anything, and updates a changed row in place', async () => {
    const { campaign, scope } = await setup()
    const first = await importFile(scope, campaign.id, LIST)
    await runStationImport(scope, campaign.id, first.id, '')
    const ids = (await db.pollingStation.findMany({ where: { campaignId: campaign.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id)
    const again = await importFile(scope, campaign.id, LIST)
    expect(again.preview.counts).toMatchObject({ new: 0, update: 0, unchanged: 3 })
    expect((await runStationImport(scope, campaign.id, again.id, '')).ok).toBe(true)
    const changed = await importFile(scope, campaign.id, LIST.map((l) => l.replace('школа № 12', 'школа-лицей № 12')))
    expect(changed.preview.counts).toMatchObject({ new: 0, update: 1, unchanged: 2 })
    await runStationImport(scope, campaign.id, changed.id, '')
    expect((await db.pollingStation.findMany({ where: { campaignId: campaign.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id)).toEqual(ids)
    expect((await db.pollingStation.findFirstOrThrow({ where: { campaignId: campaign.id, number: '101' } })).address).toContain('школа-лицей')
  })

  it('refuses what is not a list, and the dashboards count imported stations where a list exists', async () => {
    const { campaign, scope } = await setup()
    expect(await uploadStationImport(scope, campaign.id, { name: 'x.csv', bytes: new Uint8Array() }, '')).toMatchObject({ ok: false, error: { key: 'imports.errors.empty' } })
    const { id } = await importFile(scope, campaign.id, LIST)
    await runStationImport(scope, campaign.id, id, '')
    const dashboard = await campaignDashboard(scope, campaign.id, 'en')
    expect(dashboard.regions.find((r) => r.code === 'KZ-75')?.coverage.pollingStations).toBe(2)
    expect(dashboard.regions.find((r) => r.code === 'KZ-19')?.coverage.pollingStations).toBe(1)
  })

  it('drops a workbook cell\'s control characters as a CSV\'s, and refuses an address with a direction override', async () => {
    const { campaign, scope } = await setup()
    // A workbook's XML carries a NUL or a bell as `_x0000_`/`_x0007_`: they reached a station's address
    // (PostgreSQL cannot store a NUL in text), where a CSV's were already dropped.
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Stations')
    sheet.addRow(['Регион', 'Номер участка', 'Район', 'Адрес'])
    sheet.addRow(['KZ-75', '301', 'Алмалинский_x0007_ район', 'ул. Абая_x0000_, 1'])
    sheet.addRow(['KZ-75', '302', 'Алмалинский район', 'ул. \u202Eаяба, 2'])
    sheet.addRow(['KZ-75', '303', '\u2066Медеуский район', 'пр. Достык, 3'])
    const uploaded = await uploadStationImport(scope, campaign.id, { name: 'stations.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) }, '127.0.0.1')
    if (!uploaded.ok) throw new Error(uploaded.error.key)
    const found = await getStationImport(campaign.id, uploaded.importId)
    const mapped = await mapStationImport(scope, campaign.id, uploaded.importId, found?.mapping ?? {}, '127.0.0.1')
    expect(mapped.ok && mapped.preview.counts).toEqual({ error: 2, new: 1, update: 0, unchanged: 0 })
    const errors = (await stationImportPreview(campaign.id, uploaded.importId, { page: 1, show: 'error' }))?.rows.map((r) => [r.row, r.errors.map((e) => e.key)])
    expect(errors).toEqual([
      [3, ['deployment.import.errors.hiddenCharacters']],
      [4, ['deployment.import.errors.hiddenCharacters']],
    ])
    await runStationImport(scope, campaign.id, uploaded.importId, '127.0.0.1')
    const stations = await db.pollingStation.findMany({ where: { campaignId: campaign.id }, select: { number: true, district: true, address: true } })
    expect(stations).toEqual([{ number: '301', district: 'Алмалинский район', address: 'ул. Абая, 1' }])
  })

  it('hands out a template: translated headers, example rows, CRLF, a BOM, formula-safe', async () => {
    const ru = await stationTemplate('ru')
    expect(ru.body.startsWith('\ufeffРегион;Номер участка;Район или город;Адрес;Широта;Долгота;Число избирателей\r\n')).toBe(true)
    expect(ru.body.split('\r\n')).toHaveLength(4)
    expect(ru.body).not.toMatch(/[^\r]\n/)
    const en = await stationTemplate('en')
    expect(en.body).toContain('Region,Station number,District or city,Address,Latitude,Longitude,Expected voters\r\n')
    expect(en.body.split('\r\n').every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true)
  })
})
