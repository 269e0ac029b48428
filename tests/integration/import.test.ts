/** Importing a volunteer list against a real database: upload, dry run, run, re-import, scope, bad files. */
import ExcelJS from 'exceljs'
import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { iinCheckDigit } from '~/domain/iin.ts'
import { IMPORT_LIMITS, XLSX_VALUE_LIMIT, zipEntryData, zipUnpackedSize } from '~/domain/import-file.ts'
import { guessMapping, type ImportMapping } from '~/domain/import.ts'
import { db } from '~/server/platform/db.server.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { readImportUpload } from '~/http/import-upload.server.ts'
import { getImport, importPreview, importResult, importTemplate, listImports, previewImport, readTable, runImport, unpackedWithin, uploadImport } from '~/server/recruitment/imports.server.ts'
import { addRecruit } from '~/server/recruitment/recruitment.server.ts'
import { addMember, createNgo, createUser } from '../support/factories.ts'

const ip = '127.0.0.1'

async function campaign() {
  return db.campaign.create({
    data: {
      slug: `c-${Math.random().toString(36).slice(2, 8)}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY',
      // The deadline has passed: leads may still import paper applications.
      electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2020-01-01T00:00:00Z'), declarations: JSON.stringify(['notCandidate']),
    },
  })
}

async function leadOfNewNgo(): Promise<NgoScope> {
  const [ngo, lead] = await Promise.all([createNgo(), createUser()])
  await addMember(lead.id, ngo.id, 'LEAD')
  return { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
}

/** Distinct valid IINs of people born on 15 May 1990 (serials from `from`). */
function iins(count: number, from = 0): string[] {
  const out: string[] = []
  for (let serial = from; out.length < count; serial++) {
    const first11 = `9005153${String(serial).padStart(4, '0')}`
    const check = iinCheckDigit([...first11].map(Number))
    if (check !== null) out.push(`${first11}${check}`)
  }
  return out
}

const digits = (i: number) => String(10_000_000 + i).slice(1)
const phone = (i: number) => `8 701 ${digits(i).slice(0, 3)} ${digits(i).slice(3, 5)} ${digits(i).slice(5)}`
const e164 = (i: number) => `+7701${digits(i)}`

interface Person {
  name: string
  iin: string
  phone: string
  email: string
  region: string
  settlement: string
}

function people(count: number, tag = 'p'): Person[] {
  return iins(count).map((iin, i) => ({ name: `Волонтёр ${tag}${i}`, iin, phone: phone(i), email: `${tag}${i}@example.org`, region: i % 2 ? 'Алматы' : 'Алматинская обл.', settlement: i % 2 ? 'Алматы' : 'Қонаев' }))
}

const csvCell = (value: string) => (/[";\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** A Russian-Excel-style CSV: BOM, `;`, a quoted cell with a line break. */
function csv(rows: Person[], extra: (p: Person, i: number) => string[] = () => []): Uint8Array<ArrayBuffer> {
  const lines = [['ФИО', 'ИИН', 'Телефон', 'Эл. почта', 'Область', 'Населённый пункт', 'Языки', 'Когда может', 'Опыт', 'Мотивация'].join(';')]
  rows.forEach((p, i) => lines.push([p.name, p.iin, p.phone, p.email, p.region, p.settlement, 'каз, рус', 'весь день', 'нет', 'Хочу честных выборов;\nи прозрачного подсчёта', ...extra(p, i)].map(csvCell).join(';')))
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`)
}

async function upload(scope: NgoScope, campaignId: string, bytes: Uint8Array, name = 'list.csv') {
  const result = await uploadImport(scope, campaignId, { name, bytes }, ip)
  if (!result.ok) throw new Error(result.error.key)
  return result.importId
}

async function guessed(scope: NgoScope, campaignId: string, importId: string): Promise<ImportMapping> {
  const found = await getImport(scope, campaignId, importId)
  if (!found) throw new Error('import not found')
  return found.mapping
}

async function uploadAndPreview(scope: NgoScope, campaignId: string, bytes: Uint8Array, name?: string) {
  const importId = await upload(scope, campaignId, bytes, name)
  const preview = await previewImport(scope, importId, await guessed(scope, campaignId, importId), ip, { page: 1 })
  if (!preview.ok) throw new Error(preview.error)
  return { importId, preview: preview.preview }
}

describe('importing a good list', () => {
  it('adds every person with an invitation, the consent and declarations confirmed by the lead, and audits each step', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const list = people(25)
    const { importId, preview } = await uploadAndPreview(scope, c.id, csv(list))
    expect(preview.counts).toEqual({ error: 0, new: 25, update: 0, unchanged: 0 })
    expect(preview.rows[0]).toMatchObject({ row: 2, name: 'Волонтёр p0', outcome: 'new', iinMasked: `••••••••${list[0]?.iin.slice(8)}` })
    expect(preview.rows[0]).not.toHaveProperty('input')
    // The dry run writes nothing.
    expect(await db.application.count({ where: { campaignId: c.id } })).toBe(0)

    expect(await runImport(scope, importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 25, updated: 0, unchanged: 0 } })
    const applications = await db.application.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' }, include: { user: true } })
    expect(applications).toHaveLength(25)
    const first = applications.find((a) => a.email === 'p0@example.org')
    expect(first).toMatchObject({ ngoId: scope.ngoId, source: 'import', fullName: 'Волонтёр p0', phone: e164(0), regionCode: 'KZ-19', settlement: 'Қонаев', experience: 'none', languages: '["kk","ru"]', availability: '["opening","voting","counting"]', declarations: '["notCandidate"]', sex: 'male' })
    expect(first?.motivation).toBe('Хочу честных выборов;\nи прозрачного подсчёта')
    expect(first?.birthDate.toISOString().slice(0, 10)).toBe('1990-05-15')
    expect(first?.user.passwordHash).toBe('')
    expect(await db.notification.count({ where: { kind: 'account.invited', userId: { in: applications.map((a) => a.userId) } } })).toBe(25)
    const actions = (await db.auditEvent.findMany({ where: { actorId: scope.actorId }, select: { action: true } })).map((e) => e.action)
    expect(actions.filter((a) => a === 'recruit.added')).toHaveLength(25)
    expect(actions).toEqual(expect.arrayContaining(['import.uploaded', 'import.mapped', 'import.run', 'user.invited']))
    const run = await db.auditEvent.findFirstOrThrow({ where: { action: 'import.run', targetId: importId } })
    expect(JSON.parse(run.details)).toMatchObject({ counts: { created: 25 }, rows: 25 })

    const result = await importResult(scope, importId, { page: 1 })
    expect(result?.counts).toEqual({ error: 0, created: 25, updated: 0, unchanged: 0 })
    expect(result?.rows[0]).toMatchObject({ row: 2, outcome: 'created', invited: true })
    expect((await listImports(scope, c.id))[0]).toMatchObject({ id: importId, status: 'imported', fileName: 'list.csv' })
  })

  it('links a person who already has an account instead of inviting them', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const [person] = people(1, 'acc')
    if (!person) throw new Error('no person')
    await createUser({ email: person.email })
    const { importId } = await uploadAndPreview(scope, c.id, csv([person]))
    await runImport(scope, importId, ip)
    expect((await importResult(scope, importId, { page: 1 }))?.rows[0]).toMatchObject({ outcome: 'created', invited: false })
    expect(await db.notification.count({ where: { kind: 'account.invited', user: { email: person.email } } })).toBe(0)
  })

  it('reads an XLSX: IINs stored as numbers (leading zero lost), date cells, rich text, links and formulas', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const first11 = '0505155001'
    let iin2005 = ''
    for (let d = 0; !iin2005; d++) {
      const check = iinCheckDigit([...`${first11}${d}`].map(Number))
      if (check !== null) iin2005 = `${first11}${d}${check}`
    }
    const [adult] = iins(1)
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Волонтёры')
    sheet.addRow(['Список волонтёров'])
    sheet.addRow([])
    // The real header is on row 3, after a title and a blank row.
    sheet.addRow(['Аты-жөні', 'ЖСН', 'Туған күні', 'Телефон', 'Email', 'Облыс', 'Елді мекен', 'Тілдер', 'Қашан', 'Тәжірибе'])
    sheet.addRow([{ richText: [{ text: 'Айгүл ' }, { text: 'Серікқызы', font: { bold: true } }] }, Number(adult), new Date(Date.UTC(1990, 4, 15)), 77012345678, { text: 'aigul@example.org', hyperlink: 'mailto:aigul@example.org' }, 'Алматы облысы', { formula: '"Қонаев"', result: 'Қонаев' }, 'қазақша', 'санау', 'бір рет'])
    sheet.addRow(['Дана Ерланқызы', Number(iin2005), new Date(Date.UTC(2005, 4, 15)), '+7 702 000 00 01', 'dana@example.org', 'KZ-75', 'Алматы', 'ru', 'voting', 0])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const found = await getImport(scope, c.id, await upload(scope, c.id, bytes, 'volunteers.xlsx'))
    expect(found?.headers[0]).toBe('Аты-жөні')
    // Samples are masked as lists mask them: the mapping step tells columns apart, it does not show IINs or phones.
    expect(found?.samples[1]).toEqual([`••••••••${adult?.slice(-4)}`, `•••••••${iin2005.slice(-4)}`])
    expect(found?.samples[3]).toEqual(['•••••••5678', '•••••••0001'])
    const mapping = found?.mapping
    if (!found || !mapping) throw new Error('no mapping')
    const preview = await previewImport(scope, found.id, mapping, ip)
    expect(preview.ok && preview.preview.rows.map((r) => [r.row, r.outcome, r.errors])).toEqual([
      [4, 'new', []],
      [5, 'new', []],
    ])
    await runImport(scope, found.id, ip)
    const stored = await db.application.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' } })
    expect(stored.map((a) => [a.fullName, a.iin, a.birthDate.toISOString().slice(0, 10), a.phone, a.regionCode, a.settlement, a.languages, a.availability, a.experience])).toEqual([
      ['Айгүл Серікқызы', adult, '1990-05-15', '+77012345678', 'KZ-19', 'Қонаев', '["kk"]', '["counting"]', 'once'],
      ['Дана Ерланқызы', iin2005, '2005-05-15', '+77020000001', 'KZ-75', 'Алматы', '["ru"]', '["voting"]', 'none'],
    ])
  })

  it('offers a template whose columns are recognised in every language', async () => {
    for (const locale of ['ru', 'kk', 'en'] as const) {
      const template = await importTemplate(locale)
      const table = await readTable(new TextEncoder().encode(`${template.body}x\n`))
      if (!table.ok) throw new Error(table.error.key)
      expect(Object.keys(guessMapping(table.table.headers).columns)).toHaveLength(12)
    }
  })
})

