/**
 * Importing an NGO's own volunteer list into a campaign: upload (CSV or XLSX, sniffed by content,
 * within limits) → the lead confirms the columns → a dry run classifies every row → the run (a
 * durable job, resumed by another process if this one dies) adds or updates recruits one by one
 * through the recruitment module, and keeps the per-row result.
 * Every function takes an NgoScope and only sees imports of the lead's NGO.
 */
import { parseStoredJson } from '~/domain/stored-json.ts'
import { promisify } from 'node:util'
import { inflateRaw } from 'node:zlib'
import type ExcelJS from 'exceljs'
import { CSV_BOM, csvDelimiter, csvLine } from '~/domain/csv.ts'
import { parseDeclarations } from '~/domain/declarations.ts'
import { parseIin } from '~/domain/iin.ts'
import { regionLookup } from '~/domain/import-cells.ts'
import { buildTable, countCellValues, decodeText, FILE_TOO_BIG, IMPORT_LIMITS, isWorksheetEntry, sniffDelimiter, sniffFileKind, withoutControlCharacters, XLSX_VALUE_LIMIT, zipEntryData, zipUnpackedSize, type FileError, type ImportRow, type TableResult } from '~/domain/import-file.ts'
import {
  changeFields,
  classifyRows,
  countOutcomes,
  forReview,
  guessColumns,
  guessMapping,
  mappingSchema,
  mappingSamples,
  maskSample,
  pageOf,
  readStoredMapping,
  resultOutcomes,
  rowOutcomes,
  rowReader,
  sensitiveColumns,
  templateFields,
  type ChangeField,
  type ImportMapping,
  type KnownApplication,
  type ResultOutcome,
  type RowOutcome,
  type RowPlan,
  type RowResult,
} from '~/domain/import.ts'
import { IMPORT_RETRY_DELAYS_MINUTES, retryAfter } from '~/domain/jobs.ts'
import type { Locale } from '~/domain/locale.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, isUniqueViolation } from '../platform/db.server.ts'
import { logger } from '../platform/logger.server.ts'
import { queuedWorkScope } from '../accounts/permissions.server.ts'
import { crashPoint } from '../jobs/crash-points.server.ts'
import { claimJob, finishJob, jobOf, nextTurn, readSteps, recordStep, releaseJob, renewLease, requeueJob, runClaimed, trackJobRun, type ClaimedJob, type JobHandler } from '../jobs/queue.server.ts'
import { addRecruit, updateRecruitContacts, type RecruitChanges } from './recruitment.server.ts'
import { listRegions } from './regions.server.ts'

const MB = 1024 * 1024

// ---------------------------------------------------------------------------------------------
// Reading the file

/**
 * A CSV or XLSX file as a table (header + rows), or why not. Never throws on bad bytes.
 * `isHeader` finds the header under rows above it (a volunteer list's title, a meeting report's summary).
 */
export async function readTable(bytes: Uint8Array, isHeader: (cells: string[]) => boolean = looksLikeHeader): Promise<TableResult> {
  if (bytes.length > IMPORT_LIMITS.fileBytes) return { ok: false, error: FILE_TOO_BIG }
  switch (sniffFileKind(bytes)) {
    case 'empty':
      return { ok: false, error: { key: 'imports.errors.empty' } }
    case 'xls':
      return { ok: false, error: { key: 'imports.errors.oldExcel' } }
    case 'xlsx':
      return readXlsx(bytes, isHeader)
    case 'text': {
      const text = decodeText(bytes)
      return text === null ? { ok: false, error: { key: 'imports.errors.notText' } } : readCsv(text, isHeader)
    }
  }
}

/** A row naming at least two known columns is the header; a title row above it is not. */
const looksLikeHeader = (cells: string[]) => Object.keys(guessColumns(cells)).length >= 2

class TooManyRows extends Error {}

