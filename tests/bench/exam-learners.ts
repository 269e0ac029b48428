/**
 * The final-exam benches' learners (exam-capacity.ts, exam-steps.ts): the Basics course's final-exam
 * bank, answers right most of the time, and learners with sessions and every lesson of the course
 * completed (a start asks for it) written straight into the database (login and the lessons are not
 * what is measured).
 */
import fs from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { parse } from 'yaml'
import { examBankSchema, rightIdOf, type ExamBank, type Question } from '../../app/domain/exam/bank.ts'
import { random, seedFrom } from '../../app/domain/exam/draw.ts'
import type { Answer } from '../../app/domain/exam/scoring.ts'
import type { db as Db } from '../../app/server/platform/db.server.ts'

export const COURSE = 'observer-basics'
export const bank: ExamBank = examBankSchema.parse(parse(fs.readFileSync(`content/courses/${COURSE}/exam/basics-final.yaml`, 'utf8')))
export const byId = new Map(bank.questions.map((q) => [q.id, q]))
/** The course's lessons, by slug: a learner has completed every one before the exam may start. */
export const lessons = (parse(fs.readFileSync(`content/courses/${COURSE}/course.yaml`, 'utf8')) as { lessons: string[] }).lessons

export interface Learner {
  userId: string
  cookie: string
  attemptId?: string
}

/** Right most of the time (most learners pass, so certificates are issued), wrong otherwise. */
export function answerOf(q: Question, next: () => number): Answer {
  const right = next() < 0.9
  switch (q.type) {
    case 'single':
      return { type: 'single', optionId: (right ? q.options.find((o) => o.correct) : q.options.find((o) => !o.correct))?.id ?? '' }
    case 'multiple':
      return { type: 'multiple', optionIds: right ? q.options.filter((o) => o.correct).map((o) => o.id) : q.options.filter((o) => !o.correct).map((o) => o.id).slice(0, 1) }
    case 'truefalse':
      return { type: 'truefalse', value: right ? q.answer : !q.answer }
    case 'ordering': {
      const ids = q.items.map((i) => i.id)
      return { type: 'ordering', itemIds: right ? ids : [ids[1] ?? '', ids[0] ?? '', ...ids.slice(2)] }
    }
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, rightIdOf(p)])) }
    case 'short':
      return { type: 'short', text: right ? (q.accepted.ru[0] ?? '') : 'не знаю' }
  }
}

/** Every drawn question of these attempts answered (as their seed draws the answers): ExamAnswer rows for createMany. */
export function answeredRows(attempts: ReadonlyArray<{ id: string; seed: string; questionIds: string }>, savedAt = new Date()) {
  return attempts.flatMap((a) => {
    const next = random(seedFrom(a.seed))
    return (JSON.parse(a.questionIds) as string[]).map((id) => ({ attemptId: a.id, questionId: id, answer: JSON.stringify(answerOf(byId.get(id) as Question, next)), savedAt }))
  })
}

/**
 * The cookie a learner's browser holds from earlier pages besides the session and language: `css`,
 * set with the first page that carried the stylesheet inside. A learner at the final exam has been
 * through the course, so the exam's pages link the stylesheet, as they do for the page bench's
 * returning learner (run.ts), instead of carrying its 20 KB inside as on a browser's first visit.
 */
export async function returningBrowserCookie(base: string): Promise<string> {
  const response = await fetch(`${base}/login`)
  await response.arrayBuffer()
  const css = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '').find((cookie) => cookie.startsWith('css='))
  if (!css) throw new Error('/login set no css cookie: pages would carry the stylesheet inside')
  return css
}

/**
 * Learners with sessions, each through the course's lessons (the final exam starts only then);
 * `browserCookie` (returningBrowserCookie) is sent with each one's session.
 */
export async function seedLearners(db: typeof Db, count: number, prefix = 'bench-learner', browserCookie = ''): Promise<Learner[]> {
  const learners: Learner[] = []
  const expiresAt = new Date(Date.now() + 29 * 24 * 60 * 60 * 1000)
  const completedAt = new Date()
  // Imported here, not at the top: the benches import this file before they point DATABASE_URL at their database.
  const { Prisma } = await import('../../app/server/platform/db.server.ts')
  for (let start = 0; start < count; start += 500) {
    const users = []
    const sessions = []
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const userId = `${prefix}-${i}`
      const token = randomBytes(20).toString('hex')
      users.push({ id: userId, email: `${prefix}-${i}@example.org`, name: `Learner ${i}`, passwordHash: '', locale: 'ru' as const })
      sessions.push({ id: createHash('sha256').update(token).digest('hex'), userId, expiresAt })
      learners.push({ userId, cookie: `os_session=${token}; lng=ru${browserCookie ? `; ${browserCookie}` : ''}` })
    }
    await db.user.createMany({ data: users })
    await db.session.createMany({ data: sessions })
    // Every lesson of every learner of the batch in one statement, the same SQL on both databases
    // (Prisma's createMany took about 30 s for the 2,500 learners' 30,000 rows, long enough for the
    // client's kept-alive connection to the app to be closed under it).
    const lessonSlugs = Prisma.join(lessons.map((slug) => Prisma.sql`SELECT CAST(${slug} AS TEXT) AS "lessonSlug"`), ' UNION ALL ')
    await db.$executeRaw`
      INSERT INTO "LessonProgress" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "openedAt", "lastSeenAt", "completedAt", "completedBy")
      SELECT u."id" || ':' || l."lessonSlug", u."id", ${COURSE}, l."lessonSlug", 'bench', ${completedAt}, ${completedAt}, ${completedAt}, 'learner'
      FROM "User" u CROSS JOIN (${lessonSlugs}) l WHERE u."id" IN (${Prisma.join(users.map((user) => user.id))})`
  }
  return learners
}
