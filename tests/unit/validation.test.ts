import { describe, expect, it } from 'vitest'
import { changePasswordSchema, loginSchema, profileSchema, resetPasswordSchema, signupSchema } from '~/domain/validation/auth.ts'
import { adminFlagSchema, assignMemberSchema, campaignSchema, ngoSchema } from '~/domain/validation/admin.ts'
import { apiTokenNameSchema } from '~/domain/api-tokens.ts'
import { draftSchema, MAX_SOURCE_BYTES, sourceTooLong } from '~/domain/studio/files.ts'
import { dateField, idField, lineText, optionalLine, optionalText, personName, requiredText } from '~/domain/validation/fields.ts'
import { sessionSchema } from '~/domain/live-sessions.ts'
import { templateFormSchema } from '~/domain/export-templates.ts'
import { bulkSchema, noteSchema, renameSchema } from '~/domain/validation/recruitment.ts'

function errorsOf(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))
}

describe('signupSchema', () => {
  const valid = { name: ' Дана Ерікқызы ', email: ' Dana@Example.ORG ', locale: 'kk' }

  it('accepts a valid sign-up and normalises name and email', () => {
    const result = signupSchema.parse(valid)
    expect(result.name).toBe('Дана Ерікқызы')
    expect(result.email).toBe('dana@example.org')
    expect(result.locale).toBe('kk')
  })

  it('asks no password (it is chosen on the page the emailed link opens) and keeps none that is posted', () => {
    const result = signupSchema.parse({ ...valid, password: 'correct horse', confirmPassword: 'other' })
    expect(Object.keys(result).sort()).toEqual(['email', 'locale', 'name'])
  })

  it.each([
    [{ email: 'not-an-email' }, 'email', 'validation.email'],
    [{ locale: 'de' }, 'locale', 'validation.locale'],
    [{ name: '   ' }, 'name', 'validation.required'],
    [{ name: 'x'.repeat(121) }, 'name', 'validation.tooLong'],
    [{ email: undefined }, 'email', 'validation.required'],
  ])('refuses %j with %s → %s', (patch, path, message) => {
    expect(errorsOf(signupSchema.safeParse({ ...valid, ...patch }))[path]).toBe(message)
  })
})

describe('login, password change and reset schemas', () => {
  it('login needs an email and a password', () => {
    expect(errorsOf(loginSchema.safeParse({ email: 'a@b.kz' })).password).toBe('validation.required')
    expect(loginSchema.safeParse({ email: 'a@b.kz', password: 'x' }).success).toBe(true)
  })
  it('a new password must match its confirmation', () => {
    const base = { intent: 'password', currentPassword: 'old', newPassword: 'new password 1', confirmPassword: 'new password 2' }
    expect(errorsOf(changePasswordSchema.safeParse(base)).confirmPassword).toBe('validation.passwordMismatch')
    expect(changePasswordSchema.safeParse({ ...base, confirmPassword: base.newPassword }).success).toBe(true)
  })
  it('reset needs a token', () => {
    expect(resetPasswordSchema.safeParse({ password: 'long enough pw', confirmPassword: 'long enough pw' }).success).toBe(false)
  })
})

describe('dateField', () => {
  it('keeps a calendar date as UTC midnight', () => {
    expect(dateField.parse('2027-03-21').toISOString()).toBe('2027-03-21T00:00:00.000Z')
  })
  it.each(['2027-02-30', '2027-13-01', '21.03.2027', '', '2027-3-1'])('refuses %j', (value) => {
    expect(dateField.safeParse(value).success).toBe(false)
  })
})

describe('campaignSchema', () => {
  const valid = { slug: 'kurultai-2027', nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay: '2027-03-21', applicationDeadline: '2027-02-20', minimumAge: '18' }
  it('accepts a valid campaign and coerces the age', () => {
    expect(campaignSchema.parse(valid).minimumAge).toBe(18)
  })
  it('refuses a deadline after election day', () => {
    expect(errorsOf(campaignSchema.safeParse({ ...valid, applicationDeadline: '2027-03-22' })).applicationDeadline).toBe('validation.deadlineAfterElection')
  })
  it.each([
    [{ kind: 'LOCAL' }, 'kind', 'validation.campaignKind'],
    [{ minimumAge: '17' }, 'minimumAge', 'validation.minimumAge'],
    [{ minimumAge: 'abc' }, 'minimumAge', 'validation.number'],
    [{ slug: 'Выборы' }, 'slug', 'validation.slug'],
    [{ slug: 'a--b' }, 'slug', 'validation.slug'],
    [{ nameKk: '' }, 'nameKk', 'validation.required'],
    [{ electionDay: '1900-01-01', applicationDeadline: '1899-01-01' }, 'electionDay', 'validation.dateRange'],
    [{ electionDay: '2100-01-01' }, 'electionDay', 'validation.dateRange'],
    [{ applicationDeadline: '1999-12-31' }, 'applicationDeadline', 'validation.dateRange'],
    [{ nameRu: 'Выборы\nв маслихат' }, 'nameRu', 'validation.singleLine'],
    [{ requiredCourses: ['observer-basics', 'Не курс'] }, 'requiredCourses', 'validation.course'],
    [{ declarations: ['unknown-declaration'] }, 'declarations', 'validation.invalid'],
  ])('refuses %j', (patch, path, message) => {
    expect(errorsOf(campaignSchema.safeParse({ ...valid, ...patch }))[path]).toBe(message)
  })
})

