/**
 * The studio's exam question editor over HTTP: list, edit, refuse, save with missing translations, delete,
 * access; and the lesson editor's problems, explained in the trainer's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { parsedBank } from '~/server/studio/studio.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import kk from '~/i18n/locales/kk.json'
import { fixtureExam, lessonSource, setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { addMember, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { decodeHtml } from '../support/page-text.ts'

let app: RunningApp
const PAGE = '/studio/basics/questions'
const PATH = 'exam/final.yaml'
// A comment at the top and one before the second question: both must survive an edit of the first.
const BANK = `# The bank of the basics course: keep this comment.\n${fixtureExam().replace('  - id: "q-two"', '  # About the second question.\n  - id: "q-two"')}`

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse({ bank: BANK })
  await buildCatalog()
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir })
})
afterAll(async () => {
  await app.stop()
})

async function member(role: 'TRAINER' | 'LEAD' | null) {
  const user = await createUser({ locale: 'en' })
  if (role) await addMember(user.id, (await createNgo()).id, role)
  const client = new Client(app.url, { 'Accept-Language': 'en' })
  await client.login(user.email, TEST_PASSWORD)
  return { user, client }
}

const draftSource = async () => (await db.contentDraft.findUnique({ where: { courseSlug_path: { courseSlug: 'basics', path: PATH } } }))?.source ?? null

/** The fields the editor would post for q-one, with overrides. */
function qOneFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: 'save',
    type: 'single',
    id: 'q-one',
    topic: 'rights',
    'text.ru': 'Вопрос?',
    'text.kk': 'Сұрақ?',
    'text.en': 'Question?',
    'option.0.id': 'a',
    'option.0.text.ru': 'Да',
    'option.0.text.kk': 'Иә',
    'option.0.text.en': 'Yes',
    'option.0.correct': 'yes',
    'option.1.id': 'b',
    'option.1.text.ru': 'Нет',
    'option.1.text.kk': 'Жоқ',
    'option.1.text.en': 'No',
    'explanation.ru': 'Так.',
    'explanation.kk': 'Солай.',
    'explanation.en': 'So.',
    ...overrides,
  }
}

