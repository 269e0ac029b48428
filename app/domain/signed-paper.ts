/**
 * Papers that verify themselves (certificates and election-day authorisation letters): what a paper
 * says, encoded compactly, signed with the coalition's Ed25519 key, and carried in its QR code as
 * `APP_URL/v#<payload>.<signature>`. The server signs (app/server/papers/signing.server.ts, Node's
 * crypto); this module encodes, decodes and verifies, in the server and in the browser alike (the
 * /v page checks a paper offline).
 *
 * The payload, version 1: text fields joined by U+001F (the unit separator, which no field can
 * contain), as bytes in the paper code page below, base64url without padding:
 *
 *   1 ␟ kind (c|l) ␟ key id ␟ issued ␟ expires ␟ certificate code ␟ holder ␟ id ␟ NGO ␟ campaign ␟ course          (a certificate)
 *   1 ␟ kind (c|l) ␟ key id ␟ issued ␟ expires ␟ certificate code ␟ holder ␟ id ␟ NGO ␟ campaign ␟ station ␟ shift (a letter)
 *
 * Dates are whole UTC days since 1970 in base 36 (three characters until the year 2101); the id is
 * `i` and the IIN's last four digits (shown masked, as app/domain/masking.ts does) or `d` and an
 * identity document's number; the code is the certificate's code without its dash (the online
 * revocation check), possibly empty on a letter. The signature (64 bytes) covers the payload's bytes.
 *
 * The paper code page: ASCII as itself, the Russian and Kazakh alphabets (and a few marks such as
 * «» № –) as one byte each from 0x80, anything else as 0xFF and its UTF-8 bytes. UTF-8 spends two
 * bytes on every Cyrillic letter; one byte each takes a long Kazakh certificate from a version 17 QR
 * code (85 modules) to version 14 (73), which a cheap phone camera reads more easily from print.
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { maskTail } from './masking.ts'

// Synchronous SHA-512 from @noble/hashes: verification needs neither WebCrypto's Ed25519 (missing on
// many phones) nor crypto.subtle at all (absent on plain-http pages).
ed.hashes.sha512 = sha512

export const PAYLOAD_VERSION = '1'
export const SIGNATURE_BYTES = 64
const SEPARATOR = '\u001f'
const DAY_MS = 86_400_000

export type PaperKind = 'certificate' | 'letter'

/** How the holder is identified on the paper. */
export type PaperId = { kind: 'iin'; last4: string } | { kind: 'document'; number: string } | { kind: 'none' }

interface PaperCommon {
  /** Signing key id (SigningKey.id). */
  keyId: string
  holderName: string
  id: PaperId
  ngo: string
  campaign: string
  /** First and last day of validity (UTC days; the time of day is dropped). */
  issuedAt: Date
  expiresAt: Date
  /** The certificate's code (`XXXXX-XXXXX`) for the online check, or '' when there is none. */
  code: string
}

export type SignedPaper = (PaperCommon & { kind: 'certificate'; course: string }) | (PaperCommon & { kind: 'letter'; station: string; shift: string })

/** A paper's facts without the key id: what the server is asked to sign. */
type WithoutKey<P> = P extends SignedPaper ? Omit<P, 'keyId'> : never
export type PaperFacts = WithoutKey<SignedPaper>

/** An identification for the paper from an IIN (masked: only its last four digits travel) or a document number. */
export function paperId(input: { iin?: string | null; documentNumber?: string | null }): PaperId {
  const document = input.documentNumber?.trim()
  if (document) return { kind: 'document', number: document }
  const digits = input.iin?.replace(/\D/g, '') ?? ''
  if (digits.length >= 4) return { kind: 'iin', last4: digits.slice(-4) }
  return { kind: 'none' }
}

/** The id as the paper and the /v page show it: `••••••••0424` for an IIN. */
export function shownId(id: PaperId): string {
  if (id.kind === 'iin') return maskTail(`00000000${id.last4}`)
  if (id.kind === 'document') return id.number
  return ''
}

