/**
 * Importing an NGO's own volunteer list: which column holds which field (guessed from the headers
 * in Russian, Kazakh or English, then confirmed by the lead), each row read into an application
 * with the same rules as the volunteer's form (applicationSchema), and each row classified against
 * what the campaign already holds. Pure: the server loads the file and the known people.
 *
 * Required columns: a name (one "full name" column, or surname and first name), IIN, phone, email,
 * region and settlement — what a recruit cannot be contacted or placed without. Birth date, when
 * missing, comes from the IIN. Languages, availability and experience may be missing from the
 * file: the lead then says what to record for everyone (or for empty cells).
 */
import { pageCount } from './paging.ts'
import { z } from 'zod'
import { DISPLAY_TIME_ZONE_OFFSET_MINUTES } from './format.ts'
import { parseIin } from './iin.ts'
import { maskTail } from './masking.ts'
import { cleanCell, cleanText, foldText, hasLostLetters, holdsSeveralPhones, readAvailability, readBirthDate, readExperience, readIinCell, readLanguages, readPollingStation, type RegionLookup } from './import-cells.ts'
import { IMPORT_LIMITS, type ImportRow } from './import-file.ts'
import { applicationLanguages, applicationSchema, availabilityParts, experienceLevels, normaliseKazakhPhone, type ApplicationContext, type ApplicationInput } from './validation/application.ts'

export const importFields = [
  'fullName',
  'lastName',
  'firstName',
  'middleName',
  'iin',
  'birthDate',
  'phone',
  'email',
  'region',
  'settlement',
  'pollingStation',
  'languages',
  'availability',
  'experience',
  'motivation',
] as const
export type ImportField = (typeof importFields)[number]

/** Columns without which a row cannot become a recruit (a name is checked separately: full name, or surname and first name). */
export const requiredImportFields = ['iin', 'phone', 'email', 'region', 'settlement'] as const satisfies readonly ImportField[]

/** The columns of the downloadable template, in its order. */
export const templateFields = ['fullName', 'iin', 'birthDate', 'phone', 'email', 'region', 'settlement', 'pollingStation', 'languages', 'availability', 'experience', 'motivation'] as const satisfies readonly ImportField[]

/** Contact fields a re-import refreshes for a known person (matched by IIN). */
export const contactFields = ['phone', 'email', 'region', 'settlement'] as const
export type ContactField = (typeof contactFields)[number]

/** What a re-import may change for a known person: the name (a corrected spelling) and the contacts. */
export const changeFields = ['fullName', ...contactFields] as const
export type ChangeField = (typeof changeFields)[number]

type Language = (typeof applicationLanguages)[number]
type AvailabilityPart = (typeof availabilityParts)[number]
type Experience = (typeof experienceLevels)[number]

export interface ImportMapping {
  /** Field → index of the file's column. */
  columns: Partial<Record<ImportField, number>>
  /** What to record when the column is missing or a cell is empty. */
  defaults: { languages: Language[]; availability: AvailabilityPart[]; experience?: Experience | undefined }
}

// ---------------------------------------------------------------------------------------------
// Guessing the mapping from the header row

const fold = (words: string[]) => words.map(foldText)