async function readCsv(text: string, isHeader: (cells: string[]) => boolean): Promise<TableResult> {
  // csv-parse and exceljs are loaded on first use, as every heavy module a page does not need (README, Speed).
  const { parse: parseCsv } = await import('csv-parse/sync')
  const records: ImportRow[] = []
  let index = 0
  try {
    // One line end for the whole file: csv-parse takes the first line's (CRLF from Excel) as the only
    // record delimiter, so rows added in an editor that writes LF ran on into one row's cells.
    parseCsv(text.replace(/\r\n?/g, '\n'), {
      delimiter: sniffDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: 100_000,
      // Kept here rather than in the output, so blank lines still count towards row numbers.
      on_record: (record: string[]) => {
        index += 1
        if (record.some((cell) => cell.trim())) {
          if (records.length > IMPORT_LIMITS.rows + 1) throw new TooManyRows()
          records.push({ n: index, cells: record.slice(0, IMPORT_LIMITS.columns + 1) })
        }
        return null
      },
    })
  } catch (error) {
    if (error instanceof TooManyRows || (error instanceof Error && error.cause instanceof TooManyRows)) return { ok: false, error: { key: 'imports.errors.tooManyRows', values: { max: IMPORT_LIMITS.rows } } }
    if (records.length > IMPORT_LIMITS.rows + 1) return { ok: false, error: { key: 'imports.errors.tooManyRows', values: { max: IMPORT_LIMITS.rows } } }
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : index + 1
    return { ok: false, error: { key: 'imports.errors.badCsv', values: { line } } }
  }
  return buildTable(records, isHeader)
}

async function readXlsx(bytes: Uint8Array, isHeader: (cells: string[]) => boolean): Promise<TableResult> {
  const unpacked = zipUnpackedSize(bytes)
  if (unpacked === null) return { ok: false, error: { key: 'imports.errors.unreadableXlsx' } }
  let values = 0
  const countValues = (name: string, data: Uint8Array) => {
    if (isWorksheetEntry(name)) values += countCellValues(data)
  }
  if (unpacked > IMPORT_LIMITS.unpackedBytes || !(await unpackedWithin(bytes, IMPORT_LIMITS.unpackedBytes, countValues))) return { ok: false, error: { key: 'imports.errors.xlsxTooLarge', values: { max: IMPORT_LIMITS.unpackedBytes / MB } } }
  if (values > XLSX_VALUE_LIMIT) return { ok: false, error: { key: 'imports.errors.tooManyCells', values: { rows: IMPORT_LIMITS.rows, columns: IMPORT_LIMITS.columns } } }
  const { default: Excel } = await import('exceljs')
  const book = new Excel.Workbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    return { ok: false, error: { key: 'imports.errors.unreadableXlsx' } }
  }
  const sheet = book.worksheets.find((s) => s.state === 'visible' && s.actualRowCount > 0) ?? book.worksheets.find((s) => s.actualRowCount > 0)
  if (!sheet) return { ok: false, error: { key: 'imports.errors.noSheet' } }
  if (sheet.actualRowCount > IMPORT_LIMITS.rows + 1) return { ok: false, error: { key: 'imports.errors.tooManyRows', values: { max: IMPORT_LIMITS.rows } } }
  const records: ImportRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column <= IMPORT_LIMITS.columns + 1) cells[column - 1] = withoutControlCharacters(cellText(cell.value))
    })
    records.push({ n, cells: Array.from(cells, (c) => c ?? '') })
  })
  return buildTable(records, isHeader)
}

const inflating = promisify(inflateRaw)

/**
 * Whether a zip's entries really unpack to at most `limit` bytes: each deflated entry is inflated
 * with the budget left as zlib's output limit, so a zip whose directory understates its sizes is
 * caught before exceljs inflates it whole (a 1 MB file declaring 15 KB held 1 GB, 1.3 GB of memory).
 * A stream zlib cannot read is left to the reader, which refuses it as before. Inflated on libuv's
 * thread pool, not the event loop: up to 60 MB would otherwise stall every request of the worker.
 */
export async function unpackedWithin(bytes: Uint8Array, limit: number, onEntry?: (name: string, data: Uint8Array) => void): Promise<boolean> {
  const entries = zipEntryData(bytes)
  if (!entries) return true
  let left = limit
  for (const entry of entries) {
    const packed = bytes.subarray(entry.start, entry.end)
    let data: Uint8Array | null = null
    if (entry.method === 0) data = packed
    else if (entry.method === 8) {
      try {
        data = await inflating(packed, { maxOutputLength: Math.max(1, left + 1) })
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return false
      }
    }
    if (data) {
      left -= data.length
      if (left < 0) return false
      onEntry?.(entry.name, data)
    }
  }
  return true
}

