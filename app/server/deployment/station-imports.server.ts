/**
 * Importing the election commission's list of polling stations into a campaign, through the same
 * steps as volunteer lists: upload (CSV or XLSX, read by the volunteer import's readTable within the
 * same limits) → the admin confirms the columns → a dry run classifies every row → the run upserts
 * the valid rows by (campaign, region, number) in one transaction and keeps the per-row result.
 * Importing the same list again changes nothing. Only coalition admins import stations.
 */
import { parseStoredJson } from '~/domain/stored-json.ts'
import { CSV_BOM, csvDelimiter, csvLine } from '~/domain/csv.ts'
import { regionLookup } from '~/domain/import-cells.ts'
import type { FileError, ImportRow } from '~/domain/import-file.ts'
import { countOutcomes, forReview, mappingSamples, pageOf } from '~/domain/import.ts'
import type { Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import {
  classifyStations,
  guessStationColumns,
  looksLikeStationHeader,
  readStationRow,
  readStoredStationMapping,
  stationFields,
  stationKey,
  stationMappingSchema,
  stationOutcomes,
  type StationMapping,
  type StationOutcome,
  type StationPlan,
} from '~/domain/stations.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { cleanFileName, readTable } from '../recruitment/imports.server.ts'
import { listRegions } from '../recruitment/regions.server.ts'

export type StationUploadResult = { ok: true; importId: string; rows: number } | { ok: false; error: FileError }

/** Reads the file and keeps its table for the next steps; nothing is imported yet. */
export async function uploadStationImport(scope: Scope, campaignId: string, file: { name: string; bytes: Uint8Array }, ip: string): Promise<StationUploadResult> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })
  if (!campaign) return { ok: false, error: { key: 'imports.errors.campaignNotFound' } }
  const read = await readTable(file.bytes, looksLikeStationHeader)
  if (!read.ok) return read
  const { headers, rows } = read.table
  const fileName = cleanFileName(file.name)
  const created = await db.$transaction(async (tx) => {
    const row = await tx.stationImport.create({ data: { campaignId, actorId: scope.actorId, fileName, headers: JSON.stringify(headers), rows: JSON.stringify(rows) }, select: { id: true } })
    await recordAudit({ actorId: scope.actorId, action: 'stations.uploaded', targetType: 'stationImport', targetId: row.id, ip, details: { campaignId, fileName, rows: rows.length, columns: headers.length, bytes: file.bytes.length } }, tx)
    return row
  })
  return { ok: true, importId: created.id, rows: rows.length }
}

interface StoredRow {
  row: number
  outcome: 'error' | 'created' | 'updated' | 'unchanged'
  label: string
  errors: StationPlan['errors']
}

async function loadStationImport(campaignId: string, importId: string) {
  const row = await db.stationImport.findFirst({ where: { id: importId, campaignId } })
  if (!row) return null
  const headersValue = parseStoredJson(row.headers)
  const rowsValue = parseStoredJson(row.rows)
  const headers = Array.isArray(headersValue) ? headersValue.map(String) : []
  const rows = Array.isArray(rowsValue) ? (rowsValue as ImportRow[]) : []
  const resultValue = parseStoredJson(row.result) as { rows?: StoredRow[] } | null
  return { ...row, headers, rows, savedMapping: readStoredStationMapping(row.mapping, headers.length), result: Array.isArray(resultValue?.rows) ? resultValue.rows : null }
}

/** The campaign's earlier station imports, newest first. */
export async function listStationImports(campaignId: string) {
  return db.stationImport.findMany({ where: { campaignId }, orderBy: { createdAt: 'desc' }, take: 20, select: { id: true, fileName: true, createdAt: true, importedAt: true } })
}

/** One import for the mapping step: headers, sample values, the mapping (stored or guessed). */
export async function getStationImport(campaignId: string, importId: string) {
  const stored = await loadStationImport(campaignId, importId)
  if (!stored) return null
  const samples = mappingSamples(stored.headers.length, stored.rows)
  return {
    id: stored.id,
    fileName: stored.fileName,
    createdAt: stored.createdAt,
    importedAt: stored.importedAt,
    headers: stored.headers,
    samples,
    rowCount: stored.rows.length,
    mapping: stored.savedMapping ?? guessStationColumns(stored.headers),
    confirmed: stored.savedMapping !== null,
    hasResult: stored.result !== null,
  }
}

async function planStations(campaignId: string, rows: readonly ImportRow[], mapping: StationMapping): Promise<StationPlan[]> {
  const lookup = regionLookup(await listRegions())
  const reads = rows.map((row) => readStationRow(row, mapping, lookup))
  const existing = await db.pollingStation.findMany({ where: { campaignId }, select: { regionCode: true, number: true, district: true, address: true, latitude: true, longitude: true, expectedVoters: true } })
  return classifyStations(reads, new Map(existing.map((s) => [stationKey(s), s])))
}

function previewOf(plans: StationPlan[], options: { page: number; show?: StationOutcome | undefined }) {
  const shown = forReview(options.show ? plans.filter((p) => p.outcome === options.show) : plans, stationOutcomes)
  const page = pageOf(shown, options.page)
  const counts = countOutcomes(plans, stationOutcomes)
  return { counts, total: plans.length, actionable: counts.new + counts.update, rows: page.items.map(({ input: _input, ...row }) => row), page: page.page, pageCount: page.pageCount }
}

export type StationPreview = ReturnType<typeof previewOf>

export type StationMapResult = { ok: true; preview: StationPreview } | { ok: false; error: 'notFound' } | { ok: false; error: 'badMapping'; issues: Array<{ path: string; message: string }> }