/** Exact header spellings (score 2) and looser patterns (score 1), matched on folded text. */
const headerRules: Record<ImportField, { exact: string[]; pattern: RegExp }> = {
  fullName: {
    exact: fold(['ФИО', 'Ф.И.О.', 'ТАӘ', 'Т.А.Ә.', 'Тегі, аты, әкесінің аты', 'Аты-жөні', 'Толық аты-жөні', 'Тегі, аты', 'Full name', 'Fullname', 'Name', 'Имя и фамилия', 'Фамилия, имя', 'Фамилия Имя Отчество', 'Полное имя', 'Surname, name']),
    pattern: /(?:^| )(фио|ф и о|таа|т а а|аты жони|full name|фамилия имя)(?: |$)/,
  },
  lastName: { exact: fold(['Фамилия', 'Тегі', 'Last name', 'Surname', 'Family name']), pattern: /^(фамилия|теги|surname|last name)(?: |$)/ },
  firstName: { exact: fold(['Имя', 'Аты', 'First name', 'Given name']), pattern: /^(имя|аты|first name|given name)(?: |$)/ },
  middleName: { exact: fold(['Отчество', 'Әкесінің аты', 'Middle name', 'Patronymic']), pattern: /^(отчество|акесинин аты|middle name|patronymic)/ },
  iin: { exact: fold(['ИИН', 'ЖСН', 'IIN']), pattern: /(?:^| )(иин|жсн|iin|инн)(?: |$)/ },
  birthDate: { exact: fold(['Дата рождения', 'Туған күні', 'Date of birth', 'Birth date', 'Birthday', 'DOB']), pattern: /(рожд|туган|туылган|birth|(?:^| )dob(?: |$))/ },
  phone: { exact: fold(['Телефон', 'Тел.', 'Phone', 'Mobile', 'Номер телефона', 'Мобильный телефон', 'Ұялы телефон']), pattern: /(телефон|(?:^| )тел(?: |$)|(?:^| )моб|сотов|phone|mobile|(?:^| )cell|whatsapp|ватсап)/ },
  email: { exact: fold(['Email', 'E-mail', 'Эл. почта', 'Электронная почта', 'Электрондық пошта', 'Почта', 'Mail']), pattern: /(e ?mail|почт|пошта|(?:^| )mail(?: |$))/ },
  region: { exact: fold(['Регион', 'Область', 'Облыс', 'Region', 'Oblast', 'Аймақ']), pattern: /(регион|област|облыс|region|oblast|аимак|province)/ },
  settlement: {
    exact: fold(['Населённый пункт', 'Город', 'Село', 'Город/село', 'Елді мекен', 'Қала', 'City', 'Settlement', 'Town', 'Locality']),
    pattern: /(населен|нас пункт|город|(?:^| )село|елди мекен|(?:^| )кала(?: |$)|(?:^| )city|town|settlement|locality|village)/,
  },
  pollingStation: {
    exact: fold(['Участок', 'Номер участка', 'Избирательный участок', 'УИК', 'Учаске', 'Учаске нөмірі', 'Polling station', 'Station', 'Желаемый участок', 'Қалаған учаске', 'Preferred station']),
    pattern: /(участ|учаске|(?:^| )уик|polling|precinct|station)/,
  },
  languages: { exact: fold(['Языки', 'Язык', 'Тілдер', 'Тіл', 'Languages', 'Language']), pattern: /(язык|(?:^| )тил|language)/ },
  availability: { exact: fold(['Когда может', 'Доступность', 'Availability', 'Қашан']), pattern: /(когда|доступн|кашан|availab|(?:^| )when|смен|shift)/ },
  experience: { exact: fold(['Опыт', 'Опыт наблюдения', 'Тәжірибе', 'Experience']), pattern: /(опыт|тажириб|experience)/ },
  motivation: { exact: fold(['Мотивация', 'Motivation', 'Уәждеме', 'Почему']), pattern: /(мотивац|motivation|уаж|почему|(?:^| )why(?: |$)|(?:^| )неге(?: |$))/ },
}

const nameParts = ['lastName', 'firstName', 'middleName'] as const satisfies readonly ImportField[]

/**
 * The likely column of each field: exact spellings before looser matches, each column used once.
 * Surname/first name columns are only proposed when there is no full-name column.
 */
export function guessColumns(headers: readonly string[]): ImportMapping['columns'] {
  const candidates: Array<{ field: ImportField; column: number; score: number }> = []
  headers.forEach((header, column) => {
    const folded = foldText(header)
    if (!folded) return
    for (const field of importFields) {
      const rule = headerRules[field]
      const score = rule.exact.includes(folded) ? 2 : rule.pattern.test(folded) ? 1 : 0
      if (score > 0) candidates.push({ field, column, score })
    }
  })
  candidates.sort((a, b) => b.score - a.score || importFields.indexOf(a.field) - importFields.indexOf(b.field) || a.column - b.column)
  const columns: ImportMapping['columns'] = {}
  const used = new Set<number>()
  for (const { field, column } of candidates) {
    if (columns[field] !== undefined || used.has(column)) continue
    columns[field] = column
    used.add(column)
  }
  if (columns.fullName !== undefined) for (const part of nameParts) delete columns[part]
  // One "Город/область" column feeds both: the region is looked up in it, the settlement is its text.
  const regionHeader = columns.region === undefined ? '' : foldText(headers[columns.region] ?? '')
  if (columns.settlement === undefined && regionHeader && headerRules.settlement.pattern.test(regionHeader)) columns.settlement = columns.region
  return columns
}

