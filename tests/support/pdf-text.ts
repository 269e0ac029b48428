/** A PDF read back as a person's PDF reader would show its text: poppler's pdftotext, page by page. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The text of each non-empty page; `layout` keeps columns where they are printed (tables). */
export function pdfPages(bytes: Uint8Array, { layout = false }: { layout?: boolean } = {}): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-text-'))
  try {
    const file = path.join(dir, 'document.pdf')
    fs.writeFileSync(file, bytes)
    const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    return text.split('\f').filter((page) => page.trim())
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
