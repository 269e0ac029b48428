/**
 * The election commission's list of polling stations as a file: which column holds what (guessed
 * from the header, confirmed by the admin), each row read and checked, and classified against the
 * stations already stored (keyed by region and number, so importing the same list again changes
 * nothing). The file itself is read by the same code as volunteer lists (app/domain/import-file.ts,
 * readTable in app/server/recruitment/imports.server.ts).
 */
import { z } from 'zod'
import { cleanCell, foldText, readPollingStation, type RegionLookup } from './import-cells.ts'
import type { ImportRow } from './import-file.ts'
import { importUploadSchema } from './import.ts'
import { hasHiddenCharacters } from './validation/fields.ts'

export const stationFields = ['region', 'number', 'district', 'address', 'latitude', 'longitude', 'expectedVoters'] as const
export type StationField = (typeof stationFields)[number]
export const requiredStationFields = ['region', 'number', 'address'] as const satisfies readonly StationField[]

const fold = (words: string[]) => words.map(foldText)

const headerRules: Record<StationField, { exact: string[]; pattern: RegExp }> = {
  region: { exact: fold(['Регион', 'Область', 'Облыс', 'Region', 'Аймақ', 'Код региона', 'Region code']), pattern: /(регион|област|облыс|region|oblast|аимак)/ },
  number: { exact: fold(['Номер участка', '№ участка', 'Участок', 'Учаске нөмірі', 'Учаске', 'Station number', 'Number', 'Номер', '№']), pattern: /(номер|участ|учаске|station|number|(?:^| )no(?: |$))/ },
  district: { exact: fold(['Район', 'Аудан', 'Город', 'Район/город', 'District', 'City', 'District/city']), pattern: /(район|аудан|город|(?:^| )кала|district|city|town)/ },
  address: { exact: fold(['Адрес', 'Мекенжай', 'Address', 'Местонахождение']), pattern: /(адрес|мекенжаи|address|местонахожд|орналаск)/ },
  latitude: { exact: fold(['Широта', 'Ендік', 'Latitude', 'Lat']), pattern: /(широт|ендик|latitude|(?:^| )lat(?: |$))/ },
  longitude: { exact: fold(['Долгота', 'Бойлық', 'Longitude', 'Lon', 'Lng']), pattern: /(долгот|боилык|longitude|(?:^| )(lon|lng)(?: |$))/ },
  expectedVoters: { exact: fold(['Число избирателей', 'Избирателей', 'Сайлаушылар саны', 'Expected voters', 'Voters']), pattern: /(избират|сайлаушы|voters|electors)/ },
}

export type StationMapping = Partial<Record<StationField, number>>

/** The likely column of each field: exact spellings before looser matches, each column used once. */
export function guessStationColumns(headers: readonly string[]): StationMapping {
  const candidates: Array<{ field: StationField; column: number; score: number }> = []
  headers.forEach((header, column) => {
    const folded = foldText(header)
    if (!folded) return
    for (const field of stationFields) {
      const rule = headerRules[field]
      const score = rule.exact.includes(folded) ? 2 : rule.pattern.test(folded) ? 1 : 0
      if (score > 0) candidates.push({ field, column, score })
    }
  })
  candidates.sort((a, b) => b.score - a.score || stationFields.indexOf(a.field) - stationFields.indexOf(b.field) || a.column - b.column)
  const mapping: StationMapping = {}
  const used = new Set<number>()
  for (const { field, column } of candidates) {
    if (mapping[field] !== undefined || used.has(column)) continue
    mapping[field] = column
    used.add(column)
  }
  return mapping
}

/** A header row names at least two station columns (a title row above it does not). */
export const looksLikeStationHeader = (cells: string[]) => Object.keys(guessStationColumns(cells)).length >= 2

/** The admin's confirmed mapping: each field at most one column, each column at most one field, the required ones present. */
export function stationMappingSchema(columnCount: number) {
  const index = z.coerce
    .number({ error: 'imports.mapping.badColumn' })
    .int({ error: 'imports.mapping.badColumn' })
    .min(0, { error: 'imports.mapping.badColumn' })
    .max(Math.max(0, columnCount - 1), { error: 'imports.mapping.badColumn' })
  // "Not in the file" arrives as nothing (or an empty select); a column as its index, from a form as text.
  const column = z.preprocess((v) => (v === '' || v === null ? undefined : v), index.optional())
  return z
    .object(Object.fromEntries(stationFields.map((f) => [f, column])) as { [K in StationField]: typeof column })
    .superRefine((mapping, ctx) => {
      for (const field of requiredStationFields) if (mapping[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'imports.mapping.required' })
      const seen = new Set<number>()
      for (const field of stationFields) {
        const index = mapping[field]
        if (index === undefined) continue
        if (seen.has(index)) ctx.addIssue({ code: 'custom', path: [field], message: 'imports.mapping.columnTwice' })
        seen.add(index)
      }
    })
}