/** The one pair of fields that may read the same column: a "Город/область" cell is both. */
const sharedColumn = (a: ImportField, b: ImportField) => (a === 'region' && b === 'settlement') || (a === 'settlement' && b === 'region')

export function guessMapping(headers: readonly string[]): ImportMapping {
  // Nothing is pre-set: "no experience" for everyone would be a claim about people the file says nothing about.
  return { columns: guessColumns(headers), defaults: { languages: [], availability: [] } }
}

// ---------------------------------------------------------------------------------------------
// Samples on the mapping step

/** A run of digits with the separators people type (`+7 (701) 234-56-78`, `900515 300424`). */
const NUMBER_RUN = /\+?\d[\d\s().-]*\d/g
/** An IIN has 12 digits, a Kazakh phone 10 or 11: shorter runs (dates, polling stations) stay readable. */
const ID_DIGITS = 10

/**
 * A sample value as the mapping step shows it. It is there to tell columns apart, not to read the
 * data, so IINs and phones are masked as lists mask them (last four digits): the whole value in a
 * column mapped or guessed as IIN or phone, and any long run of digits anywhere else (a lead may
 * map the file differently from the guess, or a note may hold a number).
 */
export function maskSample(value: string, sensitiveColumn: boolean): string {
  // Masked as its digits alone, so the last four shown are digits whatever the separators were.
  const maskDigits = (text: string) => maskTail(text.replace(/\D/g, ''))
  if (sensitiveColumn) return maskDigits(value)
  return value.replace(NUMBER_RUN, (run) => (run.replace(/\D/g, '').length >= ID_DIGITS ? maskDigits(run) : run))
}

/** How many values of each column the mapping step shows. */
const SAMPLE_COUNT = 3

/**
 * The first few non-empty values of each column for the mapping step (volunteer lists, station
 * lists): whitespace folded, each passed through `show` (maskSample for volunteer lists) before it is
 * cut to 30 characters, so a cut cannot leave digits of an IIN or phone showing. A column is read
 * only until it has SAMPLE_COUNT values.
 */
export function mappingSamples(columnCount: number, rows: ReadonlyArray<{ cells: readonly string[] }>, show: (value: string, column: number) => string = (value) => value): string[][] {
  return Array.from({ length: columnCount }, (_, column) => {
    const values: string[] = []
    for (const row of rows) {
      const cell = (row.cells[column] ?? '').replace(/\s+/g, ' ').trim()
      const value = cell ? show(cell, column) : ''
      if (value) values.push(value.length > 30 ? `${value.slice(0, 29)}…` : value)
      if (values.length === SAMPLE_COUNT) break
    }
    return values
  })
}

/** The columns whose samples are masked whole: those mapped (or guessed) as IIN or phone. */
export function sensitiveColumns(mapping: ImportMapping): Set<number> {
  return new Set([mapping.columns.iin, mapping.columns.phone].filter((c): c is number => c !== undefined))
}

// ---------------------------------------------------------------------------------------------
// Checking a mapping

/**
 * The mapping the lead confirms: each field at most one column (a select per field), each column
 * for at most one field (region and settlement may share one), the required ones present, and defaults where a column is missing.
 * Messages are keys; the form's fields are `columns.<field>` and `defaults.*`.
 */
