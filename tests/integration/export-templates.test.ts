/** Export templates, their scope and audit; the cross-NGO look-alike warning; exports with a template; the export history. */
import { describe, expect, it } from 'vitest'
import { ForbiddenError, NotFoundError } from '~/domain/errors.ts'
import type { TemplateColumn } from '~/domain/export-templates.ts'
import type { Scope } from '~/domain/permissions.ts'
import { db } from '~/server/platform/db.server.ts'
import { listRosterExports } from '~/server/rosters/export-history.server.ts'
import { createExportTemplate, deleteExportTemplate, findRosterTemplate, getExportTemplate, listExportTemplates, templatesForRoster, updateExportTemplate } from '~/server/rosters/export-templates.server.ts'
import { exportColumns } from '~/server/rosters/roster-exports.server.ts'
import { findRosterCampaign, recordRosterExport, rosterDuplicates, rosterSummary } from '~/server/rosters/rosters.server.ts'
import { createUser } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

const blank = { ru: '', kk: '', en: '' }
const columns: TemplateColumn[] = [
  { column: 'fullName', header: { ru: 'Фамилия, имя', kk: '', en: 'Name' } },
  { column: 'number', header: blank },
  { column: 'phone', header: blank },
]

async function refusal(promise: Promise<unknown>): Promise<'notFound' | 'forbidden' | 'resolved'> {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    if (error instanceof NotFoundError) return 'notFound'
    if (error instanceof ForbiddenError) return 'forbidden'
    throw error
  }
}

async function setup() {
  const [ngoA, ngoB, leadA, leadB, admin] = await Promise.all([accreditedNgo(), accreditedNgo(), createUser(), createUser(), createUser({ isAdmin: true })])
  const a: Scope = { kind: 'ngo', actorId: leadA.id, ngoId: ngoA.id }
  const b: Scope = { kind: 'ngo', actorId: leadB.id, ngoId: ngoB.id }
  const adminScope: Scope = { kind: 'coalition', actorId: admin.id }
  return { ngoA, ngoB, a, b, adminScope, admin }
}