describe('ngoSchema', () => {
  const valid = { name: 'Dala Civic Watch', slug: 'dala-watch', regions: ['KZ-75', 'KZ-19'] }
  it('accepts the minimum and leaves optional fields undefined', () => {
    const ngo = ngoSchema.parse(valid)
    expect(ngo.regions).toEqual(['KZ-75', 'KZ-19'])
    expect(ngo.website).toBeUndefined()
    expect(ngo.description).toBeUndefined()
  })
  it.each([
    [{ website: 'ftp://x.kz' }, 'website', 'validation.url'],
    [{ website: 'javascript:alert(1)' }, 'website', 'validation.url'],
    [{ contactPhone: 'call me' }, 'contactPhone', 'validation.phone'],
    [{ contactEmail: 'nope' }, 'contactEmail', 'validation.email'],
    [{ regions: ['Almaty'] }, 'regions', 'validation.region'],
    [{ regions: ['KZ-75', 'KZ-1'] }, 'regions', 'validation.region'],
    [{ name: 'Dala\nCivic Watch' }, 'name', 'validation.singleLine'],
    [{ accreditationIssuer: 'ЦИК\u2028РК' }, 'accreditationIssuer', 'validation.singleLine'],
    [{ accreditationNumber: '12\r34' }, 'accreditationNumber', 'validation.singleLine'],
    [{ accreditedFrom: '2026-06-01', accreditedUntil: '2026-05-01' }, 'accreditedUntil', 'validation.accreditationDates'],
  ])('refuses %j', (patch, path, message) => {
    expect(errorsOf(ngoSchema.safeParse({ ...valid, ...patch }))[path]).toBe(message)
  })
})

describe('text on one line: titles, names of organisations and campaigns, settlements', () => {
  it.each([
    ['a line feed', 'Алматы\nBcc: x@evil.example'],
    ['a carriage return', 'Алматы\r'.concat('x')],
    ['a tab', 'Алматы\tx'],
    ['a line separator', 'Алматы\u2028x'],
    ['a zero-width space', 'Алма\u200Bты'],
  ])('refuses %s', (_name, value) => {
    expect(errorsOf(lineText().safeParse(value))).toEqual({ '': 'validation.singleLine' })
    expect(errorsOf(optionalLine().safeParse(value))).toEqual({ '': 'validation.singleLine' })
  })

  it('says one thing a mistake and keeps what is fine', () => {
    expect(errorsOf(lineText().safeParse('Алматы\u0000'))).toEqual({ '': 'validation.controlCharacters' })
    expect(errorsOf(lineText().safeParse('  '))).toEqual({ '': 'validation.required' })
    expect(lineText().parse('  Қонаев қаласы  ')).toBe('Қонаев қаласы')
    expect(optionalLine().parse('')).toBeUndefined()
    expect(optionalLine().parse(' ЦИК РК ')).toBe('ЦИК РК')
  })

  it('applies to a live session’s titles and an export template’s name and headers', () => {
    const session = { format: 'ONLINE', titleRu: 'Вебинар', titleKk: 'Вебинар', titleEn: 'Webinar', date: '2027-01-10', startTime: '10:00', endTime: '11:00', meetingUrl: 'https://meet.example.org/x', capacity: '50', campaigns: ['c1'] }
    expect(sessionSchema.safeParse(session).success).toBe(true)
    expect(errorsOf(sessionSchema.safeParse({ ...session, titleKk: 'Вебинар\nекінші' })).titleKk).toBe('validation.singleLine')
    expect(errorsOf(sessionSchema.safeParse({ ...session, courses: ['observer-basics', 'Не курс'] })).courses).toBe('validation.course')
    expect(errorsOf(sessionSchema.safeParse({ ...session, campaigns: ['c1', 'bad id!'] })).campaigns).toBe('live.errors.campaigns')
    expect(errorsOf(templateFormSchema.safeParse({ name: 'ЦИК\nформа', col: { fullName: { include: 'on', position: '1' } } })).name).toBe('validation.singleLine')
    expect(errorsOf(templateFormSchema.safeParse({ name: 'ЦИК', col: { fullName: { include: 'on', position: '1', ru: 'ФИО\nнаблюдателя' } } }))['col.fullName.ru']).toBe('validation.singleLine')
    expect(errorsOf(apiTokenNameSchema.safeParse({ name: 'Табель\nдва' })).name).toBe('validation.singleLine')
  })
})

