import { describe, expect, it } from 'vitest'
import { assignFormSchema, assignmentConflict, groupStationsByDistrict, kzInstant, kzParts, outsideHomeRegion, sameDistrict, shiftSchema, shiftsOverlap, suggestAssignments, type Placement, type SuggestStation } from '~/domain/assignments.ts'

const at = (hhmm: string, day = '2026-03-15') => kzInstant(day, hhmm) as Date
const shifts = new Map([
  ['morning', { startsAt: at('07:00'), endsAt: at('14:00') }],
  ['afternoon', { startsAt: at('14:00'), endsAt: at('20:00') }],
  ['count', { startsAt: at('20:00'), endsAt: at('23:59') }],
  ['long', { startsAt: at('10:00'), endsAt: at('18:00') }],
])

const place = (applicationId: string, ngoId: string, stationId: string, shiftId: string, id?: string): Placement => ({ applicationId, ngoId, stationId, shiftId, ...(id ? { id } : {}) })

describe('shifts', () => {
  it('overlap when each starts before the other ends; touching shifts do not', () => {
    expect(shiftsOverlap(shifts.get('morning')!, shifts.get('afternoon')!)).toBe(false)
    expect(shiftsOverlap(shifts.get('morning')!, shifts.get('long')!)).toBe(true)
    expect(shiftsOverlap(shifts.get('long')!, shifts.get('afternoon')!)).toBe(true)
    expect(shiftsOverlap(shifts.get('count')!, shifts.get('long')!)).toBe(false)
  })

  it('reads KZ wall-clock times as UTC+5', () => {
    expect(at('07:00').toISOString()).toBe('2026-03-15T02:00:00.000Z')
    expect(kzParts(new Date('2026-03-15T15:00:00Z'))).toEqual({ date: '2026-03-15', time: '20:00' })
    expect(kzInstant('2026-03-15', '25:00')).toBeNull()
  })

  it('validates a shift: names in three languages, end after start', () => {
    const base = { nameRu: 'Открытие', nameKk: 'Ашылу', nameEn: 'Opening', startDate: '2026-03-15', startTime: '07:00', endDate: '2026-03-15', endTime: '14:00' }
    const ok = shiftSchema.safeParse(base)
    expect(ok.success && ok.data.startsAt.toISOString()).toBe('2026-03-15T02:00:00.000Z')
    const backwards = shiftSchema.safeParse({ ...base, endTime: '06:00' })
    expect(backwards.success).toBe(false)
    expect(backwards.error?.issues[0]?.message).toBe('deployment.errors.endBeforeStart')
    expect(shiftSchema.safeParse({ ...base, nameKk: ' ' }).success).toBe(false)
    // The count runs past midnight.
    expect(shiftSchema.safeParse({ ...base, startTime: '20:00', endDate: '2026-03-16', endTime: '04:00' }).success).toBe(true)
  })
})

describe('assignment rules', () => {
  const existing = [place('ann', 'ngoA', 's1', 'morning', 'x1')]

  it('one observer of an organisation per station at a time: same shift and overlapping shifts', () => {
    expect(assignmentConflict(place('bob', 'ngoA', 's1', 'morning'), existing, shifts)).toMatchObject({ kind: 'ngoAtStation', applicationId: 'ann' })
    expect(assignmentConflict(place('bob', 'ngoA', 's1', 'long'), existing, shifts)).toMatchObject({ kind: 'ngoAtStation' })
    // The next shift, another organisation, or another station: allowed.
    expect(assignmentConflict(place('bob', 'ngoA', 's1', 'afternoon'), existing, shifts)).toBeNull()
    expect(assignmentConflict(place('cat', 'ngoB', 's1', 'morning'), existing, shifts)).toBeNull()
    expect(assignmentConflict(place('bob', 'ngoA', 's2', 'morning'), existing, shifts)).toBeNull()
  })

  it('one observer in one place at a time', () => {
    expect(assignmentConflict(place('ann', 'ngoA', 's2', 'morning'), existing, shifts)).toMatchObject({ kind: 'observerBusy', stationId: 's1' })
    expect(assignmentConflict(place('ann', 'ngoA', 's2', 'long'), existing, shifts)).toMatchObject({ kind: 'observerBusy' })
    expect(assignmentConflict(place('ann', 'ngoA', 's2', 'afternoon'), existing, shifts)).toBeNull()
  })

  it('leaves out the assignment being moved', () => {
    expect(assignmentConflict(place('ann', 'ngoA', 's2', 'morning', 'x1'), existing, shifts)).toBeNull()
  })

  it('refuses a shift it does not know rather than guess', () => {
    expect(assignmentConflict(place('ann', 'ngoA', 's2', 'mystery'), existing, shifts)).toMatchObject({ kind: 'observerBusy' })
  })
})

