import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lessonBodyPath, splitAtQuizzes, type RenderedSegment } from '~/domain/content/lesson-body.ts'

const slot = (n: number) => `<template data-quiz-slot="${n}"></template>`
const kinds = (segments: RenderedSegment[]) => segments.map((s) => (s.kind === 'quiz' ? `quiz:${s.id}` : s.html))

/** Depth never below zero and back to zero at the end: the stretch is whole markup. */
function balanced(html: string): boolean {
  let depth = 0
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) depth--
    else if (!m[3] && !['br', 'hr', 'img', 'input', 'wbr'].includes(m[2] ?? '')) depth++
    if (depth < 0) return false
  }
  return depth === 0
}

describe('cutting a lesson at its knowledge checks', () => {
  it('cuts at top-level slots and keeps everything else', () => {
    expect(kinds(splitAtQuizzes(`<p>a</p>${slot(0)}<p>b<br/>c</p>${slot(1)}`, ['x', 'y']))).toEqual(['<p>a</p>', 'quiz:x', '<p>b<br/>c</p>', 'quiz:y'])
    expect(kinds(splitAtQuizzes(`${slot(0)}<hr/><img src="a.png" alt="a &gt; b"/>`, ['x']))).toEqual(['quiz:x', '<hr/><img src="a.png" alt="a &gt; b"/>'])
    expect(kinds(splitAtQuizzes('<p>no checks</p>', []))).toEqual(['<p>no checks</p>'])
  })

  it('moves a check written inside a block to just after that block', () => {
    const html = `<aside><p>note</p>${slot(0)}<ul><li>${slot(1)}x</li></ul></aside><p>after</p>`
    expect(kinds(splitAtQuizzes(html, ['x', 'y']))).toEqual(['<aside><p>note</p><ul><li>x</li></ul></aside>', 'quiz:x', 'quiz:y', '<p>after</p>'])
  })

  it('does not take escaped text or an attribute for a slot', () => {
    const text = '<p>&lt;template data-quiz-slot=&quot;0&quot;&gt;&lt;/template&gt;</p><p title="&lt;template data-quiz-slot=&quot;0&quot;&gt;">t</p>'
    expect(kinds(splitAtQuizzes(text, ['x']))).toEqual([text])
  })

  it('for any markup: stretches are whole, joined they are the markup without slots, checks keep their order', () => {
    type Node = { text: string } | { tag: string; children: Node[] } | { slot: true } | { br: true }
    const text = fc.stringMatching(/^[a-z &;.]{0,8}$/).map((value): Node => ({ text: value }))
    const leaf: fc.Arbitrary<Node> = fc.oneof(text, fc.constant<Node>({ slot: true }), fc.constant<Node>({ br: true }))
    const node: fc.Memo<Node> = fc.memo((n) =>
      n <= 1
        ? leaf
        : fc.oneof(leaf, fc.record({ tag: fc.constantFrom('p', 'aside', 'ol', 'li', 'dfn', 'span'), children: fc.array(node(n - 1), { maxLength: 4 }) }).map((element): Node => element)),
    )
    fc.assert(
      fc.property(fc.array(node(4), { maxLength: 6 }), (tree) => {
        let slots = 0
        const print = (nodes: Node[]): string =>
          nodes
            .map((item) => {
              if ('text' in item) return item.text.replace(/&/g, '&amp;')
              if ('br' in item) return '<br/>'
              if ('slot' in item) return slot(slots++)
              return `<${item.tag} class="c">${print(item.children)}</${item.tag}>`
            })
            .join('')
        const html = print(tree)
        const ids = Array.from({ length: slots }, (_, i) => `q${i}`)
        const segments = splitAtQuizzes(html, ids)
        const stretches = segments.flatMap((s) => (s.kind === 'html' ? [s.html] : []))
        expect(stretches.every(balanced)).toBe(true)
        expect(stretches.join('')).toBe(html.replace(/<template data-quiz-slot="\d+"><\/template>/g, ''))
        expect(segments.flatMap((s) => (s.kind === 'quiz' ? [s.id] : []))).toEqual(ids)
      }),
      { numRuns: 300 },
    )
  })
})

describe('lesson body addresses', () => {
  it('name the course, lesson, language and rendering', () => {
    expect(lessonBodyPath('observer-basics', '03-rights', 'kk', 'abc123')).toBe('/courses/observer-basics/03-rights/body/kk/abc123')
  })
})
