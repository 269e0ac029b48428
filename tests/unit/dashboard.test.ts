/** The dashboards' arithmetic: cumulative funnel from current states, shares, coverage, bar lengths. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ARRIVAL_WEEKS_SHOWN, barLength, countsByRegion, coverage, cumulativeFunnel, defaultDashboardCampaign, emptyStateCounts, examSummary, mondayOf, percent, trainingProgress, weeklyArrivals } from '~/domain/dashboard.ts'
import { applicationStates } from '~/domain/pipeline.ts'
import { pollingStationsSchema } from '~/domain/validation/regions.ts'

describe('cumulativeFunnel', () => {
  it('counts a later state as having reached every earlier stage; rejected and withdrawn only as submitted', () => {
    const funnel = cumulativeFunnel({ submitted: 10, screening: 5, accepted: 4, in_training: 3, certified: 2, rejected: 4, withdrawn: 2 })
    expect(funnel.total).toBe(30)
    expect(funnel.steps.map((s) => [s.stage, s.count])).toEqual([
      ['submitted', 30],
      ['accepted', 9],
      ['in_training', 5],
      ['certified', 2],
    ])
    expect(funnel.steps.map((s) => s.percentOfSubmitted)).toEqual([100, 30, 17, 7])
    expect(funnel.steps.map((s) => s.percentOfPrevious)).toEqual([100, 30, 56, 40])
    expect([funnel.rejected, funnel.withdrawn]).toEqual([4, 2])
  })

  it('is all zeros for an empty campaign', () => {
    const funnel = cumulativeFunnel({})
    expect(funnel.total).toBe(0)
    expect(funnel.steps.every((s) => s.count === 0 && s.percentOfSubmitted === 0)).toBe(true)
  })

  it('never grows from one stage to the next, and ends at the certified count', () => {
    const count = fc.nat({ max: 10_000 })
    fc.assert(
      fc.property(fc.tuple(count, count, count, count, count, count, count), (ns) => {
        const counts = Object.fromEntries(applicationStates.map((s, i) => [s, ns[i] ?? 0]))
        const funnel = cumulativeFunnel(counts)
        const values = funnel.steps.map((s) => s.count)
        for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1] ?? 0)
        expect(values[0]).toBe(ns.reduce((a, b) => a + b, 0))
        expect(values[3]).toBe(counts.certified)
      }),
    )
  })
})

describe('countsByRegion', () => {
  it('folds GROUP BY rows into counts per region', () => {
    const byRegion = countsByRegion([
      { regionCode: 'KZ-71', state: 'certified', count: 3 },
      { regionCode: 'KZ-71', state: 'submitted', count: 2 },
      { regionCode: 'KZ-75', state: 'rejected', count: 1 },
    ])
    expect(byRegion.get('KZ-71')).toEqual({ ...emptyStateCounts(), certified: 3, submitted: 2 })
    expect(byRegion.get('KZ-75')?.rejected).toBe(1)
    expect(byRegion.has('KZ-10')).toBe(false)
  })
})

describe('shares and coverage', () => {
  it('rounds shares, caps them at 100 and answers 0 for an empty whole', () => {
    expect(percent(1, 3)).toBe(33)
    expect(percent(2, 3)).toBe(67)
    expect(percent(5, 0)).toBe(0)
    expect(percent(7, 5)).toBe(100)
  })

  it('compares certified observers with polling stations', () => {
    expect(coverage(120, 400)).toEqual({ certified: 120, pollingStations: 400, ratio: 0.3, percent: 30, gap: 280 })
    expect(coverage(500, 400)).toMatchObject({ ratio: 1.25, percent: 100, gap: 0 })
    expect(coverage(3, 0)).toMatchObject({ ratio: null, percent: 0, gap: 0 })
  })

  it('draws bars relative to the longest, keeps a non-zero value visible, and never exceeds 100', () => {
    expect(barLength(50, 200)).toBe(25)
    expect(barLength(1, 100_000)).toBe(1)
    expect(barLength(0, 10)).toBe(0)
    expect(barLength(3, 0)).toBe(0)
    fc.assert(fc.property(fc.nat(), fc.nat(), (v, m) => {
      const length = barLength(v, m)
      expect(length).toBeGreaterThanOrEqual(0)
      expect(length).toBeLessThanOrEqual(100)
    }))
  })

  it('gives training shares of the accepted recruits, and exam pass rate and attempts per person', () => {
    expect(trainingProgress({ accepted: 8, opened: 6, halfway: 4, passed: 2 })).toMatchObject({ openedPercent: 75, halfwayPercent: 50, passedPercent: 25 })
    expect(trainingProgress({ accepted: 0, opened: 0, halfway: 0, passed: 0 }).openedPercent).toBe(0)
    expect(examSummary({ attempts: 5, passedAttempts: 2, people: 3, peoplePassed: 2 })).toMatchObject({ passRate: 40, attemptsPerPerson: 1.7 })
    expect(examSummary({ attempts: 0, passedAttempts: 0, people: 0, peoplePassed: 0 })).toMatchObject({ passRate: 0, attemptsPerPerson: 0 })
  })
})

describe('polling-station counts', () => {
  const schema = pollingStationsSchema(['KZ-71', 'KZ-75'])
  it('accepts whole numbers from 0 to 5000 for every region', () => {
    expect(schema.safeParse({ stations: { 'KZ-71': 0, 'KZ-75': 5000 } }).success).toBe(true)
  })
  it.each([-1, 5001, 1.5, Number.NaN])('refuses %s', (n) => {
    const result = schema.safeParse({ stations: { 'KZ-71': n, 'KZ-75': 10 } })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('validation.pollingStations')
  })
  it('refuses a missing region', () => {
    expect(schema.safeParse({ stations: { 'KZ-71': 10 } }).success).toBe(false)
  })
})

describe('defaultDashboardCampaign', () => {
  const now = new Date('2026-12-03T00:00:00Z')
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
  it('opens on the campaign with activity nearest its election day, not on the newest empty one', () => {
    const campaigns = [
      { slug: 'next-year-empty', electionDay: day('2027-10-01'), applications: 0 },
      { slug: 'soon-empty', electionDay: day('2026-12-10'), applications: 0 },
      { slug: 'march', electionDay: day('2027-03-15'), applications: 40 },
      { slug: 'last-autumn', electionDay: day('2026-09-01'), applications: 300 },
    ]
    expect(defaultDashboardCampaign(campaigns, now)?.slug).toBe('last-autumn')
    expect(defaultDashboardCampaign(campaigns, day('2027-01-20'))?.slug).toBe('march')
  })
  it('prefers the coming election on a tie, and the nearest of all when none has activity', () => {
    const tie = [
      { slug: 'before', electionDay: day('2026-11-23'), applications: 1 },
      { slug: 'after', electionDay: day('2026-12-13'), applications: 1 },
    ]
    expect(defaultDashboardCampaign(tie, now)?.slug).toBe('after')
    expect(defaultDashboardCampaign(tie.map((c) => ({ ...c, applications: 0 })), day('2026-11-25'))?.slug).toBe('before')
    expect(defaultDashboardCampaign([], now)).toBeUndefined()
  })
})

describe('weeklyArrivals', () => {
  it('sums days into weeks from Monday to Sunday, keeping empty weeks up to today', () => {
    // 2026-11-02 is a Monday; the 8th a Sunday, the 9th the next Monday.
    expect(mondayOf('2026-11-08')).toBe('2026-11-02')
    expect(mondayOf('2026-11-09')).toBe('2026-11-09')
    expect(mondayOf('2027-01-01')).toBe('2026-12-28')
    const days = [
      { day: '2026-11-08', count: 3 },
      { day: '2026-11-02', count: 2 },
      { day: '2026-11-09', count: 5 },
      { day: '2026-11-25', count: 1 },
    ]
    expect(weeklyArrivals(days, '2026-12-03')).toEqual([
      { weekStart: '2026-11-02', count: 5 },
      { weekStart: '2026-11-09', count: 5 },
      { weekStart: '2026-11-16', count: 0 },
      { weekStart: '2026-11-23', count: 1 },
      { weekStart: '2026-11-30', count: 0 },
    ])
    // An end before the last arrival does not cut it off; nothing at all makes no weeks.
    expect(weeklyArrivals(days, '2026-11-01').at(-1)).toEqual({ weekStart: '2026-11-23', count: 1 })
    expect(weeklyArrivals([], '2026-12-03')).toEqual([])
    expect(weeklyArrivals([{ day: 'garbage', count: 4 }, { day: '2026-11-02', count: 0 }], '2026-12-03')).toEqual([])
  })

  it('keeps every application and draws at most the latest weeks', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ offset: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 50 }) }), { maxLength: 40 }), (raw) => {
        const days = raw.map(({ offset, count }) => ({ day: new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10), count }))
        const weeks = weeklyArrivals(days, '2027-02-10')
        expect(weeks.length).toBeLessThanOrEqual(ARRIVAL_WEEKS_SHOWN)
        for (const [i, week] of weeks.entries()) {
          expect(mondayOf(week.weekStart)).toBe(week.weekStart)
          if (i > 0) expect(Date.parse(week.weekStart) - Date.parse(weeks[i - 1]!.weekStart)).toBe(7 * 86_400_000)
        }
        const shown = new Set(weeks.map((w) => w.weekStart))
        const expected = days.filter((d) => shown.has(mondayOf(d.day))).reduce((sum, d) => sum + d.count, 0)
        expect(weeks.reduce((sum, w) => sum + w.count, 0)).toBe(expected)
        if (days.length > 0 && weeks.length < ARRIVAL_WEEKS_SHOWN) expect(expected).toBe(days.reduce((sum, d) => sum + d.count, 0))
      }),
    )
  })
})