/** A field as it travels: no separator, no control characters, single spaces. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()
}

function dayOf(date: Date): string {
  return Math.floor(date.getTime() / DAY_MS).toString(36)
}

function dateOfDay(text: string): Date | null {
  if (!/^[0-9a-z]{1,4}$/.test(text)) return null
  return new Date(parseInt(text, 36) * DAY_MS)
}

function encodeId(id: PaperId): string {
  if (id.kind === 'iin') return `i${id.last4}`
  if (id.kind === 'document') return `d${clean(id.number)}`
  return ''
}

function decodeId(text: string): PaperId | null {
  if (text === '') return { kind: 'none' }
  if (/^i\d{4}$/.test(text)) return { kind: 'iin', last4: text.slice(1) }
  if (text.startsWith('d') && text.length > 1) return { kind: 'document', number: text.slice(1) }
  return null
}

/** The payload's text (before UTF-8 and base64url). */
export function encodePaper(paper: SignedPaper): string {
  const common = [PAYLOAD_VERSION, paper.kind === 'certificate' ? 'c' : 'l', clean(paper.keyId), dayOf(paper.issuedAt), dayOf(paper.expiresAt), paper.code.replace(/-/g, ''), clean(paper.holderName), encodeId(paper.id), clean(paper.ngo), clean(paper.campaign)]
  const specific = paper.kind === 'certificate' ? [clean(paper.course)] : [clean(paper.station), clean(paper.shift)]
  return [...common, ...specific].join(SEPARATOR)
}

/** The paper a payload's text describes, or null when it is not a well-formed version 1 payload. */
export function decodePaper(text: string): SignedPaper | null {
  const fields = text.split(SEPARATOR)
  const [version, kind, keyId, issued, expires, code, holderName, id, ngo, campaign] = fields
  if (version !== PAYLOAD_VERSION || !keyId || !holderName) return null
  const issuedAt = dateOfDay(issued ?? '')
  const expiresAt = dateOfDay(expires ?? '')
  const parsedId = decodeId(id ?? '')
  if (!issuedAt || !expiresAt || !parsedId || ngo === undefined || campaign === undefined) return null
  if (code && !/^[0-9A-Z]{10}$/.test(code)) return null
  const common = { keyId, holderName, id: parsedId, ngo, campaign, issuedAt, expiresAt, code: code ? `${code.slice(0, 5)}-${code.slice(5)}` : '' }
  if (kind === 'c' && fields.length === 11) return { ...common, kind: 'certificate', course: fields[10] ?? '' }
  if (kind === 'l' && fields.length === 12) return { ...common, kind: 'letter', station: fields[10] ?? '', shift: fields[11] ?? '' }
  return null
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let c = 0; c < chars; c++) out += B64URL[(n >> (18 - 6 * c)) & 63]
  }
  return out
}

/** Strict: only the base64url alphabet, no padding, no stray bits; null otherwise. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null
  const values: number[] = []
  for (const ch of text) {
    const value = B64URL.indexOf(ch)
    if (value < 0) return null
    values.push(value)
  }
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8))
  let bits = 0
  let buffer = 0
  let at = 0
  for (const value of values) {
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[at++] = (buffer >> bits) & 0xff
    }
  }
  // Leftover bits must be zero, so each paper has exactly one text form.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null
  return bytes
}

/** One byte each from 0x80 (at most 127 characters; append only: a payload's bytes must keep their meaning). */
const CODE_PAGE = [
  ...'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁё',
  ...'ӘәҒғҚқҢңӨөҰұҮүҺһІі',
  ...'«»„“”‘’–—…№•·',
  ...'ЄєЇїҐґЎўЈј',
]
const CODE_OF = new Map(CODE_PAGE.map((ch, index) => [ch, 0x80 + index]))
const ESCAPE = 0xff

