/**
 * Re-imports that correct what is stored: names damaged by Windows-1251 fixed by a UTF-8 file, an
 * older upload that must not silently undo newer contacts, and experience the lead has to choose.
 * The files are fixtures of fictional people (tests/fixtures/import).
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { hasLostLetters, regionLookup } from '~/domain/import-cells.ts'
import { decodeText } from '~/domain/import-file.ts'
import { classifyRows, daysSince, guessColumns, guessMapping, mappingSchema, rowReader, storedChanges, type ImportMapping, type KnownApplication, type RecruitInput } from '~/domain/import.ts'
import { recruitActionSchema } from '~/domain/validation/recruitment.ts'
import { regions } from '../../prisma/data/regions.ts'

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('tests/fixtures/import', name)))

/** A fixture as rows of cells (these files hold no quotes): header first. */
function table(name: string): string[][] {
  const text = decodeText(fixture(name)) ?? ''
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split(';'))
}

const context = { electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2027-02-20T00:00:00Z'), minimumAge: 18, declarations: [], now: new Date('2027-01-10T00:00:00Z') }

function readFixture(name: string) {
  const [headers = [], ...rows] = table(name)
  const mapping: ImportMapping = { columns: guessColumns(headers), defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } }
  const read = rowReader(mapping, context, regionLookup(regions))
  return rows.map((cells, i) => read({ n: i + 2, cells }))
}

const ngoId = 'ngo-1'
const uploadedAt = new Date('2026-11-01T09:00:00Z')
const before = new Date('2026-10-01T09:00:00Z')
const after = new Date('2026-11-20T09:00:00Z')

/** What the campaign holds for a row of a file: the same data unless changed by `over`. */
function knownFor(input: RecruitInput, over: Partial<KnownApplication> = {}): KnownApplication {
  return { ngoId, fullName: input.fullName, phone: input.phone, email: input.email, regionCode: input.regionCode, settlement: input.settlement, updatedAt: before, ...over }
}

describe('the fixture files', () => {
  it('a list Excel saved as Windows-1251 has "?" for Kazakh letters, the corrected UTF-8 one has the letters', () => {
    const damaged = table('cp1251-damaged.csv').slice(1).map((cells) => cells[0] ?? '')
    const corrected = table('corrected-utf8.csv').slice(1).map((cells) => cells[0] ?? '')
    expect(damaged.filter(hasLostLetters)).toHaveLength(3)
    expect(corrected.filter(hasLostLetters)).toEqual([])
    expect(damaged[3]).toBe(corrected[3])
    // The damaged rows are refused, the Russian name (all letters in Windows-1251) is not.
    expect(readFixture('cp1251-damaged.csv').map((r) => r.errors.map((e) => e.key))).toEqual([['imports.errors.lostLetters'], ['imports.errors.lostLetters'], ['imports.errors.lostLetters'], []])
  })
})

describe('a corrected file fixes names', () => {
  const reads = readFixture('corrected-utf8.csv')
  const damaged = table('cp1251-damaged.csv').slice(1)

  it('updates a stored name that lost letters to "?", even from a file older than the record', () => {
    const known = new Map(reads.map((r, i) => [r.iin, knownFor(r.input as RecruitInput, { fullName: damaged[i]?.[0] ?? '', updatedAt: after })]))
    const plans = classifyRows(reads, { ngoId, known, accountsInCampaign: new Map(), uploadedAt })
    expect(plans.map((p) => [p.outcome, p.changed, p.kept])).toEqual([
      ['update', ['fullName'], []],
      ['update', ['fullName'], []],
      ['update', ['fullName'], []],
      ['unchanged', [], []],
    ])
    expect(plans[0]?.input?.fullName).toBe('Нұрланқызы Әсел Серікқызы')
  })

  it('updates a differently spelled name from a file newer than the record, and keeps it from an older one', () => {
    const input = reads[3]?.input as RecruitInput
    const known = knownFor(input, { fullName: 'Петров Сергей' })
    expect(storedChanges(known, input, { uploadedAt })).toEqual({ changed: ['fullName'], kept: [] })
    expect(storedChanges({ ...known, updatedAt: after }, input, { uploadedAt })).toEqual({ changed: [], kept: ['fullName'] })
    expect(storedChanges({ ...known, updatedAt: after }, input, { uploadedAt, overwriteNewer: true })).toEqual({ changed: ['fullName'], kept: [] })
  })
})

