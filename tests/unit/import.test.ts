/** Importing a volunteer list: headers, cells, rows and files, without a database. */
import { parseWithZod } from '@conform-to/zod/v4'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { iinCheckDigit } from '~/domain/iin.ts'
import { cleanCell, cleanText, dateCandidates, foldText, readAvailability, readBirthDate, readExperience, readIinCell, readLanguages, readPollingStation, regionLookup } from '~/domain/import-cells.ts'
import { buildTable, columnLetter, countCellValues, decodeText, IMPORT_LIMITS, isWorksheetEntry, sniffDelimiter, sniffFileKind, zipUnpackedSize, type ImportRow } from '~/domain/import-file.ts'
import { classifyRows, countOutcomes, forReview, guessColumns, guessMapping, importUploadSchema, mappingSamples, mappingSchema, maskSample, pageOf, readStoredMapping, rowOutcomes, rowReader, sensitiveColumns, templateFields, type ImportMapping, type KnownApplication, type RowRead } from '~/domain/import.ts'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { regions } from '../../prisma/data/regions.ts'

/** A valid IIN from its first 11 digits (null when that prefix can never be issued). */
function iinFrom(first11: string): string | null {
  const check = iinCheckDigit([...first11].map(Number))
  return check === null ? null : `${first11}${check}`
}
const IIN = '900515300424'
const IIN_2 = '900515300908'
const IIN_2005 = iinFrom('05051550012') ?? ''
const lookup = regionLookup(regions)

