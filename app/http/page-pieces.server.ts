/**
 * A rendered page as pieces of text (app/entry.server.tsx) and as the bytes the edge sends
 * (app/cli/http-edge.ts).
 *
 * React's renderToString is patched (app/server/platform/patches/react-dom+*.patch) to hand its output
 * over in pieces of about 8,192 characters. A Russian or Kazakh page over about 65 KB made as one
 * string is a two-byte string of more than 128 KB, which V8 keeps in its large-object space; making it
 * flat, to measure or encode it, took 0.6–1 ms of a recruit list or exam page (issue 15). Pieces are
 * encoded one by one into one buffer.
 */

const DOCTYPE = '<!DOCTYPE html>'
const DOCUMENT_END = '</body></html>'
/** How far back from the end `</body></html>` is looked for (Remix's data scripts follow it). */
const TAIL_LIMIT = 512 * 1024

/**
 * The pieces of a whole document with its doctype, and with what Remix renders after the app (the
 * page data's scripts, RemixServer's StreamTransfer) inside the body instead of after `</html>`. A
 * browser's parser puts it there anyway (content after `</html>` goes into the body), so the page's
 * DOM is the same; the HTML is then valid. Anything that is not a document is left as it is.
 */
export function documentPieces(pieces: readonly string[]): readonly string[] {
  if (!startsWith(pieces, '<html')) return pieces
  let tail = ''
  for (let i = pieces.length - 1; i >= 0 && tail.length < TAIL_LIMIT; i--) {
    tail = pieces[i] + tail
    const end = tail.lastIndexOf(DOCUMENT_END)
    if (end < 0) continue
    const closed = end + DOCUMENT_END.length === tail.length ? tail : tail.slice(0, end) + tail.slice(end + DOCUMENT_END.length) + DOCUMENT_END
    return [DOCTYPE, ...pieces.slice(0, i), closed]
  }
  return [DOCTYPE, ...pieces]
}

function startsWith(pieces: readonly string[], prefix: string): boolean {
  let head = ''
  for (const piece of pieces) {
    head += piece.slice(0, prefix.length - head.length)
    if (head.length === prefix.length) break
  }
  return head === prefix
}

/** The pieces as UTF-8, in one buffer (each piece made flat and encoded on its own). */
export function utf8Of(pieces: readonly string[]): Buffer {
  if (pieces.length === 1) return Buffer.from(pieces[0] ?? '')
  const bytes = Buffer.allocUnsafe(pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0))
  let at = 0
  for (const piece of pieces) at += bytes.write(piece, at)
  return bytes
}
