/**
 * The printable certificate: A4 landscape, the DejaVu Sans font shipped in app/assets/fonts (every
 * Kazakh letter: ә ғ қ ң ө ұ ү һ і), and a QR code: the signed paper (`APP_URL/v#…`, checked on the
 * phone, offline too: app/domain/signed-paper.ts) when there is one, else the public verification page,
 * whose address is printed as the online check either way.
 */
import path from 'node:path'
import { courseEditionPhrase } from '~/domain/certificates.ts'
import { formatDate } from '~/domain/format.ts'
import type { Locale } from '~/domain/locale.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import type { CertificateView } from './certificates.server.ts'
import { env } from '../platform/env.server.ts'
import { paperQrPng } from '../papers/signing.server.ts'

function fontDir(): string {
  return path.resolve(env().FONT_DIR)
}

export async function certificatePdf(certificate: CertificateView, locale: Locale, verifyUrl: string, signedUrl: string | null = null): Promise<Buffer> {
  // Loaded on first use: pdfkit and qrcode are tens of megabytes a worker would otherwise hold from start.
  const [{ default: PDFDocument }, qr, t] = await Promise.all([import('pdfkit'), paperQrPng(signedUrl ?? verifyUrl), getFixedT(locale)])
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, info: { Title: `${t('certificate.pdf.title')} ${certificate.code}`, Author: t('app.name'), Subject: certificate.courseTitle } })
  doc.registerFont('regular', path.join(fontDir(), 'DejaVuSans.ttf'))
  doc.registerFont('bold', path.join(fontDir(), 'DejaVuSans-Bold.ttf'))
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  const { width, height } = doc.page
  // The edition as the certificate's page and /verify name it.
  const edition = courseEditionPhrase(certificate.courseEdition, locale)
  const brand = '#0b5cad'
  doc.rect(24, 24, width - 48, height - 48).lineWidth(3).stroke(brand)
  doc.rect(32, 32, width - 64, height - 64).lineWidth(0.8).stroke(brand)

  const left = 70
  const textWidth = width - 140 - 170
  doc.fillColor(brand).font('bold').fontSize(14).text(t('app.name').toUpperCase(), left, 62, { characterSpacing: 1.5 })
  doc.fillColor('#1b1f24').font('bold').fontSize(34).text(t('certificate.pdf.title'), left, 100, { width: textWidth })
  doc.font('regular').fontSize(14).fillColor('#535b66').text(t('certificate.pdf.certifies'), left, 170, { width: textWidth })
  doc.font('bold').fontSize(30).fillColor('#1b1f24').text(certificate.holderRemoved ? t('certificate.holderRemoved') : certificate.holderName, left, 195, { width: textWidth })
  doc
    .font('regular')
    .fontSize(14)
    .fillColor('#1b1f24')
    .text(t('certificate.pdf.passed', { course: certificate.courseTitle, percent: certificate.percent }), left, doc.y + 14, { width: textWidth, lineGap: 3 })
  if (certificate.ngoName) doc.moveDown(0.6).text(t('certificate.pdf.ngo', { ngo: certificate.ngoName }), { width: textWidth })
  if (certificate.campaignName) doc.moveDown(0.4).text(t('certificate.pdf.campaign', { campaign: certificate.campaignName }), { width: textWidth })
  doc
    .moveDown(0.8)
    .fillColor('#535b66')
    .fontSize(12)
    .text(`${t('certificate.issued')}: ${formatDate(certificate.issuedAt, locale)}    ${t('certificate.validUntil')}: ${formatDate(certificate.expiresAt, locale)}`, { width: textWidth })
    .text(`${t('certificate.courseEdition')}: ${t(edition.key, edition.values)}`, { width: textWidth })

  // A signed paper's code is denser (up to about 77 modules): printed larger, each module stays over 0.7 mm.
  const qrSize = signedUrl ? 170 : 150
  const qrX = width - 70 - qrSize
  const qrY = height - 80 - qrSize - 40
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize })
  doc.font('regular').fontSize(9).fillColor('#535b66').text(t(signedUrl ? 'papers.pdfScan' : 'certificate.pdf.scan'), qrX - 20, qrY + qrSize + 6, { width: qrSize + 40, align: 'center' })

  doc.font('regular').fontSize(11).fillColor('#535b66').text(t('certificate.code'), left, height - 118)
  doc.font('bold').fontSize(22).fillColor('#1b1f24').text(certificate.code, left, height - 102, { characterSpacing: 2 })
  doc.font('regular').fontSize(10).fillColor(brand).text(verifyUrl, left, height - 70, { width: textWidth })
  doc.end()
  return done
}