describe('export templates', () => {
  it('are created, renamed and deleted within the NGO, names unique per NGO (case-blind), each change audited', async () => {
    const { ngoA, ngoB, a, b } = await setup()
    const created = await createExportTemplate(a, { ngoId: ngoB.id, name: 'ТИК форма', columns }, '10.0.0.1')
    if (!created.ok) throw new Error('not created')
    // A lead's template belongs to their NGO whatever the form said.
    expect((await db.exportTemplate.findUniqueOrThrow({ where: { id: created.id } })).ngoId).toBe(ngoA.id)
    expect(await createExportTemplate(a, { ngoId: null, name: 'тик ФОРМА', columns }, '10.0.0.1')).toEqual({ ok: false, error: 'exportTemplates.errors.nameTaken' })
    // Another NGO may use the same name.
    expect((await createExportTemplate(b, { ngoId: null, name: 'ТИК форма', columns }, '10.0.0.2')).ok).toBe(true)

    expect((await updateExportTemplate(a, created.id, { name: 'ТИК форма 2', columns: columns.slice(0, 1) }, '10.0.0.1')).ok).toBe(true)
    expect((await getExportTemplate(a, created.id, 'edit')).columns).toEqual(columns.slice(0, 1))
    await deleteExportTemplate(a, created.id, '10.0.0.1')
    expect(await db.exportTemplate.findUnique({ where: { id: created.id } })).toBeNull()

    const events = await db.auditEvent.findMany({ where: { targetId: created.id }, orderBy: { at: 'asc' } })
    expect(events.map((e) => e.action)).toEqual(['exportTemplate.created', 'exportTemplate.updated', 'exportTemplate.deleted'])
    expect(events.every((e) => e.ngoId === ngoA.id && e.actorId === a.actorId)).toBe(true)
    expect(JSON.parse(events[1]!.details)).toMatchObject({ name: 'ТИК форма 2', previousName: 'ТИК форма', columns: ['fullName'] })
  })

  it('keep one of a name when the same new template is saved twice at once (a double click)', async () => {
    // Outside probe after session 39: both saves found the name free and two templates of one name were made.
    const { ngoA, a } = await setup()
    const results = await Promise.all([createExportTemplate(a, { ngoId: null, name: 'Двойной', columns }, 'ip'), createExportTemplate(a, { ngoId: null, name: 'Двойной', columns }, 'ip')])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'exportTemplates.errors.nameTaken' })
    expect(await db.exportTemplate.count({ where: { ngoId: ngoA.id, name: 'Двойной' } })).toBe(1)
  })

  it('of another NGO are not found (read, edit, delete, export); coalition-wide ones are read-only for leads', async () => {
    const { ngoA, ngoB, a, b, adminScope } = await setup()
    const ofA = await createExportTemplate(a, { ngoId: null, name: 'A only', columns }, 'ip')
    const shared = await createExportTemplate(adminScope, { ngoId: null, name: 'Coalition form', columns }, 'ip')
    if (!ofA.ok || !shared.ok) throw new Error('not created')

    expect(await refusal(getExportTemplate(b, ofA.id, 'read'))).toBe('notFound')
    expect(await refusal(getExportTemplate(b, ofA.id, 'edit'))).toBe('notFound')
    expect(await refusal(updateExportTemplate(b, ofA.id, { name: 'taken over', columns }, 'ip'))).toBe('notFound')
    expect(await refusal(deleteExportTemplate(b, ofA.id, 'ip'))).toBe('notFound')
    expect(await refusal(getExportTemplate(b, shared.id, 'read'))).toBe('resolved')
    expect(await refusal(getExportTemplate(b, shared.id, 'edit'))).toBe('forbidden')
    expect(await refusal(deleteExportTemplate(b, shared.id, 'ip'))).toBe('forbidden')

    const listB = await listExportTemplates(b)
    expect(listB.map((x) => [x.name, x.editable])).toEqual(expect.arrayContaining([['Coalition form', false]]))
    expect(listB.map((x) => x.name)).not.toContain('A only')
    expect((await listExportTemplates(adminScope)).find((x) => x.id === ofA.id)?.editable).toBe(true)

    const rosterB: Scope = { kind: 'ngo', actorId: b.actorId, ngoId: ngoB.id }
    expect(await findRosterTemplate(rosterB, ofA.id)).toBeNull()
    expect(await findRosterTemplate(rosterB, shared.id)).toMatchObject({ name: 'Coalition form' })
    expect((await templatesForRoster(rosterB)).map((x) => x.id)).not.toContain(ofA.id)
    // An admin exporting NGO A's roster may use A's templates; the coalition roster only coalition-wide ones.
    expect(await findRosterTemplate({ kind: 'ngo', actorId: adminScope.actorId, ngoId: ngoA.id }, ofA.id)).not.toBeNull()
    expect(await findRosterTemplate({ kind: 'coalition', actorId: adminScope.actorId }, ofA.id)).toBeNull()
  })

  it('decide the columns of every export format, and the export record names the template', async () => {
    const { ngoA, a } = await setup()
    const c = await rosterCampaign()
    const campaign = await findRosterCampaign(c.slug)
    if (!campaign) throw new Error('campaign')
    const saved = await createExportTemplate(a, { ngoId: null, name: 'Phone list', columns }, 'ip')
    if (!saved.ok) throw new Error('not created')
    const scope: Scope = { kind: 'ngo', actorId: a.actorId, ngoId: ngoA.id }
    const template = await findRosterTemplate(scope, saved.id)
    expect(exportColumns({ scope, template })).toEqual(['fullName', 'number', 'phone'])
    expect(exportColumns({ scope, template: null })).not.toContain('ngo')
    await recordRosterExport({ scope, campaign, regions: [], locale: 'ru', iin: { full: false }, template }, { format: 'csv', rowCount: 0, ip: 'ip' })
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', targetId: campaign.id } })
    expect(JSON.parse(record.details)).toMatchObject({ format: 'csv', template: { id: saved.id, name: 'Phone list' } })
  })
})