describe('a list with bad rows', () => {
  it('reports each bad row with its number and reason, and imports the good rows only', async () => {
    const [c, scope, other] = await Promise.all([campaign(), leadOfNewNgo(), leadOfNewNgo()])
    const list = people(8, 'b')
    const [p0, p1, p2, p3, p4, p5, p6, p7] = list as [Person, Person, Person, Person, Person, Person, Person, Person]
    // p6 already applied with another NGO.
    const applied = await addRecruit(other, c.id, { fullName: p6.name, iin: p6.iin, birthDate: '1990-05-15', phone: e164(6), email: 'elsewhere@example.org', regionCode: 'KZ-75', settlement: 'Алматы', sex: 'male', languages: ['ru'], availability: ['voting'], experience: 'none', declarations: [] }, 'manual', ip)
    expect(applied.ok).toBe(true)
    const rows = [
      p0, // row 2: good
      { ...p1, iin: p1.iin.slice(0, 11) + String((Number(p1.iin[11]) + 1) % 10) }, // row 3: bad check digit
      { ...p2, region: 'Атлантида' }, // row 4: unknown region
      p3, // row 5: good
      { ...p3, email: 'again@example.org' }, // row 6: same IIN as row 5
      { ...p4, phone: '12-34' }, // row 7: bad phone
      { ...p5, email: 'not an email' }, // row 8: bad email
      p6, // row 9: applied with another NGO
      { ...p7, name: '' }, // row 10: no name
    ]
    const { importId, preview } = await uploadAndPreview(scope, c.id, csv(rows))
    expect(preview.counts).toEqual({ error: 7, new: 2, update: 0, unchanged: 0 })
    // Errors first, by row number.
    expect(preview.rows.map((r) => [r.row, r.outcome, r.errors.map((e) => `${e.field}:${e.key}${e.values?.row ? `@${e.values.row}` : ''}`)])).toEqual([
      [3, 'error', ['iin:validation.iin.checkDigit']],
      [4, 'error', ['region:imports.errors.unknownRegion']],
      [6, 'error', ['iin:imports.errors.duplicateInFile@5']],
      [7, 'error', ['phone:validation.phone']],
      [8, 'error', ['email:validation.email']],
      [9, 'error', ['iin:imports.errors.otherNgo']],
      [10, 'error', ['fullName:imports.errors.missing']],
      [2, 'new', []],
      [5, 'new', []],
    ])
    const onlyErrors = await importPreview(scope, importId, { page: 1, show: 'error' })
    expect(onlyErrors?.rows).toHaveLength(7)

    expect(await runImport(scope, importId, ip)).toEqual({ ok: true, counts: { error: 7, created: 2, updated: 0, unchanged: 0 } })
    expect((await db.application.findMany({ where: { campaignId: c.id, ngoId: scope.ngoId }, select: { iin: true } })).map((a) => a.iin).sort()).toEqual([p0.iin, p3.iin].sort())
    // The other NGO's recruit is untouched.
    expect(await db.application.findFirstOrThrow({ where: { campaignId: c.id, iin: p6.iin } })).toMatchObject({ ngoId: other.ngoId, email: 'elsewhere@example.org' })
  })

  it('refuses a new person whose email is already used by someone else in the campaign', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const [a, b] = people(2, 'e') as [Person, Person]
    await upload(scope, c.id, csv([a])).then(async (id) => {
      await previewImport(scope, id, await guessed(scope, c.id, id), ip)
      await runImport(scope, id, ip)
    })
    const { preview } = await uploadAndPreview(scope, c.id, csv([{ ...b, email: a.email }]))
    expect(preview.rows[0]).toMatchObject({ outcome: 'error', errors: [{ field: 'email', key: 'imports.errors.emailInCampaign' }] })
  })
})