describe('the suggestion', () => {
  const station = (id: string, district: string, covered = 0, regionCode = 'KZ-75', number = id.slice(1)): SuggestStation => ({ id, regionCode, number, district, covered })
  const observer = (applicationId: string, settlement: string, regionCode = 'KZ-75', pollingStation: string | null = null) => ({ applicationId, regionCode, settlement, pollingStation })

  it('prefers the home district, then the least covered station', () => {
    const stations = [station('s1', 'Алмалинский район', 2), station('s2', 'Бостандыкский район', 0), station('s3', 'Алмалинский район', 0)]
    const out = suggestAssignments({ ngoId: 'ngoA', shiftId: 'morning', observers: [observer('ann', 'Алматы, Алмалинский р-н')], stations, existing: [], shifts })
    expect(out).toEqual([{ applicationId: 'ann', stationId: 's3', match: 'district' }])
  })

  it('puts the fewest-covered stations first and spreads observers', () => {
    const stations = [station('s1', 'Медеуский', 1), station('s2', 'Медеуский', 0), station('s3', 'Медеуский', 0)]
    const out = suggestAssignments({ ngoId: 'ngoA', shiftId: 'morning', observers: [observer('a', 'Медеуский'), observer('b', 'Медеуский'), observer('c', 'Медеуский')], stations, existing: [], shifts })
    expect(out.map((s) => s.stationId)).toEqual(['s2', 's3', 's1'])
  })

  it('takes the station the observer named, and only stations of their region', () => {
    const stations = [station('s1', 'Ауэзовский'), station('s7', 'Турксибский', 3), station('s9', 'Центр', 0, 'KZ-71')]
    const out = suggestAssignments({ ngoId: 'ngoA', shiftId: 'morning', observers: [observer('a', 'Алматы', 'KZ-75', '7'), observer('b', 'Астана', 'KZ-62')], stations, existing: [], shifts })
    expect(out).toEqual([{ applicationId: 'a', stationId: 's7', match: 'station' }])
  })

  it('never proposes a pair that breaks a rule', () => {
    const stations = Array.from({ length: 6 }, (_, i) => station(`s${i}`, i % 2 ? 'Алмалинский' : 'Медеуский', i % 3))
    const observers = Array.from({ length: 10 }, (_, i) => observer(`o${i}`, i % 2 ? 'Алмалинский' : 'Медеуский'))
    const existing = [place('o0', 'ngoA', 's1', 'long'), place('zz', 'ngoA', 's2', 'morning'), place('yy', 'ngoB', 's3', 'morning')]
    const out = suggestAssignments({ ngoId: 'ngoA', shiftId: 'morning', observers, stations, existing, shifts })
    const placed = [...existing]
    for (const s of out) {
      const candidate = place(s.applicationId, 'ngoA', s.stationId, 'morning')
      expect(assignmentConflict(candidate, placed, shifts)).toBeNull()
      placed.push(candidate)
    }
    // o0 is busy in an overlapping shift; s1 and s2 already hold an observer of ngoA: 4 stations left.
    expect(out.map((s) => s.applicationId)).not.toContain('o0')
    expect(out).toHaveLength(4)
    expect(out.map((s) => s.stationId).sort()).toEqual(['s0', 's3', 's4', 's5'])
  })

  it('matches district spellings', () => {
    expect(sameDistrict('Алмалинский район', 'алмалинский р-н')).toBe(true)
    expect(sameDistrict('Бостандыкский район', 'Бостандықский')).toBe(true)
    expect(sameDistrict('Медеуский район', 'Алматы')).toBe(false)
  })
})

describe('the assignment form', () => {
  const id = 'cm0abcdefghijklmnopqrst'
  const errorsOf = (input: Record<string, unknown>) => {
    const result = assignFormSchema.safeParse(input)
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]))
  }
  it('says which choice is missing (the empty first option sends nothing)', () => {
    expect(errorsOf({ intent: 'assign' })).toEqual({ applicationId: 'deployment.errors.chooseObserver', stationId: 'deployment.errors.chooseStation', shiftId: 'deployment.errors.chooseShift' })
    expect(errorsOf({ intent: 'move', assignmentId: id })).toEqual({ stationId: 'deployment.errors.chooseStation', shiftId: 'deployment.errors.chooseShift' })
    expect(errorsOf({ intent: 'assign', applicationId: 'not an id!', stationId: id, shiftId: id })).toEqual({ applicationId: 'validation.invalid' })
  })
  it('reads the box that confirms another region as a yes or no', () => {
    expect(assignFormSchema.parse({ intent: 'assign', applicationId: id, stationId: id, shiftId: id })).toMatchObject({ otherRegion: false })
    expect(assignFormSchema.parse({ intent: 'assign', applicationId: id, stationId: id, shiftId: id, otherRegion: 'yes' })).toMatchObject({ otherRegion: true })
    expect(errorsOf({ intent: 'move', assignmentId: id, stationId: id, shiftId: id, otherRegion: 'sure' })).toEqual({ otherRegion: 'validation.invalid' })
  })
  it('tells a station outside the home region', () => {
    expect(outsideHomeRegion({ regionCode: 'KZ-71' }, { regionCode: 'KZ-75' })).toBe(true)
    expect(outsideHomeRegion({ regionCode: 'KZ-75' }, { regionCode: 'KZ-75' })).toBe(false)
  })
  it('groups stations by district, alphabetically, those without one last, by number within each', () => {
    const s = (number: string, district: string) => ({ number, district })
    const groups = groupStationsByDistrict([s('12', 'Медеуский район'), s('3', ''), s('101', 'Алмалинский район'), s('9', 'Алмалинский район'), s('7', ' Медеуский район ')])
    expect(groups.map((g) => [g.district, g.stations.map((x) => x.number)])).toEqual([
      ['Алмалинский район', ['9', '101']],
      ['Медеуский район', ['7', '12']],
      ['', ['3']],
    ])
  })
})
