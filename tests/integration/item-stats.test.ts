/**
 * Item statistics on a real database: five learners take the fixture exam through the exam server
 * functions, it is graded, and the figures are checked against numbers worked out by hand below.
 * Then the page over HTTP: trainers only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { saveBankAnswer, startAttempt, submitAttempt } from '~/server/exams/exams.server.ts'
import { courseItemStats, type QuestionStat } from '~/server/exams/item-stats.server.ts'
import { answerKnowledgeCheck, completeLesson, visitLesson } from '~/server/courses/learning.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { addMember, completeLessons, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { recruit, rosterCampaign } from '../support/roster-fixture.ts'

/** Three questions, all drawn: single (a right), true/false (true), multiple (a and b right, partial credit). */
const exam = `id: "final"
title: { ru: "Экзамен", kk: "Емтихан", en: "Exam" }
rules: { draw: 3, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 0 }
topics:
  rights: { ru: "Права наблюдателя", kk: "Бақылаушының құқықтары", en: "Observer's rights" }
questions:
  - id: "q-one"
    topic: "rights"
    type: "single"
    text: { ru: "Вопрос один?", kk: "Бірінші сұрақ?", en: "Question one?" }
    options:
      - { id: "a", text: { ru: "Да", kk: "Иә", en: "Yes" }, correct: true }
      - { id: "b", text: { ru: "Нет", kk: "Жоқ", en: "No" } }
      - { id: "c", text: { ru: "Может быть", kk: "Мүмкін", en: "Maybe" } }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
  - id: "q-two"
    topic: "rights"
    type: "truefalse"
    answer: true
    text: { ru: "Верно?", kk: "Дұрыс па?", en: "True?" }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
  - id: "q-three"
    topic: "rights"
    type: "multiple"
    text: { ru: "Какие?", kk: "Қайсысы?", en: "Which ones?" }
    options:
      - { id: "a", text: { ru: "Первый", kk: "Бірінші", en: "First" }, correct: true }
      - { id: "b", text: { ru: "Второй", kk: "Екінші", en: "Second" }, correct: true }
      - { id: "c", text: { ru: "Третий", kk: "Үшінші", en: "Third" } }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
`

let course: CatalogCourse
let contentDirs: { contentDir: string; cacheDir: string }
const MIN = 60_000
const day1 = new Date('2030-01-10T09:00:00Z')
const day2 = new Date('2030-01-11T09:00:00Z')
const pick = (values: string[]) => ({ values, positions: {}, matches: {} })

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse({ bank: exam })
  contentDirs = fixture
  const catalog = await buildCatalog()
  expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const found = catalog.courses.get('basics')
  if (!found?.exam) throw new Error('fixture exam missing')
  course = found
})

/**
 * The answers (credit in brackets; multiple choice: (right chosen − wrong chosen) ÷ 2, not below 0):
 *
 *        q-one     q-two      q-three            total   in the campaign   submitted
 *   A    a  (1)    true (1)   a, b     (1)       3       yes               day 1
 *   B    a  (1)    true (1)   a        (0.5)     2.5     yes               day 1
 *   C    b  (0)    true (1)   a, b, c  (0.5)     1.5     yes               day 1
 *   D    c  (0)    false (0)  c        (0)       0       no                day 1
 *   E    a  (1)    true (1)   —        (0)       2       no                day 2
 *
 * Rest score y = (total − x) ÷ 2.
 */
const plan: Record<string, { q1: string; q2: string; q3: string[]; inCampaign: boolean; day: Date }> = {
  A: { q1: 'a', q2: 'true', q3: ['a', 'b'], inCampaign: true, day: day1 },
  B: { q1: 'a', q2: 'true', q3: ['a'], inCampaign: true, day: day1 },
  C: { q1: 'b', q2: 'true', q3: ['a', 'b', 'c'], inCampaign: true, day: day1 },
  D: { q1: 'c', q2: 'false', q3: ['c'], inCampaign: false, day: day1 },
  E: { q1: 'a', q2: 'true', q3: [], inCampaign: false, day: day2 },
}

