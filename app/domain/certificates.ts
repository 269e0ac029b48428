/**
 * Certificates: their codes, their status on a given day, their expiry (what they certify for a
 * campaign: certification.ts) and how they name the course edition they were earned on.
 */
import { formatDate } from './format.ts'
import type { Locale } from './locale.ts'

/** No look-alikes: no 0/O, 1/I/L. 31 symbols; 10 of them make about 8·10^14 codes. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 10

/**
 * A code from random bytes (give it at least 2×CODE_LENGTH). Bytes ≥ 248 are skipped so every symbol
 * is equally likely; returns null when the bytes ran out (ask again with more).
 */
export function codeFromBytes(bytes: Uint8Array): string | null {
  const limit = Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length
  let code = ''
  for (const byte of bytes) {
    if (byte >= limit) continue
    code += CODE_ALPHABET[byte % CODE_ALPHABET.length]
    if (code.length === CODE_LENGTH) return `${code.slice(0, 5)}-${code.slice(5)}`
  }
  return null
}

/** What someone typed or scanned, in the stored form `XXXXX-XXXXX`, or null if it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== CODE_LENGTH || [...compact].some((ch) => !CODE_ALPHABET.includes(ch))) return null
  return `${compact.slice(0, 5)}-${compact.slice(5)}`
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'superseded'

/** Revoked outranks superseded, which outranks expired. */
export function certificateStatus(input: { revokedAt: Date | null; expiresAt: Date; supersededAt: Date | null }, now: Date): CertificateStatus {
  if (input.revokedAt) return 'revoked'
  if (input.supersededAt) return 'superseded'
  if (input.expiresAt.getTime() < now.getTime()) return 'expired'
  return 'valid'
}

/** A course's rule: a period from issue, or through a campaign's election day plus some days. */
export type ExpiryRule = { validMonths: number } | { validDaysAfterElection: number }

export function certificateExpiry(rule: ExpiryRule, issuedAt: Date, electionDay: Date | null): Date {
  if ('validDaysAfterElection' in rule && electionDay) {
    const end = new Date(electionDay.getTime() + rule.validDaysAfterElection * 86_400_000)
    return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), 23, 59, 59))
  }
  const months = 'validMonths' in rule ? rule.validMonths : 12
  const end = new Date(issuedAt)
  end.setUTCMonth(end.getUTCMonth() + months)
  return end
}


/**
 * The edition of the course a certificate was earned on: the studio's number of the published version
 * with that content and the day it was published, or number 0 and no day for the course as the
 * repository ships it, which is not stored as a version (CourseVersion in prisma/schema.prisma).
 */
export interface CourseEdition {
  number: number
  publishedAt: Date | null
}

export type CourseEditionPhrase = { key: 'certificate.editionPublished'; values: { number: number; date: string } } | { key: 'certificate.editionOriginal'; values: Record<string, never> }

/**
 * The edition as a reader is told it, the same on the certificate's page, at /verify and on its PDF:
 * "No. 3, published 12 March 2026", or "original" for the repository's course, whose number 0 means
 * nothing outside the studio (the PDF printed "0 (repository)"). A translation key and its values.
 */
export function courseEditionPhrase(edition: CourseEdition, locale: Locale): CourseEditionPhrase {
  return edition.number > 0 && edition.publishedAt
    ? { key: 'certificate.editionPublished', values: { number: edition.number, date: formatDate(edition.publishedAt, locale) } }
    : { key: 'certificate.editionOriginal', values: {} }
}
