/**
 * Re-imports that correct what is stored, against a real database and the built app: a name
 * damaged by Windows-1251 fixed by the corrected UTF-8 file, an older upload that keeps newer
 * contacts unless the lead ticks "overwrite", a lead correcting a name on the recruit page, and
 * a file without an experience column that cannot go on until the lead chooses one. The files are
 * fixtures of fictional people (tests/fixtures/import).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { regionLookup } from '~/domain/import-cells.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { foldForSearch } from '~/domain/recruits.ts'
import { normaliseKazakhPhone } from '~/domain/validation/application.ts'
import { db } from '~/server/platform/db.server.ts'
import { getImport, importPreview, importResult, previewImport, readTable, runImport, uploadImport } from '~/server/recruitment/imports.server.ts'
import { addRecruit } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'

const ip = '127.0.0.1'
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('tests/fixtures/import', name)))

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

async function campaign() {
  return db.campaign.create({
    data: {
      slug: `c-${Math.random().toString(36).slice(2, 8)}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY',
      electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2020-01-01T00:00:00Z'), declarations: '[]',
    },
  })
}

async function leadOfNewNgo(): Promise<NgoScope & { email: string; slug: string }> {
  const [ngo, lead] = await Promise.all([createNgo(), createUser({ locale: 'en' })])
  await addMember(lead.id, ngo.id, 'LEAD')
  return { kind: 'ngo', actorId: lead.id, ngoId: ngo.id, email: lead.email, slug: ngo.slug }
}

async function signedIn(email: string) {
  const client = new Client(app.url, { 'Accept-Language': 'en' })
  await client.login(email, TEST_PASSWORD)
  return client
}

/** The fixture's people as stored by an earlier import, before damaged names were refused: the names as the file had them. */
async function storeAsEarlierImport(scope: NgoScope, campaignId: string, file: string) {
  const table = await readTable(fixture(file))
  if (!table.ok) throw new Error(table.error.key)
  const lookupRegion = regionLookup(await listRegions())
  for (const [name = '', iin = '', phoneCell = '', email = '', region = '', settlement = ''] of table.table.rows.map((r) => r.cells)) {
    const phone = normaliseKazakhPhone(phoneCell) ?? ''
    const added = await addRecruit(scope, campaignId, { fullName: name, iin, birthDate: `19${iin.slice(0, 2)}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`, phone, email, regionCode: lookupRegion(region) ?? '', settlement, sex: undefined, languages: ['kk', 'ru'], availability: ['opening', 'voting', 'counting'], experience: 'none', declarations: [] }, 'import', ip)
    if (!added.ok) throw new Error(added.error)
  }
}

async function uploadAndPreview(scope: NgoScope, campaignId: string, file: string) {
  const uploaded = await uploadImport(scope, campaignId, { name: file, bytes: fixture(file) }, ip)
  if (!uploaded.ok) throw new Error(uploaded.error.key)
  const found = await getImport(scope, campaignId, uploaded.importId)
  if (!found) throw new Error('import not found')
  const preview = await previewImport(scope, uploaded.importId, found.mapping, ip)
  if (!preview.ok) throw new Error(preview.error)
  return { importId: uploaded.importId, preview: preview.preview }
}

const DAMAGED = ['Н?рлан?ызы ?сел Серік?ызы', '??дайберген ?алым ?теген?лы', 'Іргебаева ?міт ?ади?ызы']
const CORRECT = ['Нұрланқызы Әсел Серікқызы', 'Құдайберген Ғалым Өтегенұлы', 'Іргебаева Үміт Һадиқызы']

