/**
 * Signing papers (certificates, election-day letters) with the coalition's key, using Node's own
 * crypto; the encoding and the verification live in app/domain/signed-paper.ts, shared with the /v
 * page in the browser.
 */
import crypto from 'node:crypto'
import { paperFragment, paperUrl, payloadBytes, type PaperFacts } from '~/domain/signed-paper.ts'
import { env } from '../platform/env.server.ts'
import { activeSigningKey } from './keys.server.ts'

/**
 * `APP_URL/v#<payload>.<signature>` for a paper, signed with the newest key in use; null when no key
 * exists yet (`npm run keys:generate`): the paper then carries only its online check.
 * `origin`: the public address, publicOrigin(request) in a route; by default APP_URL (in development
 * without it, localhost and PORT).
 */
export async function signedPaperUrl(facts: PaperFacts, origin: string = env().APP_URL ?? `http://localhost:${env().PORT}`): Promise<string | null> {
  const key = await activeSigningKey()
  if (!key) return null
  const payload = payloadBytes({ ...facts, keyId: key.kid })
  const signature = crypto.sign(null, payload, key.privateKey)
  return paperUrl(origin, paperFragment(payload, new Uint8Array(signature)))
}

/** A QR code of `url` as a PNG for a PDF (error correction M, a one-module margin; pdfkit scales it). */
export async function paperQrPng(url: string, width = 480): Promise<Buffer> {
  // Loaded on first use: qrcode is megabytes a worker would otherwise hold from start.
  const { default: QRCode } = await import('qrcode')
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width })
}

/** A QR code of `url` as an SVG string (the certificate page shows it). */
export async function paperQrSvg(url: string): Promise<string> {
  const { default: QRCode } = await import('qrcode')
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
}

/** The QR symbol's version (1–40) and width in modules for `url` at error correction M: the README's figures. */
export async function paperQrSize(url: string): Promise<{ version: number; modules: number }> {
  const { default: QRCode } = await import('qrcode')
  const symbol = QRCode.create(url, { errorCorrectionLevel: 'M' })
  return { version: symbol.version, modules: symbol.modules.size }
}
