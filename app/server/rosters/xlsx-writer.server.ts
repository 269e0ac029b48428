/**
 * A small streaming XLSX writer for the roster export: sheets of inline strings, numbers and dates
 * with four fixed styles (bold, title, warning, date), column widths, a frozen header row and an
 * autofilter; written as it goes into a ZIP whose entries node:zlib compresses (native, off the main
 * thread). exceljs's streaming writer did the same file with a Row and Cell object, a merged style
 * and an XML node tree per cell: most of the export's time at 100,000 rows (README, Speed).
 *
 * What Office Open XML needs and no more: [Content_Types].xml, the package and workbook relations,
 * workbook.xml (sheet names), styles.xml and one worksheet part per sheet. Strings are inline
 * (t="inlineStr"), never formulas, so a cell starting with = is text.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { setImmediate } from 'node:timers/promises'
import zlib from 'node:zlib'
import { drained } from '../platform/reader-backlog.server.ts'

export type XlsxStyle = 'plain' | 'bold' | 'title' | 'warning' | 'date'
export type XlsxValue = string | number | Date | null | undefined

/** cellXfs indexes in styles.xml, in this order. */
const styleIds: Record<XlsxStyle, number> = { plain: 0, bold: 1, title: 2, warning: 3, date: 4 }

const FONT = '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="4"><font>${FONT}</font><font><b/>${FONT}</font><font><b/><sz val="14"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><sz val="11"/><color rgb="FFB00020"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** Characters XML 1.0 cannot hold are dropped (as exceljs does); markup characters escaped. */
// eslint-disable-next-line no-control-regex -- the control characters XML cannot hold are the point
const needsEscape = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/
export function xmlText(text: string): string {
  if (!needsEscape.test(text)) return text
  // eslint-disable-next-line no-control-regex -- as above
  return text.replace(/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : ''))
}

/** Column letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** Excel's serial day number (1900 system) of a date, as exceljs writes it; SQLite's ISO text read without making a Date. */
export function excelDay(date: Date | string): number {
  return (typeof date === 'string' ? Date.parse(date) : date.getTime()) / 86_400_000 + 25_569
}

/** Writes to `out`, waiting while it is full (the download's backpressure) or until it closes. */
async function send(out: Writable, chunk: Buffer) {
  if (!out.write(chunk)) await drained(out)
}

interface ZipEntry {
  name: Buffer
  crc: number
  compressed: number
  size: number
  offset: number
}

/**
 * How an entry is deflated: level 1, and its text handed to zlib in pieces of DEFLATE_INPUT_BYTES.
 * Level 6 (zlib's default) took a 100,000-row sheet's 63 MB of XML 0.57 s of a thread's CPU for 6.1
 * MB, level 1 0.15 s for 7.5 MB. zlib compresses on the thread pool but needs this thread between
 * pieces, so 16 KB pieces, each awaited, had this thread wait for about 3,400 round trips (0.7 s of a
 * 2.9 s export idle): now about 240 pieces, each followed by a turn of the event loop (the previous
 * piece's result taken, the next piece compressing while the XML goes on being written), with room
 * for two pieces queued (DEFLATE_QUEUE_BYTES) and output in chunks that hold a piece's (tests/bench/HISTORY.md,
 * session 29).
 */
const DEFLATE_LEVEL = 1
const DEFLATE_INPUT_BYTES = 256 * 1024
const DEFLATE_QUEUE_BYTES = 2 * DEFLATE_INPUT_BYTES
const DEFLATE_OUTPUT_BYTES = 64 * 1024

/** A ZIP written front to back: each entry deflated as a stream, sizes in a data descriptor after it. */
class ZipWriter {
  private offset = 0
  private readonly entries: ZipEntry[] = []
  private readonly stamp: { time: number; date: number }