/** A payload's text as bytes in the paper code page. */
export function toPaperBytes(text: string): Uint8Array {
  const bytes: number[] = []
  const utf8 = new TextEncoder()
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    const single = CODE_OF.get(ch)
    if (code < 0x80) bytes.push(code)
    else if (single !== undefined) bytes.push(single)
    else bytes.push(ESCAPE, ...utf8.encode(ch))
  }
  return Uint8Array.from(bytes)
}

/** The text of bytes in the paper code page, or null when they cannot be one (a damaged or foreign payload). */
export function fromPaperBytes(bytes: Uint8Array): string | null {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  let text = ''
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0
    if (byte < 0x80) text += String.fromCharCode(byte)
    else if (byte !== ESCAPE) {
      const ch = CODE_PAGE[byte - 0x80]
      if (ch === undefined) return null
      text += ch
    } else {
      const lead = bytes[i + 1] ?? 0
      const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0
      if (length === 0 || i + 1 + length > bytes.length) return null
      try {
        text += utf8.decode(bytes.subarray(i + 1, i + 1 + length))
      } catch {
        return null
      }
      i += length
    }
  }
  return text
}

export function payloadBytes(paper: SignedPaper): Uint8Array {
  return toPaperBytes(encodePaper(paper))
}

/** The fragment after `#`: `<payload>.<signature>`. */
export function paperFragment(payload: Uint8Array, signature: Uint8Array): string {
  return `${toBase64Url(payload)}.${toBase64Url(signature)}`
}

/** `APP_URL/v#<payload>.<signature>` */
export function paperUrl(appUrl: string, fragment: string): string {
  return `${appUrl.replace(/\/+$/, '')}/v#${fragment}`
}

/** A published public key, as /.well-known/observer-school-keys.json lists it. */
export interface PublishedKey {
  kid: string
  /** Raw 32-byte public key, base64url. */
  x: string
  created: string
  retired: string | null
}

export type PaperCheck =
  | { ok: true; paper: SignedPaper; keyRetired: boolean; expired: boolean; notYetValid: boolean }
  | { ok: false; reason: 'malformed' | 'unknownKey' | 'badSignature'; paper?: SignedPaper }

/**
 * Checks a fragment (with or without its leading `#`) against the published keys. `expired` and
 * `notYetValid` compare the paper's days with `now` (the device's clock); revocation cannot be known
 * offline.
 */
export function checkPaper(fragment: string, keys: readonly PublishedKey[], now: Date): PaperCheck {
  const text = fragment.replace(/^#/, '').trim()
  const dot = text.indexOf('.')
  if (dot < 1 || text.indexOf('.', dot + 1) !== -1) return { ok: false, reason: 'malformed' }
  const payload = fromBase64Url(text.slice(0, dot))
  const signature = fromBase64Url(text.slice(dot + 1))
  if (!payload || !signature || signature.length !== SIGNATURE_BYTES) return { ok: false, reason: 'malformed' }
  const decoded = fromPaperBytes(payload)
  const paper = decoded === null ? null : decodePaper(decoded)
  if (!paper) return { ok: false, reason: 'malformed' }
  const key = keys.find((candidate) => candidate.kid === paper.keyId)
  const publicKey = key ? fromBase64Url(key.x) : null
  // The paper's contents are returned only to say whose paper was refused, never shown as verified.
  if (!key || !publicKey || publicKey.length !== 32) return { ok: false, reason: 'unknownKey', paper }
  let valid = false
  try {
    valid = ed.verify(signature, payload, publicKey, { zip215: false })
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'badSignature', paper }
  const today = Math.floor(now.getTime() / DAY_MS)
  return {
    ok: true,
    paper,
    keyRetired: key.retired !== null,
    expired: today > Math.floor(paper.expiresAt.getTime() / DAY_MS),
    notYetValid: today < Math.floor(paper.issuedAt.getTime() / DAY_MS),
  }
}