/**
 * A cell as text: numbers without exponent or float noise (an IIN stored as a number stays
 * digits), dates as YYYY-MM-DD, rich text joined, formulas as their result, errors as empty.
 */
export function cellText(value: ExcelJS.CellValue | undefined, depth = 0): string {
  if (value === null || value === undefined || depth > 3) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(Number(value.toPrecision(12)))
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('')
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, depth + 1)
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result, depth + 1)
  return ''
}

/** What the browser sends as a name: no folders, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'file'
}

// ---------------------------------------------------------------------------------------------
// Storing an upload

export type UploadResult = { ok: true; importId: string; rows: number } | { ok: false; error: FileError }

/** Reads the file and keeps its table for the next steps; nothing is imported yet. */
export async function uploadImport(scope: NgoScope, campaignId: string, file: { name: string; bytes: Uint8Array }, ip: string): Promise<UploadResult> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })
  if (!campaign) return { ok: false, error: { key: 'imports.errors.campaignNotFound' } }
  const read = await readTable(file.bytes)
  if (!read.ok) return read
  const { headers, rows } = read.table
  const fileName = cleanFileName(file.name)
  const created = await db.$transaction(async (tx) => {
    const row = await tx.recruitImport.create({
      data: { ngoId: scope.ngoId, campaignId, actorId: scope.actorId, fileName, headers: JSON.stringify(headers), rows: JSON.stringify(rows) },
      select: { id: true },
    })
    await recordAudit({ actorId: scope.actorId, action: 'import.uploaded', targetType: 'import', targetId: row.id, ngoId: scope.ngoId, ip, details: { campaignId, fileName, rows: rows.length, columns: headers.length, bytes: file.bytes.length } }, tx)
    return row
  })
  return { ok: true, importId: created.id, rows: rows.length }
}

// ---------------------------------------------------------------------------------------------
// Reading a stored import

interface StoredImport {
  id: string
  campaignId: string
  fileName: string
  createdAt: Date
  importedAt: Date | null
  headers: string[]
  rows: ImportRow[]
  mapping: ImportMapping | null
  result: StoredResult | null
}

interface StoredResult {
  rows: RowResult[]
}

async function loadImport(scope: NgoScope, importId: string): Promise<StoredImport | null> {
  const row = await db.recruitImport.findFirst({ where: { id: importId, ngoId: scope.ngoId } })
  if (!row) return null
  const headersValue = parseStoredJson(row.headers)
  const rowsValue = parseStoredJson(row.rows)
  const headers = Array.isArray(headersValue) ? headersValue.map(String) : []
  const rows = Array.isArray(rowsValue) ? (rowsValue as ImportRow[]) : []
  const resultValue = parseStoredJson(row.result)
  const result = resultValue && typeof resultValue === 'object' && Array.isArray((resultValue as StoredResult).rows) ? (resultValue as StoredResult) : null
  return { id: row.id, campaignId: row.campaignId, fileName: row.fileName, createdAt: row.createdAt, importedAt: row.importedAt, headers, rows, mapping: readStoredMapping(row.mapping, headers.length), result }
}

/** The run's job: under way (queued or running, with its progress), or whether the last run failed. */
async function runState(importId: string, rows: number) {
  const job = await jobOf('import.run', importId)
  const active = job?.state === 'queued' || job?.state === 'running'
  return { running: active ? { done: job.itemsDone, total: job.itemsTotal ?? rows } : null, lastRunFailed: job?.state === 'failed' }
}

/** The earlier imports of a campaign, newest first (without their rows). */
export async function listImports(scope: NgoScope, campaignId: string) {
  const rows = await db.recruitImport.findMany({
    where: { ngoId: scope.ngoId, campaignId },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, fileName: true, createdAt: true, importedAt: true, mapping: true, actorId: true },
  })
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))]
  const actors = new Map((await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
  return rows.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    createdAt: r.createdAt,
    importedAt: r.importedAt,
    status: r.importedAt ? ('imported' as const) : r.mapping ? ('mapped' as const) : ('new' as const),
    by: r.actorId ? (actors.get(r.actorId) ?? '') : '',
  }))
}

