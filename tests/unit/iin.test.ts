import { describe, expect, it } from 'vitest'
import { ageOn, iinCheckDigit, parseIin } from '~/domain/iin.ts'
import { maskEmailMiddle, maskTail, nameWithHint, tellNamesakesApart } from '~/domain/masking.ts'

/** Builds a valid IIN from its first 11 digits (skips those that can never be issued). */
function complete(first11: string): string | null {
  const check = iinCheckDigit([...first11].map(Number))
  return check === null ? null : `${first11}${check}`
}

describe('IIN', () => {
  it('accepts the worked examples of domain.md (first and second pass)', () => {
    expect(parseIin('900515300424')).toEqual({ ok: true, iin: '900515300424', facts: { birthDate: new Date('1990-05-15T00:00:00Z'), sex: 'male' } })
    expect(parseIin('900515300908')).toMatchObject({ ok: true, facts: { sex: 'male' } })
  })
  it('ignores spaces and dashes people type', () => {
    expect(parseIin(' 9005 1530-0424 ')).toMatchObject({ ok: true, iin: '900515300424' })
  })
  it.each([
    ['90051530042', 'format'],
    ['9005153004245', 'format'],
    ['90051530042a', 'format'],
    ['900515300425', 'checkDigit'],
    ['901315300424', 'birthDate'],
    ['900230300424', 'birthDate'],
    ['900515700424', 'centuryDigit'],
    ['900515000424', 'centuryDigit'],
  ])('%s → %s', (iin, error) => {
    expect(parseIin(iin)).toEqual({ ok: false, error })
  })
  it('reads century and sex from the seventh digit', () => {
    const female2000s = complete('05031560123')
    expect(female2000s && parseIin(female2000s)).toMatchObject({ ok: true, facts: { birthDate: new Date('2005-03-15T00:00:00Z'), sex: 'female' } })
    const male1800s = complete('99123110001')
    expect(male1800s && parseIin(male1800s)).toMatchObject({ ok: true, facts: { birthDate: new Date('1899-12-31T00:00:00Z'), sex: 'male' } })
  })
  it('knows leap days', () => {
    const leap = complete('00022950001')
    expect(leap && parseIin(leap)).toMatchObject({ ok: true })
    expect(parseIin(`${'01022950001'}0`)).toMatchObject({ ok: false, error: 'birthDate' })
  })
  it('every number with a valid check digit parses; changing any one digit breaks it (property)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0')
    let checked = 0
    for (let n = 0; n < 400; n++) {
      const first = `${pad(80 + (n % 20))}${pad((n % 12) + 1)}${pad((n % 28) + 1)}${[3, 4, 5, 6][n % 4]}${pad(n * 7, 4)}`
      const iin = complete(first)
      if (!iin) continue
      expect(parseIin(iin).ok, iin).toBe(true)
      // What the algorithm guarantees: while both numbers stay on the first weighting, a change to any
      // one digit is caught — except the 11th, whose weight 11 is 0 mod 11. Once the second weighting is
      // involved, collisions are possible (e.g. 820303500147 and 820303510147 both check).
      const firstPass = (digits: string) => [...digits.slice(0, 11)].reduce((acc, d, i) => acc + Number(d) * (i + 1), 0) % 11
      if (firstPass(iin) === 10) continue
      for (const pos of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]) {
        const changed = iin.slice(0, pos) + String((Number(iin[pos]) + 1) % 10) + iin.slice(pos + 1)
        if (firstPass(changed) === 10) continue
        expect(parseIin(changed).ok, `${iin} → ${changed}`).toBe(false)
      }
      checked++
    }
    expect(checked).toBeGreaterThan(250)
  })
  it('finds numbers that can never be issued', () => {
    let neverIssued = 0
    for (let serial = 0; serial < 3000 && neverIssued === 0; serial++) {
      const first = `900515${3}${String(serial).padStart(4, '0')}`
      if (iinCheckDigit([...first].map(Number)) === null) {
        expect(parseIin(`${first}0`)).toEqual({ ok: false, error: 'neverIssued' })
        neverIssued++
      }
    }
    expect(neverIssued).toBe(1)
  })
  it('masks all but the last four digits, as lists, rosters and imports show it (a phone likewise)', () => {
    expect(maskTail('900515300424')).toBe('••••••••0424')
    expect(maskTail('+77012345678')).toBe('••••••••5678')
    expect(maskTail('123')).toBe('••••')
  })
  it('counts age in whole years on a given day', () => {
    const born = new Date('2008-03-21T00:00:00Z')
    expect(ageOn(born, new Date('2026-03-20T00:00:00Z'))).toBe(17)
    expect(ageOn(born, new Date('2026-03-21T00:00:00Z'))).toBe(18)
    expect(ageOn(new Date('2008-02-29T00:00:00Z'), new Date('2026-02-28T00:00:00Z'))).toBe(17)
  })
})

describe('namesakes in a list', () => {
  it('shows the ends of the address only beside a name another has too (case and ё folded)', () => {
    expect(maskEmailMiddle('recruit54@example.org')).toBe('re•••54@example.org')
    expect(maskEmailMiddle('ab@example.org')).toBe('a•••@example.org')
    expect(maskEmailMiddle('nobody')).toBe('•••')
    const choices = tellNamesakesApart([
      { name: 'Тулегенов Айгерим', email: 'recruit54@example.org' },
      { name: 'тулегенов  айгерим', email: 'recruit57@example.org' },
      { name: 'Семёнов Пётр', email: 'p.semenov@example.org' },
    ])
    expect(choices.map((c) => c.hint)).toEqual(['re•••54@example.org', 're•••57@example.org', null])
    expect(choices.map(nameWithHint)).toEqual(['Тулегенов Айгерим (re•••54@example.org)', 'тулегенов  айгерим (re•••57@example.org)', 'Семёнов Пётр'])
  })
})
