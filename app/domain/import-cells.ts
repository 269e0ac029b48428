/**
 * Reading the cells of an NGO's own volunteer list: the spellings people use in spreadsheets for
 * dates, languages, parts of election day, experience, polling stations and regions. Each reader
 * returns a typed result; the row's validation (app/domain/import.ts) turns failures into messages.
 */
import { parseIin } from './iin.ts'
import { applicationLanguages, availabilityParts, type experienceLevels } from './validation/application.ts'

type Language = (typeof applicationLanguages)[number]
type AvailabilityPart = (typeof availabilityParts)[number]
type Experience = (typeof experienceLevels)[number]

const kazakhLetters: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е', й: 'и' }

/**
 * Lower case, Kazakh-specific letters as their Russian look-alikes (people type "Казакстан" for
 * "Қазақстан"), punctuation as spaces, one space between words.
 */
export function foldText(text: string): string {
  return text
    .toLocaleLowerCase('ru')
    .replace(/[әғқңөұүһіёй]/g, (c) => kazakhLetters[c] ?? c)
    .replace(/[^\p{L}\p{N}@+]+/gu, ' ')
    .trim()
}

/** Spaces inside a cell as one space; non-breaking spaces, tabs and line breaks included. */
export function cleanCell(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim()
}

/** Free text (motivation): line breaks kept, one at most between paragraphs; spaces folded. */
export function cleanText(value: string | undefined): string {
  return (value ?? '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * An IIN as spreadsheets mangle it: spaces and dashes, or the leading zeros lost when the column
 * was a number (born in 2000–2009: `050515…` became `50515…`). The check digit still guards it.
 */
export function readIinCell(value: string): string {
  const compact = value.replace(/[\s-]/g, '').replace(/\.0+$/, '')
  return /^\d{10,11}$/.test(compact) ? compact.padStart(12, '0') : compact
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date.toISOString().slice(0, 10)
}

/**
 * The dates a cell could mean, most likely first: 1990-05-17, 17.05.1990, 17/05/1990, 17.05.90,
 * 05/17/1990 (US order, only when day-first is impossible or the IIN says so), an Excel serial
 * number (32980) or an ISO timestamp. The IIN settles two-digit years and day/month order.
 */
export function dateCandidates(value: string): string[] {
  const text = value.trim()
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text)
  if (m) return [isoDate(Number(m[1]), Number(m[2]), Number(m[3]))].filter((d): d is string => !!d)
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s+[\d:]+)?$/.exec(text)
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), m[3] ?? '']
    const years = y.length === 4 ? [Number(y)] : [1900 + Number(y), 2000 + Number(y)]
    const out: string[] = []
    for (const year of years) out.push(...[isoDate(year, b, a), isoDate(year, a, b)].filter((d): d is string => !!d))
    return [...new Set(out)]
  }
  if (/^\d{4,5}(?:\.0+)?$/.test(text)) {
    const serial = Number.parseInt(text, 10)
    // Serial 60 is Excel's 29 February 1900, which never existed; real birth dates are far later.
    if (serial > 60 && serial < 80_000) return [new Date(EXCEL_EPOCH + serial * 86_400_000).toISOString().slice(0, 10)]
  }
  return []
}

export type BirthDateRead = { ok: true; date: string; fromIin: boolean } | { ok: false }

/**
 * The birth date of a row: the cell when it is a date (the reading that matches the IIN if several
 * could), or the date inside the IIN when the cell is empty.
 */
export function readBirthDate(cell: string, iin: string): BirthDateRead {
  const parsed = parseIin(iin)
  const fromIin = parsed.ok ? parsed.facts.birthDate.toISOString().slice(0, 10) : null
  if (!cell.trim()) return fromIin ? { ok: true, date: fromIin, fromIin: true } : { ok: false }
  const candidates = dateCandidates(cell)
  const first = candidates[0]
  if (!first) return { ok: false }
  return { ok: true, date: fromIin && candidates.includes(fromIin) ? fromIin : first, fromIin: false }
}

/** Words of a list cell: "kk, ru", "каз/рус", "русский и казахский", "voting; counting". */
function listWords(value: string): string[] {
  return foldText(value).split(' ').filter(Boolean)
}

const languageStems: Array<[RegExp, Language]> = [
  [/^(kk|kz|kaz|каз|kazakh|qazaq)/, 'kk'],
  [/^(ru|rus|рус|орыс|russian)/, 'ru'],
  [/^(en|eng|англ|агыл|english)/, 'en'],
]

export type ListRead<T> = { ok: true; values: T[] } | { ok: false }

/**
 * The known values named in a cell, in a fixed order. Words around them ("родной", "участка") are
 * ignored; a cell naming nothing known is an error, so a typo is reported rather than dropped.
 */
