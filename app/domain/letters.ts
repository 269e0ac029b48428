/**
 * An authorisation letter ("Направление наблюдателя"): what it prints, decided once. The observer is
 * named with the ID document number their lead typed, or else their IIN masked (maskTail), since a
 * letter travels on paper and the commission checks it against the document anyway.
 */
import { maskTail } from './masking.ts'

export const letterLanguages = ['ru', 'kk', 'en'] as const
export type LetterLanguage = (typeof letterLanguages)[number]

export function parseLetterLanguage(value: string | null | undefined, fallback: LetterLanguage = 'ru'): LetterLanguage {
  return letterLanguages.find((l) => l === value) ?? fallback
}

export type LetterIdentity = { kind: 'document'; value: string } | { kind: 'iin'; value: string }

export function letterIdentity(idDocumentNumber: string | null | undefined, iin: string): LetterIdentity {
  const typed = idDocumentNumber?.trim()
  return typed ? { kind: 'document', value: typed } : { kind: 'iin', value: maskTail(iin) }
}

/** The letter's reference: the station's number and the assignment's last characters, e.g. `145-8F3K2Q`. */
export function letterReference(stationNumber: string, assignmentId: string): string {
  return `${stationNumber}-${assignmentId.slice(-6).toUpperCase()}`
}

/** What a letter prints (every text already in the letter's language). */
export interface LetterView {
  reference: string
  /** The code of the online check its signed QR code carries (`XXXXX-XXXXX`; '' if none). */
  code: string
  fullName: string
  identity: LetterIdentity
  station: { number: string; address: string; district: string }
  regionName: string
  campaignName: string
  electionDay: Date
  shift: { name: string; startsAt: Date; endsAt: Date }
  ngo: { name: string; accreditationNumber: string | null; accreditationBody: 'CENTRAL' | 'TERRITORIAL' | null; accreditationIssuer: string | null }
  signatory: { name: string | null; title: string | null }
  issuedAt: Date
}

/**
 * Room for a QR code on every letter (bottom right, in points on A4 portrait), left empty until the
 * signed QR codes of issue 19 fill it: `letterPdf` draws the image it is given there.
 */
export const LETTER_QR_BOX = { x: 405, y: 640, size: 140 } as const