describe('a corrected file fixes names damaged by Windows-1251', () => {
  it('the damaged file is refused row by row; the UTF-8 file corrects the stored names, shown in the dry run, written and audited', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    // Today the damaged file is refused: nobody with "?" in the name gets in.
    const refused = await uploadAndPreview(scope, c.id, 'cp1251-damaged.csv')
    expect(refused.preview.counts).toEqual({ error: 3, new: 1, update: 0, unchanged: 0 })
    // An earlier import, before that check, stored them as the file had them.
    await storeAsEarlierImport(scope, c.id, 'cp1251-damaged.csv')
    expect((await db.application.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' } })).map((a) => a.fullName)).toEqual(expect.arrayContaining(DAMAGED))

    const { importId, preview } = await uploadAndPreview(scope, c.id, 'corrected-utf8.csv')
    // Not "already here, no change": the three damaged names will be corrected.
    expect(preview.counts).toEqual({ error: 0, new: 0, update: 3, unchanged: 1 })
    const byName = new Map(preview.rows.map((r) => [r.name, r]))
    for (const name of CORRECT) expect(byName.get(name)).toMatchObject({ outcome: 'update', changed: ['fullName'], kept: [] })
    expect(byName.get('Петров Сергей Иванович')).toMatchObject({ outcome: 'unchanged', changed: [] })
    // The dry run writes nothing.
    expect(await db.application.count({ where: { campaignId: c.id, fullName: { in: CORRECT } } })).toBe(0)

    expect(await runImport(scope, importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 3, unchanged: 1 } })
    const stored = await db.application.findMany({ where: { campaignId: c.id }, include: { user: true } })
    expect(stored.map((a) => a.fullName).sort()).toEqual([...CORRECT, 'Петров Сергей Иванович'].sort())
    const asel = stored.find((a) => a.email === 'asel.n@example.org')
    expect(asel?.searchText).toContain(foldForSearch(CORRECT[0] ?? ''))
    // The invitation not yet taken up greets them by the right name.
    expect(asel?.user.name).toBe(CORRECT[0])
    const audits = await db.auditEvent.findMany({ where: { action: 'application.name_corrected', ngoId: scope.ngoId } })
    expect(audits).toHaveLength(3)
    expect(audits.map((a) => JSON.parse(a.details) as Record<string, string>)).toEqual(expect.arrayContaining(DAMAGED.map((from, i) => ({ from, to: CORRECT[i], source: 'import', importId }))))
    expect(audits.every((a) => a.actorId === scope.actorId && a.targetId !== null)).toBe(true)
    const result = await importResult(scope, importId, { page: 1 })
    expect(result?.rows.find((r) => r.name === CORRECT[1])).toMatchObject({ outcome: 'updated', changed: ['fullName'] })

    // Importing it again changes nothing more.
    const again = await importPreview(scope, importId, { page: 1 })
    expect(again?.counts).toEqual({ error: 0, new: 0, update: 0, unchanged: 4 })
  })
})

