import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  candidateNameKeys,
  countOutcomes,
  groupParticipants,
  guessReportColumns,
  looksLikeParticipantHeader,
  matchParticipants,
  nameKey,
  parseMeetingTime,
  participantNames,
  reportMappingSchema,
  type Candidate,
} from '~/domain/attendance-report.ts'
import { readTable } from '~/server/recruitment/imports.server.ts'

const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url)))

describe('meeting times in the account locale', () => {
  it('reads US (month first, AM/PM), dotted (day first), ISO, with or without seconds', () => {
    expect(parseMeetingTime('12/03/2026 10:02:11 AM')?.toISOString()).toBe('2026-12-03T10:02:11.000Z')
    expect(parseMeetingTime('12/03/2026 12:01:37 PM')?.toISOString()).toBe('2026-12-03T12:01:37.000Z')
    expect(parseMeetingTime('12/03/2026 12:05 AM')?.toISOString()).toBe('2026-12-03T00:05:00.000Z')
    expect(parseMeetingTime('03.12.2026 10:02:11')?.toISOString()).toBe('2026-12-03T10:02:11.000Z')
    expect(parseMeetingTime('2026-12-03 22:02')?.toISOString()).toBe('2026-12-03T22:02:00.000Z')
  })
  it('refuses what is not a time', () => {
    for (const bad of ['', 'вчера', '31.02.2026 10:00', '12/03/2026 13:00 PM', '03.12.2026 25:00']) expect(parseMeetingTime(bad)).toBeNull()
  })
})

describe('reading a Zoom participant report', () => {
  it('finds the participant header under the meeting summary, with a BOM and US dates', async () => {
    const read = await readTable(fixture('zoom-participants-en.csv'), looksLikeParticipantHeader)
    if (!read.ok) throw new Error(read.error.key)
    expect(read.table.headers.slice(0, 5)).toEqual(['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)'])
    expect(read.table.rows).toHaveLength(4)
    expect(guessReportColumns(read.table.headers)).toEqual({ name: 0, email: 1, joinTime: 2, leaveTime: 3, duration: 4 })
  })

  it('reads the Russian export: Cyrillic headers, day-first dates, one entry per person with minutes summed', async () => {
    const read = await readTable(fixture('zoom-participants-ru.csv'), looksLikeParticipantHeader)
    if (!read.ok) throw new Error(read.error.key)
    const columns = guessReportColumns(read.table.headers)
    expect(columns).toEqual({ name: 0, email: 1, joinTime: 2, leaveTime: 3, duration: 4 })
    const people = groupParticipants(read.table.rows, columns)
    const aigerim = people.find((p) => p.email === 'aigerim.serikova@example.org')
    expect(aigerim).toMatchObject({ minutes: 76, rows: [6, 10] })
    expect(people).toHaveLength(8)
    // Without the duration column, minutes come from join and leave times.
    const fromTimes = groupParticipants(read.table.rows, { ...columns, duration: undefined })
    expect(fromTimes.find((p) => p.email === 'aigerim.serikova@example.org')?.minutes).toBe(75)
  })

  it('a summary row alone is not the participant header', () => {
    expect(looksLikeParticipantHeader(['Meeting ID', 'Topic', 'Start Time', 'End Time', 'User Email', 'Duration (Minutes)', 'Participants'])).toBe(false)
    expect(looksLikeParticipantHeader(['Имя (настоящее имя)', 'Эл. почта пользователя', 'Время входа', 'Время выхода'])).toBe(true)
  })

  it('the mapping needs a name and either the duration or both times', () => {
    const schema = reportMappingSchema(5)
    expect(schema.safeParse({ columns: { name: '0', duration: '4' } }).success).toBe(true)
    expect(schema.safeParse({ columns: { name: '0', joinTime: '2', leaveTime: '3' }, minimumMinutes: '45' }).data?.minimumMinutes).toBe(45)
    expect(schema.safeParse({ columns: { name: '0', joinTime: '2' } }).success).toBe(false)
    expect(schema.safeParse({ columns: { duration: '4' } }).success).toBe(false)
    expect(schema.safeParse({ columns: { name: '9', duration: '4' } }).success).toBe(false)
    expect(schema.safeParse({ columns: { name: '0', duration: '4' }, minimumMinutes: '0' }).success).toBe(false)
  })
})

