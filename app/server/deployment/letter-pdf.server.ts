/**
 * The printable authorisation letter: A4 portrait, one letter per page, in the language the lead
 * chose (DejaVu Sans from app/assets/fonts has every Kazakh letter), streamed page by page so a
 * region's batch of a thousand letters never sits whole in memory.
 *
 * QR codes: issue 19 signs a QR code for each letter; `qrFor` hands one (a PNG and a caption) for a
 * letter and it is drawn in LETTER_QR_BOX (app/domain/letters.ts), which stays empty otherwise.
 */
import path from 'node:path'
import { formatClock } from '~/domain/checkins.ts'
import { formatDate } from '~/domain/format.ts'
import { LETTER_QR_BOX, type LetterLanguage, type LetterView } from '~/domain/letters.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { env } from '../platform/env.server.ts'
import { addPage } from '../platform/pdf-pages.server.ts'
import { readerBacklog, webBody } from '../platform/reader-backlog.server.ts'

export interface LetterQr {
  png: Buffer
  /** A line under the code; by default "scan to check this letter" in the letter's language. */
  caption?: string
}

export interface LetterPdfOptions {
  /** The QR code for a letter (issue 19); without it the box stays blank. */
  qrFor?: (letter: LetterView) => Promise<LetterQr | null> | LetterQr | null
  /** The document's title (the file's metadata). */
  title?: string
}

const PAGE = { width: 595.28, height: 841.89 }
const LEFT = 62
const WIDTH = PAGE.width - 2 * LEFT
const INK = '#111111'
const MUTED = '#4a4f57'
/** Stop laying out while the reader is this far behind (a slow download of a big batch). */
const BACKLOG_BYTES = 4 * 1024 * 1024

function fontDir(): string {
  return path.resolve(env().FONT_DIR)
}

async function* asBatches(letters: LetterView[] | AsyncIterable<LetterView[]>): AsyncGenerator<LetterView[]> {
  if (Array.isArray(letters)) yield letters
  else yield* letters
}