describe('the question editor', () => {
  it('lists the questions, edits one in the draft and leaves the rest of the file as it was', async () => {
    const { client, user } = await member('TRAINER')
    await db.examAttempt.create({
      data: { userId: user.id, courseSlug: 'basics', examId: 'final', contentVersion: 'v', seed: 's', questionIds: JSON.stringify(['q-one', 'q-two']), locale: 'en', deadline: new Date(Date.now() + 3_600_000) },
    })

    const list = await client.get(PAGE)
    expect(list.status).toBe(200)
    const listHtml = await list.text()
    expect(listHtml).toContain('Question?')
    expect(listHtml).toContain('href="/studio/basics/questions/q-one"')
    expect(listHtml).toContain('in 1 live attempt')
    expect(listHtml).not.toContain('changed in draft')

    const editor = await client.get(`${PAGE}/q-one`)
    expect(editor.status).toBe(200)
    const editorHtml = await editor.text()
    expect(editorHtml).toContain('1 exam attempt in progress drew this question')
    expect(editorHtml).toContain('name="option.0.text.ru"')

    const saved = await client.post(`${PAGE}/q-one`, qOneFields({ 'text.ru': 'Новый вопрос?', 'option.1.text.en': 'No, never' }))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toMatch(/^\/studio\/basics\/questions\/q-one/)

    const source = (await draftSource()) ?? ''
    expect(source.startsWith('# The bank of the basics course: keep this comment.\n')).toBe(true)
    expect(source).toContain('  # About the second question.\n  - id: "q-two"')
    // Everything from the second question on is byte for byte the published text.
    expect(source.slice(source.indexOf('  # About the second question.'))).toBe(BANK.slice(BANK.indexOf('  # About the second question.')))
    const bank = parse(source) as { questions: Array<Record<string, unknown>> }
    expect(bank.questions[0]).toMatchObject({ id: 'q-one', text: { ru: 'Новый вопрос?', en: 'Question?' }, options: [{ id: 'a', correct: true }, { id: 'b', text: { en: 'No, never' } }] })

    const after = await (await client.get(PAGE)).text()
    expect(after).toContain('changed in draft')
  })

  it('parses a bank text once for every page that reads it, a changed text anew, and hands it out frozen', () => {
    const first = parsedBank(BANK)
    expect(parsedBank(BANK)).toBe(first)
    expect(first.questions.map((q) => q.id)).toEqual(['q-one', 'q-two'])
    expect(first.rules).toMatchObject({ maxAttempts: 3 })
    const edited = parsedBank(BANK.replace('id: "q-two"', 'id: "q-three"'))
    expect(edited.questions.map((q) => q.id)).toEqual(['q-one', 'q-three'])
    expect(parsedBank(BANK)).toBe(first)
    // Shared between requests: nobody may change what the next request reads.
    expect(Object.isFrozen(first.questions) && Object.isFrozen(first.questions[0]) && Object.isFrozen(first.rules)).toBe(true)
    expect(() => (first.questions as Array<Record<string, unknown>>).push({})).toThrow()
  })

  it('titles the studio’s pages apart from the learner’s pages of the same course and lesson', async () => {
    const { client } = await member('TRAINER')
    const title = async (path: string) => {
      const response = await client.get(path)
      expect(response.status, path).toBe(200)
      return (await response.text()).match(/<title>([^<]*)<\/title>/)?.[1] ?? ''
    }
    const lesson = await title('/courses/basics/01-first')
    const editor = await title('/studio/basics/lessons/01-first/kk')
    expect(editor).not.toBe(lesson)
    expect(editor).toContain('Kazakh')
    expect(await title('/studio/basics')).not.toBe(await title('/courses/basics'))
    expect(await title('/studio/basics/versions')).not.toBe(await title('/studio/basics'))
  })

  it('refuses an invalid edit with 400 and changes nothing', async () => {
    const { client } = await member('TRAINER')
    const before = await draftSource()
    const twoRight = await client.post(`${PAGE}/q-one`, qOneFields({ 'option.1.correct': 'yes', 'text.ru': 'Не сохранится' }))
    expect(twoRight.status).toBe(400)
    expect(await twoRight.text()).toContain('Mark exactly one option as correct.')
    const oneOption = await client.post(`${PAGE}/q-one`, qOneFields({ 'option.1.id': '', 'option.1.text.ru': '', 'option.1.text.kk': '', 'option.1.text.en': '' }))
    expect(oneOption.status).toBe(400)
    expect(await oneOption.text()).toContain('Add at least 2.')
    expect(await draftSource()).toBe(before)
  })

  it('refuses a short answer’s accepted answers past the field’s limit, which the page’s field stops at', async () => {
    const { client } = await member('TRAINER')
    const before = await draftSource()
    const page = await client.get(`${PAGE}/new?type=short`)
    expect(await page.text()).toMatch(/<textarea id="q-accepted-ru" name="accepted.ru"[^>]* maxLength="1000"/)
    const fields = { intent: 'save', type: 'short', id: 'q-short', topic: 'rights', 'text.ru': 'Что?', 'text.kk': 'Не?', 'text.en': 'What?', 'explanation.ru': 'Так.', 'explanation.kk': 'Солай.', 'explanation.en': 'So.' }
    const long = await client.post(`${PAGE}/new?type=short`, { ...fields, 'accepted.ru': `${'урна '.repeat(240)}\r\nящик`, 'accepted.kk': 'жәшік', 'accepted.en': 'box' })
    expect(long.status).toBe(400)
    const refused = await long.text()
    expect(refused).toMatch(/<code>accepted\.ru<\/code>: (<!-- -->)?This text is too long \(at most 1000 characters\)\./)
    expect(await draftSource()).toBe(before)
  })

  it('adds a row without JavaScript, unsaved', async () => {
    const { client } = await member('TRAINER')
    const before = await draftSource()
    const added = await client.post(`${PAGE}/q-one`, qOneFields({ intent: 'add' }))
    expect(added.status).toBe(200)
    expect(await added.text()).toContain('name="option.2.text.ru"')
    expect(await draftSource()).toBe(before)
  })

  it('saves a question with missing translations as a draft, with a warning', async () => {
    const { client } = await member('TRAINER')
    const saved = await client.post(`${PAGE}/new?type=truefalse`, { intent: 'save', type: 'truefalse', id: 'q-three', topic: 'rights', 'text.ru': 'Третий?', 'text.kk': '', 'text.en': 'Third?', answer: 'false', 'explanation.ru': 'Так.', 'explanation.kk': 'Солай.', 'explanation.en': '' })
    expect(saved.status).toBe(302)
    const page = await client.get(saved.headers.get('Location') ?? '')
    const html = await page.text()
    expect(html).toContain('2 translations are missing.')
    expect(html).toContain('Question — Kazakh')
    expect(html).toContain('Explanation — English')
    const bank = parse((await draftSource()) ?? '') as { questions: Array<Record<string, unknown>> }
    expect(bank.questions.map((q) => q.id)).toEqual(['q-one', 'q-two', 'q-three'])
    expect(bank.questions[2]).toMatchObject({ type: 'truefalse', answer: false, text: { kk: '' } })
  })

  it('previews in the chosen language without the key', async () => {
    const { client } = await member('TRAINER')
    const html = await (await client.get(`${PAGE}/q-two?lang=kk`)).text()
    const preview = html.slice(html.indexOf('id="preview-title"'), html.indexOf('<script'))
    expect(preview).toContain('Дұрыс па?')
    expect(preview).not.toMatch(/correct|checked/i)
  })

  it('deletes a question only when confirmed', async () => {
    const { client } = await member('TRAINER')
    expect((await client.post(`${PAGE}/q-three`, { intent: 'delete' })).status).toBe(400)
    const deleted = await client.post(`${PAGE}/q-three`, { intent: 'delete', confirm: 'yes' })
    expect(deleted.status).toBe(302)
    expect((parse((await draftSource()) ?? '') as { questions: Array<{ id: string }> }).questions.map((q) => q.id)).toEqual(['q-one', 'q-two'])
    expect((await client.get(`${PAGE}/q-three`)).status).toBe(404)
  })

  it('is for trainers only', async () => {
    for (const role of [null, 'LEAD'] as const) {
      const { client } = await member(role)
      expect((await client.get(PAGE)).status).toBe(403)
      expect((await client.get(`${PAGE}/q-one`)).status).toBe(403)
      expect((await client.post(`${PAGE}/q-one`, qOneFields({ 'text.ru': 'Взлом' }))).status).toBe(403)
    }
    expect(await draftSource()).not.toContain('Взлом')
  })
})