describe('importing again', () => {
  it('creates nothing new for the same import run twice or the same file uploaded again', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const bytes = csv(people(10, 'r'))
    const { importId } = await uploadAndPreview(scope, c.id, bytes)
    await runImport(scope, importId, ip)
    const before = { applications: await db.application.count(), users: await db.user.count(), notifications: await db.notification.count() }

    expect(await runImport(scope, importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 0, unchanged: 10 } })
    const again = await uploadAndPreview(scope, c.id, bytes)
    expect(again.preview.counts).toEqual({ error: 0, new: 0, update: 0, unchanged: 10 })
    expect(await runImport(scope, again.importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 0, unchanged: 10 } })
    expect({ applications: await db.application.count(), users: await db.user.count(), notifications: await db.notification.count() }).toEqual(before)
  })

  it('updates the contact fields of a known person and says which changed', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const list = people(3, 'u')
    const { importId } = await uploadAndPreview(scope, c.id, csv(list))
    await runImport(scope, importId, ip)
    const changed = list.map((p, i) => (i === 1 ? { ...p, phone: '+7 777 111 22 33', settlement: 'Талгар' } : p))
    const second = await uploadAndPreview(scope, c.id, csv(changed))
    expect(second.preview.counts).toEqual({ error: 0, new: 0, update: 1, unchanged: 2 })
    expect(second.preview.rows[0]).toMatchObject({ row: 3, outcome: 'update', changed: ['phone', 'settlement'] })
    expect(await runImport(scope, second.importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 1, unchanged: 2 } })
    expect((await importResult(scope, second.importId, { page: 1, show: 'updated' }))?.rows).toEqual([expect.objectContaining({ row: 3, outcome: 'updated', changed: ['phone', 'settlement'] })])
    expect(await db.application.findFirstOrThrow({ where: { campaignId: c.id, iin: list[1]?.iin } })).toMatchObject({ phone: '+77771112233', settlement: 'Талгар' })
    expect(await db.auditEvent.count({ where: { action: 'recruit.contacts_updated', actorId: scope.actorId } })).toBe(1)
  })

  it('runs an import once when two runs start together', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const { importId } = await uploadAndPreview(scope, c.id, csv(people(6, 'x')))
    const results = await Promise.all([runImport(scope, importId, ip), runImport(scope, importId, ip)])
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'busy' }])
    expect(await db.application.count({ where: { campaignId: c.id } })).toBe(6)
  })
})

