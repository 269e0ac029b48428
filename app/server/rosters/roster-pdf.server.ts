/**
 * The printable roster: A4 landscape, a cover page (filters, counts, warnings, exporter, time), then
 * each region from a new page, with a header on every page (NGO, campaign, region, "page N of M" within
 * the region) and the export's columns as a table whose header row repeats on every page.
 *
 * Streamed: each region's rows are measured before its first page is drawn (so its page count is
 * known), then read again and drawn, each page written out as the next one starts; memory is bounded
 * by a batch of rows and the largest region's keys and line counts, not by the rows or the pages.
 */
import path from 'node:path'
import { BODY_FONT_SIZE, CELL_PADDING_X, columnMinimums, columnWidths, paginateRows, PUNCTUATION_HANG, wrapCell } from '~/domain/roster-pdf-layout.ts'
import type { RosterColumn } from '~/domain/roster.ts'
import { formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { rosterRowReader, type rosterSummary, type RosterRequest, type RosterRow } from './rosters.server.ts'
import { env } from '../platform/env.server.ts'
import { readerBacklog, webBody } from '../platform/reader-backlog.server.ts'
import { layOutPlainText, pdfNumber, plainLineWriter, type PlainLineWriter } from '../platform/pdf-plain-text.server.ts'
import { addPage } from '../platform/pdf-pages.server.ts'
import { ROSTER_BATCH, type RosterKey, type RosterKeys } from './roster-read.server.ts'

type Summary = Awaited<ReturnType<typeof rosterSummary>>

export interface PdfOptions {
  columns: readonly RosterColumn[]
  /** Column headers in the exporter's language, as the CSV and XLSX have them. */
  headers: readonly string[]
  /** A cell's text, as the CSV writes it. */
  cell: (row: RosterRow, column: RosterColumn) => string
  /** The cover's facts (label, value), as the XLSX cover has them. */
  cover: ReadonlyArray<readonly [string, string | number]>
  ngoName: string
  exporter: string
  at: Date
}

const PAGE = { width: 841.89, height: 595.28 } // A4 landscape, points
const MARGIN = 28
const TABLE_TOP = 66
const TABLE_BOTTOM = PAGE.height - 30
const FONT_SIZE = BODY_FONT_SIZE
const LINE = 9
const PAD_X = CELL_PADDING_X
const PAD_Y = 2.5
/** A cell longer than this many lines is cut with an ellipsis, so any row fits on one page. */
const MAX_LINES = 12
/**
 * Stop laying out while the reader is this far behind, so a slow download does not pile up in memory
 * (a 100,000-row roster is about 15 MB). Pieces waiting longer are moved to V8's old generation:
 * 4 MB waiting left about 3 MB more there over a 100,000-row roster.
 */
const BACKLOG_BYTES = 256 * 1024
const INK = '#1b1f24'
const MUTED = '#535b66'
const RULE = '#c5ccd6'
const BAND = '#e8ecf1'

/** The words of a line as wrapCell makes it (single spaces, trimmed). */
function wordsIn(line: string): number {
  let words = line ? 1 : 0
  for (let at = line.indexOf(' '); at >= 0; at = line.indexOf(' ', at + 1)) words++
  return words
}

function fontDir(): string {
  return path.resolve(env().FONT_DIR)
}

export async function rosterPdf(request: RosterRequest, summary: Summary, options: PdfOptions, keys?: RosterKeys): Promise<ReadableStream<Uint8Array>> {
  // Loaded on first use, as every heavy module a page does not need (README, Speed).
  const { default: PDFDocument } = await import('pdfkit')
  // No per-word layout cache: words are laid out without the shaper (below), which is cheaper than keeping them.
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false, fontLayoutCache: false })
  doc.registerFont('regular', path.join(fontDir(), 'DejaVuSans.ttf'))
  doc.registerFont('bold', path.join(fontDir(), 'DejaVuSans-Bold.ttf'))
  // Names, numbers and codes are laid out without the OpenType shaper (pdf-plain-text.server.ts).
  type Font = Parameters<typeof layOutPlainText>[0] & Parameters<typeof plainLineWriter>[1] & { widthOfString: (text: string, size: number) => number }
  const fonts = { regular: (doc.font('regular') as unknown as { _font: Font })._font, bold: (doc.font('bold') as unknown as { _font: Font })._font }
  for (const font of Object.values(fonts)) layOutPlainText(font)

  // Widths per character at 1 pt, read from the font once: wrapping measures every cell, and the
  // font's own measure lays out every word. Read from the font itself, not the document, so measuring
  // never changes the font or size being drawn with (a second document as the ruler parsed both
  // fonts again: about 2 MB more for every PDF).
  // By code point, read by index: a string iterator made a one-character string of each character.
  const charWidths = { regular: new Map<number, number>(), bold: new Map<number, number>() }
  const measurer = (font: 'regular' | 'bold', size: number) => (text: string) => {
    const widths = charWidths[font]
    let width = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.codePointAt(i) ?? 0
      if (code > 0xffff) i++
      let w = widths.get(code)
      if (w === undefined) {
        w = fonts[font].widthOfString(String.fromCodePoint(code), 100) / 100
        widths.set(code, w)
      }
      width += w
    }
    return width * size
  }
  const oneLine = (text: string, font: 'regular' | 'bold', size: number, width: number) => wrapCell(text, width, measurer(font, size), 1)[0] ?? ''

  const write = async () => {
    const t = await getFixedT(request.locale)
    const campaignName = localizedName(request.campaign, request.locale)
    const stamp = `${t('rosters.cover.exporter')}: ${options.exporter} · ${formatDateTime(options.at, request.locale)} · ${t('rosters.cover.iin')}: ${request.iin.full ? t('rosters.cover.iinFull') : t('rosters.cover.iinMasked')}`
    doc.info.Title = `${t('rosters.cover.title')}: ${options.ngoName}, ${campaignName}`
    doc.info.Author = options.exporter

    const tableWidth = PAGE.width - 2 * MARGIN
    const bodyWidth = measurer('regular', FONT_SIZE)
    const headWidth = measurer('bold', FONT_SIZE)
    // Codes, dates and the usual long words get their columns' width (columnMinimums), and the numbers up to the largest region's size (each region numbers its rows from 1).
    const minimums = columnMinimums(options.columns, options.headers, { body: bodyWidth, head: headWidth }, { number: [String(Math.max(0, ...summary.byRegion.map((r) => r.count)))] })
    const widths = columnWidths(options.columns, tableWidth, minimums)
    const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0))
    const headerCells = options.headers.map((h, i) => wrapCell(h, (widths[i] ?? 0) - 2 * PAD_X, headWidth, 3))
    const headerHeight = Math.max(...headerCells.map((l) => l.length), 1) * LINE + 2 * PAD_Y

    // Plain lines go straight into the page's content (pdf-plain-text.server.ts): the page frame's and
    // the table header's on every page, the cells a row at a time. Any other line is drawn by pdfkit.
    const writers = new Map<string, PlainLineWriter | null>()
    const writerOf = (font: 'regular' | 'bold', size: number) => {
      const key = `${font} ${size}`
      if (!writers.has(key)) writers.set(key, plainLineWriter(doc as unknown as Parameters<typeof plainLineWriter>[0], fonts[font], size))
      return writers.get(key) ?? null
    }
    /**
     * One line with its top left corner at (x, top), in the current fill colour; `flush: false` leaves it
     * for the writer's next flush. A line pdfkit draws gets its width and word count (pdfkit's own
     * options, as its line wrapper passes them): pdfkit otherwise lays the line out once more and splits
     * it into words only to know how wide it is drawn, which matters to underlines and links, not here.
     */
    const textLine = (text: string, font: 'regular' | 'bold', size: number, x: number, top: number, { flush = true } = {}) => {
      const writer = writerOf(font, size)
      if (!writer?.add(text, x, top)) doc.font(font).fontSize(size).text(text, x, top, { lineBreak: false, textWidth: measurer(font, size)(text), wordCount: wordsIn(text) } as PDFKit.Mixins.TextOptions)
      else if (flush) writer.flush()
    }

    /*
     * The pages' drawing besides text (colours, rules, the header's band), written with the operators
     * pdfkit's own calls write, their text made once or by pdfNumber: pdfkit turns a colour's three
     * fractions and every fractional coordinate into text on each call, which V8 makes in its old
     * generation (see pdfNumber), and each page sets five colours and each row draws a rule.
     */
    const colorOps = { fill: new Map<string, string>(), stroke: new Map<string, string>() }
    /** As doc.fillColor(hex) / doc.strokeColor(hex) for a #rrggbb colour. */
    const setColor = (hex: string, kind: 'fill' | 'stroke') => {
      let ops = colorOps[kind].get(hex)
      if (ops === undefined) {
        const rgb = parseInt(hex.slice(1), 16)
        const [space, set] = kind === 'fill' ? ['cs', 'scn'] : ['CS', 'SCN']
        ops = `/DeviceRGB ${space}\n${[rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff].map((part) => part / 255).join(' ')} ${set}`
        colorOps[kind].set(hex, ops)
      }
      doc.addContent(ops)
    }
    // The table's left and right edges as the content writes them.
    const tableLeft = pdfNumber(MARGIN)
    const tableRight = pdfNumber(PAGE.width - MARGIN)
    /** As doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y): a line across the table, to be stroked. */
    const rulePath = (y: number) => {
      const at = pdfNumber(y)
      return `${tableLeft} ${at} m\n${tableRight} ${at} l`
    }
    const frameRuleWidth = `${pdfNumber(0.8)} w`
    const rowRuleWidth = `${pdfNumber(0.3)} w`
    const bandSize = `${pdfNumber(tableWidth)} ${pdfNumber(headerHeight)} re`

    // "Page N of M" translated once with its placeholders put back (the text has no plural forms; `count`
    // as text asks for none), filled in on each page: i18next's call per page left about 4 MB in V8's old
    // generation over the 4,788 pages of a 100,000-row roster.
    const pageLabel = t('rosters.pdf.page', { page: '{{page}}', count: '{{count}}' } as unknown as { page: number; count: number })
    /** What every page carries: NGO and campaign, the region (or the title) and "page N of M" in it, the exporter and time. */
    const pageFrame = (subtitle: string, page?: { number: number; count: number }) => {
      addPage(doc, { size: 'A4', layout: 'landscape', margin: 0 })
      setColor(INK, 'fill')
      textLine(oneLine(`${options.ngoName} · ${campaignName}`, 'bold', 10, tableWidth - 150), 'bold', 10, MARGIN, 22)
      textLine(oneLine(subtitle, 'bold', 13, tableWidth - 150), 'bold', 13, MARGIN, 37)
      setColor(MUTED, 'fill')
      if (page) {
        // Right-aligned in the last 140 pt of the line.
        const text = pageLabel.replace('{{page}}', String(page.number)).replace('{{count}}', String(page.count))
        textLine(text, 'regular', 9, PAGE.width - MARGIN - measurer('regular', 9)(text.trimEnd()), 24)
      }
      doc.addContent(`${rulePath(57)}\n${frameRuleWidth}`)
      setColor(INK, 'stroke')
      doc.addContent('S')
      textLine(oneLine(stamp, 'regular', 7, tableWidth), 'regular', 7, MARGIN, PAGE.height - 20)
    }

    const tableHeader = (y: number) => {
      // As doc.rect(MARGIN, y, tableWidth, headerHeight).fill(BAND), then doc.fillColor(INK).
      doc.addContent(`${tableLeft} ${pdfNumber(y)} ${bandSize}`)
      setColor(BAND, 'fill')
      doc.addContent('f')
      setColor(INK, 'fill')
      headerCells.forEach((lines, i) => lines.forEach((line, n) => textLine(line, 'bold', FONT_SIZE, (lefts[i] ?? 0) + PAD_X, y + PAD_Y + n * LINE, { flush: false })))
      writerOf('bold', FONT_SIZE)?.flush()
      return y + headerHeight
    }

    const cellLines = (row: RosterRow, maxLines = MAX_LINES) => options.columns.map((c, i) => wrapCell(options.cell(row, c), (widths[i] ?? 0) - 2 * PAD_X, bodyWidth, maxLines, PUNCTUATION_HANG))
    const lineCount = (cells: string[][]) => Math.max(1, ...cells.map((l) => l.length))
    const heightOf = (lines: number) => lines * LINE + 2 * PAD_Y

    /** Let other requests run, and the reader catch up, before laying out more. */
    const breathe = readerBacklog(doc, BACKLOG_BYTES)

    /**
     * One region, read twice (rosterRowReader), a batch of keys at a time: first measured (each row's
     * lines, so the region's page count is known before its first page is drawn), then read again and
     * drawn page by page; each finished page is written out as the next one starts. Only the line
     * counts are held between the two readings: holding a 26,000-row region's rows took about 12 MB of
     * heap, which V8 moved to the old generation (tests/bench/HISTORY.md, session 20). A row whose
     * application stopped qualifying in between leaves its place empty (the numbers skip none); one
     * that changed keeps the lines it was measured with (a longer cell is cut with an ellipsis).
     * Its rows are numbered from 1, as its pages are: a region's pages can go to its coordinator alone.
     */
    const drawRegion = async (region: { code: string; name: string }, regionKeys: readonly RosterKey[]): Promise<void> => {
      const found: RosterKey[] = []
      const lines: number[] = []
      for (let start = 0; start < regionKeys.length; start += ROSTER_BATCH) {
        if (doc.destroyed) return
        for (const { key, row } of await reader.rows(region, regionKeys.slice(start, start + ROSTER_BATCH), 1)) {
          found.push(key)
          lines.push(lineCount(cellLines(row)))
        }
        // Measuring a large region takes a while: other requests get their turn between batches.
        await new Promise((resolve) => setImmediate(resolve))
      }
      if (found.length === 0) return
      const pages = paginateRows(lines.map(heightOf), TABLE_TOP + headerHeight, TABLE_BOTTOM)
      let drawn = 0
      let page = -1
      let y = 0
      for (let start = 0; start < found.length; start += ROSTER_BATCH) {
        if (doc.destroyed) return
        const end = Math.min(found.length, start + ROSTER_BATCH)
        const rows = new Map((await reader.rows(region, found.slice(start, end), 1 + drawn)).map(({ key, row }) => [key, row]))
        for (let i = start; i < end; i++) {
          if (i === pages[page + 1]) {
            if (page >= 0) await breathe()
            if (doc.destroyed) return
            page++
            pageFrame(`${t('rosters.columns.region')}: ${region.name}`, { number: page + 1, count: pages.length })
            y = tableHeader(TABLE_TOP)
            // The rows' colour and rules, set once a page (pdfkit writes them out on every call).
            setColor(INK, 'fill')
            doc.addContent(rowRuleWidth)
            setColor(RULE, 'stroke')
          }
          const row = rows.get(found[i] as RosterKey)
          const measured = lines[i] ?? 1
          if (row) {
            drawn++
            cellLines(row, Math.min(MAX_LINES, measured)).forEach((cell, c) => cell.forEach((line, n) => line && textLine(line, 'regular', FONT_SIZE, (lefts[c] ?? 0) + PAD_X, y + PAD_Y + n * LINE, { flush: false })))
            writerOf('regular', FONT_SIZE)?.flush()
          }
          y += heightOf(measured)
          doc.addContent(`${rulePath(y)}\nS`)
        }
      }
      await breathe()
    }

    // The cover.
    pageFrame(t('rosters.cover.title'))
    let y = 80
    for (const [label, value] of options.cover) {
      doc.font('bold').fontSize(10).fillColor(INK).text(label, MARGIN, y, { width: 170 })
      doc.font('regular').text(String(value), MARGIN + 180, y, { width: tableWidth - 180 })
      y = Math.max(doc.y, y + 14) + 3
    }
    for (const warning of summary.warnings) {
      doc.font('bold').fontSize(10).fillColor('#b00020').text(`${t('rosters.warningLabel')}: ${t(`rosters.warnings.${warning.problem}`, { ...warning })}`, MARGIN, y + 6, { width: tableWidth })
      y = doc.y + 3
    }
    const counted = summary.byRegion.filter((r) => r.count > 0)
    if (counted.length) {
      doc.font('regular').fontSize(9).fillColor(INK).text(counted.map((r) => `${r.name}: ${r.count}`).join(' · '), MARGIN, y + 10, { width: tableWidth })
    } else {
      doc.font('regular').fontSize(10).fillColor(INK).text(t('rosters.empty'), MARGIN, y + 10, { width: tableWidth })
    }

    const reader = await rosterRowReader(request, keys)
    for (const region of summary.byRegion) {
      if (region.count === 0) continue
      await drawRegion(region, await reader.keysOf(region))
      if (doc.destroyed) return
    }
    doc.end()
  }
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))))
  return webBody(doc)
}