describe('the recruit list’s bulk action', () => {
  const bulk = (ids: unknown) => errorsOf(bulkSchema.safeParse({ intent: 'bulk', action: 'screening', ids }))
  it('keys every mistake of the ticked rows by the list the form shows', () => {
    expect(bulk(undefined)).toEqual({ ids: 'recruits.bulk.noneSelected' })
    expect(bulk([])).toEqual({ ids: 'recruits.bulk.noneSelected' })
    expect(bulk(['app1', 'not an id'])).toEqual({ ids: 'validation.invalid' })
    expect(bulk(Array.from({ length: 501 }, (_, i) => `app${i}`))).toEqual({ ids: 'recruits.bulk.tooMany' })
    expect(bulk(['app1', 'app2'])).toEqual({})
  })
})

describe('member and admin flag schemas', () => {
  it('a role must be LEAD or TRAINER', () => {
    expect(errorsOf(assignMemberSchema.safeParse({ intent: 'assign', email: 'a@b.kz', role: 'OWNER' })).role).toBe('validation.role')
    expect(assignMemberSchema.parse({ intent: 'assign', email: 'A@B.kz', role: 'LEAD' }).email).toBe('a@b.kz')
  })
  it('the admin flag is a strict true/false', () => {
    expect(adminFlagSchema.parse({ userId: 'u1', isAdmin: 'true' }).isAdmin).toBe(true)
    expect(adminFlagSchema.safeParse({ userId: 'u1', isAdmin: 'yes' }).success).toBe(false)
  })
})

describe('typed text refuses hidden characters', () => {
  it.each([
    ['NUL', 'Иван\u0000'],
    ['bell', 'a\u0007b'],
    ['escape', '\u001b[31mred'],
    ['DEL', 'a\u007f'],
    ['right-to-left override', 'Иван\u202eвонаи'],
    ['left-to-right isolate', 'a\u2066b'],
  ])('%s', (_name, value) => {
    for (const schema of [requiredText(), optionalText()]) expect(errorsOf(schema.safeParse(value))).toEqual({ '': 'validation.controlCharacters' })
    expect(errorsOf(noteSchema.safeParse({ intent: 'note', body: value }))).toEqual({ body: 'validation.controlCharacters' })
    expect(apiTokenNameSchema.safeParse({ name: value }).success).toBe(false)
  })

  it('keeps tabs, line breaks and every script', () => {
    expect(requiredText(100).parse('Строка\r\nҚазақша\tEnglish')).toBe('Строка\r\nҚазақша\tEnglish')
    expect(noteSchema.parse({ intent: 'note', body: 'Первая строка\nвторая' }).body).toBe('Первая строка\nвторая')
  })
})