describe('a long file', () => {
  it('is imported in the background while the page shows its progress', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const { importId } = await uploadAndPreview(scope, c.id, csv(people(120, 'g')))
    expect(await runImport(scope, importId, ip, { backgroundAbove: 100 })).toEqual({ ok: true, background: true })
    const during = await getImport(scope, c.id, importId)
    expect(during?.running).toMatchObject({ total: 120 })
    expect(await runImport(scope, importId, ip)).toEqual({ ok: false, error: 'busy' })
    for (let i = 0; i < 300 && !(await getImport(scope, c.id, importId))?.hasResult; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await importResult(scope, importId, { page: 1 }))?.counts).toEqual({ error: 0, created: 120, updated: 0, unchanged: 0 })
    expect((await getImport(scope, c.id, importId))?.running).toBeNull()
  })
})

describe('scope', () => {
  it('a lead of another NGO can neither see, preview nor run the import', async () => {
    const [c, scope, stranger] = await Promise.all([campaign(), leadOfNewNgo(), leadOfNewNgo()])
    const importId = await upload(scope, c.id, csv(people(2, 's')))
    const mapping = await guessed(scope, c.id, importId)
    expect(await getImport(stranger, c.id, importId)).toBeNull()
    expect(await previewImport(stranger, importId, mapping, ip)).toEqual({ ok: false, error: 'notFound' })
    expect(await importPreview(stranger, importId, { page: 1 })).toBeNull()
    expect(await runImport(stranger, importId, ip)).toEqual({ ok: false, error: 'notFound' })
    expect(await importResult(stranger, importId, { page: 1 })).toBeNull()
    expect(await listImports(stranger, c.id)).toEqual([])
    expect(await db.recruitImport.findUniqueOrThrow({ where: { id: importId } })).toMatchObject({ mapping: null, result: null })
    expect(await db.application.count({ where: { campaignId: c.id } })).toBe(0)
  })

  it('the import belongs to its campaign', async () => {
    const [c, d, scope] = await Promise.all([campaign(), campaign(), leadOfNewNgo()])
    const importId = await upload(scope, c.id, csv(people(1, 'k')))
    expect(await getImport(scope, d.id, importId)).toBeNull()
  })
})