/** One import for the mapping step: headers, a few sample values per column, and the mapping (stored or guessed). */
export async function getImport(scope: NgoScope, campaignId: string, importId: string) {
  const stored = await loadImport(scope, importId)
  if (!stored || stored.campaignId !== campaignId) return null
  const mapping = stored.mapping ?? guessMapping(stored.headers)
  const sensitive = sensitiveColumns(mapping)
  // Masked before it is shortened, so a cut cannot leave digits of an IIN or phone showing.
  const samples = mappingSamples(stored.headers.length, stored.rows, (value, column) => maskSample(value, sensitive.has(column)))
  return {
    id: stored.id,
    fileName: stored.fileName,
    createdAt: stored.createdAt,
    importedAt: stored.importedAt,
    headers: stored.headers,
    samples,
    rowCount: stored.rows.length,
    mapping,
    confirmed: stored.mapping !== null,
    hasResult: stored.result !== null,
    ...(await runState(stored.id, stored.rows.length)),
  }
}

// ---------------------------------------------------------------------------------------------
// The dry run

const CHUNK = 500

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/**
 * Every row read and classified against the campaign as it is now. The campaign's applications
 * and accounts are read for the file's IINs and emails in a few batched queries, not per row.
 */
async function planImport(scope: NgoScope, stored: StoredImport, mapping: ImportMapping, overwriteNewer = false): Promise<RowPlan[] | null> {
  const campaign = await db.campaign.findUnique({ where: { id: stored.campaignId }, select: { id: true, electionDay: true, applicationDeadline: true, minimumAge: true, declarations: true } })
  if (!campaign) return null
  const context = { electionDay: campaign.electionDay, applicationDeadline: campaign.applicationDeadline, minimumAge: campaign.minimumAge, declarations: parseDeclarations(campaign.declarations), now: new Date() }
  const read = rowReader(mapping, context, regionLookup(await listRegions()))
  const reads = stored.rows.map(read)
  const iins = [...new Set(reads.map((r) => r.iin).filter((iin) => parseIin(iin).ok))]
  const emails = [...new Set(reads.map((r) => r.email).filter(Boolean))]
  const known = new Map<string, KnownApplication>()
  for (const part of chunks(iins)) {
    const rows = await db.application.findMany({ where: { campaignId: campaign.id, iin: { in: part } }, select: { iin: true, ngoId: true, fullName: true, phone: true, email: true, regionCode: true, settlement: true, updatedAt: true } })
    for (const { iin, ...rest } of rows) known.set(iin, rest)
  }
  const accountsInCampaign = new Map<string, string>()
  for (const part of chunks(emails)) {
    const users = await db.user.findMany({ where: { email: { in: part } }, select: { email: true, applications: { where: { campaignId: campaign.id }, select: { iin: true } } } })
    for (const user of users) {
      const application = user.applications[0]
      if (application) accountsInCampaign.set(user.email, application.iin)
    }
  }
  return classifyRows(reads, { ngoId: scope.ngoId, known, accountsInCampaign, uploadedAt: stored.createdAt, overwriteNewer })
}

export interface PreviewOptions {
  page: number
  show?: RowOutcome | undefined
}

function previewPage(plans: RowPlan[], options: PreviewOptions) {
  const counts = countOutcomes(plans, rowOutcomes)
  const shown = forReview(
    options.show ? plans.filter((p) => p.outcome === options.show) : plans,
    rowOutcomes,
  )
  const page = pageOf(shown, options.page)
  return {
    counts,
    total: plans.length,
    actionable: counts.new + counts.update,
    /** Rows whose stored data is newer than the file: not written unless the lead ticks "overwrite". */
    kept: plans.filter((p) => p.kept.length > 0).length,
    // The inputs stay on the server: the page shows names, masked IINs and reasons only.
    rows: page.items.map(({ input: _input, ...row }) => row),
    page: page.page,
    pageCount: page.pageCount,
  }
}

export type ImportPreview = ReturnType<typeof previewPage>

export type PreviewResult = { ok: true; preview: ImportPreview } | { ok: false; error: 'notFound' } | { ok: false; error: 'badMapping'; issues: Array<{ path: string; message: string }> }