describe('the cross-NGO look-alike warning', () => {
  it('names certified observers with the phone, or the folded name and birth date, of another NGO’s certified observer', async () => {
    const { ngoA, ngoB, a } = await setup()
    const c = await rosterCampaign()
    const campaign = await findRosterCampaign(c.slug)
    if (!campaign) throw new Error('campaign')
    const born = new Date('1990-05-04T00:00:00Z')
    await recruit(301, campaign, ngoA.id, { fullName: 'Алёна Петрова', phone: '+77010000301', birthDate: born, regionCode: 'KZ-75' })
    await recruit(302, campaign, ngoB.id, { fullName: 'АЛЕНА  петрова', phone: '+77010000302', birthDate: born })
    await recruit(303, campaign, ngoA.id, { fullName: 'Дана Серік', phone: '+77010000999', regionCode: 'KZ-71' })
    await recruit(304, campaign, ngoB.id, { fullName: 'Dana Serik', phone: '+77010000999' })
    // Not warned: the same name born another day; the same phone but the other one is not certified; same NGO.
    await recruit(305, campaign, ngoA.id, { fullName: 'Ерлан Ахмет', birthDate: new Date('1980-01-01T00:00:00Z') })
    await recruit(306, campaign, ngoB.id, { fullName: 'Ерлан Ахмет', birthDate: new Date('1981-01-01T00:00:00Z') })
    await recruit(307, campaign, ngoA.id, { fullName: 'Асель Нур', phone: '+77010000777' })
    await recruit(308, campaign, ngoB.id, { fullName: 'Асель Нур', phone: '+77010000777', certificates: [{ course: 'observer-basics' }] })
    await recruit(309, campaign, ngoA.id, { fullName: 'Same Phone Inside', phone: '+77010000301' })

    const scope: Scope = { kind: 'ngo', actorId: a.actorId, ngoId: ngoA.id }
    const duplicates = await rosterDuplicates({ scope, campaign, regions: [] })
    expect(duplicates).toEqual(
      expect.arrayContaining([
        { ngo: ngoA.name, name: 'Алёна Петрова', otherNgo: ngoB.name, otherName: 'АЛЕНА  петрова', problem: 'duplicateNameBirthDate' },
        { ngo: ngoA.name, name: 'Дана Серік', otherNgo: ngoB.name, otherName: 'Dana Serik', problem: 'duplicatePhone' },
      ]),
    )
    expect(duplicates).toHaveLength(2)
    // The region filter applies to this NGO's side.
    expect((await rosterDuplicates({ scope, campaign, regions: ['KZ-71'] })).map((d) => ('name' in d ? d.name : ''))).toEqual(['Дана Серік'])
    // In the summary's warnings, after the accreditation ones; the coalition roster lists each pair once.
    expect((await rosterSummary({ scope, campaign, regions: [], locale: 'ru' })).warnings).toHaveLength(2)
    expect(await rosterDuplicates({ scope: { kind: 'coalition', actorId: a.actorId }, campaign, regions: [] })).toHaveLength(2)
    expect(await rosterDuplicates({ scope: { kind: 'ngo', actorId: a.actorId, ngoId: ngoB.id }, campaign, regions: [] })).toHaveLength(2)
  })
})

describe('the export history', () => {
  it('lists roster exports newest first, filtered by NGO and format, with the template and IIN mode', async () => {
    const { ngoA, ngoB, a, admin } = await setup()
    const c = await rosterCampaign()
    const campaign = await findRosterCampaign(c.slug)
    if (!campaign) throw new Error('campaign')
    const scopeA: Scope = { kind: 'ngo', actorId: a.actorId, ngoId: ngoA.id }
    const template = { id: 't1', name: 'Phone list', columns }
    await recordRosterExport({ scope: scopeA, campaign, regions: ['KZ-75'], locale: 'en', iin: { full: true, reason: 'TEC asked' }, template }, { format: 'xlsx', rowCount: 3, ip: 'ip' })
    await recordRosterExport({ scope: { kind: 'ngo', actorId: admin.id, ngoId: ngoB.id }, campaign, regions: [], locale: 'en', iin: { full: false } }, { format: 'csv', rowCount: 5, ip: 'ip' })
    await recordRosterExport({ scope: scopeA, campaign, regions: [], locale: 'en', iin: { full: false } }, { format: 'json', rowCount: 3, ip: 'ip', apiToken: { id: 'tok', name: 'Sync' } })

    const ofA = await listRosterExports({ page: 1, ngo: ngoA.slug, format: '' }, 'en')
    expect(ofA.exports.map((e) => e.format)).toEqual(['json', 'xlsx'])
    expect(ofA.exports[0]).toMatchObject({ apiToken: { id: 'tok', name: 'Sync' }, actor: null, rowCount: 3, fullIin: false })
    expect(ofA.exports[1]).toMatchObject({ ngo: ngoA.name, campaign: 'Kurultai election', regions: ['Almaty'], fullIin: true, reason: 'TEC asked', template: 'Phone list', rowCount: 3 })
    const csv = await listRosterExports({ page: 1, ngo: '', format: 'csv' }, 'en')
    expect(csv.exports.every((e) => e.format === 'csv')).toBe(true)
    expect(csv.exports.some((e) => e.ngo === ngoB.name && e.rowCount === 5)).toBe(true)
    expect((await listRosterExports({ page: 1, ngo: 'no-such-ngo', format: '' }, 'en')).total).toBe(0)
  })
})
