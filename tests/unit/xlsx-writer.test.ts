import { PassThrough, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { excelDay, XlsxWriter } from '~/server/rosters/xlsx-writer.server.ts'

/** A workbook of `rows` rows (Cyrillic names, dates as Excel day numbers), written to `out`. */
async function write(out: Writable, rows: number) {
  const workbook = new XlsxWriter(out, new Date('2026-12-06T10:00:00Z'))
  await workbook.addSheet({ name: 'Список', widths: [8, 30, 12], frozenHeader: true, autoFilter: true })
  await workbook.addRow(['№', 'ФИО', 'Дата рождения'], undefined, 'bold')
  for (let i = 1; i <= rows; i++) await workbook.addRow([i, `Әлия Сейтқазықызы Нұрланова ${i}`, excelDay(`1990-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000+00:00`)], [undefined, undefined, 'date'])
  await workbook.finish()
  out.end()
}

async function bytesOf(rows: number, reader: (out: PassThrough) => Promise<Buffer>): Promise<Buffer> {
  const out = new PassThrough()
  const [bytes] = await Promise.all([reader(out), write(out, rows)])
  return bytes
}

const readAll = async (out: PassThrough) => {
  const chunks: Buffer[] = []
  for await (const chunk of out) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

describe('XlsxWriter', () => {
  // 20,000 rows are about 3 MB of XML: a dozen pieces handed to zlib, each followed by a turn of the event loop.
  it('writes a sheet of many deflate pieces that another reader reads back whole', async () => {
    const bytes = await bytesOf(20_000, readAll)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('Список')
    expect(sheet.rowCount).toBe(20_001)
    expect(sheet.getCell('B1').value).toBe('ФИО')
    for (const n of [1, 2, 9_999, 20_000]) {
      expect(sheet.getCell(`A${n + 1}`).value).toBe(n)
      expect(sheet.getCell(`B${n + 1}`).value).toBe(`Әлия Сейтқазықызы Нұрланова ${n}`)
      expect(sheet.getCell(`C${n + 1}`).value).toEqual(new Date(`1990-01-${String((n % 28) + 1).padStart(2, '0')}T00:00:00Z`))
      expect(sheet.getCell(`C${n + 1}`).numFmt).toBe('yyyy-mm-dd')
    }
  })

  it('writes the same file to a reader that takes its time, without gathering listeners while it waits', async () => {
    const fast = await bytesOf(8_000, readAll)
    let listeners = 0
    const slow = await bytesOf(8_000, async (out) => {
      const chunks: Buffer[] = []
      for await (const chunk of out) {
        chunks.push(chunk as Buffer)
        listeners = Math.max(listeners, out.listenerCount('close'), out.listenerCount('error'))
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      return Buffer.concat(chunks)
    })
    expect(slow.equals(fast)).toBe(true)
    expect(listeners).toBeLessThan(5)
  })

  it('gives a date read as SQLite’s ISO text the day number its Date has', () => {
    for (const text of ['1990-01-02T00:00:00.000+00:00', '2027-04-05T13:30:00.000+00:00', '1899-12-31T00:00:00.000Z']) expect(excelDay(text)).toBe(excelDay(new Date(text)))
    expect(excelDay('1970-01-01T00:00:00.000+00:00')).toBe(25_569)
  })
})