function readList<T extends string>(value: string, stems: Array<[RegExp, T | readonly T[]]>, order: readonly T[]): ListRead<T> {
  const found = new Set<T>()
  for (const word of listWords(value)) {
    const hit = stems.find(([stem]) => stem.test(word))
    if (!hit) continue
    const values: readonly T[] = typeof hit[1] === 'string' ? [hit[1]] : hit[1]
    for (const v of values) found.add(v)
  }
  return found.size > 0 ? { ok: true, values: order.filter((v) => found.has(v)) } : { ok: false }
}

/** "kk, ru" / "каз, рус" / "қазақша" / "Russian and English" → ['kk', 'ru'] … in a fixed order. */
export function readLanguages(value: string): ListRead<Language> {
  return readList(value, languageStems, applicationLanguages)
}

const availabilityStems: Array<[RegExp, AvailabilityPart | readonly AvailabilityPart[]]> = [
  [/^(весь|целый|all|whole|full|вся|все|толык|букил|барлык)$/, availabilityParts],
  [/^(откр|opening|open|ашыл|ашу|утр|morning|тан)/, 'opening'],
  [/^(голос|voting|vote|дауыс|днем|днём)/, 'voting'],
  [/^(подсч|подсчет|count|санау|санак|кеш|вечер|evening|ноч|night)/, 'counting'],
]

/** "открытие, голосование" / "весь день" / "ашылу; санау" / "voting and counting" → parts of election day. */
export function readAvailability(value: string): ListRead<AvailabilityPart> {
  return readList(value, availabilityStems, availabilityParts)
}

/** "нет" / "жоқ" / "no" / 0 → none; "1" / "один раз" / "бір рет" / "да" → once; "несколько" / "3 раза" → several. */
export function readExperience(value: string): Experience | null {
  const text = foldText(value)
  if (!text) return null
  const word = (list: string) => new RegExp(`^(?:${list})(?: |$)`)
  const number = /^(\d+)(?: .*)?$/.exec(text)
  if (number) {
    const n = Number(number[1])
    return n === 0 ? 'none' : n === 1 ? 'once' : 'several'
  }
  if (word('нет|не|без|none|no|never|жок|болмаган|тажирибесиз').test(text)) return 'none'
  if (/(несколько|много|неоднократно|более|больше|бирнеше|копте|several|many|multiple|more)/.test(text)) return 'several'
  if (word('один раз|однажды|once|one|бир рет|бир|да|yes|иа|ия|бар|был|была|есть|участвовал[а-я]*').test(text)) return 'once'
  return null
}

/**
 * A "?" touching a Cyrillic letter: what Excel writes for ә, і, ң, ғ, ү, ұ, қ, ө, һ when it saves a
 * list as "CSV" in Windows-1251, which has no such letters («Н?рлан?ызы ?сел»).
 */
export function hasLostLetters(value: string): boolean {
  return /\p{Script=Cyrillic}\?|\?\p{Script=Cyrillic}/u.test(value)
}

/** Several phone numbers in one cell ("+7 701 …, +7 702 …", "8701… / 8777…"). */
export function holdsSeveralPhones(value: string): boolean {
  const digits = value.replace(/\D/g, '').length
  return digits >= 20 || (/[,;/\\|]|\s(?:и|или|or|немесе)\s/i.test(value) && digits >= 14)
}

/** "№ 123", "УИК 45", "участок 0045", "45" → "45"-style digits; null when the cell holds no single number. */
export function readPollingStation(value: string): string | null {
  const groups = value.match(/\d+/g)
  if (!groups || groups.length !== 1) return null
  const digits = groups[0] ?? ''
  return digits.length <= 6 ? String(Number(digits)) : null
}

export interface RegionName {
  code: string
  nameRu: string
  nameKk: string
  nameEn: string
  isCity: boolean
}

const regionWords = new Set(['область', 'области', 'обл', 'облысы', 'облыс', 'region', 'oblast', 'obl', 'province', 'аймагы'])
// "қ." (Kazakh for "city", folded to "к") as in «Алматы қ.»
const cityWords = new Set(['г', 'город', 'гор', 'city', 'каласы', 'кала', 'qalasy', 'к'])

function regionKey(text: string): { core: string; kind: 'region' | 'city' | '' } {
  const words = foldText(text).split(' ')
  const kind = words.some((w) => regionWords.has(w)) ? 'region' : words.some((w) => cityWords.has(w)) ? 'city' : ''
  return { core: words.filter((w) => !regionWords.has(w) && !cityWords.has(w)).join(' '), kind }
}

/**
 * What people write instead of a region's name: old names, Russian and Kazakh abbreviations, and the
 * region's centre and larger towns (a volunteer from Karaganda writes «Караганда», not the region).
 */
