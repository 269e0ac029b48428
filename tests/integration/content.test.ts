import fs from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { lessonVariant } from '~/server/courses/catalog.server.ts'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { compileStats } from '~/server/courses/compile.server.ts'
import { fixtureExam, fixtureQuiz, lessonSource, writeFixtureCourse } from '../support/content-fixture.ts'

let fixture: ReturnType<typeof writeFixtureCourse>

beforeEach(() => {
  fixture = writeFixtureCourse()
  process.env.CONTENT_DIR = fixture.contentDir
  process.env.CONTENT_CACHE_DIR = fixture.cacheDir
  compileStats.compiled = 0
  compileStats.fromCache = 0
  compileStats.bundled = 0
})

describe('compiling courses', () => {
  it('compiles every lesson once; a second build (or a restart) compiles nothing unchanged', async () => {
    const first = await buildCatalog()
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(compileStats).toEqual({ compiled: 5, fromCache: 0, bundled: 5 })
    expect(fs.readdirSync(fixture.cacheDir)).toHaveLength(5)

    await buildCatalog()
    expect(compileStats).toEqual({ compiled: 5, fromCache: 5, bundled: 5 })

    fixture.write('basics/lessons/02-second.en.mdx', lessonSource('Second, revised', [fixtureQuiz('gamma')]))
    const third = await buildCatalog()
    expect(compileStats).toEqual({ compiled: 6, fromCache: 9, bundled: 6 })
    expect(third.courses.get('basics')?.lessons[1]?.variants.en?.frontmatter.title).toBe('Second, revised')
  })

  it('production reads only the cache and refuses to compile', async () => {
    await expect(buildCatalog({ cacheOnly: true })).rejects.toThrow(/Compiled content is missing/)
    await buildCatalog()
    const catalog = await buildCatalog({ cacheOnly: true })
    expect(catalog.courses.get('basics')?.lessons).toHaveLength(2)
  })

  it('pulls knowledge checks out of the compiled code', async () => {
    const catalog = await buildCatalog()
    const lesson = catalog.courses.get('basics')?.lessons[0]
    const en = lesson?.variants.en
    expect(en?.quizzes.map((q) => [q.id, q.correct])).toEqual([
      ['alpha', [0]],
      ['beta', [1]],
    ])
    expect(en?.toc.map((t) => t.id)).toEqual(['first-part', 'second-part'])
    expect(en?.code).toContain('"alpha"')
    for (const secret of ['Secret explanation', 'Right answer for', 'Question alpha', 'correct']) expect(en?.code).not.toContain(secret)
  })

  it('shows the Russian text, marked, where a translation is missing', async () => {
    const catalog = await buildCatalog()
    const second = catalog.courses.get('basics')?.lessons[1]
    if (!second) throw new Error('no lesson')
    expect(lessonVariant(second, 'kk')).toMatchObject({ fallback: true, variant: { locale: 'ru' } })
    expect(lessonVariant(second, 'en')).toMatchObject({ fallback: false, variant: { locale: 'en' } })
    expect(catalog.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('missing kk translation of "02-second"') }))
  })

  it('reports authoring errors with file and line', async () => {
    fixture.write(
      'basics/lessons/02-second.en.mdx',
      `---
title: "Broken"
minutes: 5
objectives:
  - "x"
---

Text with <Marquee>moving</Marquee> and {process.env.SECRET}.

<Callout type="loud">Hi</Callout>

${fixtureQuiz('gamma', false)}

See [missing](./09-nowhere).
`,
    )
    fixture.write('basics/lessons/02-second.ru.mdx', lessonSource('Второй', [fixtureQuiz('gamma'), fixtureQuiz('alpha')]))
    const { diagnostics } = await buildCatalog()
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.split('/').slice(-1)[0]}:${d.line}: ${d.message}`)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^02-second\.en\.mdx:8: unknown component <Marquee>/),
        expect.stringMatching(/^02-second\.en\.mdx:8: JavaScript expressions/),
        expect.stringMatching(/^02-second\.en\.mdx:10: <Callout type="loud">/),
        expect.stringMatching(/^02-second\.en\.mdx:19: link to "\.\/09-nowhere"/),
        expect.stringMatching(/^02-second\.ru\.mdx:0: quiz id "alpha" is also used in lesson "01-first"/),
      ]),
    )
  })

  it('refuses translations whose checks differ from the Russian ones', async () => {
    fixture.write('basics/lessons/02-second.en.mdx', lessonSource('Second', [fixtureQuiz('gamma', false)]))
    fixture.write('basics/lessons/01-first.kk.mdx', lessonSource('Бірінші', [fixtureQuiz('alpha')]))
    const errors = (await buildCatalog()).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.split('/').slice(-1)[0]}: ${d.message}`)
    expect(errors).toEqual([
      '01-first.kk.mdx: knowledge checks differ from the Russian file (alpha vs alpha,beta)',
      '02-second.en.mdx: quiz "gamma" marks different options correct in different languages',
    ])
  })

  it('loads the final exam a course names, and reports a broken one at its lines', async () => {
    fixture.write('basics/course.yaml', fs.readFileSync(`${fixture.contentDir}/courses/basics/course.yaml`, 'utf8').replace('status: published', 'finalExam: final\nstatus: published'))
    const withExam = (exam: string) => fixture.write('basics/exam/final.yaml', exam)
    withExam(fixtureExam())
    const good = await buildCatalog()
    expect(good.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(good.courses.get('basics')?.exam?.questions.map((q) => q.id)).toEqual(['q-one', 'q-two'])

    withExam(fixtureExam().replace('{ id: "b", text: { ru: "Нет", kk: "Жоқ", en: "No" } }', '{ id: "b", text: { ru: "Нет", kk: "Жоқ", en: "No" }, correct: true }'))
    const twoKeys = (await buildCatalog()).diagnostics.filter((d) => d.severity === 'error')
    expect(twoKeys).toEqual([expect.objectContaining({ line: 5, message: 'single-choice question "q-one" must have exactly one correct option' })])

    withExam(fixtureExam().replace('text: { ru: "Верно?", kk: "Дұрыс па?", en: "True?" }', 'text: { ru: "Верно?", en: "True?" }'))
    const missing = (await buildCatalog()).diagnostics.filter((d) => d.severity === 'error')
    expect(missing).toEqual([expect.objectContaining({ line: 17, message: expect.stringContaining('questions.1.text.kk') })])

    fixture.write('basics/exam/final.yaml', '')
    fs.rmSync(`${fixture.contentDir}/courses/basics/exam/final.yaml`)
    expect((await buildCatalog()).diagnostics.map((d) => d.message)).toContain('course.yaml names the final exam "final", but this file does not exist')
  })

  it('refuses prerequisites in a ring and a published course needing a draft', async () => {
    const course = (status: string, prerequisites: string) =>
      `title: { ru: "К", kk: "К", en: "C" }\nsummary: { ru: "a", kk: "b", en: "c" }\naudience: { ru: "a", kk: "b", en: "c" }\nestimatedMinutes: 10\nlessons: [01-first]\nstatus: ${status}\nprerequisites: [${prerequisites}]\n`
    fixture.write('basics/course.yaml', course('published', 'basics'))
    fixture.write('advanced/course.yaml', course('published', 'drafty'))
    fixture.write('advanced/lessons/01-first.ru.mdx', lessonSource('Первый', []))
    fixture.write('drafty/course.yaml', course('draft', ''))
    fixture.write('drafty/lessons/01-first.ru.mdx', lessonSource('Первый', []))
    const errors = (await buildCatalog()).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.split('/').slice(-2).join('/')}: ${d.message}`)
    expect(errors).toEqual(
      expect.arrayContaining([
        'basics/course.yaml: prerequisites go round in a ring: basics -> basics',
        'advanced/course.yaml: prerequisite "drafty" is a draft: a published course can only need published ones',
      ]),
    )
  })

  it('reports a bad course file at its line', async () => {
    fixture.write('basics/course.yaml', 'title: { ru: "Основы", kk: "Негіздер", en: "Basics" }\nsummary: { ru: "a", kk: "b", en: "c" }\naudience: { ru: "a", kk: "b", en: "c" }\nestimatedMinutes: ten\nlessons: [01-first]\n')
    const { diagnostics, courses } = await buildCatalog()
    expect(courses.size).toBe(0)
    expect(diagnostics).toContainEqual(expect.objectContaining({ line: 4, severity: 'error', message: expect.stringContaining('estimatedMinutes') }))
  })
})