describe('bad files and bad mappings', () => {
  it('answers each bad file with a translated reason and stores nothing', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256)
    const cases: Array<[string, Uint8Array, string]> = [
      ['empty', new Uint8Array(), 'imports.errors.empty'],
      ['blank lines', new TextEncoder().encode('\n\n ; ;\n'), 'imports.errors.empty'],
      ['header only', new TextEncoder().encode('ФИО;ИИН\n'), 'imports.errors.noRows'],
      ['garbage', garbage, 'imports.errors.notText'],
      ['a zip that is not a workbook', new Uint8Array([0x50, 0x4b, 3, 4, ...garbage]), 'imports.errors.unreadableXlsx'],
      ['old Excel', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...garbage]), 'imports.errors.oldExcel'],
      ['too big', new Uint8Array(IMPORT_LIMITS.fileBytes + 1).fill(0x41), 'imports.errors.tooBig'],
      ['too many columns', new TextEncoder().encode(`${Array.from({ length: 45 }, (_, i) => `c${i}`).join(',')}\nx\n`), 'imports.errors.tooManyColumns'],
      ['too many rows', new TextEncoder().encode(`ФИО\n${'x\n'.repeat(IMPORT_LIMITS.rows + 5)}`), 'imports.errors.tooManyRows'],
      ['an unclosed quote', new TextEncoder().encode('ФИО;ИИН\n"Ерлан;1\n'), 'imports.errors.badCsv'],
    ]
    for (const [what, bytes, key] of cases) {
      const result = await uploadImport(scope, c.id, { name: `${what}.csv`, bytes }, ip)
      expect(result, what).toMatchObject({ ok: false, error: { key } })
    }
    expect(await uploadImport(scope, 'no-such-campaign', { name: 'x.csv', bytes: csv(people(1)) }, ip)).toMatchObject({ ok: false, error: { key: 'imports.errors.campaignNotFound' } })
    expect(await db.recruitImport.count({ where: { ngoId: scope.ngoId } })).toBe(0)
  })

  it('reads Windows-1251 and tab-separated files', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const tsv = new TextEncoder().encode('ФИО\tИИН\nЕрлан\t900515300424\n')
    const found = await getImport(scope, c.id, await upload(scope, c.id, tsv))
    expect(found?.headers).toEqual(['ФИО', 'ИИН'])
    // "ФИО;ИИН" and a row in Windows-1251.
    const cp1251 = new Uint8Array([0xd4, 0xc8, 0xce, 0x3b, 0xc8, 0xc8, 0xcd, 0x0a, 0xc5, 0xf0, 0xeb, 0xe0, 0xed, 0x3b, 0x31, 0x0a])
    // The IIN column's sample is masked, however short.
    expect((await getImport(scope, c.id, await upload(scope, c.id, cp1251)))?.samples).toEqual([['Ерлан'], ['••••']])
  })

  it('reads every row of a file whose rows end in LF under a header ending in CRLF', async () => {
    // An Excel CSV with rows added in an editor: csv-parse took the header's CRLF as the only line
    // end, and the LF rows ran on into the cells of one row, four people silently dropped.
    const read = await readTable(new TextEncoder().encode('ФИО;ИИН;Телефон\r\nАсель Нурланова;900515300424;87011111101\nБерик Сапаров;900515300908;87011111102\r\n"Дина\nАхметова";1;2\rЕрлан;3;4\n'))
    expect(read.ok && read.table.headers).toEqual(['ФИО', 'ИИН', 'Телефон'])
    expect(read.ok && read.table.rows).toEqual([
      { n: 2, cells: ['Асель Нурланова', '900515300424', '87011111101'] },
      { n: 3, cells: ['Берик Сапаров', '900515300908', '87011111102'] },
      { n: 4, cells: ['Дина\nАхметова', '1', '2'] },
      { n: 5, cells: ['Ерлан', '3', '4'] },
    ])
  })

  it('reads a list under a title line that has no delimiter', async () => {
    // The delimiter was taken from the first line: a bare title made the whole file one column.
    const read = await readTable(new TextEncoder().encode('Список волонтёров\r\n\r\nФИО;ИИН;Телефон\r\nАсель Нурланова;900515300424;87011111101\r\n'))
    expect(read.ok && read.table.headers).toEqual(['ФИО', 'ИИН', 'Телефон'])
    expect(read.ok && read.table.rows).toEqual([{ n: 4, cells: ['Асель Нурланова', '900515300424', '87011111101'] }])
  })

  it('refuses a workbook whose zip understates what it unpacks to, before exceljs inflates it', async () => {
    // The directory's sizes were the only check: a 1 MB file declaring 15 KB held 1 GB of sheet XML,
    // and reading it took 1.3 GB of memory before failing; the 5 MB upload limit allows five times that.
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Список').addRows([
      ['ФИО', 'ИИН', 'Телефон'],
      ['Асель Нурланова', '900515300424', '87011111101'],
    ])
    const files = unzipSync(new Uint8Array(await book.xlsx.writeBuffer()))
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml'])
    const padded = (bytes: number) => new TextEncoder().encode(sheet.replace('<sheetData>', `<sheetData>${' '.repeat(bytes)}`))
    const lying = (bytes: number) => {
      const zip = zipSync({ ...files, 'xl/worksheets/sheet1.xml': [padded(bytes), { level: 1 }] })
      // Every entry declares 1,000 bytes unpacked, in its local header and in the central directory.
      const view = new DataView(zip.buffer)
      for (let i = 0; i + 4 <= zip.length; i++) {
        if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, 1000, true)
        if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1000, true)
      }
      return zip
    }
    const small = lying(2_000_000)
    expect(zipUnpackedSize(small)).toBeLessThan(20_000)
    expect(zipEntryData(small)?.length).toBe(Object.keys(files).length)
    expect(await unpackedWithin(small, 1_000_000)).toBe(false)
    expect(await unpackedWithin(small, 3_000_000)).toBe(true)
    const bomb = lying(IMPORT_LIMITS.unpackedBytes + 1_000_000)
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.fileBytes)
    expect(await readTable(bomb)).toEqual({ ok: false, error: { key: 'imports.errors.xlsxTooLarge', values: { max: IMPORT_LIMITS.unpackedBytes / 1024 / 1024 } } })
    // An honest workbook still reads.
    const honest = await readTable(zipSync({ ...files, 'xl/worksheets/sheet1.xml': padded(10) }))
    expect(honest.ok && honest.table.rows).toEqual([{ n: 2, cells: ['Асель Нурланова', '900515300424', '87011111101'] }])
  })

  it('refuses a workbook holding more cell values than the row and column limits allow, before exceljs reads it', async () => {
    // 60 MB of sheet XML without cell references is 3.3 million values (a 207 KB upload): exceljs took
    // 1.1 GB of memory reading them before the row count was checked.
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Список').addRow(['ФИО', 'ИИН', 'Телефон', 'Email'])
    const files = unzipSync(new Uint8Array(await book.xlsx.writeBuffer()))
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml'])
    const rows = Math.ceil(XLSX_VALUE_LIMIT / 4) + 10
    const xml = sheet.replace('</sheetData>', `${'<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>'.repeat(rows)}</sheetData>`)
    const zip = zipSync({ ...files, 'xl/worksheets/sheet1.xml': new TextEncoder().encode(xml) })
    expect(zip.length).toBeLessThan(IMPORT_LIMITS.fileBytes)
    expect(await readTable(zip)).toEqual({ ok: false, error: { key: 'imports.errors.tooManyCells', values: { rows: IMPORT_LIMITS.rows, columns: IMPORT_LIMITS.columns } } })
  })

  it('refuses a mapping without the required columns, with a column twice, or out of range', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const importId = await upload(scope, c.id, csv(people(1)))
    const result = await previewImport(scope, importId, { columns: { fullName: 0, iin: 0, phone: 99 }, defaults: { languages: [], availability: [] } }, ip)
    expect(result.ok).toBe(false)
    if (!result.ok && result.error === 'badMapping') expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['columns.phone']))
    expect(await db.recruitImport.findUniqueOrThrow({ where: { id: importId } })).toMatchObject({ mapping: null })
    expect(await runImport(scope, importId, ip)).toEqual({ ok: false, error: 'notMapped' })
  })

  it('reads the upload form, and answers a body that is too big or not a form', async () => {
    const form = new FormData()
    form.set('consent', 'on')
    form.set('file', new File([csv(people(1))], 'list.csv', { type: 'text/csv' }))
    const request = new Request('http://localhost/upload', { method: 'POST', body: form })
    const read = await readImportUpload(request)
    expect(read.ok && read.form.get('consent')).toBe('on')
    const file = read.ok ? read.form.get('file') : null
    expect(file && typeof file !== 'string' ? file.name : null).toBe('list.csv')

    const big = new FormData()
    big.set('file', new File([new Uint8Array(IMPORT_LIMITS.fileBytes + 10)], 'big.csv'))
    expect(await readImportUpload(new Request('http://localhost/upload', { method: 'POST', body: big }))).toEqual({ ok: false, error: { key: 'imports.errors.tooBig', values: { max: 5 } } })
    expect(await readImportUpload(new Request('http://localhost/upload', { method: 'POST', body: 'garbage', headers: { 'Content-Type': 'text/plain' } }))).toEqual({ ok: false, error: { key: 'imports.errors.badUpload' } })
    const cut = await readImportUpload(new Request('http://localhost/upload', { method: 'POST', body: 'garbage', headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' } }))
    expect(cut.ok ? cut.form.get('file') : null).toBeNull()
  })

  it('a list of 3,000 rows with random bad cells never throws and reports every bad row', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    let seed = 42
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const junk = ['', 'x', '12', '9.00515E+11', 'Марс', '"', '\u0000', 'ФИО', '31.02.1990', '—', '😀'.repeat(3), 'a'.repeat(600), '=1+1', 'NULL']
    const list = people(3000, 'm').map((p) => {
      if (random() > 0.7) return p
      const keys = ['name', 'iin', 'phone', 'email', 'region', 'settlement'] as const
      const key = keys[Math.floor(random() * keys.length)] ?? 'iin'
      return { ...p, [key]: junk[Math.floor(random() * junk.length)] ?? '' }
    })
    const started = Date.now()
    const { importId, preview } = await uploadAndPreview(scope, c.id, csv(list))
    const previewMs = Date.now() - started
    expect(preview.total).toBe(3000)
    expect(preview.counts.error + preview.counts.new).toBe(3000)
    expect(preview.counts.error).toBeGreaterThan(300)
    expect(previewMs).toBeLessThan(20_000)
    // The run reports the same rows and adds only the good ones; every bad row keeps its number and reasons.
    const run = await runImport(scope, importId, ip)
    expect(run).toEqual({ ok: true, counts: { error: preview.counts.error, created: preview.counts.new, updated: 0, unchanged: 0 } })
    expect(await db.application.count({ where: { campaignId: c.id } })).toBe(preview.counts.new)
    const firstPage = await importResult(scope, importId, { page: 1, show: 'error' })
    const pages = await Promise.all(Array.from({ length: firstPage?.pageCount ?? 0 }, (_, i) => importResult(scope, importId, { page: i + 1, show: 'error' })))
    const errors = pages.flatMap((p) => p?.rows ?? [])
    expect(errors).toHaveLength(preview.counts.error)
    for (const row of errors) {
      expect(row.row).toBeGreaterThanOrEqual(2)
      expect(row.row).toBeLessThanOrEqual(3001)
      expect(row.errors?.length).toBeGreaterThan(0)
    }
    expect(new Set(errors.map((r) => r.row)).size).toBe(errors.length)
    const previewErrors = await importPreview(scope, importId, { page: 1, show: 'error' })
    expect(previewErrors?.rows.map((r) => r.row)).toEqual(errors.slice(0, 50).map((r) => r.row))
  }, 180_000)
})