  constructor(private readonly out: Writable, at: Date) {
    this.stamp = {
      time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
      date: ((at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
    }
  }

  private async raw(chunk: Buffer) {
    this.offset += chunk.length
    await send(this.out, chunk)
  }

  /** Starts an entry; write its text with `write`, then `end` it. */
  async entry(name: string) {
    const entry: ZipEntry = { name: Buffer.from(name, 'utf8'), crc: 0, compressed: 0, size: 0, offset: this.offset }
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4) // version needed
    header.writeUInt16LE(0x0808, 6) // sizes after the data; UTF-8 names
    header.writeUInt16LE(8, 8) // deflate
    header.writeUInt16LE(this.stamp.time, 10)
    header.writeUInt16LE(this.stamp.date, 12)
    header.writeUInt16LE(entry.name.length, 26)
    await this.raw(Buffer.concat([header, entry.name]))
    // The typings lack the stream's writableHighWaterMark, which zlib's streams take (node's zlib docs).
    const deflate = zlib.createDeflateRaw({ level: DEFLATE_LEVEL, chunkSize: DEFLATE_OUTPUT_BYTES, writableHighWaterMark: DEFLATE_QUEUE_BYTES } as zlib.ZlibOptions)
    // Compressed output waits here until the next write or the end sends it on (in order, with backpressure).
    const pending: Buffer[] = []
    deflate.on('data', (chunk: Buffer) => pending.push(chunk))
    const drainCompressed = async () => {
      while (pending.length) {
        const chunk = pending.shift() as Buffer
        entry.compressed += chunk.length
        await this.raw(chunk)
      }
    }
    const gathered: Buffer[] = []
    let gatheredBytes = 0
    let failed: Error | undefined
    deflate.on('error', (error) => (failed = error))
    return {
      write: async (text: string) => {
        if (failed) throw failed
        const data = Buffer.from(text, 'utf8')
        entry.crc = zlib.crc32(data, entry.crc)
        entry.size += data.length
        gathered.push(data)
        gatheredBytes += data.length
        if (gatheredBytes < DEFLATE_INPUT_BYTES) return
        const piece = Buffer.concat(gathered, gatheredBytes)
        gathered.length = 0
        gatheredBytes = 0
        if (!deflate.write(piece)) await once(deflate, 'drain')
        else await setImmediate()
        await drainCompressed()
      },
      end: async () => {
        if (gatheredBytes) deflate.write(Buffer.concat(gathered, gatheredBytes))
        const ended = new Promise<void>((resolve, reject) => {
          deflate.once('end', resolve)
          deflate.once('error', reject)
        })
        deflate.end()
        await ended
        await drainCompressed()
        const descriptor = Buffer.alloc(16)
        descriptor.writeUInt32LE(0x08074b50, 0)
        descriptor.writeUInt32LE(entry.crc >>> 0, 4)
        descriptor.writeUInt32LE(entry.compressed, 8)
        descriptor.writeUInt32LE(entry.size, 12)
        await this.raw(descriptor)
        this.entries.push(entry)
      },
    }
  }

  async file(name: string, text: string) {
    const entry = await this.entry(name)
    await entry.write(text)
    await entry.end()
  }

  /** The central directory and its end record. */
  async finish() {
    const start = this.offset
    const records = this.entries.map((entry) => {
      const record = Buffer.alloc(46)
      record.writeUInt32LE(0x02014b50, 0)
      record.writeUInt16LE(20, 4)
      record.writeUInt16LE(20, 6)
      record.writeUInt16LE(0x0808, 8)
      record.writeUInt16LE(8, 10)
      record.writeUInt16LE(this.stamp.time, 12)
      record.writeUInt16LE(this.stamp.date, 14)
      record.writeUInt32LE(entry.crc >>> 0, 16)
      record.writeUInt32LE(entry.compressed, 20)
      record.writeUInt32LE(entry.size, 24)
      record.writeUInt16LE(entry.name.length, 28)
      record.writeUInt32LE(entry.offset, 42)
      return Buffer.concat([record, entry.name])
    })
    const directory = Buffer.concat(records)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.entries.length, 8)
    end.writeUInt16LE(this.entries.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(start, 16)
    await this.raw(Buffer.concat([directory, end]))
  }
}

export interface SheetOptions {
  name: string
  /** Column widths in characters. */
  widths: readonly number[]
  /** The first row stays in view (and, with `autoFilter`, carries the filter buttons). */
  frozenHeader?: boolean
  autoFilter?: boolean
}

/**
 * Characters of an export's text encoded at a time: a sheet's rows flushed to the ZIP entry, the CSV's
 * lines (roster-exports.server.ts). Small enough that the text stays in V8's young generation. A larger
 * text, two bytes a character with Cyrillic names, goes to the large-object space, which only a full
 * collection frees: 262,144 characters made 512 KB strings there and a 100,000-row workbook's heap grew
 * to about 180 MB for them; CSV batches of 2,000 lines (about 400,000 characters) left about 40 MB of
 * such garbage behind (tests/bench/HISTORY.md, session 19).
 */
export const TEXT_CHUNK_CHARS = 16 * 1024

export class XlsxWriter {
  private readonly zip: ZipWriter
  private readonly sheets: string[] = []
  private sheet: { options: SheetOptions; entry: Awaited<ReturnType<ZipWriter['entry']>>; rows: number; buffer: string; letters: string[] } | undefined

