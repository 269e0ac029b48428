import { describe, expect, it } from 'vitest'
import {
  anonymisedEmail,
  anonymiseRefusal,
  cellIsPerson,
  isDistinctiveName,
  messageConcernsPerson,
  removedIin,
  scrubImport,
  scrubReportRows,
  traceNeedles,
  uploadNeedles,
  type PersonTraces,
} from '~/domain/anonymise.ts'
import { parseIin } from '~/domain/iin.ts'
import type { RowResult } from '~/domain/import.ts'
import { anonymiseSchema } from '~/domain/validation/admin.ts'
import { cancelDeletionSchema, requestDeletionSchema } from '~/domain/validation/auth.ts'

const person: PersonTraces = {
  userId: 'cm0person0000000000000001',
  emails: ['asel@example.org'],
  names: ['Әсел Нұрланқызы', 'Әсел'],
  iins: ['900515300424'],
  phones: ['+77012345678'],
}

describe('who may be anonymised', () => {
  it('refuses oneself and the last admin, allows anyone else', () => {
    expect(anonymiseRefusal({ actorId: 'a', targetId: 'a', targetIsAdmin: true, adminCount: 3 })).toBe('self')
    expect(anonymiseRefusal({ actorId: 'a', targetId: 'b', targetIsAdmin: true, adminCount: 1 })).toBe('lastAdmin')
    expect(anonymiseRefusal({ actorId: 'a', targetId: 'b', targetIsAdmin: true, adminCount: 2 })).toBeNull()
    expect(anonymiseRefusal({ actorId: 'a', targetId: 'b', targetIsAdmin: false, adminCount: 0 })).toBeNull()
  })
})

describe('what cleared fields become', () => {
  it('an email that is unique, reserved (.invalid) and names nobody', () => {
    expect(anonymisedEmail('abc')).toBe('removed-abc@invalid')
    expect(anonymisedEmail('abc')).not.toBe(anonymisedEmail('abd'))
  })

  it('an IIN that stays unique per application and is never a valid IIN', () => {
    expect(removedIin('app1')).not.toBe(removedIin('app2'))
    expect(parseIin(removedIin('app1')).ok).toBe(false)
  })
})

describe('recognising the person', () => {
  it('takes two-word names as distinctive, not a first name alone', () => {
    expect(isDistinctiveName('Әсел Нұрланқызы')).toBe(true)
    expect(isDistinctiveName('Әсел')).toBe(false)
    expect(isDistinctiveName('  ')).toBe(false)
  })

  it('searches stored text for the id, email, IIN, national phone digits and full names (also as JSON escapes them)', () => {
    const needles = traceNeedles({ ...person, names: [...person.names, 'Ann "Nan" Lee'] })
    expect(needles).toEqual(expect.arrayContaining([person.userId, 'asel@example.org', '900515300424', '7012345678', 'Әсел Нұрланқызы', 'Ann "Nan" Lee', 'Ann \\"Nan\\" Lee']))
    expect(needles).not.toContain('Әсел')
    expect(needles).not.toContain('')
  })

  it('leaves out what an earlier anonymisation left behind', () => {
    const needles = traceNeedles({ userId: 'u1', emails: [''], names: [''], iins: [removedIin('app1')], phones: [''] })
    expect(needles).toEqual(['u1'])
  })

  it.each([
    ['900515300424', true],
    [' 900515 300424 ', true],
    ['8 701 234 56 78', true],
    ['+7 (701) 234-56-78', true],
    ['7012345678', true],
    ['ASEL@example.org', true],
    ['асел нурланкызы', true],
    ['Әсел', false],
    ['900515300908', false],
    ['8 701 234 56 79', false],
    ['Алматы', false],
    ['', false],
  ])('cell %j is the person: %s', (cell, expected) => {
    expect(cellIsPerson(cell, person)).toBe(expected)
  })
})

describe('an IIN that starts with 0', () => {
  const young = { userId: 'u2', emails: [], names: [], iins: ['050515600126'], phones: [] }
  it('is found as the 11 digits a spreadsheet number keeps, and its lists by them', () => {
    expect(cellIsPerson('50515600126', young)).toBe(true)
    expect(cellIsPerson('050515600126', young)).toBe(true)
    expect(cellIsPerson('50515600127', young)).toBe(false)
    expect(cellIsPerson('50515600126', person)).toBe(false)
    expect(uploadNeedles(young)).toEqual(expect.arrayContaining(['050515600126', '50515600126']))
    expect(uploadNeedles(person)).toEqual(traceNeedles(person))
  })
})

describe('scrubbing a meeting report', () => {
  const petr = { userId: 'u3', emails: ['petr@example.org'], names: ['Иванов Пётр Сергеевич'], iins: [], phones: [] }
  const rows = [
    { n: 2, cells: ['ИВАНОВ Петр', '', '40'] },
    { n: 3, cells: ['Петя (Пётр Иванов)', '', '10'] },
    { n: 4, cells: ['Samsung SM-A515F', '', '30'] },
    { n: 5, cells: ['Иван Иванов', 'ivan@example.org', '55'] },
    { n: 6, cells: ['Someone', 'PETR@example.org', '5'] },
  ]
  it('blanks the rows the matching reads as theirs and the participant matched to them by hand, and no other', () => {
    const scrubbed = scrubReportRows(rows, { name: 0, email: 1 }, new Set(['name:a515f samsung sm']), petr)
    expect(scrubbed.changed).toBe(true)
    expect(scrubbed.rows.map((r) => r.cells[0])).toEqual(['', '', '', 'Иван Иванов', ''])
    expect(scrubReportRows(scrubbed.rows, { name: 0, email: 1 }, new Set(['name:a515f samsung sm']), petr).changed).toBe(false)
  })
})