/** The lead confirms the columns: the mapping is checked and kept, and the dry run returned. */
export async function previewImport(scope: NgoScope, importId: string, mapping: ImportMapping, ip: string, options: PreviewOptions = { page: 1 }): Promise<PreviewResult> {
  const stored = await loadImport(scope, importId)
  if (!stored) return { ok: false, error: 'notFound' }
  const checked = mappingSchema(stored.headers.length).safeParse(mapping)
  if (!checked.success) return { ok: false, error: 'badMapping', issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
  const plans = await planImport(scope, stored, checked.data)
  if (!plans) return { ok: false, error: 'notFound' }
  const preview = previewPage(plans, options)
  await db.$transaction(async (tx) => {
    await tx.recruitImport.update({ where: { id: stored.id }, data: { mapping: JSON.stringify(checked.data) } })
    await recordAudit({ actorId: scope.actorId, action: 'import.mapped', targetType: 'import', targetId: stored.id, ngoId: scope.ngoId, ip, details: { columns: checked.data.columns, defaults: checked.data.defaults, counts: preview.counts } }, tx)
  })
  return { ok: true, preview }
}

/** The dry run of a confirmed mapping, for showing (reads only). Null when unknown or not mapped yet. */
export async function importPreview(scope: NgoScope, importId: string, options: PreviewOptions): Promise<ImportPreview | null> {
  const stored = await loadImport(scope, importId)
  if (!stored?.mapping) return null
  const plans = await planImport(scope, stored, stored.mapping)
  return plans ? previewPage(plans, options) : null
}

// ---------------------------------------------------------------------------------------------
// The run

export type RunResult = { ok: true; counts: Record<ResultOutcome, number> } | { ok: true; background: true } | { ok: false; error: 'notFound' | 'notMapped' | 'busy' }

const changedField: Record<string, ChangeField> = { fullName: 'fullName', phone: 'phone', email: 'email', regionCode: 'region', settlement: 'settlement' }
const storedField: Record<ChangeField, RecruitChangeKey> = { fullName: 'fullName', phone: 'phone', email: 'email', region: 'regionCode', settlement: 'settlement' }
type RecruitChangeKey = keyof RecruitChanges

/**
 * Writes one row. A row that adds or updates a recruit records its outcome as a step of the job in
 * the same transaction, so a run that takes over after a crash skips it and reports it as it was.
 */
async function applyPlan(scope: NgoScope, stored: StoredImport, plan: RowPlan, ip: string, job: ClaimedJob): Promise<RowResult> {
  const base = { row: plan.row, name: plan.name, iinMasked: plan.iinMasked, ...(plan.kept.length > 0 ? { kept: plan.kept } : {}) }
  if (plan.outcome === 'unchanged') return { ...base, outcome: 'unchanged' }
  const input = plan.input
  if (plan.outcome === 'error' || !input) return { ...base, outcome: 'error', errors: plan.errors }
  if (plan.outcome === 'update') {
    const updatedResult = (fields: string[]): RowResult => {
      const changed = fields.map((f) => changedField[f]).filter((f): f is ChangeField => !!f)
      return changed.length > 0 ? { ...base, outcome: 'updated', changed: changeFields.filter((f) => changed.includes(f)) } : { ...base, outcome: 'unchanged' }
    }
    // Only what the plan decided to write: fields with newer stored data are left alone.
    const changes: RecruitChanges = Object.fromEntries(plan.changed.map((f) => [storedField[f], input[storedField[f]]]))
    const updated = await updateRecruitContacts(scope, stored.campaignId, input.iin, changes, ip, {
      importId: stored.id,
      within: (tx, { changed }) => recordStep(tx, job, plan.row, updatedResult(changed)),
    })
    if (!updated.ok) return { ...base, outcome: 'error', errors: [{ field: 'iin', key: updated.error === 'otherNgo' ? 'imports.errors.otherNgo' : 'imports.errors.changedMeanwhile' }] }
    return updatedResult(updated.changed)
  }
  const added = await addRecruit(scope, stored.campaignId, input, 'import', ip, (tx, { invited }) => recordStep(tx, job, plan.row, { ...base, outcome: 'created', invited } satisfies RowResult))
  if (added.ok) return { ...base, outcome: 'created', invited: added.invited }
  const key = added.error === 'alreadyApplied' ? 'imports.errors.alreadyApplied' : 'imports.errors.changedMeanwhile'
  return { ...base, outcome: 'error', errors: [{ field: added.error === 'alreadyApplied' ? 'email' : 'iin', key }] }
}

/** The pages import files up to this many rows while the lead waits, longer ones in the background (about 7 ms a new person on SQLite). */
export const BACKGROUND_ABOVE_ROWS = 500
/** Rows between two renewals of the run's lease (and updates of its progress). */
const PROGRESS_EVERY = 50
/** Far longer than PROGRESS_EVERY rows take; a run whose process died is taken over this long after its last renewal. */
const IMPORT_LEASE_MS = 2 * 60_000

/** What the run needs besides the import: who asked (the audit's actor), from where, and whether newer stored data may be overwritten. */
interface RunRequest {
  actorId: string
  ip: string
  overwriteNewer: boolean
}

function readRunRequest(payload: string): RunRequest {
  const value = parseStoredJson(payload) as Partial<RunRequest> | null
  return { actorId: String(value?.actorId ?? ''), ip: String(value?.ip ?? ''), overwriteNewer: value?.overwriteNewer === true }
}

class LeaseLost extends Error {
  constructor() {
    super('Another process took this import run over.')
  }
}

/**
 * Queues the run of the valid rows as a job (`import.run`), in one transaction with its audit record,
 * and runs it: a file of up to `backgroundAbove` rows while the lead waits, a longer one in the
 * background of this process (the page shows progress). Either way the job is durable: if this process
 * dies, another one (or this one restarted) takes the run over where it stopped. Busy while a run of
 * this import is queued or under way.
 */
export async function runImport(scope: NgoScope, importId: string, ip: string, options: { backgroundAbove?: number; overwriteNewer?: boolean } = {}): Promise<RunResult> {
  const stored = await loadImport(scope, importId)
  if (!stored) return { ok: false, error: 'notFound' }
  if (!stored.mapping) return { ok: false, error: 'notMapped' }
  const request: RunRequest = { actorId: scope.actorId, ip, overwriteNewer: options.overwriteNewer ?? false }
  let queued: { id: string } | null
  try {
    queued = await db.$transaction(async (tx) => {
      const job = await requeueJob(tx, 'import.run', stored.id, request)
      if (job) {
        await recordAudit({ actorId: scope.actorId, action: 'import.started', targetType: 'import', targetId: stored.id, ngoId: scope.ngoId, ip, details: { campaignId: stored.campaignId, rows: stored.rows.length, overwriteNewer: request.overwriteNewer } }, tx)
      }
      return job
    })
  } catch (error) {
    // Another request queued the same run a moment ago.
    if (!isUniqueViolation(error)) throw error
    queued = null
  }
  if (!queued) return { ok: false, error: 'busy' }
  const jobId = queued.id
  if (options.backgroundAbove !== undefined && stored.rows.length > options.backgroundAbove) {
    void runImportJobNow(jobId).catch((error: unknown) => logger.error({ err: error, importId: stored.id }, 'An import run failed'))
    return { ok: true, background: true }
  }
  const counts = await runImportJobNow(jobId)
  // Taken by another process's worker first, or failed and queued for a retry: the page shows it running.
  return counts ? { ok: true, counts } : { ok: true, background: true }
}

/** Claims the import's job in this process and runs it; its counts, or null when it did not finish here. */
async function runImportJobNow(jobId: string): Promise<Record<ResultOutcome, number> | null> {
  const job = await claimJob(jobId, IMPORT_LEASE_MS)
  if (!job) return null
  let counts: Record<ResultOutcome, number> | null = null
  const handler: JobHandler = {
    ...importJobHandler,
    async run(claimed, { signal }) {
      const ran = await importRows(claimed, signal)
      if (ran === 'released') return 'released'
      counts = ran
      return 'done'
    },
  }
  await trackJobRun(() => runClaimed(job, handler))
  return counts
}

/** The handler of `import.run` jobs, for the worker (a run queued by a process that died, or a retry). */
export const importJobHandler: JobHandler = {
  leaseMs: IMPORT_LEASE_MS,
  maxAttempts: IMPORT_RETRY_DELAYS_MINUTES.length + 1,
  retryAt: (attempts, now) => retryAfter(IMPORT_RETRY_DELAYS_MINUTES, attempts, now),
  async run(job, { signal }) {
    const ran = await importRows(job, signal)
    return ran === 'released' ? 'released' : 'done'
  },
}

/**
 * Imports the valid rows, one by one: each through addRecruit or updateRecruitContacts, so each
 * person gets the same records (event, audit, invitation) as one added by hand. Re-validates first,
 * since the campaign may have changed since the dry run. Rows an earlier attempt of this run wrote
 * are skipped with the outcome it recorded; importing the same file again adds nobody twice (known
 * people are `unchanged` or `updated`). The result, its audit record and the job's end commit together.
 * When the process is stopping, the run gives its job back after the current row.
 */
async function importRows(job: ClaimedJob, signal: AbortSignal): Promise<Record<ResultOutcome, number> | 'released'> {
  const startedAt = new Date()
  const request = readRunRequest(job.payload)
  const owner = await db.recruitImport.findUnique({ where: { id: job.subjectId }, select: { ngoId: true } })
  if (!owner) {
    // Deleted meanwhile: nothing to import.
    if (!(await finishJob(job))) throw new LeaseLost()
    return countOutcomes([], resultOutcomes)
  }
  // The lead was authorised when the run was queued; the run acts for them in their NGO.
  const scope = queuedWorkScope(request.actorId, owner.ngoId)
  const stored = await loadImport(scope, job.subjectId)
  if (!stored?.mapping) throw new Error('The import has no confirmed columns.')
  const plans = (await planImport(scope, stored, stored.mapping, request.overwriteNewer)) ?? []
  const done = await readSteps(job.id)
  const results: RowResult[] = []
  for (const plan of plans) {
    // Requests and a SIGTERM are seen between two rows.
    await nextTurn()
    if (signal.aborted) {
      await releaseJob(job)
      return 'released'
    }
    const earlier = done.get(plan.row) as RowResult | undefined
    if (earlier) {
      results.push(earlier)
      continue
    }
    try {
      results.push(await applyPlan(scope, stored, plan, request.ip, job))
    } catch (error) {
      // One row that cannot be written (a lost connection, a constraint we did not foresee) does not stop the others.
      logger.error({ err: error, importId: stored.id, row: plan.row }, 'An import row failed')
      results.push({ row: plan.row, name: plan.name, iinMasked: plan.iinMasked, outcome: 'error', errors: [{ key: 'imports.errors.rowFailed' }] })
    }
    crashPoint('import.row')
    if (results.length % PROGRESS_EVERY === 0 && !(await renewLease(job, { done: results.length, total: plans.length }))) throw new LeaseLost()
  }
  const counts = countOutcomes(results, resultOutcomes)
  await db.$transaction(async (tx) => {
    if (!(await finishJob(job, tx))) throw new LeaseLost()
    await tx.recruitImport.update({ where: { id: stored.id }, data: { result: JSON.stringify({ rows: results } satisfies StoredResult), importedAt: new Date() } })
    await recordAudit({ actorId: scope.actorId, action: 'import.run', targetType: 'import', targetId: stored.id, ngoId: scope.ngoId, ip: request.ip, details: { campaignId: stored.campaignId, fileName: stored.fileName, rows: stored.rows.length, counts, overwriteNewer: request.overwriteNewer, ms: Date.now() - startedAt.getTime(), attempt: job.attempts } }, tx)
  })
  return counts
}

/** The kept result of the last run, for showing. Null when the import has not run (or is running). */
export async function importResult(scope: NgoScope, importId: string, options: { page: number; show?: ResultOutcome | undefined }) {
  const stored = await loadImport(scope, importId)
  if (!stored?.result) return null
  const rows = stored.result.rows
  const shown = forReview(options.show ? rows.filter((r) => r.outcome === options.show) : rows, resultOutcomes)
  const page = pageOf(shown, options.page)
  return { counts: countOutcomes(rows, resultOutcomes), total: rows.length, importedAt: stored.importedAt, rows: page.items, page: page.page, pageCount: page.pageCount }
}

// ---------------------------------------------------------------------------------------------
// The template

/** A CSV (csv.ts: a BOM for Excel, `;` in Russian and Kazakh) with the template's column names in the lead's language. */
export async function importTemplate(locale: Locale): Promise<{ fileName: string; body: string }> {
  const t = await getFixedT(locale)
  const headers = templateFields.map((field) => t(`imports.template.${field}`))
  return { fileName: `observers-template-${locale}.csv`, body: `${CSV_BOM}${csvLine(headers, csvDelimiter(locale))}` }
}
