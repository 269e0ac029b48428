import { describe, expect, it } from 'vitest'
import { accreditationProblem, parseIinMode, parseRosterQuery, rosterFileName } from '~/domain/roster-rules.ts'

const day = new Date('2027-03-21T00:00:00Z')
const d = (s: string) => new Date(`${s}T00:00:00Z`)

describe('accreditation on election day', () => {
  it.each([
    [null, null, 'missing'],
    [d('2026-09-01'), null, 'missing'],
    [d('2026-09-01'), d('2027-08-31'), null],
    [d('2027-03-21'), d('2027-03-21'), null],
    [d('2027-03-22'), d('2028-03-21'), 'notYetValid'],
    [d('2026-03-01'), d('2027-03-20'), 'lapsed'],
  ] as const)('from %s until %s → %s', (from, until, expected) => {
    expect(accreditationProblem({ accreditedFrom: from, accreditedUntil: until }, day)).toBe(expected)
  })
})

describe('roster query', () => {
  it('keeps well-formed regions once, sorted, and a sane page', () => {
    expect(parseRosterQuery(new URLSearchParams('region=KZ-75&region=KZ-71&region=KZ-75&region=DROP&page=-2'))).toEqual({ regions: ['KZ-71', 'KZ-75'], page: 1, ngo: '' })
    expect(parseRosterQuery(new URLSearchParams('page=3')).page).toBe(3)
  })

  it('needs a reason for full IINs', () => {
    expect(parseIinMode(new URLSearchParams(''))).toEqual({ ok: true, mode: { full: false } })
    expect(parseIinMode(new URLSearchParams('reason=ignored'))).toEqual({ ok: true, mode: { full: false } })
    expect(parseIinMode(new URLSearchParams('fullIin=on'))).toEqual({ ok: false, error: 'rosters.reasonRequired' })
    expect(parseIinMode(new URLSearchParams('fullIin=on&reason=%20%20ab%20'))).toEqual({ ok: false, error: 'rosters.reasonRequired' })
    expect(parseIinMode(new URLSearchParams('fullIin=on&reason=ТИК+просит'))).toEqual({ ok: true, mode: { full: true, reason: 'ТИК просит' } })
  })

  it('names files with slugs and the date only', () => {
    const at = new Date('2027-03-01T12:00:00Z')
    expect(rosterFileName({ ngo: 'my-ngo', campaign: 'kurultai-2027', regions: [], format: 'csv', at })).toBe('roster_my-ngo_kurultai-2027_all-regions_2027-03-01.csv')
    expect(rosterFileName({ ngo: 'a"b', campaign: 'c', regions: ['KZ-71', 'KZ-75'], format: 'xlsx', at })).toBe('roster_a-b_c_KZ-71_KZ-75_2027-03-01.xlsx')
    expect(rosterFileName({ ngo: 'a', campaign: 'c', regions: ['KZ-10', 'KZ-11', 'KZ-15', 'KZ-19'], format: 'csv', at })).toBe('roster_a_c_4-regions_2027-03-01.csv')
  })

  it('names the workbook with a sheet per region apart from the one-sheet workbook', () => {
    const at = new Date('2027-03-01T12:00:00Z')
    const parts = { ngo: 'my-ngo', campaign: 'kurultai-2027', regions: ['KZ-75'], at }
    expect(rosterFileName({ ...parts, format: 'xlsx' })).toBe('roster_my-ngo_kurultai-2027_KZ-75_2027-03-01.xlsx')
    expect(rosterFileName({ ...parts, format: 'xlsx', sheetPerRegion: true })).toBe('roster_my-ngo_kurultai-2027_KZ-75_by-region_2027-03-01.xlsx')
    // An export through a template says which, in the template's own letters; nothing a file system refuses.
    expect(rosterFileName({ ...parts, format: 'csv', template: 'Для акимата: ТИК/УИК' })).toBe('roster_my-ngo_kurultai-2027_KZ-75_Для-акимата-ТИК-УИК_2027-03-01.csv')
    expect(rosterFileName({ ...parts, format: 'csv', template: '  ../<*>  ' })).toBe('roster_my-ngo_kurultai-2027_KZ-75_2027-03-01.csv')
    expect(rosterFileName({ ...parts, format: 'csv', template: 'Қ'.repeat(60) })).toBe(`roster_my-ngo_kurultai-2027_KZ-75_${'Қ'.repeat(40)}_2027-03-01.csv`)
    // Only a workbook has sheets.
    expect(rosterFileName({ ...parts, format: 'pdf', sheetPerRegion: true })).toBe('roster_my-ngo_kurultai-2027_KZ-75_2027-03-01.pdf')
  })
})
