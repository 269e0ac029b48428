/**
 * The coverage list for printing (A4 portrait): a first page with the campaign, shift, filters and the
 * per-region totals (stations covered by none, by one, by several organisations), then each region's
 * stations from a new page, as a table whose header repeats on every page, with "page N" in the footer.
 * The same rows as the CSV and XLSX (coverage-exports.server.ts).
 */
import path from 'node:path'
import { wrapCell } from '~/domain/roster-pdf-layout.ts'
import { formatDateTime } from '~/domain/format.ts'
import type { Locale } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { env } from '../platform/env.server.ts'
import { addPage } from '../platform/pdf-pages.server.ts'
import { readerBacklog, webBody } from '../platform/reader-backlog.server.ts'
import type { coverage } from './assignments.server.ts'

type CoverageView = Awaited<ReturnType<typeof coverage>>

export interface CoveragePdfFacts {
  campaign: string
  shift: string
  /** The filters as people read them: region, district, which stations. */
  filters: ReadonlyArray<readonly [string, string]>
  regions: ReadonlyMap<string, string>
  exporter: string
  at: Date
}

const PAGE = { width: 595.28, height: 841.89 }
/** Stop laying out while the reader is this far behind (a slow download of a large coalition's report). */
const BACKLOG_BYTES = 4 * 1024 * 1024
const MARGIN = 36
const WIDTH = PAGE.width - 2 * MARGIN
const TOP = 70
const BOTTOM = PAGE.height - 36
const FONT_SIZE = 8.5
const LINE = 10.5
const PAD = 3
const INK = '#1b1f24'
const MUTED = '#535b66'
const RULE = '#c5ccd6'
const NONE = '#b00020'
/** Station number, district, address, NGO count, NGOs: shares of the width. */
const COLUMN_SHARES = [0.07, 0.2, 0.33, 0.12, 0.28]

