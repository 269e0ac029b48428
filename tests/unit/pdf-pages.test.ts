/** A long PDF's written pages let go of their dictionaries (pdf-pages.server.ts), and the file stays the same. */
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { addPage } from '~/server/platform/pdf-pages.server.ts'

const FONTS = path.resolve('app/assets/fonts')
const AT = new Date('2026-03-15T08:00:00Z')

interface PageObjects {
  dictionary: { data: Record<string, unknown> }
  resources: { data: Record<string, unknown> }
  content: { data: Record<string, unknown> }
}

/** A document of `pages` pages as the roster draws them (embedded font, colours, a rule), and its bytes. */
async function document(pages: number, add: (doc: PDFKit.PDFDocument) => void, options: { bufferPages?: boolean } = {}) {
  const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: AT, ModDate: AT, Title: 'Roster' }, ...options })
  doc.registerFont('regular', path.join(FONTS, 'DejaVuSans.ttf'))
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve) => doc.on('end', resolve))
  const seen: PageObjects[] = []
  for (let n = 1; n <= pages; n++) {
    add(doc)
    seen.push(doc.page as unknown as PageObjects)
    doc.font('regular').fontSize(9).fillColor('#1b1f24').text(`Страница ${n} · Бет ${n} · Page ${n}`, 28, 30, { lineBreak: false })
    doc.moveTo(28, 60).lineTo(560, 60).lineWidth(0.8).strokeColor('#c5ccd6').stroke()
  }
  return { doc, seen, bytes: async () => (doc.end(), await ended, Buffer.concat(chunks)) }
}

describe('addPage', () => {
  it('writes the same file as pdfkit’s own addPage', async () => {
    const own = await document(5, (doc) => doc.addPage({ size: 'A4', margin: 0 }))
    const released = await document(5, (doc) => addPage(doc, { size: 'A4', margin: 0 }))
    const [a, b] = [await own.bytes(), await released.bytes()]
    expect(a.subarray(0, 5).toString()).toBe('%PDF-')
    expect(b.equals(a)).toBe(true)
  })

  it('lets a written page’s dictionaries go, and keeps the page being drawn', async () => {
    const { seen, bytes } = await document(3, (doc) => addPage(doc, { size: 'A4', margin: 0 }))
    for (const page of seen.slice(0, -1)) {
      expect(page.dictionary.data).toEqual({})
      expect(page.resources.data).toEqual({})
      expect(page.content.data).toEqual({})
    }
    const last = seen.at(-1) as PageObjects
    expect(last.dictionary.data).toHaveProperty('MediaBox')
    expect(last.resources.data).toHaveProperty('Font')
    await bytes()
  })

  it('keeps pages that are not written yet (bufferPages), and the file is the same', async () => {
    const own = await document(3, (doc) => doc.addPage({ size: 'A4', margin: 0 }), { bufferPages: true })
    const kept = await document(3, (doc) => addPage(doc, { size: 'A4', margin: 0 }), { bufferPages: true })
    for (const page of kept.seen) expect(page.dictionary.data).toHaveProperty('MediaBox')
    expect((await kept.bytes()).equals(await own.bytes())).toBe(true)
  })
})