describe('the import pages, their loaders and actions called directly (no HTTP server)', async () => {
  const uploadRoute = await import('~/routes/ngo.$ngo.campaigns.$campaign.import._index.tsx')
  const importRoute = await import('~/routes/ngo.$ngo.campaigns.$campaign.import.$importId.tsx')
  const templateRoute = await import('~/routes/ngo.$ngo.campaigns.$campaign.import.template[.csv].ts')
  const { lucia } = await import('~/server/accounts/session.server.ts')

  async function setup() {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const ngo = await db.ngo.findUniqueOrThrow({ where: { id: scope.ngoId } })
    const session = await lucia.createSession(scope.actorId, {})
    const cookie = `${lucia.sessionCookieName}=${session.id}`
    const base = `http://localhost/ngo/${ngo.slug}/campaigns/${c.slug}/import`
    return { c, scope, ngo, cookie, base, params: { ngo: ngo.slug, campaign: c.slug } }
  }
  const call = async <T,>(fn: () => Promise<T>): Promise<T | Response> => {
    try {
      return await fn()
    } catch (thrown) {
      if (thrown instanceof Response) return thrown
      throw thrown
    }
  }
  const status = (value: unknown) => (value instanceof Response ? value.status : (value as { init?: { status?: number } | null }).init?.status ?? 200)
  const dataOf = (value: unknown) => (value as { data: unknown }).data

  it('uploads, confirms the columns, previews and runs through the pages', async () => {
    const { c, cookie, base, params } = await setup()
    const form = new FormData()
    form.set('consent', 'on')
    form.set('file', new File([csv(people(3, 'h'))], 'list.csv', { type: 'text/csv' }))
    const uploaded = await call(() => uploadRoute.action({ request: new Request(base, { method: 'POST', body: form, headers: { Cookie: cookie } }), params, context: {} }))
    expect(uploaded).toBeInstanceOf(Response)
    const location = (uploaded as Response).headers.get('Location') ?? ''
    expect(location).toMatch(/\/import\/[a-z0-9]+$/)
    const importId = location.split('/').pop() ?? ''
    const pageParams = { ...params, importId }
    const get = (query = '') => call(() => importRoute.loader({ request: new Request(`${base}/${importId}${query}`, { headers: { Cookie: cookie } }), params: pageParams, context: {} }))

    const mapView = (await get()) as Extract<Awaited<ReturnType<typeof importRoute.loader>>, { view: 'map' }>
    expect(mapView.view).toBe('map')
    // The mapping step shows no full IIN or phone: the IIN and phone columns keep their last four digits.
    const iinColumn = mapView.mapping.columns.iin ?? -1
    const phoneColumn = mapView.mapping.columns.phone ?? -1
    expect(mapView.samples[iinColumn]).toHaveLength(3)
    for (const sample of [...(mapView.samples[iinColumn] ?? []), ...(mapView.samples[phoneColumn] ?? [])]) expect(sample).toMatch(/^•{7,8}\d{4}$/)
    expect(mapView.samples.flat().join(' ')).not.toMatch(/\d{5}/)
    const mapForm = new URLSearchParams({ intent: 'map' })
    for (const [field, index] of Object.entries(mapView.mapping.columns)) mapForm.set(`columns.${field}`, String(index))
    mapForm.set('defaults.experience', 'none')
    const post = (body: URLSearchParams) => call(() => importRoute.action({ request: new Request(`${base}/${importId}`, { method: 'POST', body, headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' } }), params: pageParams, context: {} }))
    // A column chosen twice is refused with the form shown again.
    const twice = new URLSearchParams(mapForm)
    twice.set('columns.phone', twice.get('columns.iin') ?? '0')
    expect(status(await post(twice))).toBe(400)
    expect((await post(mapForm)) as Response).toHaveProperty('status', 302)
    const previewView = (await get()) as Extract<Awaited<ReturnType<typeof importRoute.loader>>, { view: 'preview' }>
    expect(previewView.view).toBe('preview')
    expect(previewView.preview.counts.new).toBe(3)

    expect(status(await post(new URLSearchParams({ intent: 'nonsense' })))).toBe(400)
    expect((await post(new URLSearchParams({ intent: 'run' }))) as Response).toHaveProperty('status', 302)
    const resultView = (await get()) as Extract<Awaited<ReturnType<typeof importRoute.loader>>, { view: 'result' }>
    expect(resultView.view).toBe('result')
    expect(resultView.result.counts.created).toBe(3)
    expect(await db.application.count({ where: { campaignId: c.id } })).toBe(3)
  })

  it('answers bad uploads with 400 and a reason, and writes nothing', async () => {
    const { scope, cookie, base, params } = await setup()
    const send = (form: FormData | string, headers: Record<string, string> = {}) => call(() => uploadRoute.action({ request: new Request(base, { method: 'POST', body: form, headers: { Cookie: cookie, ...headers } }), params, context: {} }))
    const noConsent = new FormData()
    noConsent.set('file', new File([csv(people(1))], 'list.csv'))
    const refused = await send(noConsent)
    expect(status(refused)).toBe(400)
    expect(JSON.stringify(dataOf(refused))).toContain('imports.upload.consentRequired')
    const garbage = new FormData()
    garbage.set('consent', 'on')
    garbage.set('file', new File([new Uint8Array(2048).map((_, i) => (i * 31) % 256)], 'list.xlsx'))
    const unreadable = await send(garbage)
    expect(status(unreadable)).toBe(400)
    expect(dataOf(unreadable)).toMatchObject({ fileError: { key: 'imports.errors.notText' } })
    const notAForm = await send('{"json": true}', { 'Content-Type': 'application/json' })
    expect(dataOf(notAForm)).toMatchObject({ fileError: { key: 'imports.errors.badUpload' } })
    expect(status(notAForm)).toBe(400)
    expect(await db.recruitImport.count({ where: { ngoId: scope.ngoId } })).toBe(0)
  })

  it('keeps other leads out and sends the template in the lead’s language', async () => {
    const owner = await setup()
    const importId = await upload(owner.scope, owner.c.id, csv(people(1, 'o')))
    const stranger = await setup()
    const asStranger = await call(() => importRoute.loader({ request: new Request(`${owner.base}/${importId}`, { headers: { Cookie: stranger.cookie } }), params: { ...owner.params, importId }, context: {} }))
    expect(status(asStranger)).toBe(403)
    // The stranger's own NGO in the address: the import is not theirs, so it does not exist.
    const foreign = await call(() => importRoute.loader({ request: new Request(`${stranger.base}/${importId}`, { headers: { Cookie: stranger.cookie } }), params: { ngo: stranger.params.ngo, campaign: owner.params.campaign, importId }, context: {} }))
    expect(status(foreign)).toBe(404)
    const template = (await templateRoute.loader({ request: new Request(`${owner.base}/template.csv?lng=kk`, { headers: { Cookie: owner.cookie } }), params: owner.params, context: {} })) as Response
    expect(template.headers.get('Content-Type')).toContain('text/csv')
    expect(await template.text()).toContain('Аты-жөні;ЖСН')
  })
})