describe('an older upload', () => {
  it('keeps contacts changed after it was uploaded, says so, and overwrites them only when the lead ticks it', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    // The older list, uploaded ten days ago and never imported…
    const old = await uploadImport(scope, c.id, { name: 'older-contacts.csv', bytes: fixture('older-contacts.csv') }, ip)
    if (!old.ok) throw new Error(old.error.key)
    await db.recruitImport.update({ where: { id: old.importId }, data: { createdAt: new Date(Date.now() - 10 * 86_400_000) } })
    // …then today's list imported: the same people with their current phones.
    const today = await uploadAndPreview(scope, c.id, 'corrected-utf8.csv')
    expect(await runImport(scope, today.importId, ip)).toMatchObject({ counts: { created: 4 } })
    const phonesNow = (await db.application.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' } })).map((a) => a.phone)
    expect(phonesNow.every((p) => p.startsWith('+7701'))).toBe(true)

    // The older file, checked again, would revert every phone: it says the newer data is kept.
    const found = await getImport(scope, c.id, old.importId)
    const preview = await previewImport(scope, old.importId, found?.mapping ?? { columns: {}, defaults: { languages: [], availability: [] } }, ip)
    if (!preview.ok) throw new Error(preview.error)
    expect(preview.preview.counts).toEqual({ error: 0, new: 0, update: 0, unchanged: 4 })
    expect(preview.preview.kept).toBe(4)
    expect(preview.preview.rows.map((r) => [r.outcome, r.changed, r.kept])).toEqual(Array.from({ length: 4 }, () => ['unchanged', [], ['phone']]))

    // Run without the tick: nothing is overwritten, and the result says why.
    expect(await runImport(scope, old.importId, ip)).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 0, unchanged: 4 } })
    expect((await db.application.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' } })).map((a) => a.phone)).toEqual(phonesNow)
    expect((await importResult(scope, old.importId, { page: 1 }))?.rows[0]).toMatchObject({ outcome: 'unchanged', kept: ['phone'] })

    // With the tick, the lead's explicit choice: the file's phones are written, and the run records the choice.
    expect(await runImport(scope, old.importId, ip, { overwriteNewer: true })).toEqual({ ok: true, counts: { error: 0, created: 0, updated: 4, unchanged: 0 } })
    expect((await db.application.findMany({ where: { campaignId: c.id } })).every((a) => a.phone.startsWith('+7702'))).toBe(true)
    const runs = await db.auditEvent.findMany({ where: { action: 'import.run', targetId: old.importId }, orderBy: { at: 'asc' } })
    expect(runs.map((r) => (JSON.parse(r.details) as { overwriteNewer: boolean }).overwriteNewer)).toEqual([false, true])
  })

  it('shows its age in the earlier files and on its page, and the tick over HTTP', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const old = await uploadImport(scope, c.id, { name: 'older-contacts.csv', bytes: fixture('older-contacts.csv') }, ip)
    if (!old.ok) throw new Error(old.error.key)
    await db.recruitImport.update({ where: { id: old.importId }, data: { createdAt: new Date(Date.now() - 10 * 86_400_000) } })
    const today = await uploadAndPreview(scope, c.id, 'corrected-utf8.csv')
    await runImport(scope, today.importId, ip)
    const found = await getImport(scope, c.id, old.importId)
    if (!found) throw new Error('import not found')
    await previewImport(scope, old.importId, found.mapping, ip)

    const client = await signedIn(scope.email)
    const base = `/ngo/${scope.slug}/campaigns/${c.slug}/import`
    const list = await (await client.get(base)).text()
    expect(list).toContain('10 days ago')
    expect(list).toContain('today')
    const page = await client.get(`${base}/${old.importId}?step=preview`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('10 days ago')
    expect(html).toContain('Newer data kept for 4 people')
    expect(html).toContain('Newer data kept: Phone')
    expect(html).toContain('name="overwriteNewer"')

    expect((await client.post(`${base}/${old.importId}`, { intent: 'run', overwriteNewer: 'yes please' })).status).toBe(400)
    expect((await client.post(`${base}/${old.importId}`, { intent: 'run' })).status).toBe(302)
    expect((await db.application.findMany({ where: { campaignId: c.id } })).every((a) => a.phone.startsWith('+7701'))).toBe(true)
    // The result speaks of what was done, in the past tense.
    const result = await (await client.get(`${base}/${old.importId}`)).text()
    expect(result).toContain('Newer data kept: Phone')
    expect((await client.post(`${base}/${old.importId}`, { intent: 'run', overwriteNewer: 'on' })).status).toBe(302)
    expect((await db.application.findMany({ where: { campaignId: c.id } })).every((a) => a.phone.startsWith('+7702'))).toBe(true)
    const done = await (await client.get(`${base}/${old.importId}`)).text()
    expect(done).toContain('Changed: Phone')
    expect(done).not.toContain('Will change')
  })
})

