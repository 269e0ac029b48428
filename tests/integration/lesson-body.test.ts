/**
 * Lesson bodies rendered on the server: real lessons compiled by mdx-bundler, run and rendered to
 * HTML in Node, cut at every knowledge check, cached per rendering.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileLesson } from '~/server/courses/compile.server.ts'
import { bodyHtml, bodyOutline, cachedLessonHtml, lessonBody, lessonBodyHash, lessonBodyStats, previewLessonBody } from '~/server/courses/lesson-body.server.tsx'
import { fixtureQuiz } from '../support/content-fixture.ts'

const source = `---
title: "Body"
minutes: 5
objectives:
  - "Read"
---

Opening words: 5 < 6 & "quoted" text, and \`<template data-quiz-slot="0"></template>\` in code.

## Part one

${fixtureQuiz('alpha')}

Between the checks.

<Callout type="warning" title="Careful & calm">
Inside the callout.

${fixtureQuiz('beta', false)}
</Callout>

Closing words.
`

async function compiled(text: string): Promise<string> {
  const result = await compileLesson(text, path.join(os.tmpdir(), 'lesson.en.mdx'))
  expect(result.diagnostics).toEqual([])
  return result.code
}

let code: string

beforeAll(async () => {
  process.env.CONTENT_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-body-'))
  code = await compiled(source)
})

describe('lesson bodies', () => {
  it('put each knowledge check between whole stretches of HTML, in the order written', async () => {
    const body = await lessonBody(code, 'en')
    expect(body.segments.map((s) => (s.kind === 'quiz' ? `quiz:${s.id}` : 'html'))).toEqual(['html', 'quiz:alpha', 'html', 'quiz:beta', 'html'])
    const [opening, between, closing] = bodyHtml(body)
    expect(opening).toContain('Opening words')
    expect(opening).toContain('<h2 id="part-one">Part one</h2>')
    // A check written inside a callout comes right after it, so no stretch is cut mid-element.
    expect(between?.trim()).toMatch(/^<p>Between the checks\.<\/p>\s*<aside class="callout callout-warning"[^>]*>[\s\S]*Inside the callout\.[\s\S]*<\/aside>$/)
    expect(closing?.trim()).toBe('<p>Closing words.</p>')
  })

  it('escape the lesson’s text, so nothing in it can become markup or a forged check slot', async () => {
    const [opening = ''] = bodyHtml(await lessonBody(code, 'en'))
    expect(opening).toContain('5 &lt; 6 &amp; &quot;quoted&quot; text')
    expect(opening).toContain('<code>&lt;template data-quiz-slot=&quot;0&quot;&gt;&lt;/template&gt;</code>')
    expect(bodyHtml(await lessonBody(code, 'en')).join('')).toContain('Careful &amp; calm')
  })

  it('carry no question, option, answer key or explanation (those stay with the server and the check)', async () => {
    const html = bodyHtml(await lessonBody(code, 'en')).join('')
    for (const secret of ['Question alpha', 'Right answer for alpha', 'Secret explanation', 'correct']) expect(html).not.toContain(secret)
  })

  it('are rendered once per lesson version and interface language, then served from the cache', async () => {
    const before = lessonBodyStats.rendered
    const first = await lessonBody(code, 'en')
    const again = await lessonBody(code, 'en')
    expect(again).toBe(first)
    expect(lessonBodyStats.rendered - before).toBe(0)
    // The callout's label is in the reader's interface language: another language, another rendering.
    const russian = await lessonBody(code, 'ru')
    expect(lessonBodyStats.rendered - before).toBe(1)
    expect(russian.hash).not.toBe(first.hash)
    expect(bodyHtml(russian).join('')).toContain('Осторожно')
    // A changed lesson is a new hash.
    const changed = await compiled(source.replace('Closing words.', 'Other closing words.'))
    expect(lessonBodyHash(changed, 'en')).not.toBe(first.hash)
    // The page renderer reads the stretches from the cache by hash and position.
    expect(cachedLessonHtml(first.hash, 0)).toBe(bodyHtml(first)[0])
    expect(cachedLessonHtml(first.hash, 1)).toBeUndefined()
    expect(cachedLessonHtml('no-such-hash', 0)).toBeUndefined()
    expect(bodyOutline(first)).toEqual([{ kind: 'html' }, { kind: 'quiz', id: 'alpha' }, { kind: 'html' }, { kind: 'quiz', id: 'beta' }, { kind: 'html' }])
  })

  it('render studio previews every time without filling the cache', async () => {
    const draft = await compiled(source.replace('Opening words', 'Draft words'))
    const preview = await previewLessonBody(draft, 'en', '/courses/basics/03-third')
    expect(bodyHtml(preview)[0]).toContain('Draft words')
    expect(cachedLessonHtml(preview.hash, 0)).toBeUndefined()
  })

  it('resolve a preview’s links to other lessons as the learner’s page does, and leave other links alone', async () => {
    const linked = await compiled(source.replace('Opening words:', 'Opening words ([the next lesson](./04-fourth), [a term](./04-fourth#term), [law](https://adilet.zan.kz/), [here](#top)):'))
    const html = bodyHtml(await previewLessonBody(linked, 'en', '/courses/basics/03-third')).join('')
    for (const href of ['/courses/basics/04-fourth', '/courses/basics/04-fourth#term', 'https://adilet.zan.kz/', '#top']) expect(html).toContain(`href="${href}"`)
    // The published page keeps the lesson's own text: its address resolves "./04-fourth" in the browser.
    expect(bodyHtml(await lessonBody(linked, 'en')).join('')).toContain('href="./04-fourth"')
  })
})