describe('scrubbing an uploaded list', () => {
  const rows = [
    { n: 2, cells: ['Иван Иванов', '900101300123', '+77019876543'] },
    { n: 3, cells: ['Әсел Нұрланқызы', '900515300424', '8 701 234 56 78'] },
    { n: 4, cells: ['Someone', '', 'asel@example.org'] },
  ]
  const result: RowResult[] = [
    { row: 2, name: 'Иван Иванов', iinMasked: '9001••••0123', outcome: 'created' },
    { row: 3, name: 'Әсел Нұрланқызы', iinMasked: '9005••••0424', outcome: 'created' },
    { row: 4, name: 'Someone', iinMasked: '', outcome: 'error' },
  ]

  it("blanks the person's rows (keeping their numbers and width) and their names in the result; others stay", () => {
    const scrubbed = scrubImport(rows, result, person)
    expect(scrubbed.changed).toBe(true)
    expect(scrubbed.rows).toEqual([rows[0], { n: 3, cells: ['', '', ''] }, { n: 4, cells: ['', '', ''] }])
    expect(scrubbed.result).toEqual([result[0], { ...result[1], name: '', iinMasked: '' }, { ...result[2], name: '', iinMasked: '' }])
  })

  it('finds the name in a result whose rows retention already purged', () => {
    const scrubbed = scrubImport([], result, person)
    expect(scrubbed.result?.[1]).toMatchObject({ name: '', iinMasked: '' })
    expect(scrubbed.result?.[0]).toEqual(result[0])
  })

  it('finds a name split over surname, first name and patronymic columns, in any order, and no one else', () => {
    const split = [
      { n: 2, cells: ['Нұрланқызы', 'Әсел', '', '900515300499'] },
      { n: 3, cells: ['НУРЛАНКЫЗЫ', 'Әсел', 'Серикқызы', ''] },
      { n: 4, cells: ['Иванов', 'Әсел', '', '900101300123'] },
      { n: 5, cells: ['', 'Әсел', '', ''] },
    ]
    const columns = { lastName: 0, firstName: 1, middleName: 2 }
    const scrubbed = scrubImport(split, null, person, columns)
    // Row 2 is hers by name alone (its IIN has a typo); row 3 adds a patronymic her stored name lacks.
    expect(scrubbed.rows.map((r) => r.cells.join('|'))).toEqual(['|||', split[1]!.cells.join('|'), split[2]!.cells.join('|'), split[3]!.cells.join('|')])
    // Stored with the patronymic, in the other order: row 3 (case and Kazakh letters folded), and row 2, her name's first two words.
    const legal = { ...person, names: ['Әсел Нұрланқызы Серікқызы'] }
    expect(scrubImport(split, null, legal, columns).rows.map((r) => r.cells.every((c) => c === ''))).toEqual([true, true, false, false])
    // Without the columns (a list holding a full-name column), a split row is not read as a name.
    expect(scrubImport(split, null, person).changed).toBe(false)
  })

  it('changes nothing in a list without the person, and nothing the second time', () => {
    expect(scrubImport([rows[0]!], [result[0]!], person).changed).toBe(false)
    const once = scrubImport(rows, result, person)
    expect(scrubImport(once.rows, once.result, person).changed).toBe(false)
  })
})

describe('emails in the dev outbox', () => {
  it('picks messages to the person or naming them, not others', () => {
    expect(messageConcernsPerson({ to: 'Asel@Example.org', subject: 'x', text: 'y' }, person)).toBe(true)
    expect(messageConcernsPerson({ to: 'lead@example.org', subject: 'Новая заявка', text: 'Заявка: Әсел Нұрланқызы' }, person)).toBe(true)
    expect(messageConcernsPerson({ to: 'lead@example.org', subject: 'x', text: 'ИИН 900515300424' }, person)).toBe(true)
    expect(messageConcernsPerson({ to: 'lead@example.org', subject: 'Привет, Әсел', text: 'Другой человек' }, person)).toBe(false)
    expect(messageConcernsPerson({}, person)).toBe(false)
  })
})

describe('the forms', () => {
  it('asking for deletion needs the box ticked', () => {
    expect(requestDeletionSchema.safeParse({ intent: 'request-deletion', confirm: 'on' }).success).toBe(true)
    const missing = requestDeletionSchema.safeParse({ intent: 'request-deletion' })
    expect(missing.success).toBe(false)
    expect(missing.error?.issues[0]?.message).toBe('account.deletion.confirmRequired')
    expect(requestDeletionSchema.safeParse({ intent: 'request-deletion', confirm: 'yes' }).success).toBe(false)
    expect(cancelDeletionSchema.safeParse({ intent: 'cancel-deletion' }).success).toBe(true)
  })

  it('anonymising needs the box ticked, with a message key', () => {
    expect(anonymiseSchema.safeParse({ confirm: 'on' }).success).toBe(true)
    for (const body of [{}, { confirm: '' }, { confirm: ['on', 'on'] }, { confirm: 'я'.repeat(100) }]) {
      const parsed = anonymiseSchema.safeParse(body)
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0]?.message).toBe('admin.anonymise.confirmRequired')
    }
  })
})