describe('an older upload', () => {
  const older = readFixture('older-contacts.csv')

  it('keeps contacts changed after the file was uploaded, and says so', () => {
    const newer = new Map(older.map((r) => [r.iin, knownFor(r.input as RecruitInput, { phone: '+77015550000', updatedAt: after })]))
    const plans = classifyRows(older, { ngoId, known: newer, accountsInCampaign: new Map(), uploadedAt })
    expect(plans.map((p) => [p.outcome, p.changed, p.kept])).toEqual(older.map(() => ['unchanged', [], ['phone']]))
  })

  it('writes them when the lead ticks "overwrite"', () => {
    const newer = new Map(older.map((r) => [r.iin, knownFor(r.input as RecruitInput, { phone: '+77015550000', updatedAt: after })]))
    const plans = classifyRows(older, { ngoId, known: newer, accountsInCampaign: new Map(), uploadedAt, overwriteNewer: true })
    expect(plans.map((p) => [p.outcome, p.changed, p.kept])).toEqual(older.map(() => ['update', ['phone'], []]))
    expect(plans[0]?.input?.phone).toBe('+77025550101')
  })

  it('updates as before when the record has not changed since the upload', () => {
    const stale = new Map(older.map((r) => [r.iin, knownFor(r.input as RecruitInput, { phone: '+77015550000', updatedAt: before })]))
    expect(classifyRows(older, { ngoId, known: stale, accountsInCampaign: new Map(), uploadedAt }).map((p) => p.outcome)).toEqual(older.map(() => 'update'))
    // Without an upload time (a caller that does not know it), nothing counts as newer.
    expect(classifyRows(older, { ngoId, known: new Map([...stale].map(([k, v]) => [k, { ...v, updatedAt: after }])), accountsInCampaign: new Map() }).map((p) => p.outcome)).toEqual(older.map(() => 'update'))
  })

  it('a name with lost letters is corrected while newer contacts are kept', () => {
    const input = older[0]?.input as RecruitInput
    expect(storedChanges(knownFor(input, { fullName: 'Н?рлан?ызы ?сел Серік?ызы', phone: '+77015550000', updatedAt: after }), input, { uploadedAt })).toEqual({ changed: ['fullName'], kept: ['phone'] })
  })

  it('tells its age in whole days', () => {
    expect(daysSince(uploadedAt, new Date('2026-11-01T20:00:00Z'))).toBe(0)
    expect(daysSince(uploadedAt, after)).toBe(19)
    expect(daysSince(after, uploadedAt)).toBe(0)
  })
})

describe('experience is the lead\'s choice', () => {
  const headers = table('no-experience.csv')[0] ?? []

  it('is not pre-set, and a file without the column cannot be mapped until the lead chooses', () => {
    const guessed = guessMapping(headers)
    expect(guessed.columns.experience).toBeUndefined()
    expect(guessed.defaults.experience).toBeUndefined()
    const form = new FormData()
    for (const [field, index] of Object.entries(guessed.columns)) form.set(`columns.${field}`, String(index))
    form.append('defaults.languages', 'ru')
    form.append('defaults.availability', 'voting')
    const refused = parseWithZod(form, { schema: mappingSchema(headers.length) })
    expect(refused.status).toBe('error')
    expect(refused.reply().error).toEqual({ 'defaults.experience': ['imports.mapping.defaultExperience'] })
    form.set('defaults.experience', 'once')
    const chosen = parseWithZod(form, { schema: mappingSchema(headers.length) })
    expect(chosen.status === 'success' ? chosen.value.defaults.experience : null).toBe('once')
  })
})

describe('correcting a name on the recruit page', () => {
  const parse = (fields: Record<string, string>) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    return parseWithZod(form, { schema: recruitActionSchema })
  }

  it('accepts a name, with spaces collapsed', () => {
    const ok = parse({ intent: 'rename', fullName: '  Нұрланқызы   Әсел ' })
    expect(ok.status === 'success' ? ok.value : null).toEqual({ intent: 'rename', fullName: 'Нұрланқызы Әсел' })
  })

  it.each([
    [{ intent: 'rename', fullName: '   ' }, 'validation.required'],
    [{ intent: 'rename' }, 'validation.required'],
    [{ intent: 'rename', fullName: 'Н?рлан?ызы ?сел' }, 'recruit.rename.lostLetters'],
    [{ intent: 'rename', fullName: 'А'.repeat(161) }, 'validation.tooLong'],
  ])('refuses %j with %s', (fields, key) => {
    const refused = parse(fields)
    expect(refused.status).toBe('error')
    expect(refused.reply().error?.fullName).toEqual([key])
  })
})