describe('cells', () => {
  it('folds text for matching: case, Kazakh letters, punctuation', () => {
    expect(foldText('  Шығыс Қазақстан  облысы! ')).toBe('шыгыс казакстан облысы')
    expect(foldText('Населённый пункт')).toBe('населенныи пункт')
    expect(cleanCell(' a \u00a0 b\t')).toBe('a b')
    expect(cleanText(' Хочу  честных\r\n\r\n\r\n выборов ')).toBe('Хочу честных\n\nвыборов')
  })

  it('reads IINs as spreadsheets mangle them', () => {
    expect(readIinCell('900515 300-424')).toBe(IIN)
    expect(readIinCell(IIN_2005.replace(/^0/, ''))).toBe(IIN_2005)
    expect(readIinCell('900515300424.0')).toBe(IIN)
    expect(readIinCell('12345')).toBe('12345')
  })

  it.each([
    ['1990-05-17', ['1990-05-17']],
    ['1990-05-17T00:00:00.000Z', ['1990-05-17']],
    ['17.05.1990', ['1990-05-17']],
    ['17/05/1990', ['1990-05-17']],
    ['05/17/1990', ['1990-05-17']],
    ['3.4.1990', ['1990-04-03', '1990-03-04']],
    ['17.05.90', ['1990-05-17', '2090-05-17']],
    ['33008', ['1990-05-15']],
    ['31.02.1990', []],
    ['someday', []],
    ['', []],
  ])('reads the date %j', (cell, expected) => {
    expect(dateCandidates(cell)).toEqual(expected)
  })

  it('takes the birth date from the IIN when the cell is empty, and lets the IIN settle an ambiguous date', () => {
    expect(readBirthDate('', IIN)).toEqual({ ok: true, date: '1990-05-15', fromIin: true })
    expect(readBirthDate('', '123')).toEqual({ ok: false })
    const may3 = iinFrom('90050330012') ?? ''
    expect(readBirthDate('05/03/1990', may3)).toEqual({ ok: true, date: '1990-05-03', fromIin: false })
    expect(readBirthDate('05/03/1990', IIN)).toEqual({ ok: true, date: '1990-03-05', fromIin: false })
    expect(readBirthDate('nonsense', IIN)).toEqual({ ok: false })
  })

  it.each([
    ['kk, ru', ['kk', 'ru']],
    ['ru/kk', ['kk', 'ru']],
    ['каз, рус', ['kk', 'ru']],
    ['қазақша', ['kk']],
    ['Казахский (родной) и русский', ['kk', 'ru']],
    ['орысша, ағылшынша', ['ru', 'en']],
    ['Russian; English', ['ru', 'en']],
    ['KZ RU EN', ['kk', 'ru', 'en']],
  ])('reads the languages %j', (cell, expected) => {
    expect(readLanguages(cell)).toEqual({ ok: true, values: expected })
  })

  it('reports a languages cell that names no known language', () => {
    expect(readLanguages('французский')).toEqual({ ok: false })
  })

  it.each([
    ['весь день', ['opening', 'voting', 'counting']],
    ['All', ['opening', 'voting', 'counting']],
    ['толық күн', ['opening', 'voting', 'counting']],
    ['открытие, подсчёт', ['opening', 'counting']],
    ['Voting and counting', ['voting', 'counting']],
    ['ашылу; дауыс беру; санау', ['opening', 'voting', 'counting']],
    ['утро', ['opening']],
    ['opening/voting/counting', ['opening', 'voting', 'counting']],
  ])('reads the availability %j', (cell, expected) => {
    expect(readAvailability(cell)).toEqual({ ok: true, values: expected })
  })

  it.each([
    ['нет', 'none'],
    ['Жоқ', 'none'],
    ['no', 'none'],
    ['0', 'none'],
    ['не было', 'none'],
    ['1', 'once'],
    ['один раз', 'once'],
    ['бір рет', 'once'],
    ['да', 'once'],
    ['once', 'once'],
    ['3 раза', 'several'],
    ['несколько раз', 'several'],
    ['бірнеше рет', 'several'],
    ['several', 'several'],
    ['maybe', null],
  ])('reads the experience %j', (cell, expected) => {
    expect(readExperience(cell)).toBe(expected)
  })

  it.each([
    ['№ 123', '123'],
    ['УИК 0045', '45'],
    ['участок №7', '7'],
    ['45', '45'],
    ['12-13', null],
    ['none', null],
    ['1234567', null],
  ])('reads the polling station %j', (cell, expected) => {
    expect(readPollingStation(cell)).toBe(expected)
  })

  it.each([
    ['KZ-75', 'KZ-75'],
    ['kz75', 'KZ-75'],
    ['Алматы', 'KZ-75'],
    ['г. Алматы', 'KZ-75'],
    ['Алматы қаласы', 'KZ-75'],
    ['almaty', 'KZ-75'],
    ['Almaty city', 'KZ-75'],
    ['Алматы облысы', 'KZ-19'],
    ['Алматинская область', 'KZ-19'],
    ['алматинская обл.', 'KZ-19'],
    ['Almaty Region', 'KZ-19'],
    ['ВКО', 'KZ-63'],
    ['Восточно-Казахстанская обл.', 'KZ-63'],
    ['Шыгыс Казакстан облысы', 'KZ-63'],
    ['East Kazakhstan', 'KZ-63'],
    ['область Абай', 'KZ-10'],
    ['Абай', 'KZ-10'],
    ['Abai Region', 'KZ-10'],
    ['  АСТАНА ', 'KZ-71'],
    ['Нур-Султан', 'KZ-71'],
    ['Ұлытау облысы', 'KZ-62'],
    ['Жетісу', 'KZ-33'],
    ['Шымкент', 'KZ-79'],
    ['Mars', null],
    ['KZ-99', null],
    ['', null],
  ])('finds the region %j', (cell, expected) => {
    expect(lookup(cell)).toBe(expected)
  })
})