const learners: Record<string, string> = {}
let campaignId = ''

async function takeExam(userId: string, answers: (typeof plan)[string]) {
  await completeLessons(userId, course.slug)
  const start = await startAttempt(userId, course, 'en', answers.day)
  if (!start.ok) throw new Error('start refused')
  const at = new Date(answers.day.getTime() + 5 * MIN)
  expect(await saveBankAnswer(userId, course, start.attemptId, 'q-one', pick([answers.q1]), at)).toEqual({ ok: true })
  expect(await saveBankAnswer(userId, course, start.attemptId, 'q-two', pick([answers.q2]), at)).toEqual({ ok: true })
  if (answers.q3.length) expect(await saveBankAnswer(userId, course, start.attemptId, 'q-three', pick(answers.q3), at)).toEqual({ ok: true })
  await submitAttempt(userId, course, start.attemptId, new Date(at.getTime() + MIN))
  return start.attemptId
}

const question = (questions: QuestionStat[], id: string) => questions.find((q) => q.id === id) as QuestionStat

describe('item statistics', () => {
  beforeAll(async () => {
    const campaign = await rosterCampaign(undefined, ['basics'])
    campaignId = campaign.id
    const ngo = await createNgo()
    for (const [name, answers] of Object.entries(plan)) {
      const user = answers.inCampaign ? (await recruit(Object.keys(learners).length + 1, campaign, ngo.id, { state: 'accepted', certificates: [] })).user : await createUser()
      learners[name] = user.id
      await takeExam(user.id, answers)
    }
  })

  it('grading writes a credit for every drawn question, unanswered ones as 0', async () => {
    const attempt = await db.examAttempt.findFirstOrThrow({ where: { userId: learners.E } })
    expect(attempt.points).toBe(2)
    const rows = await db.examAnswer.findMany({ where: { attemptId: attempt.id }, orderBy: { questionId: 'asc' } })
    expect(rows.map((r) => [r.questionId, r.credit])).toEqual([['q-one', 1], ['q-three', 0], ['q-two', 1]])
    const b = await db.examAttempt.findFirstOrThrow({ where: { userId: learners.B } })
    expect((await db.examAnswer.findUniqueOrThrow({ where: { attemptId_questionId: { attemptId: b.id, questionId: 'q-three' } } })).credit).toBe(0.5)
  })

  it('difficulty, discrimination and option shares match the hand computation', async () => {
    const stats = await courseItemStats(course, 'en', {}, 0)
    expect(stats.attempts).toBe(5)
    const [q1, q2, q3] = ['q-one', 'q-two', 'q-three'].map((id) => question(stats.questions, id))

    // q-one: x = 1, 1, 0, 0, 1; y = A 1, B 0.75, C 0.75, D 0, E 0.5. p = 3/5.
    // Σx = 3, Σx² = 3, Σy = 3, Σy² = 2.375, Σxy = 2.25 → nΣxy − ΣxΣy = 2.25, nΣx² − (Σx)² = 6,
    // nΣy² − (Σy)² = 2.875 → r = 2.25 / √(6 · 2.875) = 2.25 / √17.25 ≈ 0.5417.
    expect(q1).toMatchObject({ attempts: 5, text: 'Question one?', type: 'single', topic: "Observer's rights", flags: [] })
    expect(q1?.p).toBeCloseTo(0.6, 10)
    expect(q1?.r).toBeCloseTo(2.25 / Math.sqrt(17.25), 10)
    expect(q1?.options?.map((o) => [o.id, o.text, o.correct, o.count, o.share])).toEqual([
      ['a', 'Yes', true, 3, 0.6],
      ['b', 'No', false, 1, 0.2],
      ['c', 'Maybe', false, 1, 0.2],
    ])
    expect(q1?.unanswered).toEqual({ count: 0, share: 0 })

    // q-two: x = 1, 1, 1, 0, 1; y = A 1, B 0.75, C 0.25, D 0, E 0.5. p = 4/5.
    // Σx = 4, Σx² = 4, Σy = 2.5, Σy² = 1.875, Σxy = 2.5 → 12.5 − 10 = 2.5; 20 − 16 = 4; 9.375 − 6.25 = 3.125
    // → r = 2.5 / √12.5 = 1/√2.
    expect(q2?.p).toBeCloseTo(0.8, 10)
    expect(q2?.r).toBeCloseTo(1 / Math.SQRT2, 10)
    expect(q2?.options?.map((o) => [o.id, o.count])).toEqual([['true', 4], ['false', 1]])

    // q-three: x = 1, 0.5, 0.5, 0, 0; y = A 1, B 1, C 0.5, D 0, E 1. p = 2/5.
    // Σx = 2, Σx² = 1.5, Σy = 3.5, Σy² = 3.25, Σxy = 1.75 → 8.75 − 7 = 1.75; 7.5 − 4 = 3.5; 16.25 − 12.25 = 4
    // → r = 1.75 / √14 ≈ 0.4677. Options: a by A, B, C (0.6); b by A, C (0.4); c by C, D (0.4); E none (0.2).
    expect(q3?.p).toBeCloseTo(0.4, 10)
    expect(q3?.r).toBeCloseTo(1.75 / Math.sqrt(14), 10)
    expect(q3?.options?.map((o) => [o.id, o.count, o.share])).toEqual([['a', 3, 0.6], ['b', 2, 0.4], ['c', 2, 0.4]])
    expect(q3?.unanswered).toEqual({ count: 1, share: 0.2 })
  })

  it('filters by campaign and by date', async () => {
    // The campaign's A, B, C on q-one: x = 1, 1, 0; y = 1, 0.75, 0.75. p = 2/3; Σx = 2, Σx² = 2, Σy = 2.5,
    // Σy² = 2.125, Σxy = 1.75 → 5.25 − 5 = 0.25; 6 − 4 = 2; 6.375 − 6.25 = 0.125 → r = 0.25 / √0.25 = 0.5.
    const campaign = await courseItemStats(course, 'ru', { campaignId }, 0)
    expect(campaign.attempts).toBe(3)
    const q1 = question(campaign.questions, 'q-one')
    expect(q1).toMatchObject({ attempts: 3, text: 'Вопрос один?' })
    expect(q1.p).toBeCloseTo(2 / 3, 10)
    expect(q1.r).toBeCloseTo(0.5, 10)
    // Day 1 only: E (day 2) is left out; q-two right for A, B, C, wrong for D.
    const dayOne = await courseItemStats(course, 'en', { from: day1, to: new Date(day1.getTime() + 24 * 60 * MIN - 1) }, 0)
    expect(dayOne.attempts).toBe(4)
    expect(question(dayOne.questions, 'q-two')).toMatchObject({ attempts: 4, p: 0.75 })
    expect((await courseItemStats(course, 'en', { from: day2 }, 0)).attempts).toBe(1)
  })

  it('keeps the figures for a while and recomputes them when asked for fresh ones', async () => {
    const kept = await courseItemStats(course, 'en')
    expect((await courseItemStats(course, 'ru')).computedAt).toEqual(kept.computedAt)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const fresh = await courseItemStats(course, 'en', {}, 0)
    expect(fresh.computedAt.getTime()).toBeGreaterThan(kept.computedAt.getTime())
    expect(fresh.questions).toEqual(kept.questions)
  })

  it('per lesson: reached, median minutes of completed ones, knowledge-check success', async () => {
    const [first, second] = course.lessons
    if (!first || !second) throw new Error('fixture lessons missing')
    // The lesson figures come from the histories written here: the lessons each learner completed
    // before their exam could start (completeLessons) are set aside.
    await db.lessonProgress.deleteMany({ where: { courseSlug: 'basics', userId: { in: Object.values(learners) } } })
    for (const name of ['A', 'B', 'C', 'D', 'E']) await visitLesson(learners[name] ?? '', course, first, 'en')
    // Lesson 1 checks: alpha's right option is the first, beta's the second.
    // A: alpha ✓, beta ✓ (done); B: alpha ✗, alpha ✓, beta ✓ (done); C: beta ✗ → 4 right of 6.
    const answer = (name: string, quiz: string, option: string) => answerKnowledgeCheck(learners[name] ?? '', course, first, 'en', quiz, [option])
    await answer('A', 'alpha', '0')
    await answer('A', 'beta', '1')
    await answer('B', 'alpha', '1')
    await answer('B', 'alpha', '0')
    await answer('B', 'beta', '1')
    await answer('C', 'beta', '0')
    await completeLesson(learners.C ?? '', course, first, 'learner')
    // Lesson 2: A answers gamma right (done, 1 of 1); B opens it and marks it done.
    await answerKnowledgeCheck(learners.A ?? '', course, second, 'en', 'gamma', ['0'])
    await visitLesson(learners.B ?? '', course, second, 'en')
    await completeLesson(learners.B ?? '', course, second, 'learner')
    // Time spent, set by hand: lesson 1 took A 10, B 30, C 20 minutes (median 20); lesson 2 A 5, B 15 (median 10).
    const spent = async (name: string, lesson: string, minutes: number) =>
      db.lessonProgress.update({
        where: { userId_courseSlug_lessonSlug: { userId: learners[name] ?? '', courseSlug: 'basics', lessonSlug: lesson } },
        data: { openedAt: day1, completedAt: new Date(day1.getTime() + minutes * MIN) },
      })
    await spent('A', first.slug, 10)
    await spent('B', first.slug, 30)
    await spent('C', first.slug, 20)
    await spent('A', second.slug, 5)
    await spent('B', second.slug, 15)

    const { lessons } = await courseItemStats(course, 'en', {}, 0)
    expect(lessons).toEqual([
      { slug: first.slug, position: 0, title: 'First', reached: 5, completed: 3, medianMinutes: 20, checkAnswers: 6, checkSuccess: 4 / 6 },
      { slug: second.slug, position: 1, title: 'Second', reached: 2, completed: 2, medianMinutes: 10, checkAnswers: 1, checkSuccess: 1 },
    ])
    // In the campaign (A, B, C) lesson 1 is the same but for D and E.
    const campaign = await courseItemStats(course, 'en', { campaignId }, 0)
    expect(campaign.lessons[0]).toMatchObject({ reached: 3, completed: 3, medianMinutes: 20 })
  })
})

