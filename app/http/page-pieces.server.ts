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
 *
 * The last `</body></html>` is found piece by piece from the end, across cuts too, and the pieces
 * around it are sliced, not joined: joining the tail and searching it made a flat copy of the page's
 * data scripts on every page (about 40 KB of garbage a lesson page; tests/bench/HISTORY.md, session 19).
 */
export function documentPieces(pieces: readonly string[]): readonly string[] {
  if (!startsWith(pieces, '<html')) return pieces
  const found = lastEnd(pieces)
  if (!found) return [DOCTYPE, ...pieces]
  const { start, end } = found
  const head = (pieces[start.piece] ?? '').slice(0, start.at)
  const rest = (pieces[end.piece] ?? '').slice(end.at)
  return [DOCTYPE, ...pieces.slice(0, start.piece), head, rest, ...pieces.slice(end.piece + 1), DOCUMENT_END]
}

interface Place {
  piece: number
  at: number
}

/** Where the last DOCUMENT_END starts and ends (`end.at` exclusive), looking back at most TAIL_LIMIT characters. */
function lastEnd(pieces: readonly string[]): { start: Place; end: Place } | null {
  const length = DOCUMENT_END.length
  /** The first length - 1 characters after the piece being searched (they may span several pieces). */
  let after = ''
  let scanned = 0
  for (let i = pieces.length - 1; i >= 0 && scanned < TAIL_LIMIT; i--) {
    const piece = pieces[i] ?? ''
    scanned += piece.length
    // One that starts in this piece and ends in a later one starts later than any inside this piece.
    const edge = piece.slice(-(length - 1))
    const across = (edge + after).lastIndexOf(DOCUMENT_END)
    if (across >= 0 && across + length > edge.length) {
      return { start: { piece: i, at: piece.length - edge.length + across }, end: placeAfter(pieces, i + 1, across + length - edge.length) }
    }
    const inside = piece.lastIndexOf(DOCUMENT_END)
    if (inside >= 0) return { start: { piece: i, at: inside }, end: { piece: i, at: inside + length } }
    after = (piece.slice(0, length - 1) + after).slice(0, length - 1)
  }
  return null
}

/** The place just after the first `count` characters from the start of piece `first` (count ≥ 1). */
function placeAfter(pieces: readonly string[], first: number, count: number): Place {
  let piece = first
  let left = count
  while (left > (pieces[piece] ?? '').length) left -= (pieces[piece++] ?? '').length
  return { piece, at: left }
}

function startsWith(pieces: readonly string[], prefix: string): boolean {
  let head = ''
  for (const piece of pieces) {
    head += piece.slice(0, prefix.length - head.length)
    if (head.length === prefix.length) break
  }
  return head === prefix
}

const encoder = new TextEncoder()
/** Kept between pages: a page is encoded into it in one pass, then copied out at its exact length. */
let scratch = new Uint8Array(0)
/** A page whose bound is larger is encoded in two passes (measured, then written) instead of kept for. */
const SCRATCH_LIMIT = 4 * 1024 * 1024

/**
 * The pieces as UTF-8, in one buffer. At most 3 bytes a UTF-16 unit, so a page is encoded in one pass
 * into a buffer of that bound and copied out: measuring each piece first (Buffer.byteLength) and then
 * writing it went over the text twice (about 4% of a lesson page's CPU was this function; issue 15).
 * A lone surrogate becomes U+FFFD either way.
 */
export function utf8Of(pieces: readonly string[]): Buffer {
  let bound = 0
  for (const piece of pieces) bound += piece.length * 3
  if (bound > SCRATCH_LIMIT) return measuredUtf8Of(pieces)
  if (scratch.length < bound) scratch = new Uint8Array(Math.max(bound, 64 * 1024))
  let at = 0
  for (const piece of pieces) at += encoder.encodeInto(piece, scratch.subarray(at)).written
  return Buffer.from(scratch.subarray(0, at))
}

function measuredUtf8Of(pieces: readonly string[]): Buffer {
  const bytes = Buffer.allocUnsafe(pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0))
  let at = 0
  for (const piece of pieces) at += bytes.write(piece, at)
  return bytes
}
