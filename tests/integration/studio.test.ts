import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { findCourse } from '~/server/courses/catalog.server.ts'
import type { CatalogCourse } from '~/server/courses/course-files.server.ts'
import { checkLessonSource, compileStats } from '~/server/courses/compile.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { completeLesson, courseStanding } from '~/server/courses/learning.server.ts'
import { courseDrafts, courseVersions, diffFiles, filesWithDrafts, previewLesson, publishCourse, rollbackCourse, saveDraft } from '~/server/studio/studio.server.ts'
import { versionFiles } from '~/server/studio/versions.server.ts'
import { lessonSource, fixtureQuiz, writeFixtureCourse } from '../support/content-fixture.ts'
import { auditActions, createUser } from '../support/factories.ts'

let fixture: ReturnType<typeof writeFixtureCourse>

async function served(): Promise<CatalogCourse> {
  const course = await findCourse('basics')
  if (!course) throw new Error('fixture course missing')
  return course
}

beforeEach(async () => {
  fixture = writeFixtureCourse()
  process.env.CONTENT_DIR = fixture.contentDir
  process.env.CONTENT_CACHE_DIR = fixture.cacheDir
  // Each test starts from the repository's version: no stored versions, no drafts.
  await db.courseVersion.deleteMany({})
  await db.contentDraft.deleteMany({})
  const { invalidatePublished } = await import('~/server/studio/versions.server.ts')
  invalidatePublished()
})

const revisedSecond = lessonSource('Second, revised', [fixtureQuiz('gamma')], '\n\nA new paragraph for election day.')

describe('draft → publish → rollback', () => {
  it('learners get the published version; progress on unchanged lessons and certificates keep theirs', async () => {
    const trainer = await createUser({ name: 'Trainer T' })
    const learner = await createUser()
    const v0 = await served()
    expect(v0.versionNumber).toBe(0)
    const [first, second] = v0.lessons
    if (!first || !second) throw new Error('lessons missing')
    await completeLesson(learner.id, v0, first, 'learner')
    await completeLesson(learner.id, v0, second, 'learner')
    // A certificate earned on version 0, as the exam issues it.
    await db.certificate.create({
      data: { code: 'STUDIO-TEST1', userId: learner.id, holderName: 'L', courseSlug: 'basics', courseVersion: v0.version, courseTitle: '{}', attemptId: 'attempt-x', percent: 90, expiresAt: new Date('2030-01-01') },
    })

    expect(await saveDraft(trainer.id, v0, 'lessons/02-second.en.mdx', revisedSecond)).toBe('saved')
    // A draft is not served.
    expect((await served()).lessons[1]?.variants.en?.frontmatter.title).toBe('Second')

    const published = await publishCourse(trainer.id, v0, 'Election-day paragraph')
    expect(published).toEqual({ ok: true, number: 1 })
    const v1 = await served()
    expect(v1.versionNumber).toBe(1)
    expect(v1.lessons[1]?.variants.en?.frontmatter.title).toBe('Second, revised')
    expect(v1.lessons[0]?.version).toBe(first.version)
    expect(v1.lessons[1]?.version).not.toBe(second.version)
    expect(await courseDrafts('basics')).toHaveProperty('size', 0)
    // Both lessons stay done: nothing the learner did is lost.
    expect((await courseStanding(learner.id, v1)).progress).toMatchObject({ done: 2, total: 2 })
    expect((await db.certificate.findUniqueOrThrow({ where: { code: 'STUDIO-TEST1' } })).courseVersion).toBe(v0.version)
    const versions = await courseVersions(v1)
    expect(versions.map((v) => [v.number, v.current, v.certificates, v.note])).toEqual([
      [1, true, 0, 'Election-day paragraph'],
      [0, false, 1, ''],
    ])

    // The diff names the one file that changed, with the new line.
    const before = await versionFiles('basics', 0)
    const after = await versionFiles('basics', 1)
    if (!before || !after) throw new Error('versions missing')
    const diff = await diffFiles(before, after)
    expect(diff.map((d) => [d.path, d.change])).toEqual([['lessons/02-second.en.mdx', 'changed']])
    expect(diff[0]?.hunks.flatMap((h) => h.lines)).toContain('+A new paragraph for election day.')

    const restored = await rollbackCourse(trainer.id, v1, 0, 'Back to the repository text')
    expect(restored).toEqual({ ok: true, number: 2 })
    const v2 = await served()
    expect(v2.versionNumber).toBe(2)
    expect(v2.version).toBe(v0.version)
    expect(v2.lessons[1]?.variants.en?.frontmatter.title).toBe('Second')
    expect((await courseVersions(v2))[0]).toMatchObject({ number: 2, restoredFrom: 0, current: true })
    expect(await auditActions()).toEqual(expect.arrayContaining(['content.published', 'content.rolled_back']))
  })

  it('publishes nothing when the drafts change nothing, and nothing when a draft has an error', async () => {
    const trainer = await createUser()
    const v0 = await served()
    expect(await publishCourse(trainer.id, v0, '')).toEqual({ ok: false, reason: 'unchanged' })

    await saveDraft(trainer.id, v0, 'lessons/01-first.en.mdx', lessonSource('First', [fixtureQuiz('alpha')], '\n\n<Marquee>hi</Marquee>'))
    const refused = await publishCourse(trainer.id, v0, '')
    expect(refused.ok).toBe(false)
    if (refused.ok || refused.reason !== 'invalid') throw new Error('expected an invalid publish')
    expect(refused.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(/unknown component <Marquee>/)]))
    expect(await db.courseVersion.count()).toBe(0)
    // The draft is kept for the trainer to fix.
    expect([...(await courseDrafts('basics')).keys()]).toEqual(['lessons/01-first.en.mdx'])
    expect(filesWithDrafts(v0, await courseDrafts('basics')).get('lessons/01-first.en.mdx')).toContain('<Marquee>')
  })

  it('stores one version when publish is clicked twice at once (the same drafts), both answered as published', async () => {
    // Outside probe after session 39: a triple click on "Publish" stored three identical versions, each audited.
    const trainer = await createUser()
    const v0 = await served()
    await saveDraft(trainer.id, v0, 'lessons/02-second.en.mdx', revisedSecond)
    const published = async () => (await auditActions()).filter((a) => a === 'content.published').length
    const before = await published()
    const results = await Promise.all([publishCourse(trainer.id, v0, 'twice'), publishCourse(trainer.id, v0, 'twice'), publishCourse(trainer.id, v0, 'twice')])
    expect(results).toEqual([{ ok: true, number: 1 }, { ok: true, number: 1 }, { ok: true, number: 1 }])
    expect(await db.courseVersion.count()).toBe(1)
    expect(await published()).toBe(before + 1)
    expect(await courseDrafts('basics')).toEqual(new Map())
  })

  it('a draft equal to the published text is no draft', async () => {
    const trainer = await createUser()
    const v0 = await served()
    const text = v0.files.get('lessons/01-first.en.mdx') ?? ''
    await saveDraft(trainer.id, v0, 'lessons/01-first.en.mdx', `${text}\nmore`)
    expect(await saveDraft(trainer.id, v0, 'lessons/01-first.en.mdx', text)).toBe('unchanged')
    expect(await db.contentDraft.count()).toBe(0)
  })
})

