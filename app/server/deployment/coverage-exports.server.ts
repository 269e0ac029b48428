/**
 * The coalition's coverage list as a file (CSV, XLSX, or PDF for printing: coverage-pdf.server.ts): every station of the filtered regions with
 * the organisations covering it in one shift. Audited like roster exports; CSV cells formula-safe.
 */
import { CSV_BOM, csvDelimiter, csvLine } from '~/domain/csv.ts'
import type { Locale } from '~/domain/locale.ts'
import type { Scope } from '~/domain/permissions.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { coverage, type CoverageFilters } from './assignments.server.ts'
import { coveragePdf } from './coverage-pdf.server.ts'

export type CoverageFormat = 'csv' | 'xlsx' | 'pdf'

export async function coverageExport(
  scope: Scope,
  campaign: { id: string; slug: string; name: string },
  filters: Omit<CoverageFilters, 'page'>,
  format: CoverageFormat,
  locale: Locale,
  names: { regions: Map<string, string>; shift: string; exporter: string },
  ip: string,
) {
  const t = await getFixedT(locale)
  const view = await coverage(campaign.id, { ...filters, page: 1 })
  const header = [t('deployment.region'), t('deployment.district'), '№', t('deployment.mine.address'), t('deployment.shift'), t('deployment.coverage.ngoCount'), t('deployment.coverage.ngos')]
  const rows = view.all.map((r) => [names.regions.get(r.regionCode) ?? r.regionCode, r.district, r.number, r.address, names.shift, String(r.ngos.length), r.ngos.join(', ')])
  await recordAudit({ actorId: scope.actorId, action: 'coverage.exported', targetType: 'campaign', targetId: campaign.id, ip, details: { format, filters, rows: rows.length } })
  const fileName = `coverage-${campaign.slug}-${new Date().toISOString().slice(0, 10)}.${format}`
  if (format === 'pdf') {
    const filterFacts: Array<readonly [string, string]> = [
      [t('deployment.region'), filters.regionCode ? (names.regions.get(filters.regionCode) ?? filters.regionCode) : t('rosters.allRegions')],
      ...(filters.district ? [[t('deployment.district'), filters.district] as const] : []),
      [t('deployment.coverage.show'), t(`deployment.coverage.kind.${filters.kind}`)],
    ]
    const body = await coveragePdf(view, { campaign: campaign.name, shift: names.shift, filters: filterFacts, regions: names.regions, exporter: names.exporter, at: new Date() }, locale)
    return { fileName, contentType: 'application/pdf', body: body as string | Uint8Array | ReadableStream<Uint8Array> }
  }
  if (format === 'csv') {
    const delimiter = csvDelimiter(locale)
    return { fileName, contentType: 'text/csv; charset=utf-8', body: `${CSV_BOM}${[header, ...rows].map((cells) => csvLine(cells, delimiter)).join('')}` as string | Uint8Array | ReadableStream<Uint8Array> }
  }
  const { default: Excel } = await import('exceljs')
  const book = new Excel.Workbook()
  const sheet = book.addWorksheet(t('deployment.coverage.title').slice(0, 31))
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map((cell, i) => (i === 5 ? Number(cell) : cell)))
  sheet.columns.forEach((column, i) => {
    column.width = [22, 22, 8, 40, 26, 10, 40][i] ?? 16
  })
  const buffer = await book.xlsx.writeBuffer()
  return { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: new Uint8Array(buffer as ArrayBuffer) as string | Uint8Array | ReadableStream<Uint8Array> }
}