describe('the lesson editor’s problems', () => {
  it('explains a lesson that does not compile in the trainer’s language, at its line and column, the compiler’s words folded away', async () => {
    const { client } = await member('TRAINER')
    const editor = '/studio/basics/lessons/01-first/kk'
    const source = lessonSource('Сынақ', [], '\n\nШектеу <3 дауыс.\n\n<Callout type="info">\n\nЖабылмаған.')
    const lines = source.split('\n')
    const sign = lines.findIndex((l) => l.includes('<3'))
    const callout = lines.findIndex((l) => l.startsWith('<Callout'))
    // Saved as a draft (the editor's autosave without JavaScript), then shown on the page in Kazakh.
    expect((await client.post(editor, { intent: 'save', source })).status).toBeLessThan(400)
    const page = decodeHtml(await (await client.get(`${editor}?lng=kk`)).text())
    // Where the parser gave up: the "<" with no component name after it (the column of the "3").
    const at = (line: number, column: number) => kk.studio.problem.atPlace.replace('{{line}}', String(line)).replace('{{column}}', String(column))
    expect(page).toContain(`>${at(sign + 1, lines[sign]!.indexOf('<') + 2)}<`)
    expect(page).toContain(kk.studio.problem.lessThan)
    expect(page).toMatch(/<details class="diagnostic-detail"><summary>Техникалық хабарлама \(ағылшынша\)<\/summary><code lang="en">Unexpected character `3`/)
    // The unclosed component, once the sign is written as the lesson rules say: at the tag itself.
    const fixed = source.replace('<3', '\\<3')
    expect((await client.post(editor, { intent: 'save', source: fixed })).status).toBeLessThan(400)
    const next = decodeHtml(await (await client.get(`${editor}?lng=kk`)).text())
    expect(next).toContain(`>${at(callout + 1, 1)}<`)
    expect(next).toContain(kk.studio.problem.unclosedComponent.replaceAll('{{name}}', 'Callout'))
    expect(next).not.toContain(kk.studio.problem.lessThan)
    await client.post(editor, { intent: 'discard' })
  })
})