describe('safe MDX', () => {
  const header = `---
title: "Attack"
minutes: 5
objectives:
  - "x"
---

`
  const attacks: Array<[string, string, RegExp]> = [
    ['reads the file system through an import', `import secret from '${'{SECRET_FILE}'}'\n\n{secret}`, /import and export are not allowed/],
    ['exports code', `export const pwned = (globalThis.__studioPwned = 'export')\n\nText.`, /import and export are not allowed/],
    ['reads the environment in an expression', `Key: {process.env.SESSION_SECRET}`, /JavaScript expressions in braces are not allowed/],
    ['runs code in an expression', `{(() => { globalThis.__studioPwned = 'expression' })()}`, /JavaScript expressions in braces are not allowed/],
    ['runs code in a prop', `<Callout type="info" title={(globalThis.__studioPwned = 'prop')}>Hi</Callout>`, /props must be plain text in quotes/],
    ['spreads props', `<Callout {...globalThis} type="info">Hi</Callout>`, /may not spread JavaScript/],
    ['adds a script element', `<script>{globalThis.__studioPwned = 'script'}</script>`, /unknown component <script>/],
    ['adds an event handler', `<img src="x" onError="globalThis.__studioPwned = 1" />`, /unknown component <img>/],
    ['links to javascript:', `[click](javascript:globalThis.__studioPwned=1)`, /link "javascript:/],
    ['links to javascript: through a reference definition', `[x][rules]\n\n[rules]: javascript:alert(document.domain)`, /link "javascript:alert/],
    ['shows an outside image through a reference definition', `![t][pix]\n\n[pix]: https://evil.example/pixel.png`, /image "https:\/\/evil\.example\/pixel\.png"/],
    ['shows an outside image', `![t](https://evil.example/pixel.png)`, /image "https:\/\/evil\.example\/pixel\.png"/],
    ['links to javascript: in HTML', `<a href="javascript:alert(1)">x</a>`, /unknown component <a>/],
  ]

  it.each(attacks)('refuses a draft that %s, at its line, before anything is bundled or run', async (_name, body, message) => {
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-secret-'))
    const secretFile = path.join(secretDir, 'secret.txt')
    fs.writeFileSync(secretFile, 'TOP-SECRET-VALUE')
    const source = header + body.replace('{SECRET_FILE}', secretFile)
    const course = await served()
    const bundledBefore = compileStats.bundled
    const preview = await previewLesson(course, 'lessons/01-first.en.mdx', source)
    expect(preview.compiled).toBeNull()
    expect(preview.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]))
    expect(preview.diagnostics.every((d) => d.line >= 8)).toBe(true)
    expect(JSON.stringify(preview)).not.toContain('TOP-SECRET-VALUE')
    expect(compileStats.bundled).toBe(bundledBefore)
    expect((globalThis as { __studioPwned?: unknown }).__studioPwned).toBeUndefined()
    expect((await checkLessonSource(source)).length).toBeGreaterThan(0)
  })

  it('compiles a lesson that keeps to the rules, components and all', async () => {
    const course = await served()
    const preview = await previewLesson(course, 'lessons/01-first.en.mdx', lessonSource('Fine', [fixtureQuiz('alpha'), fixtureQuiz('beta', false)], '\n\n<Callout type="warning" title="Careful">Text</Callout>\n\n<Term def="Central Election Commission">CEC</Term>'))
    expect(preview.diagnostics).toEqual([])
    expect(preview.compiled?.code).toContain('Careful')
    // The knowledge check's key and explanation stay on the server.
    expect(preview.compiled?.code).not.toContain('Secret explanation')
  })
})
