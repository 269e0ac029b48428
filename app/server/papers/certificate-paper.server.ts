/** A certificate as a paper that verifies itself: its signed URL for the QR code of its page and PDF. */
import { paperId } from '~/domain/signed-paper.ts'
import type { CertificateView } from '../exams/certificates.server.ts'
import { db } from '../platform/db.server.ts'
import { signedPaperUrl } from './signing.server.ts'

/**
 * `APP_URL/v#…` for a certificate, or null: no signing key yet, a revoked certificate (a fresh
 * signature would vouch for it offline), or an anonymised holder (nothing left to vouch for).
 * The holder's IIN (masked: its last four digits) comes from the application the certificate counts for.
 */
export async function certificatePaperUrl(certificate: CertificateView, origin: string): Promise<string | null> {
  if (certificate.status === 'revoked' || certificate.holderRemoved) return null
  const row = await db.certificate.findUnique({ where: { code: certificate.code }, select: { campaignId: true } })
  const application = row?.campaignId ? await db.application.findUnique({ where: { campaignId_userId: { campaignId: row.campaignId, userId: certificate.userId } }, select: { iin: true } }) : null
  return signedPaperUrl(
    {
      kind: 'certificate',
      holderName: certificate.holderName,
      id: paperId({ iin: application?.iin }),
      ngo: certificate.ngoName ?? '',
      campaign: certificate.campaignName ?? '',
      course: certificate.courseTitle,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
      code: certificate.code,
    },
    origin,
  )
}
