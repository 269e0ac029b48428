/**
 * The server's bundles in ASCII (issue 15, memory). V8 keeps a script's source text for as long as the
 * script lives (functions are compiled from it when first called), and a single character above
 * U+00FF anywhere in it makes the whole text a two-byte string: the Remix server bundle's 1.6 million
 * characters took 3.2 MB in every worker because of its Russian and Kazakh strings, regular
 * expressions and comments. (esbuild's ASCII charset escapes strings and names but leaves regular
 * expressions and comments; set for Vite's server build it also changed the server's copy of the
 * stylesheet, which Remix then shipped as a second file.)
 *
 * Every character above U+007F becomes a `\uXXXX` escape (a character beyond the BMP its two
 * surrogates), which means the same character in a string, a regular expression (with or without the
 * `u` flag, inside a class too) and a name, and changes nothing in a comment. A backslash right before
 * the character (an identity escape such as `\й`) is dropped, as `\u0439` already stands for it. Left
 * as they are: a tagged template, whose raw text its tag may read (`String.raw`), and U+2028 and U+2029,
 * which end a comment. The result is parsed again, so a character the escape would not fit fails the build.
 */
import { parseAst } from 'rollup/parseAst'

interface Node {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

/** `code` with every non-ASCII character escaped, except inside tagged templates. */
export function asciiSource(code: string): string {
  // eslint-disable-next-line no-control-regex -- the point is every character outside ASCII
  if (!/[^\x00-\x7f]/.test(code)) return code
  const kept = taggedTemplates(parseAst(code) as unknown as Node)
  let out = ''
  let from = 0
  let range = 0
  for (let i = 0; i < code.length; i++) {
    const unit = code.charCodeAt(i)
    // The two line terminators outside ASCII end a comment: escaped, the comment would go on.
    if (unit < 0x80 || unit === 0x2028 || unit === 0x2029) continue
    while (range < kept.length && (kept[range]?.end ?? 0) <= i) range++
    const inside = kept[range]
    if (inside && inside.start <= i) continue
    let backslashes = 0
    while (code.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++
    out += code.slice(from, backslashes % 2 === 1 ? i - 1 : i) + `\\u${unit.toString(16).padStart(4, '0')}`
    from = i + 1
  }
  const ascii = out + code.slice(from)
  // Still JavaScript (a character that was whitespace between tokens would not be, escaped): fails the build otherwise.
  parseAst(ascii)
  return ascii
}

/** The tagged templates' ranges, in source order and not nested in one another. */
function taggedTemplates(program: Node): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = []
  const visit = (node: Node) => {
    if (node.type === 'TaggedTemplateExpression') {
      ranges.push({ start: node.start, end: node.end })
      return
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child)
    }
  }
  visit(program)
  return ranges.sort((a, b) => a.start - b.start)
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}
