import { beforeAll, describe, expect, it } from 'vitest'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { answerKnowledgeCheck, completeLesson, courseStanding, listCourseProgress, visitLesson } from '~/server/courses/learning.server.ts'
import { catalogPage } from '~/server/courses/course-pages.server.ts'
import { writeFixtureCourse } from '../support/content-fixture.ts'
import { createUser } from '../support/factories.ts'

let course: CatalogCourse

beforeAll(async () => {
  const fixture = writeFixtureCourse()
  process.env.CONTENT_DIR = fixture.contentDir
  process.env.CONTENT_CACHE_DIR = fixture.cacheDir
  const catalog = await buildCatalog()
  const found = catalog.courses.get('basics')
  if (!found) throw new Error('fixture course missing')
  course = found
})

const lesson = (i: number) => {
  const l = course.lessons[i]
  if (!l) throw new Error('no lesson')
  return l
}

describe('progress', () => {
  it('the catalogue shows an enrolment (a campaign enrols on acceptance) before any lesson is opened', async () => {
    const user = await createUser()
    expect((await catalogPage(user.id, 'en')).find((c) => c.slug === 'basics')).toMatchObject({ enrolled: false })
    await db.courseEnrollment.create({ data: { userId: user.id, courseSlug: 'basics', source: 'campaign' } })
    expect((await catalogPage(user.id, 'en')).find((c) => c.slug === 'basics')).toMatchObject({ enrolled: true, progress: { started: false } })
    expect((await catalogPage(null, 'en')).find((c) => c.slug === 'basics')).toMatchObject({ enrolled: false })
  })

  it('opening a lesson enrols the learner and records the lesson version', async () => {
    const user = await createUser()
    await visitLesson(user.id, course, lesson(0), 'en')
    await visitLesson(user.id, course, lesson(0), 'en')
    expect(await db.courseEnrollment.count({ where: { userId: user.id, courseSlug: 'basics' } })).toBe(1)
    const row = await db.lessonProgress.findFirstOrThrow({ where: { userId: user.id } })
    expect(row.contentVersion).toBe(lesson(0).version)
    expect(row.completedAt).toBeNull()
    expect((await courseStanding(user.id, course)).progress).toMatchObject({ done: 0, total: 2, started: true, resumeLesson: '01-first' })
  })

  it('a wrong answer is stored and graded, a right one reveals the key; all right finishes the lesson', async () => {
    const user = await createUser()
    await visitLesson(user.id, course, lesson(0), 'en')
    const wrong = await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'alpha', ['1'])
    expect(wrong).toMatchObject({ ok: true, lessonDone: false, result: { correct: false, correctOptions: null, explanation: 'Secret explanation alpha' } })
    const right = await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'alpha', ['0'])
    expect(right).toMatchObject({ ok: true, lessonDone: false, result: { correct: true, correctOptions: [0] } })
    expect((await visitLesson(user.id, course, lesson(0), 'en')).done).toBe(false)
    const last = await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'beta', ['1'])
    expect(last).toMatchObject({ ok: true, lessonDone: true })
    const state = await visitLesson(user.id, course, lesson(0), 'en')
    expect(state.done).toBe(true)
    expect(Object.keys(state.results).sort()).toEqual(['alpha', 'beta'])
    expect(await db.knowledgeCheckAnswer.count({ where: { userId: user.id } })).toBe(3)
    expect((await courseStanding(user.id, course)).progress).toMatchObject({ done: 1, percent: 50, resumeLesson: '02-second' })
  })

  it('refuses an empty or out-of-range answer and an unknown check, storing nothing', async () => {
    const user = await createUser()
    expect(await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'alpha', [])).toEqual({ ok: false, error: 'invalidAnswer' })
    expect(await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'alpha', ['7'])).toEqual({ ok: false, error: 'invalidAnswer' })
    expect(await answerKnowledgeCheck(user.id, course, lesson(0), 'en', 'gamma', ['0'])).toEqual({ ok: false, error: 'unknownQuiz' })
    expect(await db.knowledgeCheckAnswer.count({ where: { userId: user.id } })).toBe(0)
  })

  it('grades the language the learner sees, falling back to Russian', async () => {
    const user = await createUser()
    const result = await answerKnowledgeCheck(user.id, course, lesson(1), 'kk', 'gamma', ['0'])
    expect(result).toMatchObject({ ok: true, result: { correct: true } })
    expect((await db.knowledgeCheckAnswer.findFirstOrThrow({ where: { userId: user.id } })).locale).toBe('ru')
  })

  it('is kept per person and follows them (another session sees the same state)', async () => {
    const learner = await createUser()
    const other = await createUser()
    await completeLesson(learner.id, course, lesson(0), 'learner')
    await completeLesson(learner.id, course, lesson(1), 'learner')
    expect((await courseStanding(learner.id, course)).progress).toMatchObject({ done: 2, finished: true, percent: 100 })
    expect((await courseStanding(other.id, course)).progress).toMatchObject({ done: 0, started: false })
    expect((await listCourseProgress(learner.id)).get('basics')).toMatchObject({ done: 2 })
  })
})