describe('the statistics page', () => {
  let app: RunningApp
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: contentDirs.contentDir, CONTENT_CACHE_DIR: contentDirs.cacheDir })
  })
  afterAll(async () => {
    await app?.stop()
  })

  async function client(role: 'TRAINER' | 'LEAD' | null) {
    const user = await createUser({ locale: 'en' })
    if (role) await addMember(user.id, (await createNgo()).id, role)
    const c = new Client(app.url, { 'Accept-Language': 'en' })
    await c.login(user.email, TEST_PASSWORD)
    return c
  }

  it('is for trainers: volunteers and leads get 403, an unknown course 404', async () => {
    expect((await (await client(null)).get('/studio/basics/stats')).status).toBe(403)
    expect((await (await client('LEAD')).get('/studio/basics/stats')).status).toBe(403)
    expect((await new Client(app.url).get('/studio/basics/stats')).status).toBe(302)
    const trainer = await client('TRAINER')
    expect((await trainer.get('/studio/no-such-course/stats')).status).toBe(404)
    const page = await trainer.get('/studio/basics/stats?sort=p&dir=asc')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Question one?')
    expect(html).toContain('Which ones?')
    expect(html).toContain('First')
    // Topics by name, not by id.
    expect(html).toContain('Observer&#x27;s rights')
    expect(html).not.toMatch(/Topic: rights/)
    // Sorted by difficulty, hardest first: q-three (0.4), q-one (0.6), q-two (0.8).
    expect(html.indexOf('Which ones?')).toBeLessThan(html.indexOf('Question one?'))
    expect(html.indexOf('Question one?')).toBeLessThan(html.indexOf('True?'))
    expect((await trainer.get('/studio/basics/stats?campaign=no-such-campaign')).status).toBe(404)
    expect((await trainer.get('/studio/basics/stats?from=yesterday')).status).toBe(400)
  })
})