describe('correcting a name on the recruit page', () => {
  it('lets the NGO lead (and an admin) correct it, audited; refuses other leads and bad input', async () => {
    const [c, a, b] = await Promise.all([campaign(), leadOfNewNgo(), leadOfNewNgo()])
    await storeAsEarlierImport(a, c.id, 'cp1251-damaged.csv')
    const recruit = await db.application.findFirstOrThrow({ where: { campaignId: c.id, email: 'asel.n@example.org' } })
    const page = `/ngo/${a.slug}/recruits/${recruit.id}`
    const leadA = await signedIn(a.email)
    expect(await (await leadA.get(page)).text()).toContain('Correct the name')

    const leadB = await signedIn(b.email)
    expect((await leadB.post(page, { intent: 'rename', fullName: 'Someone Else' })).status).toBe(403)
    expect((await leadB.post(`/ngo/${b.slug}/recruits/${recruit.id}`, { intent: 'rename', fullName: 'Someone Else' })).status).toBe(404)

    for (const [fullName, message] of [
      ['Н?рлан?ызы ?сел', 'The name has “?” in place of letters'],
      ['   ', 'Fill in this field.'],
      ['А'.repeat(161), 'This is too long.'],
      // One line, with a letter: no line break to reach a letter's header, no invisible-only name.
      ['Нұрланқызы\nBcc: x@evil.example', 'Write this on one line, without line breaks or invisible characters.'],
      ['\u200B', 'Write this on one line, without line breaks or invisible characters.'],
      ['\u0301', 'A name must contain letters.'],
    ] as const) {
      const refused = await leadA.post(page, { intent: 'rename', fullName })
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain(message)
    }
    expect((await leadA.post(page, { intent: 'rename' })).status).toBe(400)
    expect((await db.application.findUniqueOrThrow({ where: { id: recruit.id } })).fullName).toBe(DAMAGED[0])
    expect(await db.auditEvent.count({ where: { action: 'application.name_corrected', targetId: recruit.id } })).toBe(0)

    const saved = await leadA.post(page, { intent: 'rename', fullName: ' Нұрланқызы  Әсел Серікқызы ' })
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(page)
    const after = await db.application.findUniqueOrThrow({ where: { id: recruit.id } })
    expect(after.fullName).toBe(CORRECT[0])
    expect(after.searchText).toContain(foldForSearch(CORRECT[0] ?? ''))
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'application.name_corrected', targetId: recruit.id } })
    expect(audit).toMatchObject({ actorId: a.actorId, ngoId: a.ngoId })
    expect(JSON.parse(audit.details)).toEqual({ from: DAMAGED[0], to: CORRECT[0], source: 'lead' })
    // The same name again writes nothing.
    expect((await leadA.post(page, { intent: 'rename', fullName: CORRECT[0] ?? '' })).status).toBe(302)
    expect(await db.auditEvent.count({ where: { action: 'application.name_corrected', targetId: recruit.id } })).toBe(1)

    const admin = await createUser({ isAdmin: true, locale: 'en' })
    const adminClient = await signedIn(admin.email)
    expect((await adminClient.post(page, { intent: 'rename', fullName: 'Нұрланқызы Әсел' })).status).toBe(302)
    expect((await db.application.findUniqueOrThrow({ where: { id: recruit.id } })).fullName).toBe('Нұрланқызы Әсел')
    expect(await db.auditEvent.count({ where: { action: 'application.name_corrected', targetId: recruit.id, actorId: admin.id } })).toBe(1)
  })
})

describe('experience when the file has no such column', () => {
  it('is not pre-set: the mapping form is refused until the lead chooses, with nothing kept', async () => {
    const [c, scope] = await Promise.all([campaign(), leadOfNewNgo()])
    const client = await signedIn(scope.email)
    const base = `/ngo/${scope.slug}/campaigns/${c.slug}/import`
    const form = new FormData()
    form.set('consent', 'on')
    form.set('file', new File([fixture('no-experience.csv')], 'no-experience.csv', { type: 'text/csv' }))
    const uploaded = await client.request(base, { method: 'POST', body: form })
    expect(uploaded.status).toBe(302)
    const importPage = uploaded.headers.get('Location') ?? ''
    const importId = importPage.split('/').pop() ?? ''
    const mapPage = await (await client.get(importPage)).text()
    // The experience select starts on "choose", not on "no experience".
    const select = /<select[^>]*name="defaults\.experience"[^>]*>([\s\S]*?)<\/select>/.exec(mapPage)?.[1] ?? ''
    expect(select).toContain('<option value="">— choose —</option>')
    expect([...select.matchAll(/<option value="([^"]*)"[^>]*selected/g)].map((m) => m[1])).toEqual([])

    const mapping = { intent: 'map', 'columns.fullName': '0', 'columns.iin': '1', 'columns.phone': '2', 'columns.email': '3', 'columns.region': '4', 'columns.settlement': '5', 'columns.languages': '6', 'columns.availability': '7' }
    const refused = await client.post(importPage, mapping)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('The file has no experience column: choose what to record.')
    expect((await db.recruitImport.findUniqueOrThrow({ where: { id: importId } })).mapping).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'import.mapped', targetId: importId } })).toBe(0)

    expect((await client.post(importPage, { ...mapping, 'defaults.experience': 'once' })).status).toBe(302)
    expect((await client.post(importPage, { intent: 'run' })).status).toBe(302)
    const stored = await db.application.findMany({ where: { campaignId: c.id } })
    expect(stored).toHaveLength(4)
    expect(stored.every((a) => a.experience === 'once')).toBe(true)
  })
})