describe('matching participants to people', () => {
  it('folds case, ё/е, Kazakh letters, spaces and word order; keeps the original name in brackets', () => {
    expect(nameKey('ИВАНОВ  Пётр')).toBe(nameKey('Петр Иванов'))
    expect(nameKey('Әсем Бақытқызы')).toBe(nameKey('бақытқызы әсем'))
    expect(participantNames('ерлан омаров (Омаров Ерлан)')).toEqual(['ерлан омаров', 'Омаров Ерлан'])
    expect(candidateNameKeys(['Иванов Пётр Сергеевич']).has(nameKey('Пётр Иванов'))).toBe(true)
  })

  const candidates: Candidate[] = [
    { userId: 'aigerim', names: ['Серикова Айгерим Болатовна'], emails: ['aigerim.serikova@example.org'] },
    { userId: 'petr', names: ['Иванов Петр Сергеевич'], emails: ['p.ivanov@example.org'] },
    { userId: 'dana', names: ['Ким Дана'], emails: ['dana.kim@example.org'] },
    { userId: 'asem', names: ['Бақытқызы Әсем'], emails: ['asem@example.org'] },
    { userId: 'erlan1', names: ['Омаров Ерлан'], emails: ['erlan1@example.org'] },
    { userId: 'marat', names: ['Маратов Марат'], emails: ['marat@example.org'] },
  ]

  it('by email, then name; too short, unmatched and ambiguous go to review; a hand match wins', async () => {
    const read = await readTable(fixture('zoom-participants-ru.csv'), looksLikeParticipantHeader)
    if (!read.ok) throw new Error(read.error.key)
    const people = groupParticipants(read.table.rows, guessReportColumns(read.table.headers))
    const outcome = (list: ReturnType<typeof matchParticipants>, name: string) => list.find((p) => p.name === name)
    const matched = matchParticipants(people, candidates, { minimumMinutes: 30, manual: {} })
    expect(outcome(matched, 'Айгерим Серикова')).toMatchObject({ outcome: 'matchedEmail', userId: 'aigerim', minutes: 76 })
    expect(outcome(matched, 'ИВАНОВ Пётр')).toMatchObject({ outcome: 'matchedName', userId: 'petr' })
    expect(outcome(matched, 'Әсем Бақытқызы')).toMatchObject({ outcome: 'matchedName', userId: 'asem' })
    expect(outcome(matched, 'ерлан омаров (Омаров Ерлан)')).toMatchObject({ outcome: 'matchedName', userId: 'erlan1' })
    expect(outcome(matched, 'Дана Ким')).toMatchObject({ outcome: 'tooShort', userId: 'dana', minutes: 13 })
    expect(outcome(matched, 'Samsung SM-A515F')).toMatchObject({ outcome: 'unmatched', userId: null })
    expect(countOutcomes(matched)).toEqual({ matchedEmail: 1, matchedName: 3, matchedManual: 0, tooShort: 1, ambiguous: 0, unmatched: 3 })

    const phone = outcome(matched, 'Samsung SM-A515F')!
    const byHand = matchParticipants(people, candidates, { minimumMinutes: 30, manual: { [phone.key]: 'marat', 'name:nobody': 'not-a-candidate' } })
    expect(outcome(byHand, 'Samsung SM-A515F')).toMatchObject({ outcome: 'matchedManual', userId: 'marat' })

    // Two people of the same name: neither is guessed.
    const twins = matchParticipants(people, [...candidates, { userId: 'erlan2', names: ['Ерлан Омаров'], emails: [] }], { minimumMinutes: 30, manual: {} })
    expect(outcome(twins, 'ерлан омаров (Омаров Ерлан)')).toMatchObject({ outcome: 'ambiguous', userId: null })
  })

  it('one person under two entries counts their minutes together', () => {
    const rows = [
      { n: 2, cells: ['Дана Ким', 'dana.kim@example.org', '20'] },
      { n: 3, cells: ['Дана (телефон)', '', '15'] },
    ]
    const people = groupParticipants(rows, { name: 0, email: 1, duration: 2 })
    const matched = matchParticipants(people, candidates, { minimumMinutes: 30, manual: { [people[1]!.key]: 'dana' } })
    expect(matched.map((m) => m.outcome)).toEqual(['matchedEmail', 'matchedManual'])
  })
})
