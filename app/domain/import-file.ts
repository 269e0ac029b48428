/**
 * An uploaded volunteer list before its cells mean anything: what kind of file it is (by its bytes,
 * not its name), how its text is encoded, which delimiter a CSV uses, and the limits a file must
 * keep. Failures are translation keys with the numbers to show (`imports.errors.*`).
 */

export const IMPORT_LIMITS = {
  /** Bytes of the uploaded file. */
  fileBytes: 5 * 1024 * 1024,
  /** Bytes an XLSX may unpack to (a small zip can hide gigabytes). */
  unpackedBytes: 60 * 1024 * 1024,
  /** Data rows under the header. */
  rows: 20_000,
  columns: 40,
  /** Characters in one cell; longer cells make their row an error. */
  cellChars: 500,
} as const

export type FileError = { key: string; values?: Record<string, string | number> }

/**
 * A file over the upload limit: the same message whether the server read it or the browser saw the
 * file's size when it was chosen (then nothing is sent).
 */
export const FILE_TOO_BIG: FileError = { key: 'imports.errors.tooBig', values: { max: IMPORT_LIMITS.fileBytes / (1024 * 1024) } }

export type FileKind = 'empty' | 'xlsx' | 'xls' | 'text'

/** XLSX is a zip ("PK\x03\x04"); the old binary .xls is an OLE2 compound file. */
export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx'
  if ([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b)) return 'xls'
  return 'text'
}

/**
 * The text of a CSV: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), or
 * Windows-1251 (what Russian-language Excel writes as "CSV"). Null for bytes that are not text.
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2))
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2))
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    } catch {
      text = new TextDecoder('windows-1251').decode(bytes)
    }
  }
  return looksLikeText(text) ? withoutControlCharacters(text) : null
}

/**
 * Stray control characters (tab and line breaks kept) removed: from a CSV's text, and from each cell
 * of a workbook, whose XML carries them as `_x0000_` escapes (a NUL reached a station's address,
 * which PostgreSQL cannot store in text).
 */
export function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- stray control characters are what is removed
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
}

/** Binary files and random bytes are full of control characters; a spreadsheet's text has almost none. */
function looksLikeText(text: string): boolean {
  let odd = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0x7f || code === 0xfffd) odd++
  }
  return odd <= Math.max(2, text.length / 1000)
}

/**
 * The delimiter of a CSV: whichever of `;` `,` tab occurs most in its first line that has any, outside
 * quotes. A title line with none ("Список волонтёров" above the header, as a program other than Excel
 * writes it) is passed over: it made the file one column of "ФИО;ИИН;…" cells.
 */
export function sniffDelimiter(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  let seenContent = false
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (seenContent && counts[';'] + counts[','] + counts['\t'] > 0) break
    } else if (!quoted && (char === ';' || char === ',' || char === '\t')) counts[char]++
    if (char.trim()) seenContent = true
  }
  const best = (Object.entries(counts) as Array<[';' | ',' | '\t', number]>).sort((a, b) => b[1] - a[1])[0]
  return best && best[1] > 0 ? best[0] : ','
}

/** A zip's central directory: how many entries and where their records start; null without one (not a zip). */
function centralDirectory(bytes: Uint8Array): { view: DataView; entries: number; offset: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return { view, entries: view.getUint16(i + 10, true), offset: view.getUint32(i + 16, true) }
  }
  return null
}

/**
 * The total unpacked size a zip declares in its central directory, or null when the bytes are not
 * a readable zip (or use zip64, which no spreadsheet of our size needs).
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const directory = centralDirectory(bytes)
  if (!directory) return null
  const { view, entries } = directory
  let offset = directory.offset
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null
    const size = view.getUint32(offset + 24, true)
    if (size === 0xffffffff) return null
    total += size
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true)
  }
  return total
}

/** Where an entry's packed bytes lie (from its central-directory record and local header) and how they are packed (0 stored, 8 deflated). */
export interface ZipEntryData {
  name: string
  method: number
  start: number
  end: number
}

/**
 * Each entry's packed bytes, or null when the bytes are not a readable zip. The sizes a zip declares
 * can lie (a few hundred kilobytes declaring 15 KB inflated to 200 MB in the probe), so the server
 * inflates these to count what they really hold before a reader opens them (`unpackedWithin`).
 */
export function zipEntryData(bytes: Uint8Array): ZipEntryData[] | null {
  const directory = centralDirectory(bytes)
  if (!directory) return null
  const { view, entries } = directory
  let offset = directory.offset
  const found: ZipEntryData[] = []
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null
    const method = view.getUint16(offset + 10, true)
    const packed = view.getUint32(offset + 20, true)
    const local = view.getUint32(offset + 42, true)
    if (packed === 0xffffffff || local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return null
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
    if (start + packed > bytes.length) return null
    const nameLength = view.getUint16(offset + 28, true)
    if (offset + 46 + nameLength > bytes.length) return null
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength))
    found.push({ name, method, start, end: start + packed })
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true)
  }
  return found
}

