/**
 * Roster files: CSV, XLSX and PDF (roster-pdf.server.ts), all streamed from the batched read of
 * roster-read.server.ts (its keys first, which give the count for the audit record, then ROSTER_BATCH rows at
 * a time), so a national roster never sits in memory whole. The same request (filters, IIN mode) as the screen.
 */
import { PassThrough, Readable } from 'node:stream'
import { templateHeader } from '~/domain/export-templates.ts'
import { CSV_BOM, csvDelimiter, csvLine } from '~/domain/csv.ts'
import { placementCells, rosterColumns, rosterPhone, type RosterColumn } from '~/domain/roster.ts'
import { formatDateTime } from '~/domain/format.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import type { RosterFormat } from '~/domain/roster-rules.ts'
import { rosterPdf } from './roster-pdf.server.ts'
import { excelDay, TEXT_CHUNK_CHARS, XlsxWriter } from './xlsx-writer.server.ts'
import { recordRosterExport, rosterNaming, rosterRecords, rosterRows, rosterSummary, type RosterRecord, type RosterRequest, type RosterRow } from './rosters.server.ts'
import { isoDay, rosterKeys, type RosterKeys } from './roster-read.server.ts'

type Summary = Awaited<ReturnType<typeof rosterSummary>>

/**
 * The columns of every export format, in order: the template's when the exporter chose one, else the
 * standard set (the NGO column only in a coalition roster: an NGO's own roster names it on the cover).
 */
export function exportColumns(request: Pick<RosterRequest, 'scope' | 'template'>): RosterColumn[] {
  if (request.template) return request.template.columns.map((c) => c.column)
  return rosterColumns.filter((c) => c !== 'ngo' || request.scope.kind === 'coalition')
}

/** The PDF's columns: without a template, no region column, since every region starts a page headed with its name. */
function pdfColumns(request: Pick<RosterRequest, 'scope' | 'template'>): RosterColumn[] {
  return request.template ? exportColumns(request) : exportColumns(request).filter((c) => c !== 'region')
}

/** Headers in the exporter's language: the template's text for a column, else the standard name. */
async function headerTexts(request: Pick<RosterRequest, 'locale' | 'template'>, columns: readonly RosterColumn[]) {
  const t = await getFixedT(request.locale)
  const standard = (column: RosterColumn) => t(`rosters.columns.${column}`)
  const fromTemplate = new Map(request.template?.columns.map((c) => [c.column, c]))
  return columns.map((c) => {
    const templateColumn = fromTemplate.get(c)
    return templateColumn ? templateHeader(templateColumn, request.locale, standard) : standard(c)
  })
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10)

function cellText(row: RosterRow, column: RosterColumn): string {
  switch (column) {
    case 'number':
      return String(row.number)
    case 'region':
      return row.regionName
    case 'birthDate':
    case 'validUntil':
      return isoDate(row[column])
    case 'phone':
      return rosterPhone(row.phone)
    default:
      return row[column]
  }
}

/**
 * The app's CSV (csv.ts), as the import template is written; phones as every roster shows them (rosterPhone).
 * Written straight from the rows as read (rosterRecords), a batch as chunks of TEXT_CHUNK_CHARS: the
 * stream asks for the next batch only when the reader has taken the last one.
 */
export function rosterCsv(request: RosterRequest, summary: Summary, keys?: RosterKeys): ReadableStream<Uint8Array> {
  const delimiter = csvDelimiter(request.locale)
  const columns = exportColumns(request)
  const encoder = new TextEncoder()
  let batches: AsyncGenerator<RosterRecord[]> | undefined
  let naming: Awaited<ReturnType<typeof rosterNaming>> | undefined
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`${CSV_BOM}${csvLine(await headerTexts(request, columns), delimiter)}`))
      naming = await rosterNaming(request)
      batches = rosterRecords(request, summary, keys)
    },
    async pull(controller) {
      const next = await batches?.next()
      if (!naming || !next || next.done) return controller.close()
      const ngoName = await naming.ngos(next.value)
      const cells = recordCells(columns, naming, ngoName, request.locale)
      let text = ''
      for (const record of next.value) {
        text += csvLine(cells(record), delimiter)
        if (text.length >= TEXT_CHUNK_CHARS) {
          controller.enqueue(encoder.encode(text))
          text = ''
        }
      }
      if (text) controller.enqueue(encoder.encode(text))
    },
    async cancel() {
      await batches?.return(undefined)
    },
  })
}