describe('a person’s name is one line with a letter', () => {
  it.each([
    ['a line feed', 'Пробный\nBcc: x@evil.example'],
    ['a carriage return', 'Пробный\rBcc: x@evil.example'],
    ['a tab', 'Иван\tИванов'],
    ['a next line (C1)', 'Иван\u0085Иванов'],
    ['a line separator', 'Иван\u2028Иванов'],
    ['a paragraph separator', 'Иван\u2029Иванов'],
    ['a byte-order mark', 'Иван\uFEFFИванов'],
    ['only a zero-width space', '\u200B'],
    ['a word joiner', 'Иван\u2060'],
  ])('refuses %s', (_name, value) => {
    expect(errorsOf(personName().safeParse(value))).toEqual({ '': 'validation.singleLine' })
    expect(errorsOf(profileSchema.safeParse({ intent: 'profile', name: value, locale: 'ru' }))).toEqual({ name: 'validation.singleLine' })
    expect(errorsOf(renameSchema.safeParse({ intent: 'rename', fullName: value }))).toEqual({ fullName: 'validation.singleLine' })
  })

  it.each([
    ['a combining accent alone', '\u0301'],
    ['digits and punctuation', '123 - .'],
    ['an emoji', '🙂'],
  ])('refuses %s: no letter', (_name, value) => {
    expect(errorsOf(personName().safeParse(value))).toEqual({ '': 'validation.nameLetters' })
    expect(errorsOf(signupSchema.safeParse({ name: value, email: 'a@b.kz', locale: 'kk' }))).toEqual({ name: 'validation.nameLetters' })
  })

  it.each([
    ['a web address', 'Вы выиграли приз: http://evil.example/win'],
    ['a bare domain', 'Приз на evil.example'],
    ['www', 'Иван www.example'],
    ['an email address', 'Иван ivan@example.org'],
    ['a Cyrillic domain', 'Айгерим пример.рф'],
  ])('refuses %s in a name, which the emails greet the person by', (_name, value) => {
    expect(errorsOf(personName().safeParse(value))).toEqual({ '': 'validation.nameAddress' })
    expect(errorsOf(signupSchema.safeParse({ name: value, email: 'victim@example.net', locale: 'ru' }))).toEqual({ name: 'validation.nameAddress' })
  })

  it('says one thing a mistake: empty is required, a NUL is a control character', () => {
    expect(errorsOf(personName().safeParse(' '))).toEqual({ '': 'validation.required' })
    expect(errorsOf(personName().safeParse('Иван\u0000'))).toEqual({ '': 'validation.controlCharacters' })
    expect(errorsOf(personName(5).safeParse('Иванов'))).toEqual({ '': 'validation.tooLong' })
  })

  it('keeps every script, accents, apostrophes, hyphens and initials', () => {
    for (const name of ['Әлия Қасымқызы', 'Иван Петров-Водкин', 'José', 'e\u0301', "O'Brien", 'А. Б.', 'Ли 李', 'J.R.R. Tolkien', 'Иванов А.Б.', 'Dr. Ahmetov', 'Иван Петров (мл.)']) expect(personName().parse(` ${name} `)).toBe(name)
  })
})

describe('studio draft limit', () => {
  const path = 'lessons/01-first.ru.mdx'
  it('counts bytes, not letters', () => {
    expect(draftSchema.safeParse({ path, source: 'a'.repeat(MAX_SOURCE_BYTES) }).success).toBe(true)
    expect(errorsOf(draftSchema.safeParse({ path, source: 'я'.repeat(MAX_SOURCE_BYTES / 2 + 1) }))).toEqual({ source: 'studio.errors.tooLong' })
  })
  it('is the same rule the editor checks before sending, at each boundary', () => {
    const cases: Array<[string, boolean]> = [
      ['a'.repeat(MAX_SOURCE_BYTES), false],
      ['a'.repeat(MAX_SOURCE_BYTES + 1), true],
      ['я'.repeat(MAX_SOURCE_BYTES / 2), false],
      ['я'.repeat(MAX_SOURCE_BYTES / 2) + 'a', true],
      // Three bytes a letter: under the character count, over the bytes.
      ['€'.repeat(Math.floor(MAX_SOURCE_BYTES / 3)), false],
      ['€'.repeat(Math.floor(MAX_SOURCE_BYTES / 3) + 1), true],
      // An emoji is two UTF-16 units and four bytes.
      ['😀'.repeat(MAX_SOURCE_BYTES / 4), false],
      ['😀'.repeat(MAX_SOURCE_BYTES / 4) + 'a', true],
    ]
    for (const [source, over] of cases) {
      expect(sourceTooLong(source)).toBe(over)
      expect(draftSchema.safeParse({ path, source }).success).toBe(!over)
    }
  })
  it('refuses a missing source and hidden characters', () => {
    expect(errorsOf(draftSchema.safeParse({ path, source: undefined }))).toEqual({ source: 'validation.invalid' })
    expect(errorsOf(draftSchema.safeParse({ path, source: '# Урок\u0000' }))).toEqual({ source: 'validation.controlCharacters' })
  })
})

describe('idField', () => {
  it('takes record ids and refuses anything a query should not see', () => {
    expect(idField.parse('cmx77tb8x0000pb7de5blgvgw')).toBe('cmx77tb8x0000pb7de5blgvgw')
    for (const bad of ['', 'a\u0000', 'a b', 'x'.repeat(61), "1' OR '1'='1", 'Тест']) expect(idField.safeParse(bad).success).toBe(false)
  })
})
