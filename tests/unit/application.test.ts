import { describe, expect, it } from 'vitest'
import { applicationSchema, normaliseKazakhPhone, type ApplicationContext } from '~/domain/validation/application.ts'

const context: ApplicationContext = {
  electionDay: new Date('2027-03-21T00:00:00Z'),
  applicationDeadline: new Date('2027-02-20T23:59:59Z'),
  minimumAge: 18,
  declarations: ['not-commission-member', 'not-candidate'],
  now: new Date('2027-01-10T10:00:00Z'),
}

const valid = {
  fullName: 'Ерлан Асқарұлы',
  iin: '900515300424',
  birthDate: '1990-05-15',
  phone: '8 701 234 56 78',
  email: 'erlan@example.org',
  regionCode: 'KZ-75',
  settlement: 'Алматы, Бостандыкский район',
  languages: ['kk', 'ru'],
  availability: ['opening', 'voting', 'counting'],
  experience: 'none',
  declarations: ['not-commission-member', 'not-candidate'],
  consent: 'on',
}

function issues(input: Record<string, unknown>, ctx = context) {
  const result = applicationSchema(ctx).safeParse(input)
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))
}

describe('phones', () => {
  it.each([
    ['+7 701 234 56 78', '+77012345678'],
    ['8 701 234 56 78', '+77012345678'],
    ['8(701)234-56-78', '+77012345678'],
    ['+77472223344', '+77472223344'],
  ])('%s → %s', (input, e164) => {
    expect(normaliseKazakhPhone(input)).toBe(e164)
  })
  it.each(['+7 916 123 45 67', '12345', '+1 202 555 0100', ''])('refuses %j (not a Kazakh mobile number)', (input) => {
    expect(normaliseKazakhPhone(input)).toBeNull()
  })
})

describe('an application', () => {
  it('accepts a valid one, normalising the phone and deriving sex from the IIN', () => {
    const parsed = applicationSchema(context).parse(valid)
    expect(parsed).toMatchObject({ phone: '+77012345678', sex: 'male', iin: '900515300424' })
  })
  it.each([
    [{ iin: '900515300425' }, 'iin', 'validation.iin.checkDigit'],
    [{ iin: '9005153004' }, 'iin', 'validation.iin.format'],
    [{ birthDate: '1990-05-16' }, 'birthDate', 'validation.iin.birthDateMismatch'],
    [{ phone: '+7 916 123 45 67' }, 'phone', 'validation.phone'],
    [{ languages: [] }, 'languages', 'validation.languages'],
    // Keyed by the field (where the form shows it), not by the item: `languages.0` has no place on the page.
    [{ availability: ['lunch'] }, 'availability', 'validation.invalid'],
    [{ languages: ['xx'] }, 'languages', 'validation.invalid'],
    [{ languages: ['kk', 'xx'] }, 'languages', 'validation.invalid'],
    [{ fullName: 'Иван\nBcc: x@evil.example' }, 'fullName', 'validation.singleLine'],
    [{ fullName: '\u0301' }, 'fullName', 'validation.nameLetters'],
    [{ declarations: ['not-candidate'] }, 'declarations', 'validation.declarations'],
    [{ consent: undefined }, 'consent', 'validation.consent'],
    [{ pollingStation: 'twelve' }, 'pollingStation', 'validation.pollingStation'],
    [{ regionCode: 'Almaty' }, 'regionCode', 'validation.region'],
    // The radio group left unchosen: "choose one", not "check the value".
    [{ experience: undefined }, 'experience', 'validation.experience'],
    [{ experience: 'lots' }, 'experience', 'validation.experience'],
  ])('refuses %j with %s → %s', (patch, path, message) => {
    expect(issues({ ...valid, ...patch })[path]).toBe(message)
  })
  it('needs the minimum age on election day, not on the day of applying', () => {
    // Born 21 March 2009: 17 when applying, 18 on election day 21 March 2027.
    const young = { ...valid, iin: '', birthDate: '2009-03-21' }
    const first11 = '09032150001'
    const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    const check = [...first11].reduce((a, d, i) => a + Number(d) * (weights[i] ?? 0), 0) % 11
    expect(check).not.toBe(10)
    young.iin = `${first11}${check}`
    expect(issues(young)).toEqual({})
    expect(issues(young, { ...context, electionDay: new Date('2027-03-20T00:00:00Z') }).birthDate).toBe('validation.tooYoung')
  })
  it('is refused after the deadline', () => {
    expect(issues(valid, { ...context, now: new Date('2027-02-21T00:00:00Z') })['']).toBe('application.deadlinePassed')
  })
})

describe('every mistake at once', () => {
  it('reports a wrong IIN check digit, a bad phone, a missing declaration, a missing consent and an unknown NGO together', () => {
    const { consent: _consent, ...withoutConsent } = valid
    expect(issues({ ...withoutConsent, ngo: 'nope', iin: '900515300425', phone: '12', declarations: ['not-candidate'] }, { ...context, ngoSlugs: ['dala-watch'] })).toEqual({
      ngo: 'validation.ngo',
      iin: 'validation.iin.checkDigit',
      phone: 'validation.phone',
      declarations: 'validation.declarations',
      consent: 'validation.consent',
    })
  })

  it('lets a lead add a paper application after the deadline, but not a volunteer', () => {
    const late = { ...context, now: new Date('2027-03-01T00:00:00Z') }
    expect(issues(valid, late)).toEqual({ '': 'application.deadlinePassed' })
    expect(issues(valid, { ...late, ignoreDeadline: true })).toEqual({})
  })
})
