import { describe, expect, it } from 'vitest'
import {
  addObservation,
  chosenOptions,
  correlation,
  difficulty,
  emptySums,
  itemFlags,
  median,
  optionShares,
  restScore,
  sortItems,
  type ItemSums,
} from '~/domain/item-stats.ts'

/**
 * Five attempts (A–E) of three questions worth a point each, all or nothing:
 *
 *        q1 q2 q3 | total
 *   A     1  1  1 |   3
 *   B     1  1  0 |   2
 *   C     1  0  0 |   1
 *   D     0  1  0 |   1
 *   E     1  0  1 |   2
 *
 * Rest score y = (total − x) / 2 (the other two questions).
 */
const credits: Record<string, number[]> = { q1: [1, 1, 1, 0, 1], q2: [1, 1, 0, 1, 0], q3: [1, 0, 0, 0, 1] }
const totals = [3, 2, 1, 1, 2]

function sumsOf(question: string): ItemSums {
  const sums = emptySums()
  credits[question]?.forEach((x, i) => addObservation(sums, x, restScore(totals[i] ?? 0, x, 3) ?? 0))
  return sums
}

describe('difficulty and discrimination on a hand-computed data set', () => {
  it('p is the share right', () => {
    expect(difficulty(sumsOf('q1'))).toBeCloseTo(0.8, 12) // 4/5
    expect(difficulty(sumsOf('q2'))).toBeCloseTo(0.6, 12) // 3/5
    expect(difficulty(sumsOf('q3'))).toBeCloseTo(0.4, 12) // 2/5
  })

  it('the rest score leaves the question out', () => {
    // A on q2: (3 − 1) / 2 = 1; D on q2: (1 − 1) / 2 = 0; a one-question exam has no rest.
    expect(restScore(3, 1, 3)).toBe(1)
    expect(restScore(1, 1, 3)).toBe(0)
    expect(restScore(1, 1, 1)).toBeNull()
  })

  it('r matches the textbook point-biserial (M1 − M0) / s · √(pq)', () => {
    // q2: y = A 1, B 0.5, C 0.5, D 0, E 1. Right (A, B, D): M1 = (1 + 0.5 + 0) / 3 = 0.5;
    // wrong (C, E): M0 = (0.5 + 1) / 2 = 0.75. Mean y = 3/5 = 0.6; squared deviations
    // 0.16 + 0.01 + 0.01 + 0.36 + 0.16 = 0.7; population variance 0.14.
    // r = (0.5 − 0.75) / √0.14 · √(0.6 · 0.4); r² = 0.0625 · 0.24 / 0.14 = 3/28, r = −√(3/28) ≈ −0.3273.
    expect(correlation(sumsOf('q2'))).toBeCloseTo(-Math.sqrt(3 / 28), 12)
    // q3: y = A 1, B 1, C 0.5, D 0.5, E 0.5. Right (A, E): M1 = 0.75; wrong: M0 = 2/3. Mean 0.7;
    // squared deviations 0.09 + 0.09 + 0.04 · 3 = 0.3; variance 0.06.
    // r² = (1/12)² · 0.24 / 0.06 = 1/36, r = 1/6.
    expect(correlation(sumsOf('q3'))).toBeCloseTo(1 / 6, 12)
    // q1: y = A 1, B 0.5, C 0, D 0.5, E 0.5. M1 = (1 + 0.5 + 0 + 0.5) / 4 = 0.5 = M0 (D): r = 0.
    expect(correlation(sumsOf('q1'))).toBeCloseTo(0, 12)
  })

  it('with partial credit r is Pearson’s', () => {
    // x = 0.5, 1, 0; y = 0.25, 0.75, 0.5. Means 0.5 and 0.5; deviations x: 0, 0.5, −0.5;
    // y: −0.25, 0.25, 0. Σdxdy = 0.125, Σdx² = 0.5, Σdy² = 0.125: r = 0.125 / √(0.5 · 0.125) = 0.5.
    const sums = emptySums()
    for (const [x, y] of [[0.5, 0.25], [1, 0.75], [0, 0.5]] as const) addObservation(sums, x, y)
    expect(correlation(sums)).toBeCloseTo(0.5, 12)
  })

  it('is undefined when nothing varies or there is too little data', () => {
    const same = emptySums()
    for (const y of [0.2, 0.4, 0.9]) addObservation(same, 1, y)
    expect(correlation(same)).toBeNull()
    expect(correlation(addObservation(emptySums(), 1, 1))).toBeNull()
    expect(difficulty(emptySums())).toBeNull()
  })
})