describe('guessing the columns', () => {
  it('reads Russian headers', () => {
    expect(guessColumns(['№', 'ФИО', 'ИИН', 'Дата рождения', 'Телефон', 'Эл. почта', 'Область', 'Населённый пункт', 'Участок', 'Языки', 'Когда может', 'Опыт', 'Комментарий'])).toEqual({
      fullName: 1, iin: 2, birthDate: 3, phone: 4, email: 5, region: 6, settlement: 7, pollingStation: 8, languages: 9, availability: 10, experience: 11,
    })
  })

  it('reads Kazakh headers', () => {
    expect(guessColumns(['Аты-жөні', 'ЖСН', 'Туған күні', 'Ұялы телефон', 'Электрондық пошта', 'Облыс', 'Елді мекен', 'Тілдер', 'Тәжірибе'])).toEqual({
      fullName: 0, iin: 1, birthDate: 2, phone: 3, email: 4, region: 5, settlement: 6, languages: 7, experience: 8,
    })
  })

  it('reads English headers, in any case and with extra words', () => {
    expect(guessColumns(['FULL NAME', 'IIN (12 digits)', 'Mobile phone', 'E-mail address', 'Region', 'City', 'Polling station no.', 'Languages spoken', 'Availability', 'Experience', 'Why observe?'])).toEqual({
      fullName: 0, iin: 1, phone: 2, email: 3, region: 4, settlement: 5, pollingStation: 6, languages: 7, availability: 8, experience: 9, motivation: 10,
    })
  })

  it('proposes surname, name and patronymic columns when there is no full-name column', () => {
    expect(guessColumns(['Фамилия', 'Имя', 'Отчество', 'ИИН'])).toEqual({ lastName: 0, firstName: 1, middleName: 2, iin: 3 })
    expect(guessColumns(['ФИО', 'Фамилия', 'ИИН'])).toEqual({ fullName: 0, iin: 2 })
  })

  it('uses a column once and the first of two look-alikes', () => {
    expect(guessColumns(['Телефон', 'Телефон 2', '', 'xyz'])).toEqual({ phone: 0 })
    expect(guessColumns([])).toEqual({})
  })

  it.each([
    ['ru', ru],
    ['kk', kk],
    ['en', en],
  ] as const)('recognises every column of the %s template', (_lng, resources) => {
    const template = (resources as unknown as { imports: { template: Record<string, string> } }).imports.template
    const headers = templateFields.map((f) => template[f] ?? '')
    expect(guessColumns(headers)).toEqual(Object.fromEntries(templateFields.map((f, i) => [f, i])))
  })
})

