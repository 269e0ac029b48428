import crypto from 'node:crypto'
import { codeFromBytes } from '~/domain/certificates.ts'

/** A new paper code (`XXXXX-XXXXX`, no look-alike symbols): a certificate's, or a printed letter's. */
export function newPaperCode(): string {
  for (;;) {
    const code = codeFromBytes(crypto.randomBytes(32))
    if (code) return code
  }
}
