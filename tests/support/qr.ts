/** A QR code read back from an image as a phone's reader would: zbar, QR codes only. */
import { execFileSync } from 'node:child_process'

/**
 * The text of the QR code in a PNG. Only QR codes are looked for: with every symbology on, zbar now and
 * then also reads a stretch of the QR's modules as a one-dimensional barcode (seen once: "011456"
 * printed instead of the URL), which failed the test that read it.
 */
export function qrText(pngFile: string): string {
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', pngFile], { encoding: 'utf8' }).trim()
}