export async function letterPdf(letters: LetterView[] | AsyncIterable<LetterView[]>, language: LetterLanguage, options: LetterPdfOptions = {}): Promise<ReadableStream<Uint8Array>> {
  // Loaded on first use, as every heavy module a page does not need (README, Speed).
  const [{ default: PDFDocument }, t] = await Promise.all([import('pdfkit'), getFixedT(language)])
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: options.title ?? t('electionDay.letter.title'), Author: t('app.name') } })
  doc.registerFont('regular', path.join(fontDir(), 'DejaVuSans.ttf'))
  doc.registerFont('bold', path.join(fontDir(), 'DejaVuSans-Bold.ttf'))

  const line = (label: string, value: string, y?: number) => {
    doc.font('regular').fontSize(11).fillColor(MUTED).text(`${label}: `, LEFT, y ?? doc.y, { continued: true, width: WIDTH, lineGap: 2 })
    doc.font('bold').fillColor(INK).text(value, { width: WIDTH, lineGap: 2 })
    doc.moveDown(0.25)
  }

  const drawLetter = async (letter: LetterView) => {
    addPage(doc, { size: 'A4', margin: 0 })
    const accreditation = [
      letter.ngo.accreditationBody === 'TERRITORIAL' && letter.ngo.accreditationIssuer ? letter.ngo.accreditationIssuer : letter.ngo.accreditationBody ? t(`electionDay.letter.body.${letter.ngo.accreditationBody}`) : null,
      letter.ngo.accreditationNumber ? t('electionDay.letter.accreditationNumber', { number: letter.ngo.accreditationNumber }) : null,
    ]
      .filter(Boolean)
      .join(', ')
    // The sender, as on a letterhead.
    doc.font('bold').fontSize(13).fillColor(INK).text(letter.ngo.name, LEFT, 56, { width: WIDTH, align: 'center' })
    doc.font('regular').fontSize(9.5).fillColor(MUTED).text(`${t('electionDay.letter.accreditation')}: ${accreditation || t('electionDay.letter.notGiven')}`, { width: WIDTH, align: 'center' })
    doc.moveTo(LEFT, doc.y + 8).lineTo(PAGE.width - LEFT, doc.y + 8).lineWidth(1).strokeColor(INK).stroke()

    doc.font('bold').fontSize(20).fillColor(INK).text(t('electionDay.letter.title').toUpperCase(), LEFT, doc.y + 34, { width: WIDTH, align: 'center', characterSpacing: 1 })
    doc.font('regular').fontSize(10.5).fillColor(MUTED).text(t('electionDay.letter.reference', { reference: letter.reference, date: formatDate(letter.issuedAt, language) }), { width: WIDTH, align: 'center' })

    doc.moveDown(1.6)
    doc.font('regular').fontSize(11.5).fillColor(INK).text(t('electionDay.letter.preamble', { ngo: letter.ngo.name }), LEFT, doc.y, { width: WIDTH, align: 'justify', lineGap: 3 })
    doc.moveDown(0.8)
    doc.font('bold').fontSize(18).text(letter.fullName, { width: WIDTH, align: 'center' })
    doc.font('regular').fontSize(11).fillColor(MUTED).text(letter.identity.kind === 'document' ? t('electionDay.letter.document', { number: letter.identity.value }) : t('electionDay.letter.iin', { iin: letter.identity.value }), { width: WIDTH, align: 'center' })
    doc.moveDown(1.2)

    line(t('electionDay.letter.station'), `№ ${letter.station.number}`)
    line(t('electionDay.letter.address'), [letter.station.district, letter.station.address].filter(Boolean).join(', '))
    line(t('electionDay.letter.region'), letter.regionName)
    line(t('electionDay.letter.campaign'), `${letter.campaignName}, ${formatDate(letter.electionDay, language)}`)
    line(t('electionDay.letter.shift'), `${letter.shift.name}, ${formatClock(letter.shift.startsAt)}–${formatClock(letter.shift.endsAt)}`)

    doc.moveDown(0.8)
    doc.font('regular').fontSize(10.5).fillColor(INK).text(t('electionDay.letter.instructions'), LEFT, doc.y, { width: WIDTH, align: 'justify', lineGap: 2 })

    // Signature and seal, above the QR box.
    const signY = LETTER_QR_BOX.y - 70
    doc.font('regular').fontSize(11).fillColor(INK).text(letter.signatory.title ?? t('electionDay.letter.signatoryTitleMissing'), LEFT, signY, { width: 220 })
    doc.moveTo(LEFT + 230, signY + 12).lineTo(LEFT + 330, signY + 12).lineWidth(0.6).strokeColor(INK).stroke()
    doc.font('regular').fontSize(8).fillColor(MUTED).text(t('electionDay.letter.signature'), LEFT + 230, signY + 15, { width: 100, align: 'center' })
    doc.font('bold').fontSize(11).fillColor(INK).text(letter.signatory.name ?? '', LEFT + 340, signY, { width: WIDTH - 340 })
    doc.font('regular').fontSize(10).fillColor(MUTED).text(t('electionDay.letter.seal'), LEFT, signY + 40)

    const qr = options.qrFor ? await options.qrFor(letter) : null
    if (qr) {
      doc.image(qr.png, LETTER_QR_BOX.x, LETTER_QR_BOX.y, { width: LETTER_QR_BOX.size, height: LETTER_QR_BOX.size })
      doc.font('regular').fontSize(8).fillColor(MUTED).text(qr.caption ?? t('electionDay.letter.qrCaption'), LETTER_QR_BOX.x - 10, LETTER_QR_BOX.y + LETTER_QR_BOX.size + 4, { width: LETTER_QR_BOX.size + 20, align: 'center' })
    }
    doc.font('regular').fontSize(7.5).fillColor(MUTED).text(t('electionDay.letter.footer', { reference: letter.reference }), LEFT, PAGE.height - 40, { width: WIDTH - LETTER_QR_BOX.size - 20, lineBreak: true })
  }

  const breathe = readerBacklog(doc, BACKLOG_BYTES)
  const write = async () => {
    let any = false
    for await (const batch of asBatches(letters)) {
      for (const letter of batch) {
        if (doc.destroyed) return
        any = true
        await drawLetter(letter)
        await breathe()
      }
    }
    if (!any) {
      addPage(doc, { size: 'A4', margin: 0 })
      doc.font('regular').fontSize(12).fillColor(INK).text(t('electionDay.letters.none'), LEFT, 80, { width: WIDTH })
    }
    doc.end()
  }
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))))
  return webBody(doc)
}