export function mappingSchema(columnCount: number) {
  const column = z
    .number({ error: 'imports.mapping.badColumn' })
    .int({ error: 'imports.mapping.badColumn' })
    .min(0, { error: 'imports.mapping.badColumn' })
    .max(Math.max(0, columnCount - 1), { error: 'imports.mapping.badColumn' })
    .optional()
  return z
    .object({
      columns: z.object(Object.fromEntries(importFields.map((f) => [f, column])) as { [K in ImportField]: typeof column }).default({}),
      defaults: z
        .object({
          languages: z.array(z.enum(applicationLanguages, { error: 'validation.invalid' })).max(3).default([]),
          availability: z.array(z.enum(availabilityParts, { error: 'validation.invalid' })).max(3).default([]),
          experience: z.enum(experienceLevels, { error: 'validation.invalid' }).optional(),
        })
        .default({ languages: [], availability: [] }),
    })
    .superRefine((value, ctx) => {
      const { columns, defaults } = value
      for (const field of requiredImportFields) {
        if (columns[field] === undefined) ctx.addIssue({ code: 'custom', path: ['columns', field], message: 'imports.mapping.required' })
      }
      if (columns.fullName === undefined && (columns.lastName === undefined || columns.firstName === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['columns', 'fullName'], message: 'imports.mapping.nameRequired' })
      }
      const seen = new Map<number, ImportField>()
      for (const field of importFields) {
        const index = columns[field]
        if (index === undefined) continue
        const other = seen.get(index)
        if (other && !sharedColumn(other, field)) ctx.addIssue({ code: 'custom', path: ['columns', field], message: 'imports.mapping.columnTwice' })
        else if (!other) seen.set(index, field)
      }
      if (columns.languages === undefined && defaults.languages.length === 0) ctx.addIssue({ code: 'custom', path: ['defaults', 'languages'], message: 'imports.mapping.defaultLanguages' })
      if (columns.availability === undefined && defaults.availability.length === 0) ctx.addIssue({ code: 'custom', path: ['defaults', 'availability'], message: 'imports.mapping.defaultAvailability' })
      if (columns.experience === undefined && !defaults.experience) ctx.addIssue({ code: 'custom', path: ['defaults', 'experience'], message: 'imports.mapping.defaultExperience' })
    })
}