const regionAliasesByCode: Record<string, readonly string[]> = {
  'KZ-10': ['Семей', 'Семипалатинск', 'Semey', 'Semei', 'Semipalatinsk', 'Курчатов', 'Аягоз', 'Аягөз'],
  'KZ-11': ['Кокшетау', 'Көкшетау', 'Kokshetau', 'Степногорск', 'Щучинск', 'Акмолинская'],
  'KZ-15': ['Актюбинск', 'Aqtobe', 'Хромтау', 'Кандыагаш', 'Қандыағаш'],
  'KZ-19': ['Конаев', 'Қонаев', 'Konaev', 'Kunaev', 'Капчагай', 'Капшагай', 'Қапшағай', 'Kapchagay', 'Талгар', 'Каскелен', 'Қаскелең', 'Есик', 'Есік'],
  'KZ-23': ['Кульсары', 'Құлсары', 'Atyrau'],
  'KZ-27': ['ЗКО', 'БҚО', 'Уральск', 'Орал', 'Oral', 'Uralsk', 'Аксай', 'Ақсай'],
  'KZ-31': ['Тараз', 'Taraz', 'Джамбул', 'Джамбульская', 'Шу', 'Шу қаласы'],
  'KZ-33': ['Талдыкорган', 'Талдықорған', 'Taldykorgan', 'Жаркент', 'Текели', 'Текелі', 'Ушарал', 'Үшарал'],
  'KZ-35': ['Караганда', 'Қарағанды', 'Karaganda', 'Qaragandy', 'Темиртау', 'Теміртау', 'Балхаш', 'Балқаш', 'Шахтинск', 'Сарань'],
  'KZ-39': ['Костанай', 'Қостанай', 'Kostanay', 'Qostanay', 'Кустанай', 'Рудный', 'Лисаковск', 'Аркалык', 'Арқалық'],
  'KZ-43': ['Кызылорда', 'Қызылорда', 'Kyzylorda', 'Аральск', 'Арал'],
  'KZ-47': ['Актау', 'Ақтау', 'Aktau', 'Aqtau', 'Жанаозен', 'Жаңаөзен', 'Zhanaozen', 'Мангистау', 'Мангыстау', 'Mangistau'],
  'KZ-55': ['Экибастуз', 'Екібастұз', 'Ekibastuz', 'Аксу', 'Ақсу'],
  'KZ-59': ['СКО', 'СҚО', 'Петропавловск', 'Петропавл', 'Petropavl', 'Petropavlovsk'],
  'KZ-61': ['ЮКО', 'ОҚО', 'Южно-Казахстанская', 'South Kazakhstan', 'Оңтүстік Қазақстан', 'Туркестан', 'Түркістан', 'Turkestan', 'Кентау'],
  'KZ-62': ['Жезказган', 'Жезқазған', 'Zhezkazgan', 'Сатпаев', 'Сәтбаев', 'Улытау'],
  'KZ-63': ['ВКО', 'ШҚО', 'Усть-Каменогорск', 'Өскемен', 'Оскемен', 'Oskemen', 'Ust-Kamenogorsk', 'Риддер', 'Зыряновск', 'Алтай'],
  'KZ-71': ['Нур-Султан', 'Nur-Sultan', 'Акмолинск', 'Целиноград', 'Astana city'],
  'KZ-75': ['Алма-Ата', 'Alma-Ata', 'Almaty city'],
  'KZ-79': ['Чимкент', 'Shymkent city'],
}

const regionAliases: ReadonlyMap<string, string> = new Map(
  Object.entries(regionAliasesByCode).flatMap(([code, names]) => names.map((name) => [regionKey(name).core, code] as const)),
)

export type RegionLookup = (value: string) => string | null

/**
 * A lookup of regions by code ("KZ-75", "kz75") or by name in Russian, Kazakh or English, with or
 * without "область"/"облысы"/"Region"/"г."/"қаласы", case- and space-blind. A bare "Алматы" is the
 * city (KZ-75); "Алматы облысы" or "Almaty Region" is the region around it (KZ-19).
 */
export function regionLookup(regions: readonly RegionName[]): RegionLookup {
  const byCore = new Map<string, RegionName[]>()
  const add = (core: string, region: RegionName) => {
    if (!core) return
    const list = byCore.get(core) ?? []
    if (!list.includes(region)) list.push(region)
    byCore.set(core, list)
  }
  for (const region of regions) for (const name of [region.nameRu, region.nameKk, region.nameEn]) add(regionKey(name).core, region)
  const codes = new Set(regions.map((r) => r.code))
  return (value) => {
    const code = /^\s*kz\s*-?\s*(\d{2})\s*$/i.exec(value)
    if (code) return codes.has(`KZ-${code[1]}`) ? `KZ-${code[1]}` : null
    const { core, kind } = regionKey(value)
    const found = byCore.get(core) ?? []
    const alias = regionAliases.get(core)
    // A region's own name first: «Актобе» and «Павлодар» are the region; its centre's other spellings follow.
    if (alias && codes.has(alias) && found.length === 0) return alias
    if (found.length <= 1) return found[0]?.code ?? null
    // Same core for a city and its region: the words around it decide, and a bare name is the city.
    const pick = found.find((r) => (kind === 'region' ? !r.isCity : r.isCity))
    return pick?.code ?? null
  }
}