/** The admin confirms the columns: checked, kept, and the dry run returned. */
export async function mapStationImport(scope: Scope, campaignId: string, importId: string, mapping: StationMapping, ip: string): Promise<StationMapResult> {
  const stored = await loadStationImport(campaignId, importId)
  if (!stored) return { ok: false, error: 'notFound' }
  const checked = stationMappingSchema(stored.headers.length).safeParse(mapping)
  if (!checked.success) return { ok: false, error: 'badMapping', issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
  const preview = previewOf(await planStations(campaignId, stored.rows, checked.data), { page: 1 })
  await db.$transaction(async (tx) => {
    await tx.stationImport.update({ where: { id: stored.id }, data: { mapping: JSON.stringify(checked.data) } })
    await recordAudit({ actorId: scope.actorId, action: 'stations.mapped', targetType: 'stationImport', targetId: stored.id, ip, details: { campaignId, mapping: checked.data, counts: preview.counts } }, tx)
  })
  return { ok: true, preview }
}

/** The dry run of a confirmed mapping, for showing. Null when unknown or not mapped yet. */
export async function stationImportPreview(campaignId: string, importId: string, options: { page: number; show?: StationOutcome | undefined }) {
  const stored = await loadStationImport(campaignId, importId)
  if (!stored?.savedMapping) return null
  return previewOf(await planStations(campaignId, stored.rows, stored.savedMapping), options)
}

export type StationRunResult = { ok: true; counts: Record<StoredRow['outcome'], number> } | { ok: false; error: 'notFound' | 'notMapped' }

const runOutcomes = ['error', 'created', 'updated', 'unchanged'] as const

/**
 * Writes the valid rows in one transaction: new stations created, changed ones updated (by region
 * and number); re-validated first, since stations may have changed since the dry run. The result,
 * its audit record and the stations commit together.
 */
export async function runStationImport(scope: Scope, campaignId: string, importId: string, ip: string): Promise<StationRunResult> {
  const stored = await loadStationImport(campaignId, importId)
  if (!stored) return { ok: false, error: 'notFound' }
  if (!stored.savedMapping) return { ok: false, error: 'notMapped' }
  const mapping = stored.savedMapping
  const lookup = regionLookup(await listRegions())
  const reads = stored.rows.map((row) => readStationRow(row, mapping, lookup))
  const started = Date.now()
  const counts = await db.$transaction(
    async (tx) => {
      const existing = await tx.pollingStation.findMany({ where: { campaignId }, select: { id: true, regionCode: true, number: true, district: true, address: true, latitude: true, longitude: true, expectedVoters: true } })
      const byKey = new Map(existing.map((s) => [stationKey(s), s]))
      const plans = classifyStations(reads, byKey)
      const results: StoredRow[] = []
      for (const plan of plans) {
        const base = { row: plan.row, label: plan.label, errors: plan.errors }
        if (plan.outcome === 'error' || !plan.input) results.push({ ...base, outcome: 'error' })
        else if (plan.outcome === 'unchanged') results.push({ ...base, outcome: 'unchanged' })
        else if (plan.outcome === 'new') {
          await tx.pollingStation.create({ data: { campaignId, ...plan.input } })
          results.push({ ...base, outcome: 'created' })
        } else {
          const { regionCode: _r, number: _n, ...changes } = plan.input
          await tx.pollingStation.update({ where: { campaignId_regionCode_number: { campaignId, regionCode: plan.input.regionCode, number: plan.input.number } }, data: changes })
          results.push({ ...base, outcome: 'updated' })
        }
      }
      const counts = countOutcomes(results, runOutcomes)
      await tx.stationImport.update({ where: { id: stored.id }, data: { result: JSON.stringify({ rows: results }), importedAt: new Date() } })
      await recordAudit({ actorId: scope.actorId, action: 'stations.imported', targetType: 'stationImport', targetId: stored.id, ip, details: { campaignId, fileName: stored.fileName, rows: stored.rows.length, counts, ms: Date.now() - started } }, tx)
      return counts
    },
    { timeout: 120_000 },
  )
  return { ok: true, counts }
}

/** The kept result of the last run, for showing. */
export async function stationImportResult(campaignId: string, importId: string, options: { page: number; show?: StoredRow['outcome'] | undefined }) {
  const stored = await loadStationImport(campaignId, importId)
  if (!stored?.result) return null
  const rows = stored.result
  const page = pageOf(forReview(options.show ? rows.filter((r) => r.outcome === options.show) : rows, runOutcomes), options.page)
  return { counts: countOutcomes(rows, runOutcomes), total: rows.length, importedAt: stored.importedAt, rows: page.items, page: page.page, pageCount: page.pageCount }
}

export { runOutcomes as stationRunOutcomes }

/**
 * The template: the column names in the admin's language and two example rows (a city district
 * and a town), CSV with a BOM for Excel, CRLF line ends, `;` in Russian and Kazakh, every cell
 * formula-safe (csvLine).
 */
export async function stationTemplate(locale: Locale): Promise<{ fileName: string; body: string }> {
  const t = await getFixedT(locale)
  const delimiter = csvDelimiter(locale)
  const lines = [
    csvLine(stationFields.map((f) => t(`deployment.import.fields.${f}`)), delimiter),
    csvLine(['KZ-75', '101', t('deployment.import.example.district'), t('deployment.import.example.address'), '43.2567', '76.9286', '2150'], delimiter),
    csvLine([t('deployment.import.example.region'), '245', t('deployment.import.example.town'), t('deployment.import.example.address2'), '', '', '870'], delimiter),
  ]
  return { fileName: `polling-stations-template-${locale}.csv`, body: `${CSV_BOM}${lines.join('')}` }
}