/** A stored mapping (JSON) read back; null when missing or no longer valid for the file. */
export function readStoredMapping(json: string | null, columnCount: number): ImportMapping | null {
  if (!json) return null
  try {
    const parsed = mappingSchema(columnCount).safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Reading rows

/** A problem with one row: a message key, the field it is about (if any) and values for the message. */
export interface RowError {
  field?: ImportField
  key: string
  values?: Record<string, string | number>
}

export type RecruitInput = Omit<ApplicationInput, 'consent'>

export interface RowRead {
  row: number
  name: string
  /** Normalised IIN (may be invalid; then `input` is null). */
  iin: string
  email: string
  input: RecruitInput | null
  errors: RowError[]
}

const schemaFieldOf: Record<string, ImportField> = {
  fullName: 'fullName',
  iin: 'iin',
  birthDate: 'birthDate',
  phone: 'phone',
  email: 'email',
  regionCode: 'region',
  settlement: 'settlement',
  pollingStation: 'pollingStation',
  languages: 'languages',
  availability: 'availability',
  experience: 'experience',
  motivation: 'motivation',
}

/** Messages of the volunteer's form that speak to the applicant ("you must be…"), reworded for a lead reading about a row. */
const leadWording: Record<string, string> = {
  'validation.required': 'imports.errors.missing',
  'validation.tooYoung': 'imports.errors.tooYoung',
  'validation.languages': 'imports.errors.noLanguages',
  'validation.availability': 'imports.errors.noAvailability',
}

/** A day as 15.03.2026 in Kazakhstan time (UTC+5), the same in every language. */
function numericDate(date: Date): string {
  const [year, month, day] = new Date(date.getTime() + DISPLAY_TIME_ZONE_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10).split('-')
  return `${day}.${month}.${year}`
}

/** A value shown back in a message ("unknown region: …"), kept short. */
const quote = (value: string) => (value.length > 40 ? `${value.slice(0, 39)}…` : value)

export type RowReader = (row: ImportRow) => RowRead

/**
 * Reads rows with the campaign's rules: the volunteer form's schema, with the deadline lifted
 * (leads may import paper applications after it) and consent and declarations confirmed by the
 * lead for the whole file at upload.
 */
export function rowReader(mapping: ImportMapping, context: Omit<ApplicationContext, 'ignoreDeadline' | 'ngoSlugs'>, lookupRegion: RegionLookup): RowReader {
  const schema = applicationSchema({ ...context, ignoreDeadline: true })
  const declarations = [...context.declarations]
  return (row) => {
    const errors: RowError[] = []
    const fail = (field: ImportField, key: string, values?: RowError['values']) => errors.push({ field, key: leadWording[key] ?? key, ...(values ? { values } : {}) })
    const cell = (field: ImportField): string => {
      const index = mapping.columns[field]
      if (index === undefined) return ''
      const raw = row.cells[index] ?? ''
      if (raw.length > IMPORT_LIMITS.cellChars) {
        fail(field, 'imports.errors.cellTooLong', { max: IMPORT_LIMITS.cellChars })
        return ''
      }
      return field === 'motivation' ? cleanText(raw) : cleanCell(raw)
    }
    const failed = (field: ImportField) => errors.some((e) => e.field === field)

    const fullName = cell('fullName') || [cell('lastName'), cell('firstName'), cell('middleName')].filter(Boolean).join(' ')
    if (hasLostLetters(fullName)) fail('fullName', 'imports.errors.lostLetters')
    const iinCell = cell('iin')
    const iin = readIinCell(iinCell)
    const parsedIin = parseIin(iin)
    if (!failed('iin')) {
      if (!iinCell) fail('iin', 'validation.required')
      else if (/^\d(?:[.,]\d+)?e\+?\d+$/i.test(iinCell)) fail('iin', 'imports.errors.iinAsNumber')
      else if (!parsedIin.ok) fail('iin', `validation.iin.${parsedIin.error}`)
    }

    const birthCell = cell('birthDate')
    const birth = readBirthDate(birthCell, iin)
    if (!birth.ok && birthCell) fail('birthDate', 'validation.date')

    const phone = cell('phone')
    if (!failed('phone')) {
      if (!phone) fail('phone', 'validation.required')
      else if (holdsSeveralPhones(phone)) fail('phone', 'imports.errors.severalPhones')
      else if (!normaliseKazakhPhone(phone)) fail('phone', 'validation.phone')
    }

    const regionCell = cell('region')
    const regionCode = regionCell ? lookupRegion(regionCell) : null
    if (!failed('region')) {
      if (!regionCell) fail('region', 'validation.required')
      else if (!regionCode) fail('region', 'imports.errors.unknownRegion', { value: quote(regionCell) })
    }

    const stationCell = cell('pollingStation')
    const pollingStation = stationCell ? (readPollingStation(stationCell) ?? stationCell) : undefined

    const languagesCell = cell('languages')
    const languages = languagesCell ? readLanguages(languagesCell) : { ok: true as const, values: mapping.defaults.languages }
    if (!languages.ok) fail('languages', 'imports.errors.languages', { value: quote(languagesCell) })

    const availabilityCell = cell('availability')
    const availability = availabilityCell ? readAvailability(availabilityCell) : { ok: true as const, values: mapping.defaults.availability }
    if (!availability.ok) fail('availability', 'imports.errors.availability', { value: quote(availabilityCell) })

    const experienceCell = cell('experience')
    const experience = experienceCell ? readExperience(experienceCell) : (mapping.defaults.experience ?? null)
    if (!failed('experience')) {
      if (experienceCell && !experience) fail('experience', 'imports.errors.experience', { value: quote(experienceCell) })
      else if (!experience) fail('experience', 'validation.required')
    }

    const motivation = cell('motivation') || undefined
    const email = cell('email').toLowerCase()
    if (!email && !failed('email')) fail('email', 'validation.required')
    const settlement = cell('settlement')
    if (hasLostLetters(settlement)) fail('settlement', 'imports.errors.lostLetters')

    const parsed = schema.safeParse({
      fullName,
      iin,
      birthDate: birth.ok ? birth.date : '',
      phone,
      email,
      regionCode: regionCode ?? 'KZ-00',
      settlement,
      pollingStation,
      languages: languages.ok ? languages.values : ['ru'],
      availability: availability.ok ? availability.values : ['voting'],
      experience: experience ?? 'none',
      motivation,
      declarations,
      consent: 'on',
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = schemaFieldOf[String(issue.path[0] ?? '')]
        // One message per field: what the cell readers said first; a birth date missing with a bad IIN is the IIN's problem.
        if (field && failed(field)) continue
        if (field === 'birthDate' && !birthCell && !parsedIin.ok) continue
        const key = leadWording[issue.message] ?? issue.message
        // The lead needs the rule itself to judge the row: which age, on which day.
        const values = key === 'imports.errors.tooYoung' ? { age: context.minimumAge, date: numericDate(context.electionDay) } : undefined
        errors.push({ ...(field ? { field } : {}), key, ...(values ? { values } : {}) })
      }
    }
    let input: RecruitInput | null = null
    if (parsed.success && errors.length === 0) {
      const { consent: _consent, ...rest } = parsed.data
      input = rest
    }
    return {
      row: row.n,
      name: fullName.slice(0, 160),
      iin: parsedIin.ok ? parsedIin.iin : iin.slice(0, 20),
      email: email.slice(0, 254),
      input,
      errors: dedupe(errors),
    }
  }
}

function dedupe(errors: RowError[]): RowError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const id = `${e.field ?? ''}|${e.key}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// Classifying rows against the campaign

export const rowOutcomes = ['error', 'new', 'update', 'unchanged'] as const
export type RowOutcome = (typeof rowOutcomes)[number]

/** An application already in the campaign with an IIN from the file. */
export interface KnownApplication {
  ngoId: string
  fullName: string
  phone: string
  email: string
  regionCode: string
  settlement: string
  /** When the stored application last changed (contacts, name, state…). */
  updatedAt: Date
}

export interface ClassifyContext {
  ngoId: string
  /** Applications of the campaign (any NGO) by IIN, for the file's IINs. */
  known: ReadonlyMap<string, KnownApplication>
  /** Accounts (by email, for the file's emails) that already have an application in the campaign → that application's IIN. */
  accountsInCampaign: ReadonlyMap<string, string>
  /** When the file was uploaded: a stored application changed after that holds newer data than the file. */
  uploadedAt?: Date | undefined
  /** The lead ticked "overwrite newer data with this file's". */
  overwriteNewer?: boolean | undefined
}

export interface RowPlan {
  row: number
  name: string
  iinMasked: string
  outcome: RowOutcome
  errors: RowError[]
  /** For `update`: the fields that differ from what is stored and will be written. */
  changed: ChangeField[]
  /** Fields that differ but are not written: the stored application changed after the file was uploaded. */
  kept: ChangeField[]
  /** For `new` and `update`: what to write. */
  input: RecruitInput | null
}

export function contactChanges(known: Omit<KnownApplication, 'updatedAt' | 'fullName'>, input: RecruitInput): ContactField[] {
  const now = { phone: input.phone, email: input.email, region: input.regionCode, settlement: input.settlement }
  const before = { phone: known.phone, email: known.email, region: known.regionCode, settlement: known.settlement }
  return contactFields.filter((f) => now[f] !== before[f])
}

/**
 * What a row would change for a known person, and what it must leave alone. The file is written
 * over the stored data unless that data is newer: changed after the file was uploaded (a lead
 * opening an older upload again), when only the lead's explicit "overwrite" writes it. A stored
 * name with letters lost to Windows-1251 ("Н?рлан") is corrected from any file: the file's name has
 * passed the same check, so it is the whole spelling of the damaged one.
 */
export function storedChanges(known: KnownApplication, input: RecruitInput, options: { uploadedAt?: Date | undefined; overwriteNewer?: boolean | undefined } = {}): { changed: ChangeField[]; kept: ChangeField[] } {
  const differs: ChangeField[] = [...(known.fullName !== input.fullName ? (['fullName'] as const) : []), ...contactChanges(known, input)]
  const newer = options.uploadedAt !== undefined && known.updatedAt.getTime() > options.uploadedAt.getTime() && !options.overwriteNewer
  const changed: ChangeField[] = []
  const kept: ChangeField[] = []
  for (const field of differs) {
    const repairsLostLetters = field === 'fullName' && hasLostLetters(known.fullName)
    if (newer && !repairsLostLetters) kept.push(field)
    else changed.push(field)
  }
  return { changed, kept }
}

/**
 * What importing each row would do: create a recruit (`new`), refresh a known person's name and
 * contacts (`update`, see `storedChanges`), nothing (`unchanged`, maybe with newer stored data kept),
 * or nothing because of the reasons given (`error`). The first
 * row with an IIN (or, among new people, an email) wins; later repeats name the row they repeat.
 */
export function classifyRows(reads: readonly RowRead[], context: ClassifyContext): RowPlan[] {
  const firstByIin = new Map<string, number>()
  const firstByEmail = new Map<string, number>()
  return reads.map((read) => {
    const errors = [...read.errors]
    const plan = (outcome: RowOutcome, changed: ChangeField[] = [], kept: ChangeField[] = []): RowPlan => ({
      row: read.row,
      name: read.name,
      iinMasked: read.iin.length === 12 && /^\d+$/.test(read.iin) ? maskTail(read.iin) : '',
      outcome,
      errors,
      changed,
      kept,
      input: outcome === 'new' || outcome === 'update' ? read.input : null,
    })
    const validIin = parseIin(read.iin).ok
    const earlier = validIin ? firstByIin.get(read.iin) : undefined
    if (earlier !== undefined) errors.push({ field: 'iin', key: 'imports.errors.duplicateInFile', values: { row: earlier } })
    else if (validIin) firstByIin.set(read.iin, read.row)
    const input = read.input
    if (!input || errors.length > 0) return plan('error')
    const known = context.known.get(input.iin)
    if (known) {
      if (known.ngoId !== context.ngoId) {
        errors.push({ field: 'iin', key: 'imports.errors.otherNgo' })
        return plan('error')
      }
      const { changed, kept } = storedChanges(known, input, context)
      return plan(changed.length > 0 ? 'update' : 'unchanged', changed, kept)
    }
    const owner = context.accountsInCampaign.get(input.email)
    if (owner !== undefined && owner !== input.iin) {
      errors.push({ field: 'email', key: 'imports.errors.emailInCampaign' })
      return plan('error')
    }
    const sameEmail = firstByEmail.get(input.email)
    if (sameEmail !== undefined) {
      errors.push({ field: 'email', key: 'imports.errors.duplicateEmailInFile', values: { row: sameEmail } })
      return plan('error')
    }
    firstByEmail.set(input.email, read.row)
    return plan('new')
  })
}

export type OutcomeCounts = Record<RowOutcome, number>

export function countOutcomes<T extends string>(items: ReadonlyArray<{ outcome: T }>, outcomes: readonly T[]): Record<T, number> {
  const counts = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<T, number>
  for (const item of items) counts[item.outcome] += 1
  return counts
}

/** Errors first (they need the lead's attention), then by row number within each outcome. */
export function forReview<T extends { row: number; outcome: string }>(items: readonly T[], order: readonly string[]): T[] {
  return [...items].sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome) || a.row - b.row)
}

// ---------------------------------------------------------------------------------------------
// The result of a run

export const resultOutcomes = ['error', 'created', 'updated', 'unchanged'] as const
export type ResultOutcome = (typeof resultOutcomes)[number]

export interface RowResult {
  row: number
  name: string
  iinMasked: string
  outcome: ResultOutcome
  invited?: boolean
  changed?: ChangeField[]
  /** Differences not written: the stored data was newer than the file. */
  kept?: ChangeField[]
  errors?: RowError[]
}

/** Whole days since a file was uploaded (0 on the day itself), for "uploaded 12 days ago". */
export function daysSince(date: Date, now = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - date.getTime()) / 86_400_000))
}

export const IMPORT_PAGE_SIZE = 50

/** One page of a list, with the page clamped to what exists. */
export function pageOf<T>(items: readonly T[], page: number, size = IMPORT_PAGE_SIZE): { items: T[]; page: number; pageCount: number } {
  const pages = pageCount(items.length, size)
  const current = Math.min(Math.max(1, page), pages)
  return { items: items.slice((current - 1) * size, current * size), page: current, pageCount: pages }
}

/** `?show=` on the preview and result pages: one outcome, or everything. */
export function parseShow<T extends string>(value: string | null, outcomes: readonly T[]): T | undefined {
  return outcomes.find((o) => o === value)
}

// ---------------------------------------------------------------------------------------------
// The upload form

/** What the upload handler gives for a file field (a File in the browser and on the server). */
export interface UploadedFile {
  name: string
  size: number
  arrayBuffer(): Promise<ArrayBuffer>
}

function isUploadedFile(value: unknown): value is UploadedFile {
  // No file chosen: browsers still send the field, as a file with no name.
  return typeof value === 'object' && value !== null && typeof (value as UploadedFile).arrayBuffer === 'function' && typeof (value as UploadedFile).name === 'string' && (value as UploadedFile).name !== ''
}

/**
 * The upload: a file, and the lead's confirmation that the people in it signed the consent to
 * personal-data processing and the campaign's declarations (on paper, kept by the NGO).
 */
export const importUploadSchema = z.object({
  file: z.custom<UploadedFile>(isUploadedFile, { error: 'imports.upload.fileRequired' }),
  consent: z.literal('on', { error: 'imports.upload.consentRequired' }),
})
