/**
 * A learner's work in courses: opening lessons, answering knowledge checks, finishing lessons.
 * Everything is stored per user, so progress follows them to any device.
 */
import { courseProgress, lessonCompletedByChecks, type CourseProgress, type LessonState } from '~/domain/content/progress.ts'
import type { QuizDefinition, QuizResult } from '~/domain/content/quiz.ts'
import { gradeKnowledgeCheck, normaliseSelection } from '~/domain/grading.ts'
import type { Locale } from '~/domain/locale.ts'
import { lessonVariant, publishedCourses } from './catalog.server.ts'
import type { CatalogCourse, CatalogLesson } from './course-files.server.ts'
import { refreshTrainingProgress, startTraining } from '../recruitment/applications.server.ts'
import { db, plainRead } from '../platform/db.server.ts'

function resultFor(quiz: QuizDefinition, selected: number[], correct: boolean): QuizResult {
  return { quizId: quiz.id, correct, selected, explanation: quiz.explanation, correctOptions: correct ? [...quiz.correct] : null }
}

async function lessonStates(userId: string, courseSlug: string): Promise<Map<string, LessonState>> {
  const rows = await db.lessonProgress.findMany({ where: { userId, courseSlug }, select: { lessonSlug: true, completedAt: true } })
  return new Map(rows.map((r) => [r.lessonSlug, { opened: true, done: r.completedAt !== null }]))
}

/** The learner's progress in a course and each lesson's status, from one read. */
export async function courseStanding(userId: string, course: CatalogCourse): Promise<{ progress: CourseProgress; statuses: Map<string, 'opened' | 'done'> }> {
  const states = await lessonStates(userId, course.slug)
  return {
    progress: courseProgress(course.lessons.map((l) => l.slug), states),
    statuses: new Map([...states].map(([slug, state]) => [slug, state.done ? 'done' : 'opened'])),
  }
}

/** Progress in every published course the learner has touched, by course slug. */
export async function listCourseProgress(userId: string): Promise<Map<string, CourseProgress>> {
  const courses = await publishedCourses()
  const rows = await db.lessonProgress.findMany({ where: { userId }, select: { courseSlug: true, lessonSlug: true, completedAt: true } })
  const byCourse = new Map<string, Map<string, LessonState>>()
  for (const row of rows) {
    const states = byCourse.get(row.courseSlug) ?? new Map<string, LessonState>()
    states.set(row.lessonSlug, { opened: true, done: row.completedAt !== null })
    byCourse.set(row.courseSlug, states)
  }
  return new Map(courses.map((c) => [c.slug, courseProgress(c.lessons.map((l) => l.slug), byCourse.get(c.slug) ?? new Map())]))
}

/** The courses a person is enrolled in (by a campaign's acceptance or by opening a lesson). */
export async function enrolledCourses(userId: string): Promise<Set<string>> {
  const rows = await db.courseEnrollment.findMany({ where: { userId }, select: { courseSlug: true } })
  return new Set(rows.map((r) => r.courseSlug))
}

/** How long a lesson view may go unrecorded: re-reading a page must not write to the database each time. */
const LAST_SEEN_RESOLUTION_MS = 10 * 60 * 1000

/** Writes only on the first visit, then at most every few minutes (lastSeenAt). */
async function recordVisit(userId: string, course: CatalogCourse, lesson: CatalogLesson, existing: { lastSeenAt: Date } | null | undefined): Promise<void> {
  const key = { userId_courseSlug_lessonSlug: { userId, courseSlug: course.slug, lessonSlug: lesson.slug } }
  if (!existing) {
    // One batch, no interactive transaction: nothing waits on a held SQLite lock.
    await db.$transaction([
      db.courseEnrollment.upsert({ where: { userId_courseSlug: { userId, courseSlug: course.slug } }, create: { userId, courseSlug: course.slug, source: 'self' }, update: {} }),
      db.lessonProgress.upsert({ where: key, create: { userId, courseSlug: course.slug, lessonSlug: lesson.slug, contentVersion: lesson.version }, update: {} }),
    ])
    await startTraining(userId, course.slug)
  } else if (Date.now() - existing.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.lessonProgress.update({ where: key, data: { lastSeenAt: new Date() } })
  }
}

/**
 * Everything a lesson page needs of the learner, in two reads: their progress in the course and
 * their answers in this lesson. Records the visit (a write only on the first one).
 */
