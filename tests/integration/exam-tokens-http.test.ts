/**
 * The exam attempt page over HTTP, on a bank of every question type whose keys all sit on the first
 * option (the pattern of issue 12): two attempts' pages, their loader data and their forms carry no
 * bank id and no key, their tokens differ, the right tokens grade right (with and without JavaScript),
 * and bank ids posted in their place score nothing and get a translated 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { z } from 'zod'
import { type examBankSchema } from '~/domain/exam/bank.ts'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { dataStrings, decodeHtml, examPageQuestions, formNamesAndValues, inlineScriptStrings, type ExamPageQuestion } from '../support/page-text.ts'

const t = (en: string) => ({ ru: `${en} (ru)`, kk: `${en} (kk)`, en })
const bank: z.input<typeof examBankSchema> = {
  id: 'final',
  title: t('Exam'),
  rules: { draw: 6, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 0, multipleChoiceScoring: 'all-or-nothing' },
  questions: [
    {
      id: 'single-question', topic: 'rights', type: 'single', text: t('Which one is right?'), explanation: t('Explanation of the single choice.'),
      options: [
        { id: 'a', text: t('The right choice'), correct: true, feedback: t('Feedback on the right choice.') },
        { id: 'b', text: t('A wrong choice'), feedback: t('Feedback on a wrong choice.') },
        { id: 'c', text: t('Another wrong choice') },
      ],
    },
    {
      id: 'multiple-question', topic: 'rights', type: 'multiple', text: t('Which ones are right?'), explanation: t('Explanation of the multiple choice.'),
      options: [
        { id: 'a', text: t('First right'), correct: true },
        { id: 'b', text: t('Second right'), correct: true },
        { id: 'c', text: t('Not right'), feedback: t('Feedback on the multiple wrong one.') },
      ],
    },
    { id: 'truefalse-question', topic: 'rights', type: 'truefalse', answer: true, text: t('This statement holds.'), explanation: t('Explanation of the true or false.') },
    {
      id: 'ordering-question', topic: 'rights', type: 'ordering', text: t('Put the steps in order.'), explanation: t('Explanation of the ordering.'),
      items: [
        { id: 'open', text: t('Step that comes first') },
        { id: 'vote', text: t('Step that comes second') },
        { id: 'count', text: t('Step that comes third') },
      ],
    },
    {
      id: 'matching-question', topic: 'rights', type: 'matching', text: t('Match the roles.'), explanation: t('Explanation of the matching.'),
      pairs: [
        { id: 'p1', left: t('Left one'), right: t('Right for one') },
        { id: 'p2', left: t('Left two'), right: t('Right for two') },
        { id: 'p3', left: t('Left three'), right: t('Right for three') },
      ],
    },
    { id: 'short-question', topic: 'rights', type: 'short', text: t('Name the document.'), explanation: t('Explanation of the short answer.'), accepted: { ru: ['ключевой-ответ'], kk: ['кілттік-жауап'], en: ['keyword-answer'] } },
  ],
}

const questionIds = bank.questions.map((q) => q.id)
const optionIds = bank.questions.flatMap((q) => ('options' in q ? q.options.map((o) => o.id) : 'items' in q ? q.items.map((i) => i.id) : 'pairs' in q ? q.pairs.map((p) => p.id) : []))
/** What must never be a name or value a form posts before grading. */
const bankIds = new Set([...questionIds, ...optionIds, 'true', 'false'])
/** Texts that exist only after grading: explanations, feedback, accepted short answers, in every language. */
const secrets = bank.questions.flatMap((q) => [
  ...Object.values(q.explanation),
  ...('options' in q ? q.options.flatMap((o) => ('feedback' in o && o.feedback ? Object.values(o.feedback) : [])) : []),
  ...('accepted' in q ? Object.values(q.accepted).flat() : []),
])

let app: RunningApp
const EXAM = '/courses/basics/exam'

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse({ bank: stringify(bank) })
  const catalog = await buildCatalog()
  expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir })
})
afterAll(async () => {
  await app.stop()
})

interface Attempt {
  client: Client
  url: string
  html: string
  data: string
  questions: ExamPageQuestion[]
}

async function startAttempt(): Promise<Attempt> {
  const user = await createUser({ locale: 'en' })
  await completeLessons(user.id, 'basics')
  const client = new Client(app.url, { 'Accept-Language': 'en' })
  await client.login(user.email, TEST_PASSWORD)
  const started = await client.post(EXAM, { intent: 'start' })
  expect(started.status).toBe(302)
  const url = started.headers.get('Location') ?? ''
  const page = await client.get(url)
  expect(page.status).toBe(200)
  const html = await page.text()
  const data = await client.get(`${url}.data`)
  expect(data.status).toBe(200)
  return { client, url, html, data: await data.text(), questions: examPageQuestions(html) }
}