/**
 * The most cell values a workbook's sheets may hold: as many as the row and column limits allow
 * (with the title rows above a header). exceljs keeps an object of about 300 bytes per cell, so
 * 60 MB of sheet XML without cell references (3.3 million one-digit cells in a 207 KB upload) took
 * 1.1 GB of memory before the row limit was checked.
 */
export const XLSX_VALUE_LIMIT = (IMPORT_LIMITS.rows + 11) * (IMPORT_LIMITS.columns + 1)

/** Whether a zip entry is a worksheet's XML. */
export const isWorksheetEntry = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name)

/**
 * The cell values in a worksheet's XML: its `<v>` (numbers, shared strings, formulas' results) and
 * `<is>` (inline strings) elements, with or without a namespace prefix (`<x:v>`); empty styled cells
 * hold neither and are not counted.
 */
export function countCellValues(xml: Uint8Array): number {
  const n = xml.length
  const closes = (at: number) => at < n && (xml[at] === 0x3e || xml[at] === 0x20 || xml[at] === 0x2f)
  const isNameChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
  let count = 0
  for (let i = xml.indexOf(0x3c); i >= 0; i = xml.indexOf(0x3c, i + 1)) {
    let j = i + 1
    const first = xml[j]
    if (first !== 0x76 && first !== 0x69) {
      // A prefix (`x:`) before the name, else not a value element.
      let k = j
      while (k < n && k - j < 16 && isNameChar(xml[k] ?? 0)) k++
      if (k === j || xml[k] !== 0x3a) continue
      j = k + 1
    }
    if (xml[j] === 0x76 && closes(j + 1)) count++
    else if (xml[j] === 0x69 && xml[j + 1] === 0x73 && closes(j + 2)) count++
  }
  return count
}

/** One line of the file as the lead sees it in a spreadsheet: its row number (the header is row 1 when it comes first) and cells. */
export interface ImportRow {
  n: number
  cells: string[]
}

export interface ImportTable {
  headers: string[]
  rows: ImportRow[]
}

export type TableResult = { ok: true; table: ImportTable } | { ok: false; error: FileError }

const isBlank = (cells: readonly string[]) => cells.every((c) => !c.trim())

/** How many non-blank rows may come before the header (a title, a date, the NGO's name). */
const HEADER_SEARCH_ROWS = 10

/**
 * The header and the data rows of a parsed file, within the limits. The header is the first of the
 * first ten non-blank rows that `looksLikeHeader` accepts (rows above it, such as a title, are
 * dropped), or else the first non-blank row. Blank rows are skipped but keep their numbers;
 * trailing empty columns are dropped; a cell longer than the limit is cut just past it, so its row
 * can still say so.
 */
export function buildTable(records: Iterable<ImportRow>, looksLikeHeader: (cells: string[]) => boolean = () => true): TableResult {
  let header: ImportRow | null = null
  const before: ImportRow[] = []
  const rows: ImportRow[] = []
  const tooMany: TableResult = { ok: false, error: { key: 'imports.errors.tooManyRows', values: { max: IMPORT_LIMITS.rows } } }
  for (const record of records) {
    if (isBlank(record.cells)) continue
    if (header) {
      if (rows.length >= IMPORT_LIMITS.rows) return tooMany
      rows.push(record)
    } else if (looksLikeHeader(record.cells)) {
      header = record
    } else {
      before.push(record)
      if (before.length === HEADER_SEARCH_ROWS) {
        header = before.shift() ?? null
        rows.push(...before)
      }
    }
  }
  if (!header && before.length > 0) {
    header = before.shift() ?? null
    rows.push(...before)
  }
  if (rows.length > IMPORT_LIMITS.rows) return tooMany
  if (!header) return { ok: false, error: { key: 'imports.errors.empty' } }
  let width = 0
  for (const row of [header, ...rows]) {
    for (let i = row.cells.length - 1; i >= width; i--) {
      if ((row.cells[i] ?? '').trim()) {
        width = i + 1
        break
      }
    }
  }
  if (width > IMPORT_LIMITS.columns) return { ok: false, error: { key: 'imports.errors.tooManyColumns', values: { max: IMPORT_LIMITS.columns } } }
  if (rows.length === 0) return { ok: false, error: { key: 'imports.errors.noRows' } }
  const fit = (cells: readonly string[]) => Array.from({ length: width }, (_, i) => (cells[i] ?? '').slice(0, IMPORT_LIMITS.cellChars + 1))
  return {
    ok: true,
    table: {
      headers: fit(header.cells).map((h) => h.replace(/\s+/g, ' ').trim().slice(0, 100)),
      rows: rows.map((r) => ({ n: r.n, cells: fit(r.cells) })),
    },
  }
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    out = String.fromCharCode(65 + rest) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}
