/**
 * A rendered page in pieces (app/http/page-pieces.server.ts) and the patch of react-dom's
 * renderToString that hands them over (app/server/platform/patches/react-dom+18.3.1.patch).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { documentPieces, utf8Of } from '~/http/page-pieces.server.ts'

const require = createRequire(import.meta.url)
const renderInPieces = renderToString as unknown as (element: ReactElement, options: { segments: string[] }) => string

function longList(items: number): ReactElement {
  return createElement('ul', null, ...Array.from({ length: items }, (_, i) => createElement('li', { key: i }, `Серікбаев Айгерім ${i}`)))
}

describe('the patched renderToString', () => {
  it('is what npm installed (the postinstall applied the patch to both builds)', () => {
    for (const file of ['cjs/react-dom-server-legacy.node.production.min.js', 'cjs/react-dom-server-legacy.node.development.js']) {
      expect(fs.readFileSync(path.join(path.dirname(require.resolve('react-dom/package.json')), file), 'utf8'), file).toContain('Observer School patch')
    }
  })

  it('hands a long page over in pieces of about 8,192 characters, the same text in the same order', () => {
    const page = longList(2000)
    const pieces: string[] = []
    pieces.push(renderInPieces(page, { segments: pieces }))
    expect(pieces.length).toBeGreaterThan(4)
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.length).toBeGreaterThanOrEqual(8192)
      expect(piece.length).toBeLessThan(8192 + 200)
    }
    expect(pieces.join('')).toBe(renderToString(page))
  })

  it('returns the whole text, as before, without segments', () => {
    expect(renderToString(longList(3))).toBe('<ul><li>Серікбаев Айгерім 0</li><li>Серікбаев Айгерім 1</li><li>Серікбаев Айгерім 2</li></ul>')
  })
})

describe('documentPieces', () => {
  it('adds the doctype and moves what follows </html> inside the body, wherever the pieces are cut', () => {
    const whole = '<html lang="ru"><head></head><body><main>Привет</main></body></html><script>data()</script><!--/$-->'
    const expected = '<!DOCTYPE html><html lang="ru"><head></head><body><main>Привет</main><script>data()</script><!--/$--></body></html>'
    for (let cut = 1; cut < whole.length; cut++) {
      for (const pieces of [
        [whole.slice(0, cut), whole.slice(cut)],
        [whole.slice(0, cut >> 1), whole.slice(cut >> 1, cut), whole.slice(cut)],
      ]) {
        expect(documentPieces(pieces).join(''), `cut at ${cut}`).toBe(expected)
      }
    }
    // `</body></html>` across many pieces (one character each), and only the last one moved.
    expect(documentPieces([...whole]).join('')).toBe(expected)
    expect(documentPieces([...'<html><body>a</body></html>b</body></html><script>c</script>']).join('')).toBe('<!DOCTYPE html><html><body>a</body></html>b<script>c</script></body></html>')
  })

  it('leaves a document that already ends with </body></html> as it is, and anything else without a doctype', () => {
    expect(documentPieces(['<html><body>x', '</body></html>']).join('')).toBe('<!DOCTYPE html><html><body>x</body></html>')
    expect(documentPieces(['<div>не документ</div>'])).toEqual(['<div>не документ</div>'])
  })
})

describe('utf8Of', () => {
  it('encodes the pieces in order into one buffer, two-byte letters across piece boundaries included', () => {
    const pieces = ['Қазақ', 'стан ', '— ', 'a'.repeat(10_000), 'Ә']
    const bytes = utf8Of(pieces)
    expect(bytes.toString('utf8')).toBe(pieces.join(''))
    expect(bytes.length).toBe(Buffer.byteLength(pieces.join('')))
    expect(utf8Of(['Сәлем']).toString('utf8')).toBe('Сәлем')
    expect(utf8Of([]).length).toBe(0)
  })

  it('gives each page its own bytes, surrogates and lone surrogates as Buffer does, also past the one-pass limit', () => {
    const first = utf8Of(['Бірінші бет 😀', ' \ud800 end'])
    const second = utf8Of(['x'])
    // The buffer it encodes into is reused: an earlier page's bytes stay as they were.
    expect(first.toString('utf8')).toBe(Buffer.from('Бірінші бет 😀 \ud800 end').toString('utf8'))
    expect([...first]).toEqual([...Buffer.from('Бірінші бет 😀 \ud800 end')])
    expect(second.toString()).toBe('x')
    // Larger than the bound it keeps a buffer for (4 MiB / 3 bytes a unit): measured, then written.
    const large = ['Ә'.repeat(1_000_000), 'b'.repeat(500_000)]
    const bytes = utf8Of(large)
    expect(bytes.length).toBe(2_500_000)
    expect(bytes.subarray(1_999_998).toString()).toBe('Ә' + 'b'.repeat(500_000))
  })
})