/**
 * A record's cells as text, as cellText writes a RosterRow's; `overrides`
 * gives other values for some columns (the workbook's numbers and dates).
 */
function recordCells<V = string>(
  columns: readonly RosterColumn[],
  naming: Awaited<ReturnType<typeof rosterNaming>>,
  ngoName: (id: string) => string,
  locale: Locale,
  overrides: Partial<Record<RosterColumn, (r: RosterRecord) => V>> = {},
): (record: RosterRecord) => Array<string | V> {
  const cell: Record<RosterColumn, (r: RosterRecord) => string> = {
    number: (r) => String(r.number),
    fullName: (r) => r.key.fullName,
    iin: (r) => naming.iin(r.detail.iin),
    birthDate: (r) => isoDay(r.detail.birthDate),
    phone: (r) => rosterPhone(r.detail.phone),
    region: (r) => r.regionName,
    settlement: (r) => r.detail.settlement,
    pollingStation: (r) => r.detail.pollingStation ?? '',
    assignedStation: (r) => placementCells(r.detail.placements, locale).assignedStation,
    shift: (r) => placementCells(r.detail.placements, locale).shift,
    languages: (r) => naming.languages(r.detail.languages),
    certificateCode: (r) => r.detail.codes,
    validUntil: (r) => isoDay(r.detail.validUntil),
    ngo: (r) => ngoName(r.key.ngoId),
  }
  const picked = columns.map((c) => overrides[c] ?? cell[c])
  return (record) => picked.map((f) => f(record))
}

/** What the cover of an XLSX or PDF roster states, in the exporter's language: filters, count, who and when. */
async function coverFacts(request: RosterRequest, summary: Summary, options: { ngoName: string; exporter: string; at: Date }): Promise<Array<[string, string | number]>> {
  const t = await getFixedT(request.locale)
  const regions = request.regions.length ? summary.byRegion.filter((r) => request.regions.includes(r.code)).map((r) => r.name).join(', ') : t('rosters.allRegions')
  return [
    [t('rosters.cover.ngo'), options.ngoName],
    [t('rosters.cover.campaign'), localizedName(request.campaign, request.locale)],
    [t('rosters.cover.electionDay'), isoDate(request.campaign.electionDay)],
    [t('rosters.cover.regions'), regions],
    [t('rosters.cover.iin'), request.iin.full ? t('rosters.cover.iinFull') : t('rosters.cover.iinMasked')],
    [t('rosters.cover.rows'), summary.total],
    [t('rosters.cover.exporter'), options.exporter],
    [t('rosters.cover.at'), formatDateTime(options.at, request.locale)],
  ]
}

const widths: Record<RosterColumn, number> = { number: 6, fullName: 32, iin: 15, birthDate: 12, phone: 15, region: 28, settlement: 20, pollingStation: 14, assignedStation: 36, shift: 30, languages: 12, certificateCode: 14, validUntil: 12, ngo: 28 }