describe('checking the mapping', () => {
  const complete: ImportMapping = { columns: { fullName: 0, iin: 1, phone: 2, email: 3, region: 4, settlement: 5 }, defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } }

  it('accepts a complete mapping', () => {
    expect(mappingSchema(6).safeParse(complete).success).toBe(true)
  })

  it('names each missing required column, a name, a column used twice and missing defaults', () => {
    const result = mappingSchema(6).safeParse({ columns: { iin: 1, phone: 1, region: 9 }, defaults: { languages: [], availability: [] } })
    expect(result.success).toBe(false)
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`) ?? []
    expect(issues).toEqual(
      expect.arrayContaining([
        'columns.region:imports.mapping.badColumn',
      ]),
    )
    const refined = mappingSchema(6).safeParse({ columns: { iin: 1, phone: 1, region: 2 }, defaults: { languages: [], availability: [] } })
    expect(refined.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
      'columns.email:imports.mapping.required',
      'columns.settlement:imports.mapping.required',
      'columns.fullName:imports.mapping.nameRequired',
      'columns.phone:imports.mapping.columnTwice',
      'defaults.languages:imports.mapping.defaultLanguages',
      'defaults.availability:imports.mapping.defaultAvailability',
      'defaults.experience:imports.mapping.defaultExperience',
    ])
  })

  it('accepts surname and first name instead of a full name', () => {
    expect(mappingSchema(7).safeParse({ ...complete, columns: { ...complete.columns, fullName: undefined, lastName: 0, firstName: 6 } }).success).toBe(true)
  })

  it('reads the mapping form (empty selects are unmapped columns)', () => {
    const form = new FormData()
    for (const [field, value] of Object.entries({ fullName: '0', iin: '1', phone: '2', email: '3', region: '4', settlement: '5', pollingStation: '' })) form.set(`columns.${field}`, value)
    form.append('defaults.languages', 'kk')
    form.append('defaults.languages', 'ru')
    form.append('defaults.availability', 'voting')
    form.set('defaults.experience', 'once')
    const submission = parseWithZod(form, { schema: mappingSchema(6) })
    expect(submission.status).toBe('success')
    if (submission.status === 'success') expect(submission.value).toEqual({ columns: { fullName: 0, iin: 1, phone: 2, email: 3, region: 4, settlement: 5 }, defaults: { languages: ['kk', 'ru'], availability: ['voting'], experience: 'once' } })
  })

  it('asks for a file when none was chosen (the browser sends a nameless empty one), not "the file is empty"', () => {
    const upload = (file: File) => {
      const form = new FormData()
      form.set('file', file)
      form.set('consent', 'on')
      return parseWithZod(form, { schema: importUploadSchema })
    }
    const none = upload(new File([], '', { type: 'application/octet-stream' }))
    expect(none.status === 'error' ? none.error?.file : none.status).toEqual(['imports.upload.fileRequired'])
    // A chosen file that is empty passes here: reading it says it is empty.
    expect(upload(new File([], 'volunteers.csv', { type: 'text/csv' })).status).toBe('success')
  })

  it('reads a stored mapping back, and ignores a broken one', () => {
    expect(readStoredMapping(JSON.stringify(complete), 6)).toEqual(complete)
    expect(readStoredMapping(JSON.stringify(complete), 3)).toBeNull()
    expect(readStoredMapping('{nope', 6)).toBeNull()
    expect(readStoredMapping(null, 6)).toBeNull()
  })

  it('guesses no defaults: the lead chooses languages, availability and experience', () => {
    expect(guessMapping(['ФИО']).defaults).toEqual({ languages: [], availability: [] })
  })
})

const headers = ['ФИО', 'ИИН', 'Дата рождения', 'Телефон', 'Email', 'Регион', 'Город', 'Участок', 'Языки', 'Когда может', 'Опыт']
const mapping: ImportMapping = { columns: guessColumns(headers), defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } }
const context = { electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2027-02-20T00:00:00Z'), minimumAge: 18, declarations: ['notCandidate'], now: new Date('2027-06-01T00:00:00Z') }
const read = rowReader(mapping, context, lookup)
const good = ['Ерлан Асқарұлы', IIN, '', '8 701 234 56 78', 'Erlan@Example.org', 'Алматы', 'Алматы', '№ 12', 'каз, рус', 'весь день', 'нет']
const row = (n: number, cells: string[]): ImportRow => ({ n, cells })
const withCell = (index: number, value: string) => good.map((c, i) => (i === index ? value : c))
const errorsOf = (r: RowRead) => r.errors.map((e) => `${e.field ?? ''}:${e.key}`)

describe('reading a row', () => {
  it('turns a good row into the same input the form would give, after the deadline, with consent and declarations from the lead', () => {
    const result = read(row(2, good))
    expect(result.errors).toEqual([])
    expect(result.input).toMatchObject({
      fullName: 'Ерлан Асқарұлы', iin: IIN, birthDate: '1990-05-15', sex: 'male', phone: '+77012345678', email: 'erlan@example.org', regionCode: 'KZ-75', settlement: 'Алматы',
      pollingStation: '12', languages: ['kk', 'ru'], availability: ['opening', 'voting', 'counting'], experience: 'none', declarations: ['notCandidate'],
    })
    expect(result.input).not.toHaveProperty('consent')
    expect(result).toMatchObject({ row: 2, name: 'Ерлан Асқарұлы', iin: IIN, email: 'erlan@example.org' })
  })

  it('joins surname, first name and patronymic', () => {
    const parts = rowReader({ ...mapping, columns: { ...mapping.columns, fullName: undefined, lastName: 11, firstName: 12, middleName: 13 } }, context, lookup)
    expect(parts(row(2, [...withCell(0, ''), 'Асқарұлы', 'Ерлан', ''])).input?.fullName).toBe('Асқарұлы Ерлан')
  })

  it('uses the defaults for empty cells', () => {
    const result = read(row(2, withCell(8, '').map((c, i) => (i === 9 || i === 10 ? '' : c))))
    expect(result.input).toMatchObject({ languages: ['ru'], availability: ['voting'], experience: 'none' })
  })

  it.each([
    ['a bad check digit', 1, '900515300425', 'iin:validation.iin.checkDigit'],
    ['an IIN of 11 digits that is not a padded one', 1, '12345678901', 'iin:validation.iin.birthDate'],
    ['an IIN in scientific notation', 1, '9.00515E+11', 'iin:imports.errors.iinAsNumber'],
    ['a missing IIN', 1, '', 'iin:imports.errors.missing'],
    ['a birth date that disagrees with the IIN', 2, '16.05.1990', 'birthDate:validation.iin.birthDateMismatch'],
    ['a birth date that is not a date', 2, 'вчера', 'birthDate:validation.date'],
    ['a bad phone', 3, '12345', 'phone:validation.phone'],
    ['a missing phone', 3, '', 'phone:imports.errors.missing'],
    ['a bad email', 4, 'erlan(at)example.org', 'email:validation.email'],
    ['an unknown region', 5, 'Марс', 'region:imports.errors.unknownRegion'],
    ['a missing region', 5, '', 'region:imports.errors.missing'],
    ['a missing settlement', 6, '', 'settlement:imports.errors.missing'],
    ['a bad polling station', 7, '12-13', 'pollingStation:validation.pollingStation'],
    ['unknown languages', 8, 'French', 'languages:imports.errors.languages'],
    ['unknown availability', 9, 'когда угодно', 'availability:imports.errors.availability'],
    ['unknown experience', 10, 'maybe', 'experience:imports.errors.experience'],
    ['a missing name', 0, '', 'fullName:imports.errors.missing'],
    ['a cell over the limit', 6, 'x'.repeat(IMPORT_LIMITS.cellChars + 1), 'settlement:imports.errors.cellTooLong'],
  ])('reports %s', (_what, index, value, expected) => {
    const result = read(row(7, withCell(index, value)))
    expect(result.input).toBeNull()
    expect(errorsOf(result)).toEqual([expected])
  })

  it('says when a row has no languages or availability and the lead chose nothing for empty cells', () => {
    const bare = rowReader({ ...mapping, defaults: { languages: [], availability: [], experience: 'none' } }, context, lookup)
    expect(errorsOf(bare(row(2, withCell(8, '').map((c, i) => (i === 9 ? '' : c)))))).toEqual(['languages:imports.errors.noLanguages', 'availability:imports.errors.noAvailability'])
  })

  it('reports someone too young on election day', () => {
    const young = iinFrom('09060150012') ?? ''
    expect(errorsOf(read(row(2, withCell(1, young))))).toEqual(['birthDate:imports.errors.tooYoung'])
  })

  it('reports every bad cell of a row, once each', () => {
    const result = read(row(9, ['', '123', 'x', '1', 'not-an-email', 'Марс', '', '', 'French', '', 'maybe']))
    expect(errorsOf(result).sort()).toEqual(
      ['birthDate:validation.date', 'email:validation.email', 'experience:imports.errors.experience', 'fullName:imports.errors.missing', 'iin:validation.iin.format', 'languages:imports.errors.languages', 'phone:validation.phone', 'region:imports.errors.unknownRegion', 'settlement:imports.errors.missing'].sort(),
    )
  })

  it('never throws, whatever the cells hold', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.fullUnicodeString({ maxLength: 600 }), fc.constantFrom('', IIN, '8 701 234 56 78', 'Алматы', '1990-05-15')), { maxLength: 14 }), (cells) => {
        const result = read(row(2, cells))
        expect(result.input === null).toBe(result.errors.length > 0)
      }),
      { numRuns: 500 },
    )
  })
})

describe('classifying rows', () => {
  const ngoId = 'ngo-1'
  const known = (over: Partial<KnownApplication> = {}): KnownApplication => ({ ngoId, fullName: 'Ерлан Асқарұлы', updatedAt: new Date('2026-01-01T00:00:00Z'), phone: '+77012345678', email: 'erlan@example.org', regionCode: 'KZ-75', settlement: 'Алматы', ...over })
  const classify = (rows: string[][], ctx: { known?: Map<string, KnownApplication>; accounts?: Map<string, string> } = {}) =>
    classifyRows(rows.map((cells, i) => read(row(i + 2, cells))), { ngoId, known: ctx.known ?? new Map(), accountsInCampaign: ctx.accounts ?? new Map() })
  const second = [...withCell(1, IIN_2)].map((c, i) => (i === 4 ? 'dana@example.org' : c))

  it('says new for unknown people, unchanged for the same data, update with the changed contact fields', () => {
    expect(classify([good]).map((p) => p.outcome)).toEqual(['new'])
    expect(classify([good], { known: new Map([[IIN, known()]]) }).map((p) => [p.outcome, p.changed])).toEqual([['unchanged', []]])
    const moved = classify([good], { known: new Map([[IIN, known({ phone: '+77000000000', settlement: 'Қонаев' })]]) })[0]
    expect(moved).toMatchObject({ outcome: 'update', changed: ['phone', 'settlement'], iinMasked: '••••••••0424' })
    expect(moved?.input?.phone).toBe('+77012345678')
  })

  it('refuses an IIN that applied with another NGO, and an email already used by someone else in the campaign', () => {
    expect(classify([good], { known: new Map([[IIN, known({ ngoId: 'other' })]]) })[0]).toMatchObject({ outcome: 'error', errors: [{ field: 'iin', key: 'imports.errors.otherNgo' }], input: null })
    expect(classify([good], { accounts: new Map([['erlan@example.org', IIN_2]]) })[0]).toMatchObject({ outcome: 'error', errors: [{ field: 'email', key: 'imports.errors.emailInCampaign' }] })
    expect(classify([good], { accounts: new Map([['erlan@example.org', IIN]]) })[0]?.outcome).toBe('new')
  })

  it('names the first row of an IIN or an email repeated in the file', () => {
    const plans = classify([good, second, good, withCell(1, IIN_2).map((c, i) => (i === 4 ? 'ERLAN@example.org' : c))])
    expect(plans.map((p) => [p.row, p.outcome, p.errors.map((e) => `${e.key}:${e.values?.row ?? ''}`)])).toEqual([
      [2, 'new', []],
      [3, 'new', []],
      [4, 'error', ['imports.errors.duplicateInFile:2']],
      [5, 'error', ['imports.errors.duplicateInFile:3']],
    ])
    const sameEmail = classify([good, withCell(1, IIN_2)])
    expect(sameEmail[1]).toMatchObject({ outcome: 'error', errors: [{ field: 'email', key: 'imports.errors.duplicateEmailInFile', values: { row: 2 } }] })
  })

  it('an invalid row still claims its IIN, so its repeat is reported too', () => {
    const plans = classify([withCell(3, 'bad'), good])
    expect(plans.map((p) => p.outcome)).toEqual(['error', 'error'])
  })

  it('counts, orders errors first and pages', () => {
    const plans = classify([good, withCell(3, 'bad'), second])
    expect(countOutcomes(plans, rowOutcomes)).toEqual({ error: 1, new: 2, update: 0, unchanged: 0 })
    expect(forReview(plans, rowOutcomes).map((p) => p.row)).toEqual([3, 2, 4])
    expect(pageOf([1, 2, 3, 4, 5], 9, 2)).toEqual({ items: [5], page: 3, pageCount: 3 })
    expect(pageOf([], 1)).toEqual({ items: [], page: 1, pageCount: 1 })
  })
})

describe('files', () => {
  const encode = (text: string) => new TextEncoder().encode(text)

  it('tells the kind of file by its bytes', () => {
    expect(sniffFileKind(new Uint8Array())).toBe('empty')
    expect(sniffFileKind(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe('xlsx')
    expect(sniffFileKind(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('xls')
    expect(sniffFileKind(encode('ФИО;ИИН'))).toBe('text')
  })

  it('decodes UTF-8 with and without BOM, UTF-16 and Windows-1251, and refuses binary', () => {
    expect(decodeText(encode('\ufeffФИО;ИИН'))).toBe('ФИО;ИИН')
    expect(decodeText(encode('ФИО;ИИН'))).toBe('ФИО;ИИН')
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'ФИО\tИИН'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])])
    expect(decodeText(utf16)).toBe('ФИО\tИИН')
    expect(decodeText(new Uint8Array([0xd4, 0xc8, 0xce, 0x3b, 0xc8, 0xc8, 0xcd]))).toBe('ФИО;ИИН')
    expect(decodeText(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]))).toBeNull()
    // A stray control character in a long text is dropped, not a reason to refuse the file.
    expect(decodeText(encode(`ФИО;ИИН\nЕр\u0000лан;1${' '.repeat(3000)}`))).toBe(`ФИО;ИИН\nЕрлан;1${' '.repeat(3000)}`)
    fc.assert(fc.property(fc.uint8Array({ minLength: 200, maxLength: 2000 }), (bytes) => void decodeText(bytes)))
  })

  it.each([
    ['ФИО;ИИН;Телефон\n1;2;3', ';'],
    ['ФИО,ИИН,Телефон', ','],
    ['ФИО\tИИН\tТелефон', '\t'],
    ['"Фамилия; Имя",ИИН,Телефон', ','],
    ['\n\nФИО;ИИН\n', ';'],
    ['ФИО', ','],
    // A title line without a delimiter is passed over (it made the file one column).
    ['Список волонтёров\r\n\r\nФИО;ИИН;Телефон\r\n', ';'],
    ['Список волонтёров\nФИО\tИИН\n', '\t'],
  ])('finds the delimiter of %j', (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected)
  })

  it('counts the values of a sheet: numbers, shared and inline strings, with a namespace prefix or not; not empty styled cells', () => {
    const xml = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c><c r="C1" s="1"/></row><x:row><x:c><x:v>2</x:v></x:c></x:row><vertAlign/><f>SUM(A1)</f></sheetData>'
    expect(countCellValues(new TextEncoder().encode(xml))).toBe(3)
    expect(countCellValues(new Uint8Array())).toBe(0)
    expect(isWorksheetEntry('xl/worksheets/sheet1.xml')).toBe(true)
    expect(isWorksheetEntry('xl/worksheets/_rels/sheet1.xml.rels')).toBe(false)
    expect(isWorksheetEntry('xl/sharedStrings.xml')).toBe(false)
  })

  it('reads the unpacked size a zip declares, and refuses what is not a zip', async () => {
    const book = new ExcelJS.Workbook()
    book.addWorksheet('a').addRow(['x'.repeat(10_000)])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const size = zipUnpackedSize(bytes)
    expect(size).toBeGreaterThan(10_000)
    expect(size).toBeGreaterThan(bytes.length)
    expect(zipUnpackedSize(encode('PK\u0003\u0004 not really'))).toBeNull()
    expect(zipUnpackedSize(bytes.subarray(0, bytes.length - 30))).toBeNull()
  })

  it('takes the first non-blank row as the header, skips blank rows but keeps row numbers, drops empty trailing columns', () => {
    const result = buildTable([row(1, ['', '']), row(2, ['ФИО', 'ИИН', '', '']), row(3, ['А', '1', '', '']), row(4, [' ', '']), row(5, ['Б'])])
    expect(result).toEqual({ ok: true, table: { headers: ['ФИО', 'ИИН'], rows: [row(3, ['А', '1']), row(5, ['Б', ''])] } })
  })

  it('finds the header under a title row, and falls back to the first row when no row looks like one', () => {
    const isHeader = (cells: string[]) => Object.keys(guessColumns(cells)).length >= 2
    const titled = buildTable([row(1, ['Список волонтёров']), row(2, ['']), row(3, ['ФИО', 'ИИН']), row(4, ['А', '1'])], isHeader)
    expect(titled).toEqual({ ok: true, table: { headers: ['ФИО', 'ИИН'], rows: [row(4, ['А', '1'])] } })
    const plain = buildTable([row(1, ['a', 'b']), row(2, ['c', 'd'])], isHeader)
    expect(plain).toEqual({ ok: true, table: { headers: ['a', 'b'], rows: [row(2, ['c', 'd'])] } })
    const late = buildTable([...Array.from({ length: 12 }, (_, i) => row(i + 1, [`t${i}`])), row(13, ['ФИО', 'ИИН'])], isHeader)
    expect(late.ok && late.table.headers).toEqual(['t0', ''])
  })

  it('refuses empty files, a header without rows, too many columns or rows, and cuts long cells just past the limit', () => {
    expect(buildTable([])).toEqual({ ok: false, error: { key: 'imports.errors.empty' } })
    expect(buildTable([row(1, ['ФИО'])])).toEqual({ ok: false, error: { key: 'imports.errors.noRows' } })
    expect(buildTable([row(1, Array.from({ length: 41 }, (_, i) => `c${i}`)), row(2, ['x'])])).toMatchObject({ ok: false, error: { key: 'imports.errors.tooManyColumns', values: { max: 40 } } })
    const many = Array.from({ length: IMPORT_LIMITS.rows + 2 }, (_, i) => row(i + 1, ['x']))
    expect(buildTable(many)).toMatchObject({ ok: false, error: { key: 'imports.errors.tooManyRows', values: { max: IMPORT_LIMITS.rows } } })
    const long = buildTable([row(1, ['a']), row(2, ['y'.repeat(10_000)])])
    expect(long.ok && long.table.rows[0]?.cells[0]?.length).toBe(IMPORT_LIMITS.cellChars + 1)
  })

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 39, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AN', 'ZZ', 'AAA'])
  })

  it('never throws on any table', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 5 }), { maxLength: 50 }), { maxLength: 30 }), (records) => {
        const result = buildTable(records.map((cells, i) => row(i + 1, cells)))
        if (result.ok) expect(result.table.rows.every((r) => r.cells.length === result.table.headers.length)).toBe(true)
      }),
    )
  })
})

describe('samples on the mapping step', () => {
  it('masks a whole IIN or phone column as lists do, keeping the last four digits', () => {
    expect(maskSample(IIN, true)).toBe('••••••••0424')
    expect(maskSample('+7 701 234 56 78', true)).toBe('•••••••5678')
    expect(maskSample('n/a', true)).toBe('••••')
    expect(sensitiveColumns({ columns: { iin: 1, phone: 3, email: 4 }, defaults: { languages: [], availability: [], experience: 'none' } })).toEqual(new Set([1, 3]))
  })

  it('masks IIN- and phone-shaped numbers in any other column, and leaves dates, stations and words alone', () => {
    expect(maskSample(IIN, false)).toBe('••••••••0424')
    expect(maskSample('звонить +7 (701) 234-56-78 вечером', false)).toBe('звонить •••••••5678 вечером')
    expect(maskSample('87012345678', false)).toBe('•••••••5678')
    expect(maskSample('15.05.1990', false)).toBe('15.05.1990')
    expect(maskSample('Участок 123', false)).toBe('Участок 123')
    expect(maskSample('Алматы', false)).toBe('Алматы')
  })

  it('never leaves ten digits of a number in a row, whatever the cell', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('0', '7', '9', ' ', '-', '(', ')', '+', '.', 'a', 'б', ','), { maxLength: 40 }), (chars) => {
        const shown = maskSample(chars.join(''), false)
        expect(shown.replace(/[\s().+-]/g, '')).not.toMatch(/\d{10}/)
      }),
    )
  })
})

describe('samples for the mapping step', () => {
  it('take the first three non-empty values of each column, whitespace folded, shown through the mask before a long one is cut', () => {
    const rows = [
      { cells: ['  Әлия   Нұрова ', '', '900515300424'] },
      { cells: ['Bob', '   ', '8 701 555 12 34'] },
      { cells: ['Cat', 'x'.repeat(40), '9005 1530 0424 extra text that runs long'] },
      { cells: ['Dan', 'y'] },
    ]
    const plain = mappingSamples(3, rows)
    expect(plain[0]).toEqual(['Әлия Нұрова', 'Bob', 'Cat'])
    expect(plain[1]).toEqual([`${'x'.repeat(29)}…`, 'y'])
    const masked = mappingSamples(3, rows, (value, column) => maskSample(value, column === 2))
    for (const value of masked[2] ?? []) expect(value).not.toMatch(/\d{5}/)
    expect(masked[2]).toHaveLength(3)
    expect(mappingSamples(2, [])).toEqual([[], []])
  })
})