describe('flags', () => {
  it('too easy above 0.9, too hard below 0.3, from 10 attempts', () => {
    expect(itemFlags({ n: 30, p: 0.95, r: 0.3 })).toEqual(['tooEasy'])
    expect(itemFlags({ n: 30, p: 0.9, r: 0.3 })).toEqual([])
    expect(itemFlags({ n: 30, p: 0.2, r: 0.3 })).toEqual(['tooHard'])
    expect(itemFlags({ n: 30, p: 0.3, r: 0.3 })).toEqual([])
    expect(itemFlags({ n: 9, p: 1, r: null })).toEqual([])
  })

  it('negative discrimination below 0, from 20 attempts', () => {
    expect(itemFlags({ n: 20, p: 0.5, r: -0.05 })).toEqual(['negativeDiscrimination'])
    expect(itemFlags({ n: 19, p: 0.5, r: -0.5 })).toEqual([])
    expect(itemFlags({ n: 20, p: 0.5, r: 0 })).toEqual([])
    expect(itemFlags({ n: 40, p: 0.1, r: -0.2 })).toEqual(['tooHard', 'negativeDiscrimination'])
  })
})

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
    expect(median([])).toBeNull()
  })
})

describe('option choices', () => {
  it('reads the options an answer picked', () => {
    expect(chosenOptions({ type: 'single', optionId: 'a' })).toEqual(['a'])
    expect(chosenOptions({ type: 'multiple', optionIds: ['a', 'c'] })).toEqual(['a', 'c'])
    expect(chosenOptions({ type: 'truefalse', value: false })).toEqual(['false'])
    expect(chosenOptions({ type: 'short', text: 'x' })).toEqual([])
    expect(chosenOptions(null)).toEqual([])
  })

  it('shares over the attempts that drew the question, with the unanswered ones', () => {
    // 5 attempts: a 3 times, b once, c never, one without an answer: 0.6, 0.2, 0, and 0.2 unanswered.
    const result = optionShares(['a', 'b', 'c'], new Map([['a', 3], ['b', 1], ['zz', 9]]), 4, 5)
    expect(result.options).toEqual([
      { optionId: 'a', count: 3, share: 0.6 },
      { optionId: 'b', count: 1, share: 0.2 },
      { optionId: 'c', count: 0, share: 0 },
    ])
    expect(result.unanswered).toEqual({ optionId: '', count: 1, share: 0.2 })
    expect(optionShares(['a'], new Map(), 0, 0).options[0]?.share).toBeNull()
  })
})

describe('sorting the questions', () => {
  const items = [
    { id: 'x', position: 0, attempts: 10, p: 0.5, r: null, flags: [] },
    { id: 'y', position: 1, attempts: 30, p: 0.2, r: -0.1, flags: ['tooHard', 'negativeDiscrimination'] as const },
    { id: 'z', position: 2, attempts: 20, p: 0.5, r: 0.4, flags: [] },
  ]
  const ids = (list: Array<{ id: string }>) => list.map((i) => i.id).join()

  it('sorts by a figure either way, ties in bank order, missing figures last', () => {
    expect(ids(sortItems(items, 'p', 'asc'))).toBe('y,x,z')
    expect(ids(sortItems(items, 'p', 'desc'))).toBe('x,z,y')
    expect(ids(sortItems(items, 'r', 'asc'))).toBe('y,z,x')
    expect(ids(sortItems(items, 'r', 'desc'))).toBe('z,y,x')
    expect(ids(sortItems(items, 'attempts', 'desc'))).toBe('y,z,x')
    expect(ids(sortItems(items, 'flags', 'desc'))).toBe('y,x,z')
    expect(ids(sortItems(items, 'order', 'asc'))).toBe('x,y,z')
  })
})