const questionOf = (attempt: Attempt, text: string) => {
  const found = attempt.questions.find((q) => q.text === text)
  if (!found) throw new Error(`no question "${text}" on the page`)
  return found
}
const choice = (q: ExamPageQuestion, label: string) => q.choices.find((c) => c.label === label)?.value ?? `missing ${label}`
const select = (q: ExamPageQuestion, label: string) => q.selects.find((s) => s.label === label) ?? { name: `missing ${label}`, label, options: [] }

/** The right answer to every question as the form's fields, picked by visible labels only. */
function rightAnswers(attempt: Attempt): Array<Record<string, string | string[]>> {
  const single = questionOf(attempt, 'Which one is right?')
  const multiple = questionOf(attempt, 'Which ones are right?')
  const truefalse = questionOf(attempt, 'This statement holds.')
  const ordering = questionOf(attempt, 'Put the steps in order.')
  const matching = questionOf(attempt, 'Match the roles.')
  const short = questionOf(attempt, 'Name the document.')
  const steps = ['Step that comes first', 'Step that comes second', 'Step that comes third']
  const pairs = [['Left one', 'Right for one'], ['Left two', 'Right for two'], ['Left three', 'Right for three']] as const
  return [
    { questionId: single.token, answer: choice(single, 'The right choice') },
    { questionId: multiple.token, answer: [choice(multiple, 'First right'), choice(multiple, 'Second right')] },
    { questionId: truefalse.token, answer: choice(truefalse, 'True') },
    { questionId: ordering.token, ...Object.fromEntries(steps.map((step, i) => [select(ordering, step).name, String(i + 1)])) },
    { questionId: matching.token, ...Object.fromEntries(pairs.map(([left, right]) => { const s = select(matching, left); return [s.name, s.options.find((o) => o.label === right)?.value ?? ''] })) },
    { questionId: short.token, answer: 'Keyword-Answer' },
  ]
}

/** Every opaque name or value of an attempt's forms (position numbers and fixed names aside). */
function tokensOf(attempt: Attempt): string[] {
  return attempt.questions.flatMap((q) => [q.token, ...q.choices.map((c) => c.value), ...q.selects.flatMap((s) => [s.name, ...s.options.map((o) => o.value).filter((v) => !/^\d+$/.test(v))])])
}