  constructor(out: Writable, at = new Date()) {
    this.zip = new ZipWriter(out, at)
  }

  async addSheet(options: SheetOptions) {
    await this.endSheet()
    this.sheets.push(options.name)
    const entry = await this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`)
    const pane = options.frozenHeader ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' : ''
    const cols = options.widths.map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join('')
    await entry.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${RELS}"><sheetViews><sheetView workbookViewId="0"${this.sheets.length === 1 ? ' tabSelected="1"' : ''}>${pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`,
    )
    this.sheet = { options, entry, rows: 0, buffer: '', letters: options.widths.map((_, i) => columnName(i)) }
  }

  /** One row; `styles` per cell (a date cell is always styled as a date), `rowStyle` for the whole row. */
  async addRow(values: readonly XlsxValue[], styles?: ReadonlyArray<XlsxStyle | undefined>, rowStyle?: XlsxStyle) {
    const sheet = this.sheet
    if (!sheet) throw new Error('addRow before addSheet')
    const number = ++sheet.rows
    const rowStyleId = rowStyle ? styleIds[rowStyle] : 0
    let xml = rowStyleId ? `<row r="${number}" s="${rowStyleId}" customFormat="1">` : `<row r="${number}">`
    for (let i = 0; i < values.length; i++) {
      const value = values[i]
      if (value === null || value === undefined || value === '') continue
      const letter = sheet.letters[i] ?? columnName(i)
      const styleId = value instanceof Date ? styleIds.date : styleIds[styles?.[i] ?? rowStyle ?? 'plain']
      const s = styleId ? ` s="${styleId}"` : ''
      if (typeof value === 'string') {
        const space = value.charCodeAt(0) === 32 || value.charCodeAt(value.length - 1) === 32 ? ' xml:space="preserve"' : ''
        xml += `<c r="${letter}${number}"${s} t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`
      } else {
        const n = value instanceof Date ? excelDay(value) : value
        xml += `<c r="${letter}${number}"${s}><v>${Number.isFinite(n) ? n : 0}</v></c>`
      }
    }
    sheet.buffer += `${xml}</row>`
    if (sheet.buffer.length >= TEXT_CHUNK_CHARS) await this.flush()
  }

  private async flush() {
    if (!this.sheet || !this.sheet.buffer) return
    const text = this.sheet.buffer
    this.sheet.buffer = ''
    await this.sheet.entry.write(text)
  }

  async endSheet() {
    const sheet = this.sheet
    if (!sheet) return
    await this.flush()
    const last = columnName(Math.max(0, sheet.options.widths.length - 1))
    const filter = sheet.options.autoFilter ? `<autoFilter ref="A1:${last}${Math.max(1, sheet.rows)}"/>` : ''
    await sheet.entry.write(`</sheetData>${filter}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
    await sheet.entry.end()
    this.sheet = undefined
  }

  /** The workbook's other parts and the ZIP's directory. */
  async finish() {
    await this.endSheet()
    const sheets = this.sheets
    await this.zip.file(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    )
    await this.zip.file('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
    await this.zip.file(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${RELS}/styles" Target="styles.xml"/></Relationships>`,
    )
    await this.zip.file(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><bookViews><workbookView/></bookViews><sheets>${sheets.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    )
    await this.zip.file('xl/styles.xml', STYLES)
    await this.zip.finish()
  }
}