function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31)
  let candidate = base
  for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 27)} (${n})`
  used.add(candidate)
  return candidate
}

export interface XlsxOptions {
  /** One sheet per region, or one sheet with a region column. */
  sheetPerRegion: boolean
  ngoName: string
  exporter: string
  at: Date
}

/** The roster as a workbook (xlsx-writer.server.ts): a cover sheet, then one sheet, or one per region. */
export function rosterXlsx(request: RosterRequest, summary: Summary, options: XlsxOptions, keys?: RosterKeys): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const write = async () => {
    const workbook = new XlsxWriter(out, options.at)
    const t = await getFixedT(request.locale)
    const columns = exportColumns(request).filter((c) => !(options.sheetPerRegion && c === 'region'))
    const headers = await headerTexts(request, columns)
    const used = new Set<string>()
    await workbook.addSheet({ name: sheetName(t('rosters.cover.sheet'), used), widths: [28, 60] })
    await workbook.addRow([t('rosters.cover.title')], undefined, 'title')
    for (const fact of await coverFacts(request, summary, options)) await workbook.addRow(fact, ['bold'])
    for (const warning of summary.warnings) await workbook.addRow([t('rosters.warningLabel'), t(`rosters.warnings.${warning.problem}`, { ...warning })], [undefined, 'warning'])

    let sheets = 0
    let sheetRegion = ''
    // No. counts the rows of its sheet: a sheet per region numbers each region from 1, as the PDF does.
    let sheetStart = 1
    const openSheet = async (name: string) => {
      await workbook.addSheet({ name: sheetName(name, used), widths: columns.map((c) => widths[c]), frozenHeader: true, autoFilter: true })
      await workbook.addRow(headers, undefined, 'bold')
      sheets++
    }
    if (!options.sheetPerRegion) await openSheet(t('rosters.sheet'))
    // Straight from the records, as the CSV: the number a number (within its sheet), dates as Excel's
    // day numbers styled as dates; every other cell as the CSV's (phones too, as rosterPhone shows them).
    const naming = await rosterNaming(request)
    const styles = columns.map((c) => (c === 'birthDate' || c === 'validUntil' ? 'date' : undefined))
    const workbookCells = { number: (r: RosterRecord) => r.number - sheetStart + 1, birthDate: (r: RosterRecord) => excelDay(r.detail.birthDate), validUntil: (r: RosterRecord) => excelDay(r.detail.validUntil) }
    for await (const records of rosterRecords(request, summary, keys)) {
      const cells = recordCells<string | number>(columns, naming, await naming.ngos(records), request.locale, workbookCells)
      for (const record of records) {
        if (options.sheetPerRegion && record.regionName !== sheetRegion) {
          await openSheet(record.regionName)
          sheetRegion = record.regionName
          sheetStart = record.number
        }
        await workbook.addRow(cells(record), styles)
      }
    }
    if (sheets === 0) await openSheet(t('rosters.sheet'))
    await workbook.finish()
    out.end()
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return Readable.toWeb(out) as ReadableStream<Uint8Array>
}

/**
 * The roster as one JSON document, streamed a batch at a time: `columns` (key and header, as the CSV
 * has them), then `rows`, one object per observer keyed by column, cells as the CSV writes them (dates
 * as YYYY-MM-DD) except `number`, a number, and `phone`, as stored (+77012345678: a program's form).
 */
export function rosterJson(request: RosterRequest, summary: Summary, head: Record<string, unknown>): ReadableStream<Uint8Array> {
  const columns = exportColumns(request)
  const encoder = new TextEncoder()
  let batches: AsyncGenerator<RosterRow[]> | undefined
  let first = true
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const headers = await headerTexts(request, columns)
      const opening = JSON.stringify({ ...head, total: summary.total, columns: columns.map((key, i) => ({ key, header: headers[i] })) })
      controller.enqueue(encoder.encode(`${opening.slice(0, -1)},"rows":[`))
      batches = rosterRows(request, summary)
    },
    async pull(controller) {
      const next = await batches?.next()
      if (!next || next.done) {
        controller.enqueue(encoder.encode(']}\n'))
        return controller.close()
      }
      const objects = next.value.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, c === 'number' ? row.number : c === 'phone' ? row.phone : cellText(row, c)]))))
      if (objects.length === 0) return
      controller.enqueue(encoder.encode(`${first ? '' : ','}${objects.join(',')}`))
      first = false
    },
    async cancel() {
      await batches?.return(undefined)
    },
  })
}

/** The file of any format, as a stream for the download (app/http); the audit record is written first. */
export async function rosterFile(request: RosterRequest, options: { format: RosterFormat; ngoName: string; exporter: string; ip: string; sheetPerRegion: boolean }): Promise<ReadableStream<Uint8Array>> {
  // The keys give the counts: the certification rule is probed once per application (roster-read.server.ts).
  // The CSV shows no warnings, so it skips the look-alike query.
  const keys = await rosterKeys(request)
  const summary = await rosterSummary(request, { keys, lookAlikes: options.format !== 'csv' })
  await recordRosterExport(request, { format: options.format, rowCount: summary.total, ip: options.ip })
  const made = { ngoName: options.ngoName, exporter: options.exporter, at: new Date() }
  return options.format === 'csv'
    ? rosterCsv(request, summary, keys)
    : options.format === 'pdf'
      ? await rosterPdf(request, summary, { ...made, columns: pdfColumns(request), headers: await headerTexts(request, pdfColumns(request)), cell: cellText, cover: await coverFacts(request, summary, made) }, keys)
      : rosterXlsx(request, summary, { ...made, sheetPerRegion: options.sheetPerRegion }, keys)
}