export function readStoredStationMapping(json: string | null, columnCount: number): StationMapping | null {
  if (!json) return null
  try {
    const parsed = stationMappingSchema(columnCount).safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

export interface StationInput {
  regionCode: string
  number: string
  district: string
  address: string
  latitude: number | null
  longitude: number | null
  expectedVoters: number | null
}

export interface StationRowError {
  field: StationField | 'row'
  key: string
  values?: Record<string, string | number>
}

export type StationRowRead = { row: number; input: StationInput; errors: [] } | { row: number; input: null; errors: StationRowError[] }

/** A decimal as spreadsheets write it: "43,2567" or "43.2567"; empty is null, anything else NaN. */
function readDecimal(cell: string): number | null {
  const text = cell.replace(/\s/g, '').replace(',', '.')
  if (!text) return null
  return /^-?\d{1,3}(\.\d+)?$/.test(text) ? Number(text) : Number.NaN
}

/** Reads and checks one row: region (code, or name in ru/kk/en), number, address; coordinates in Kazakhstan's box. */
export function readStationRow(row: ImportRow, mapping: StationMapping, lookupRegion: RegionLookup): StationRowRead {
  const cell = (field: StationField) => (mapping[field] === undefined ? '' : cleanCell(row.cells[mapping[field]]))
  const errors: StationRowError[] = []
  const regionText = cell('region')
  const regionCode = regionText ? lookupRegion(regionText) : null
  if (!regionText) errors.push({ field: 'region', key: 'deployment.import.errors.regionMissing' })
  else if (!regionCode) errors.push({ field: 'region', key: 'deployment.import.errors.regionUnknown', values: { value: regionText.slice(0, 60) } })
  const numberText = cell('number')
  const number = numberText ? readPollingStation(numberText) : null
  if (!number) errors.push({ field: 'number', key: 'deployment.import.errors.number', values: { value: numberText.slice(0, 30) } })
  const address = cell('address')
  if (!address) errors.push({ field: 'address', key: 'deployment.import.errors.addressMissing' })
  const long = [cell('address'), cell('district')].some((v) => v.length > 300)
  if (long) errors.push({ field: 'address', key: 'deployment.import.errors.tooLong' })
  // As in every typed text: a direction override would print the address reversed on the letters.
  if ([cell('address'), cell('district')].some(hasHiddenCharacters)) errors.push({ field: 'address', key: 'deployment.import.errors.hiddenCharacters' })
  const latitude = readDecimal(cell('latitude'))
  const longitude = readDecimal(cell('longitude'))
  if (latitude !== null && (Number.isNaN(latitude) || latitude < 40 || latitude > 56)) errors.push({ field: 'latitude', key: 'deployment.import.errors.coordinates' })
  else if (longitude !== null && (Number.isNaN(longitude) || longitude < 46 || longitude > 88)) errors.push({ field: 'longitude', key: 'deployment.import.errors.coordinates' })
  else if ((latitude === null) !== (longitude === null)) errors.push({ field: 'latitude', key: 'deployment.import.errors.coordinatePair' })
  const votersText = cell('expectedVoters').replace(/\s/g, '')
  const expectedVoters = votersText ? (/^\d{1,6}$/.test(votersText) ? Number(votersText) : Number.NaN) : null
  if (expectedVoters !== null && Number.isNaN(expectedVoters)) errors.push({ field: 'expectedVoters', key: 'deployment.import.errors.voters', values: { value: votersText.slice(0, 20) } })
  if (errors.length > 0 || !regionCode || !number) return { row: row.n, input: null, errors }
  return { row: row.n, input: { regionCode, number, district: cell('district').slice(0, 300), address: address.slice(0, 300), latitude, longitude, expectedVoters }, errors: [] }
}

export const stationOutcomes = ['error', 'new', 'update', 'unchanged'] as const
export type StationOutcome = (typeof stationOutcomes)[number]

export interface StationPlan {
  row: number
  outcome: StationOutcome
  /** "KZ-75 № 123" for the admin's eyes. */
  label: string
  input: StationInput | null
  errors: StationRowError[]
}

export const stationKey = (s: { regionCode: string; number: string }) => `${s.regionCode}#${s.number}`

type StoredStation = Omit<StationInput, 'regionCode' | 'number'>

/** Each row against the stored stations: new, an update, unchanged, or an error (also a key twice in the file). */
export function classifyStations(reads: readonly StationRowRead[], stored: ReadonlyMap<string, StoredStation>): StationPlan[] {
  const seen = new Map<string, number>()
  return reads.map((read) => {
    if (!read.input) return { row: read.row, outcome: 'error', label: '', input: null, errors: read.errors }
    const key = stationKey(read.input)
    const label = `${read.input.regionCode} № ${read.input.number}`
    const first = seen.get(key)
    if (first !== undefined) return { row: read.row, outcome: 'error', label, input: null, errors: [{ field: 'number', key: 'deployment.import.errors.duplicate', values: { row: first } }] }
    seen.set(key, read.row)
    const known = stored.get(key)
    if (!known) return { row: read.row, outcome: 'new', label, input: read.input, errors: [] }
    const same = known.district === read.input.district && known.address === read.input.address && known.latitude === read.input.latitude && known.longitude === read.input.longitude && known.expectedVoters === read.input.expectedVoters
    return { row: read.row, outcome: same ? 'unchanged' : 'update', label, input: read.input, errors: [] }
  })
}

/** The upload of a station list: the file alone (no personal data, so no consent to confirm). */
export const stationUploadSchema = importUploadSchema.pick({ file: true })
