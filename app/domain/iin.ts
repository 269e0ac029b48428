/**
 * Kazakhstan's individual identification number (IIN): 12 digits — YYMMDD birth date, a
 * century-and-sex digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female), a 4-digit
 * serial and a check digit (weights 1..11 mod 11; if 10, weights 3..11,1,2; if 10 again, never issued).
 */

export type IinError = 'format' | 'checkDigit' | 'birthDate' | 'centuryDigit' | 'neverIssued'

export interface IinFacts {
  birthDate: Date
  sex: 'male' | 'female'
}

export type IinResult = { ok: true; iin: string; facts: IinFacts } | { ok: false; error: IinError }

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

/** The check digit of the first 11 digits, or null when no valid check digit exists (never issued). */
export function iinCheckDigit(first11: readonly number[]): number | null {
  const sum = (weights: number[]) => first11.reduce((acc, digit, i) => acc + digit * (weights[i] ?? 0), 0) % 11
  const first = sum(FIRST_WEIGHTS)
  if (first !== 10) return first
  const second = sum(SECOND_WEIGHTS)
  return second === 10 ? null : second
}

/** Spaces and dashes people type are ignored. */
export function parseIin(input: string): IinResult {
  const iin = input.replace(/[\s-]/g, '')
  if (!/^\d{12}$/.test(iin)) return { ok: false, error: 'format' }
  const digits = [...iin].map(Number)
  const centuryDigit = digits[6] ?? 0
  const century = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 }[centuryDigit]
  if (!century) return { ok: false, error: 'centuryDigit' }
  const year = century + Number(iin.slice(0, 2))
  const month = Number(iin.slice(2, 4))
  const day = Number(iin.slice(4, 6))
  const birthDate = new Date(Date.UTC(year, month - 1, day))
  if (month < 1 || month > 12 || birthDate.getUTCMonth() !== month - 1 || birthDate.getUTCDate() !== day) return { ok: false, error: 'birthDate' }
  const check = iinCheckDigit(digits.slice(0, 11))
  if (check === null) return { ok: false, error: 'neverIssued' }
  if (check !== digits[11]) return { ok: false, error: 'checkDigit' }
  return { ok: true, iin, facts: { birthDate, sex: centuryDigit % 2 === 1 ? 'male' : 'female' } }
}

/** Age in whole years on a day (e.g. election day), by calendar dates in UTC. */
export function ageOn(birthDate: Date, day: Date): number {
  let age = day.getUTCFullYear() - birthDate.getUTCFullYear()
  const beforeBirthday = day.getUTCMonth() < birthDate.getUTCMonth() || (day.getUTCMonth() === birthDate.getUTCMonth() && day.getUTCDate() < birthDate.getUTCDate())
  if (beforeBirthday) age--
  return age
}

/** What a form can fill in from a typed IIN: the birth date as yyyy-mm-dd and the sex; null until it is valid. */
export function iinFormFacts(value: string): { birthDate: string; sex: 'male' | 'female' } | null {
  const iin = parseIin(value)
  return iin.ok ? { birthDate: iin.facts.birthDate.toISOString().slice(0, 10), sex: iin.facts.sex } : null
}
