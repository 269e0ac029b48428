/**
 * An authorisation letter as a paper that verifies itself (issue 19): its signed `/v#…` address as a
 * QR code for LETTER_QR_BOX. Null when the coalition has no signing key yet: the letter then prints
 * without a code, as before.
 */
import { paperId } from '~/domain/signed-paper.ts'
import { formatClock } from '~/domain/checkins.ts'
import type { LetterView } from '~/domain/letters.ts'
import { paperQrPng, signedPaperUrl } from '../papers/signing.server.ts'
import type { LetterQr } from './letter-pdf.server.ts'

/** A letter is good from the day it is issued to the day after its shift ends. */
const VALID_AFTER_SHIFT_MS = 24 * 3_600_000

export async function letterQr(letter: LetterView, origin: string): Promise<LetterQr | null> {
  const url = await signedPaperUrl(
    {
      kind: 'letter',
      holderName: letter.fullName,
      // The masked IIN keeps its last four digits, which is all a paper carries.
      id: letter.identity.kind === 'document' ? paperId({ documentNumber: letter.identity.value }) : paperId({ iin: letter.identity.value }),
      ngo: letter.ngo.name,
      campaign: letter.campaignName,
      station: `№ ${letter.station.number}, ${letter.regionName}`,
      shift: `${letter.shift.name}, ${formatClock(letter.shift.startsAt)}–${formatClock(letter.shift.endsAt)}`,
      issuedAt: letter.issuedAt,
      expiresAt: new Date(letter.shift.endsAt.getTime() + VALID_AFTER_SHIFT_MS),
      code: letter.code,
    },
    origin,
  )
  return url ? { png: await paperQrPng(url) } : null
}