export async function visitLesson(userId: string, course: CatalogCourse, lesson: CatalogLesson, locale: Locale): Promise<LessonLearnerState & { progress: CourseProgress }> {
  // Plain statements (every lesson page reads both; Prisma's query builder costs about 0.1 ms more each).
  const [progressRows, answerRows] = await Promise.all([
    plainRead<{ lessonSlug: string; completedAt: Date | string | null; lastSeenAt: Date | string }>`
      SELECT "lessonSlug", "completedAt", "lastSeenAt" FROM "LessonProgress" WHERE "userId" = ${userId} AND "courseSlug" = ${course.slug}`,
    plainRead<{ quizId: string; selected: string; correct: boolean | number | bigint }>`
      SELECT "quizId", "selected", "correct" FROM "KnowledgeCheckAnswer"
      WHERE "userId" = ${userId} AND "courseSlug" = ${course.slug} AND "lessonSlug" = ${lesson.slug} ORDER BY "answeredAt" ASC, "id" ASC`,
  ])
  const rows = progressRows.map((r) => ({ lessonSlug: r.lessonSlug, completedAt: r.completedAt === null ? null : new Date(r.completedAt), lastSeenAt: new Date(r.lastSeenAt) }))
  const answers = answerRows.map((a) => ({ quizId: a.quizId, selected: a.selected, correct: Boolean(a.correct) }))
  const current = rows.find((r) => r.lessonSlug === lesson.slug)
  await recordVisit(userId, course, lesson, current)
  const states = new Map<string, LessonState>(rows.map((r) => [r.lessonSlug, { opened: true, done: r.completedAt !== null }]))
  if (!current) states.set(lesson.slug, { opened: true, done: false })
  return {
    done: current?.completedAt != null,
    results: resultsOf(lesson, locale, answers),
    progress: courseProgress(course.lessons.map((l) => l.slug), states),
  }
}

function resultsOf(lesson: CatalogLesson, locale: Locale, answers: Array<{ quizId: string; selected: string; correct: boolean }>): Record<string, QuizResult> {
  const quizzes = lessonVariant(lesson, locale)?.variant.quizzes ?? []
  const results: Record<string, QuizResult> = {}
  for (const answer of answers) {
    const quiz = quizzes.find((q) => q.id === answer.quizId)
    if (quiz) results[quiz.id] = resultFor(quiz, JSON.parse(answer.selected) as number[], answer.correct)
  }
  return results
}

export async function completeLesson(userId: string, course: CatalogCourse, lesson: CatalogLesson, by: 'learner' | 'checks'): Promise<void> {
  const now = new Date()
  await db.lessonProgress.upsert({
    where: { userId_courseSlug_lessonSlug: { userId, courseSlug: course.slug, lessonSlug: lesson.slug } },
    create: { userId, courseSlug: course.slug, lessonSlug: lesson.slug, contentVersion: lesson.version, completedAt: now, completedBy: by },
    update: { completedAt: now, completedBy: by, contentVersion: lesson.version, lastSeenAt: now },
  })
  await refreshTrainingProgress(userId)
}

export interface LessonLearnerState {
  done: boolean
  results: Record<string, QuizResult>
}


export type AnswerOutcome = { ok: true; result: QuizResult; lessonDone: boolean } | { ok: false; error: 'unknownQuiz' | 'invalidAnswer' }

/** Grades one answer on the server, stores it, and finishes the lesson when every check is right. */
export async function answerKnowledgeCheck(
  userId: string,
  course: CatalogCourse,
  lesson: CatalogLesson,
  locale: Locale,
  quizId: string,
  rawSelection: string[],
): Promise<AnswerOutcome> {
  const shown = lessonVariant(lesson, locale)
  const quiz = shown?.variant.quizzes.find((q) => q.id === quizId)
  if (!shown || !quiz) return { ok: false, error: 'unknownQuiz' }
  const selected = normaliseSelection(rawSelection, quiz.options.length)
  if (!selected || selected.length === 0) return { ok: false, error: 'invalidAnswer' }
  const correct = gradeKnowledgeCheck(quiz, selected)
  await db.$transaction([
    db.courseEnrollment.upsert({ where: { userId_courseSlug: { userId, courseSlug: course.slug } }, create: { userId, courseSlug: course.slug }, update: {} }),
    db.lessonProgress.upsert({
      where: { userId_courseSlug_lessonSlug: { userId, courseSlug: course.slug, lessonSlug: lesson.slug } },
      create: { userId, courseSlug: course.slug, lessonSlug: lesson.slug, contentVersion: lesson.version },
      update: { lastSeenAt: new Date() },
    }),
    db.knowledgeCheckAnswer.create({
      data: { userId, courseSlug: course.slug, lessonSlug: lesson.slug, quizId, locale: shown.variant.locale, selected: JSON.stringify(selected), correct, contentVersion: lesson.version },
    }),
  ])
  let lessonDone = false
  if (correct) {
    const rightOnes = await db.knowledgeCheckAnswer.findMany({
      where: { userId, courseSlug: course.slug, lessonSlug: lesson.slug, correct: true },
      distinct: ['quizId'],
      select: { quizId: true },
    })
    lessonDone = lessonCompletedByChecks(lesson.quizIds, new Set(rightOnes.map((r) => r.quizId)))
    if (lessonDone) await completeLesson(userId, course, lesson, 'checks')
  }
  return { ok: true, result: resultFor(quiz, selected, correct), lessonDone }
}

/** Course slugs a campaign requires, for the course pages' "required for" notes. */
export async function requiredCampaignsByCourse(): Promise<Map<string, Array<{ id: string; nameRu: string; nameKk: string; nameEn: string }>>> {
  const rows = await db.campaignCourse.findMany({
    where: { required: true, campaign: { electionDay: { gte: new Date() } } },
    select: { courseSlug: true, campaign: { select: { id: true, nameRu: true, nameKk: true, nameEn: true } } },
  })
  const map = new Map<string, Array<{ id: string; nameRu: string; nameKk: string; nameEn: string }>>()
  for (const row of rows) map.set(row.courseSlug, [...(map.get(row.courseSlug) ?? []), row.campaign])
  return map
}