describe('an exam attempt’s page and data', () => {
  let first: Attempt
  let second: Attempt
  beforeAll(async () => {
    first = await startAttempt()
    second = await startAttempt()
  })

  it('show every question, by text, with a form a learner can answer', () => {
    for (const attempt of [first, second]) {
      expect(attempt.questions.map((q) => q.text).sort()).toEqual(bank.questions.map((q) => q.text.en).sort())
      const ordering = questionOf(attempt, 'Put the steps in order.')
      expect(ordering.selects).toHaveLength(3)
      expect(questionOf(attempt, 'Match the roles.').selects.map((s) => s.options.length)).toEqual([3, 3, 3])
      expect(questionOf(attempt, 'Name the document.').textField).toBe(true)
    }
  })

  it('carry no bank id in any field name, form value or data string, and no key, explanation or feedback', () => {
    for (const attempt of [first, second]) {
      for (const q of attempt.questions) {
        for (const value of [q.token, ...q.choices.map((c) => c.value), ...q.selects.flatMap((s) => [s.name.replace(/^(pos|match)\./, ''), ...s.options.map((o) => o.value)])]) {
          expect(bankIds.has(value), `${q.text}: ${value}`).toBe(false)
        }
      }
      const formValues = formNamesAndValues(attempt.html).map((v) => v.replace(/^(pos|match)\./, ''))
      expect(formValues.filter((v) => bankIds.has(v))).toEqual([])
      // The loader data, fetched as the client does and as hydrated from the HTML.
      const strings = [...dataStrings(attempt.data), ...inlineScriptStrings(attempt.html)]
      expect(strings.length).toBeGreaterThan(20)
      expect(strings.filter((s) => bankIds.has(s) || questionIds.some((id) => s.includes(id)))).toEqual([])
      const everything = decodeHtml(attempt.html) + attempt.data
      for (const id of questionIds) expect(everything).not.toContain(id)
      for (const secret of secrets) expect(everything, secret).not.toContain(secret)
      // No field of a key travels in the data (turbo-stream keeps an object's keys as strings).
      expect(strings.filter((s) => ['correct', 'explanation', 'feedback', 'accepted', 'answer'].includes(s))).toEqual([])
    }
  })

  it('never show ordering items in the key’s order, nor matching right sides in the left side’s order', () => {
    for (const attempt of [first, second]) {
      expect(select(questionOf(attempt, 'Put the steps in order.'), 'Step that comes first')).toBeTruthy()
      expect(questionOf(attempt, 'Put the steps in order.').selects.map((s) => s.label)).not.toEqual(['Step that comes first', 'Step that comes second', 'Step that comes third'])
      expect(questionOf(attempt, 'Match the roles.').selects[0]?.options.map((o) => o.label)).not.toEqual(['Right for one', 'Right for two', 'Right for three'])
    }
  })

  it('differ between two attempts', () => {
    const a = [...new Set(tokensOf(first))]
    const b = new Set(tokensOf(second))
    // 6 questions, 3 + 3 choices, 2 true/false choices, 3 ordering items, 3 + 3 matching sides: all distinct.
    expect(a).toHaveLength(6 + 3 + 3 + 2 + 3 + 3 + 3)
    expect(a.filter((token) => b.has(token))).toEqual([])
  })

  it('grade the right tokens right, posted without JavaScript', async () => {
    for (const fields of rightAnswers(first)) {
      const saved = await first.client.post(first.url, { intent: 'save', ...fields })
      expect(saved.status).toBe(302)
      expect(saved.headers.get('Location')).toBe(`${first.url}?saved=${encodeURIComponent(String(fields.questionId))}#q-${String(fields.questionId)}`)
    }
    // A reload shows the saved answers checked and selected, still in tokens.
    const reloaded = await (await first.client.get(first.url)).text()
    const again = examPageQuestions(reloaded)
    expect(reloaded).toMatch(new RegExp(`<input [^>]*checked=""[^>]* value="${choice(questionOf(first, 'Which one is right?'), 'The right choice')}"`))
    expect(again.map((q) => q.token)).toEqual(first.questions.map((q) => q.token))
    expect(reloaded).toContain('value="Keyword-Answer"')
    expect((await first.client.post(first.url, { intent: 'submit' })).status).toBe(302)
    const result = await (await first.client.get(first.url)).text()
    expect(result).toContain('Passed: 100% (pass mark 80%).')
    expect(decodeHtml(result)).toContain('Explanation of the ordering.')
  })

  it('score nothing for bank ids posted in place of tokens, with a translated 400 and no 500', async () => {
    const attempt = await startAttempt()
    const single = questionOf(attempt, 'Which one is right?')
    // With JavaScript: the bank's question id, then the right token with the bank's option id.
    const foreign: Array<Record<string, string>> = [
      { questionId: 'single-question', answer: 'a' },
      { questionId: 'truefalse-question', answer: 'true' },
      { questionId: single.token, answer: 'a' },
      { questionId: questionOf(attempt, 'This statement holds.').token, answer: 'true' },
      { questionId: questionOf(attempt, 'Put the steps in order.').token, 'pos.open': '1', 'pos.vote': '2', 'pos.count': '3' },
      { questionId: questionOf(attempt, 'Match the roles.').token, 'match.p1': 'p1', 'match.p2': 'p2', 'match.p3': 'p3' },
      // Another attempt's tokens are as foreign as the bank's ids.
      { questionId: questionOf(second, 'Which one is right?').token, answer: choice(questionOf(second, 'Which one is right?'), 'The right choice') },
      { questionId: single.token, answer: choice(questionOf(second, 'Which one is right?'), 'The right choice') },
    ]
    for (const fields of foreign) {
      const response = await attempt.client.post(`${attempt.url}.data`, { intent: 'save', js: '1', ...fields })
      expect(response.status, JSON.stringify(fields)).toBe(400)
    }
    // Without JavaScript: the page says why, in the learner's language.
    const unknown = await attempt.client.post(attempt.url, { intent: 'save', questionId: 'single-question', answer: 'a' })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('This question is not part of your attempt.')
    const invalid = await attempt.client.post(attempt.url, { intent: 'save', questionId: single.token, answer: 'a' })
    expect(invalid.status).toBe(302)
    const shown = await (await attempt.client.get(invalid.headers.get('Location') ?? '')).text()
    expect(shown).toContain('This answer is not one of the options.')
    expect((await attempt.client.post(attempt.url, { intent: 'submit' })).status).toBe(302)
    expect(await (await attempt.client.get(attempt.url)).text()).toContain('Not passed: 0% (pass mark 80%).')
  })

  it('grade the right tokens right, saved with JavaScript', async () => {
    for (const fields of rightAnswers(second)) {
      const saved = await second.client.post(`${second.url}.data`, { intent: 'save', js: '1', ...fields })
      expect(saved.status, JSON.stringify(fields)).toBe(200)
    }
    expect((await second.client.post(second.url, { intent: 'submit' })).status).toBe(302)
    expect(await (await second.client.get(second.url)).text()).toContain('Passed: 100% (pass mark 80%).')
  })
})