export async function coveragePdf(view: CoverageView, facts: CoveragePdfFacts, locale: Locale): Promise<ReadableStream<Uint8Array>> {
  const [{ default: PDFDocument }, t] = await Promise.all([import('pdfkit'), getFixedT(locale)])
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: `${t('deployment.coverage.title')}: ${facts.campaign}`, Author: facts.exporter } })
  const fonts = path.resolve(env().FONT_DIR)
  doc.registerFont('regular', path.join(fonts, 'DejaVuSans.ttf'))
  doc.registerFont('bold', path.join(fonts, 'DejaVuSans-Bold.ttf'))
  const measure = (font: 'regular' | 'bold', size: number) => (text: string) => doc.font(font).fontSize(size).widthOfString(text)
  const widths = COLUMN_SHARES.map((share) => share * WIDTH)
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0))
  const headers = ['№', t('deployment.district'), t('deployment.mine.address'), t('deployment.coverage.ngoCount'), t('deployment.coverage.ngos')]
  const stamp = `${t('rosters.cover.exporter')}: ${facts.exporter} · ${formatDateTime(facts.at, locale)}`
  let pageNumber = 0

  const newPage = (subtitle: string) => {
    pageNumber++
    addPage(doc, { size: 'A4', margin: 0 })
    doc.font('bold').fontSize(10).fillColor(INK).text(`${t('deployment.coverage.title')} · ${facts.campaign}`, MARGIN, 24, { width: WIDTH - 80, lineBreak: false, ellipsis: true })
    doc.font('bold').fontSize(13).text(subtitle, MARGIN, 40, { width: WIDTH - 80, lineBreak: false, ellipsis: true })
    doc.font('regular').fontSize(9).fillColor(MUTED).text(String(pageNumber), PAGE.width - MARGIN - 60, 26, { width: 60, align: 'right', lineBreak: false })
    doc.moveTo(MARGIN, 60).lineTo(PAGE.width - MARGIN, 60).lineWidth(0.8).strokeColor(INK).stroke()
    doc.font('regular').fontSize(7).fillColor(MUTED).text(stamp, MARGIN, PAGE.height - 22, { width: WIDTH, lineBreak: false, ellipsis: true })
  }
  const headerLines = headers.map((h, i) => wrapCell(h, (widths[i] ?? 0) - 2 * PAD, measure('bold', FONT_SIZE), 3))
  const headerHeight = Math.max(...headerLines.map((l) => l.length)) * LINE + 2 * PAD
  const tableHeader = (y: number) => {
    doc.rect(MARGIN, y, WIDTH, headerHeight).fill('#e8ecf1')
    doc.font('bold').fontSize(FONT_SIZE).fillColor(INK)
    headerLines.forEach((lines, i) => lines.forEach((line, n) => doc.text(line, (lefts[i] ?? 0) + PAD, y + PAD + n * LINE, { lineBreak: false })))
    return y + headerHeight
  }

  const breathe = readerBacklog(doc, BACKLOG_BYTES)
  const write = async () => {
    // The first page: what this is, and the totals per region.
    newPage(facts.shift)
    let y = TOP
    for (const [label, value] of [[t('rosters.cover.campaign'), facts.campaign], [t('deployment.shift'), facts.shift], ...facts.filters] as const) {
      doc.font('bold').fontSize(10).fillColor(INK).text(label, MARGIN, y, { width: 150 })
      doc.font('regular').text(value, MARGIN + 160, y, { width: WIDTH - 160 })
      y = Math.max(doc.y, y + 14) + 2
    }
    y += 10
    doc.font('bold').fontSize(11).fillColor(INK).text(t('deployment.coverage.byRegion'), MARGIN, y)
    y = doc.y + 4
    const cols = [t('deployment.region'), t('deployment.coverage.stations'), t('deployment.coverage.kind.none'), t('deployment.coverage.kind.one'), t('deployment.coverage.kind.several')]
    const summaryLefts = [MARGIN, MARGIN + 190, MARGIN + 260, MARGIN + 340, MARGIN + 430]
    const summaryRow = (cells: string[], bold: boolean) => {
      const height = Math.max(...cells.map((cell, i) => doc.font(bold ? 'bold' : 'regular').fontSize(9).heightOfString(cell, { width: (summaryLefts[i + 1] ?? MARGIN + WIDTH) - (summaryLefts[i] ?? 0) - 6 })))
      if (y + height > BOTTOM) {
        newPage(t('deployment.coverage.byRegion'))
        y = TOP
      }
      cells.forEach((cell, i) => doc.font(bold ? 'bold' : 'regular').fontSize(9).fillColor(i === 2 && !bold && cell !== '0' ? NONE : INK).text(cell, summaryLefts[i] ?? 0, y, { width: (summaryLefts[i + 1] ?? MARGIN + WIDTH) - (summaryLefts[i] ?? 0) - 6 }))
      y += height + 3
      doc.moveTo(MARGIN, y - 1.5).lineTo(PAGE.width - MARGIN, y - 1.5).lineWidth(0.4).strokeColor(RULE).stroke()
    }
    summaryRow(cols, true)
    for (const r of view.regions) summaryRow([facts.regions.get(r.regionCode) ?? r.regionCode, String(r.stations), String(r.none), String(r.one), String(r.several)], false)
    if (view.all.length === 0) doc.font('regular').fontSize(10).fillColor(INK).text(t('deployment.coverage.emptyPdf'), MARGIN, y + 12, { width: WIDTH })

    // Each region's stations from a new page.
    let region = ''
    for (const row of view.all) {
      if (doc.destroyed) return
      const cells = [row.number, row.district, row.address, String(row.ngos.length), row.ngos.length ? row.ngos.join(', ') : t('deployment.coverage.uncovered')]
      const lines = cells.map((cell, i) => wrapCell(cell, (widths[i] ?? 0) - 2 * PAD, measure('regular', FONT_SIZE), 6, PAD / 2))
      const height = Math.max(...lines.map((l) => l.length)) * LINE + 2 * PAD
      if (row.regionCode !== region || y + height > BOTTOM) {
        region = row.regionCode
        newPage(facts.regions.get(row.regionCode) ?? row.regionCode)
        y = tableHeader(TOP)
      }
      lines.forEach((cellLines, i) => {
        doc.font(i === 0 ? 'bold' : 'regular').fontSize(FONT_SIZE).fillColor(i === 4 && row.ngos.length === 0 ? NONE : INK)
        cellLines.forEach((line, n) => doc.text(line, (lefts[i] ?? 0) + PAD, y + PAD + n * LINE, { lineBreak: false }))
      })
      y += height
      doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(0.4).strokeColor(RULE).stroke()
      if (doc.readableLength > BACKLOG_BYTES) await breathe()
    }
    doc.end()
  }
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))))
  return webBody(doc)
}
