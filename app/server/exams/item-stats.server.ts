/**
 * Item statistics of a course for trainers: per exam question (attempts, difficulty, discrimination,
 * option choices, flags) and per lesson (reached, median time, knowledge-check success).
 *
 * The exam figures come from one SQL aggregate over graded attempts' ExamAnswer rows (grading writes
 * a credit for every drawn question, so each row is one attempt × one question): grouped by question
 * and, for choice questions, by the answer given, it returns the six sums the correlation needs and
 * the option counts in the same scan. Portable SQL (SQLite and PostgreSQL); only the minutes between
 * two timestamps need a dialect of their own. The formulas are in ~/domain/item-stats.ts.
 * Figures are measured without a language, kept per process for a few minutes (STATS_FRESH_MS), and
 * put into the reader's language on every request.
 */
import { empty, join, sqltag as sql, type Sql } from '@prisma/client/runtime/client'
import { topicName, type QuestionType } from '~/domain/exam/bank.ts'
import type { Answer } from '~/domain/exam/scoring.ts'
import { chosenOptions, correlation, difficulty, emptySums, itemFlags, optionShares, share, type ItemSums, type LessonStat, type OptionStat, type QuestionStat } from '~/domain/item-stats.ts'
import type { Locale } from '~/domain/locale.ts'
import { lessonVariant } from '../courses/catalog.server.ts'
import type { CatalogCourse } from '../courses/course-files.server.ts'
import { databaseProvider, db, type Prisma } from '../platform/db.server.ts'
import { logger } from '../platform/logger.server.ts'

export type { LessonStat, OptionStat, QuestionStat } from '~/domain/item-stats.ts'

/** Which attempts and learners count: all by default; one campaign's recruits; a date range [from, to). */
export interface StatsFilter {
  campaignId?: string | null
  from?: Date | null
  /** Exclusive. */
  to?: Date | null
}

export interface CourseItemStats {
  /** Graded attempts in the selection. */
  attempts: number
  /** When the figures were computed (they are kept for a few minutes). */
  computedAt: Date
  questions: QuestionStat[]
  lessons: LessonStat[]
}

const choiceTypes: ReadonlySet<QuestionType> = new Set(['single', 'multiple', 'truefalse'])

/** Counts come back as bigint from PostgreSQL and sums as numbers (or numeric strings): one number type. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value))

function learnersOf(filter: StatsFilter): Sql {
  return filter.campaignId ? sql`AND "userId" IN (SELECT "userId" FROM "Application" WHERE "campaignId" = ${filter.campaignId})` : empty
}

function between(column: Sql, filter: StatsFilter): Sql {
  return join([filter.from ? sql`AND ${column} >= ${filter.from}` : empty, filter.to ? sql`AND ${column} < ${filter.to}` : empty], ' ')
}

interface SumsRow {
  questionId: string
  choice: string | null
  n: unknown
  sumX: unknown
  sumY: unknown
  sumXX: unknown
  sumYY: unknown
  sumXY: unknown
}

/**
 * Attempts per query of the exam scan. SQLite's driver runs a query synchronously on the event loop,
 * so one query over 100,000 attempts would hold every other request for seconds; in slices, other
 * requests run between them. The sums simply add up across slices.
 */
const ATTEMPTS_PER_QUERY = 500
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

function gradedWhere(course: CatalogCourse, filter: StatsFilter): Prisma.ExamAttemptWhereInput {
  return {
    courseSlug: course.slug,
    examId: course.exam?.id ?? '',
    status: 'SUBMITTED',
    points: { not: null },
    submittedAt: { gte: filter.from ?? undefined, lt: filter.to ?? undefined },
    ...(filter.campaignId ? { user: { applications: { some: { campaignId: filter.campaignId } } } } : {}),
  }
}

/**
 * One scan of the graded answers of the attempts with ids in (after, upTo]: per question (and per
 * answer given, for choice questions answered in time), n and the sums of x = credit, y = rest score,
 * x², y², xy.
 */
async function examSums(course: CatalogCourse, filter: StatsFilter, choiceIds: string[], after: string | null, upTo: string | null): Promise<SumsRow[]> {
  const bank = course.exam
  if (!bank) return []
  // A late answer was saved but not counted: its choice is not counted either.
  const choice = choiceIds.length ? sql`CASE WHEN ans."questionId" IN (${join(choiceIds)}) AND ans."savedAt" <= att."deadline" THEN ans."answer" END` : sql`NULL`
  const slice = join([after !== null ? sql`AND att."id" > ${after}` : empty, upTo !== null ? sql`AND att."id" <= ${upTo}` : empty], ' ')
  return db.$queryRaw<SumsRow[]>`
    SELECT q AS "questionId", choice, COUNT(*) AS n, SUM(x) AS "sumX", SUM(y) AS "sumY", SUM(x * x) AS "sumXX", SUM(y * y) AS "sumYY", SUM(x * y) AS "sumXY"
    FROM (
      SELECT ans."questionId" AS q, ${choice} AS choice, ans."credit" AS x,
        CASE WHEN att."maxPoints" > 1 THEN (att."points" - ans."credit") / (att."maxPoints" - 1) ELSE 0 END AS y
      FROM "ExamAttempt" att JOIN "ExamAnswer" ans ON ans."attemptId" = att."id"
      WHERE att."courseSlug" = ${course.slug} AND att."examId" = ${bank.id} AND att."status" = 'SUBMITTED' AND att."points" IS NOT NULL
        AND ans."credit" IS NOT NULL ${slice} ${learnersOf(filter)} ${between(sql`att."submittedAt"`, filter)}
    ) graded
    GROUP BY q, choice`
}

function parseChoice(text: string): Answer | null {
  try {
    return JSON.parse(text) as Answer | null
  } catch {
    return null
  }
}

/** What the queries measured, before any language: cached, then dressed in the reader's language. */
interface Measured {
  attempts: number
  sums: Map<string, ItemSums>
  /** Per choice question: how many in-time answers chose each option, and how many answered at all. */
  chosen: Map<string, Map<string, number>>
  answered: Map<string, number>
  reached: Map<string, number>
  checks: Map<string, { all: number; right: number }>
  medians: Map<string, { completed: number; median: number }>
  computedAt: Date
}

async function measureExam(course: CatalogCourse, filter: StatsFilter): Promise<Pick<Measured, 'attempts' | 'sums' | 'chosen' | 'answered'>> {
  const sums = new Map<string, ItemSums>()
  const chosen = new Map<string, Map<string, number>>()
  const answered = new Map<string, number>()
  if (!course.exam) return { attempts: 0, sums, chosen, answered }
  const choiceIds = course.exam.questions.filter((q) => choiceTypes.has(q.type)).map((q) => q.id)
  const where = gradedWhere(course, filter)
  const rows: SumsRow[] = []
  let attempts = 0
  for (let after: string | null = null; ; ) {
    const rest: Prisma.ExamAttemptWhereInput = after === null ? where : { AND: [where, { id: { gt: after } }] }
    // The last attempt of this slice; none when fewer than a slice's worth are left.
    const last: { id: string } | null = await db.examAttempt.findFirst({ where: rest, orderBy: { id: 'asc' }, skip: ATTEMPTS_PER_QUERY - 1, select: { id: true } })
    rows.push(...(await examSums(course, filter, choiceIds, after, last?.id ?? null)))
    if (!last) {
      attempts += await db.examAttempt.count({ where: rest })
      break
    }
    attempts += ATTEMPTS_PER_QUERY
    after = last.id
    await yieldToEventLoop()
  }
  for (const row of rows) {
    const total = sums.get(row.questionId) ?? emptySums()
    const n = num(row.n)
    total.n += n
    total.sumX += num(row.sumX)
    total.sumY += num(row.sumY)
    total.sumXX += num(row.sumXX)
    total.sumYY += num(row.sumYY)
    total.sumXY += num(row.sumXY)
    sums.set(row.questionId, total)
    const options = row.choice === null ? [] : chosenOptions(parseChoice(row.choice))
    if (options.length === 0) continue
    answered.set(row.questionId, (answered.get(row.questionId) ?? 0) + n)
    const counts = chosen.get(row.questionId) ?? new Map<string, number>()
    for (const id of options) counts.set(id, (counts.get(id) ?? 0) + n)
    chosen.set(row.questionId, counts)
  }
  return { attempts, sums, chosen, answered }
}

function questionStats(course: CatalogCourse, locale: Locale, measured: Measured): QuestionStat[] {
  return (course.exam?.questions ?? []).map((q, position) => {
    const s = measured.sums.get(q.id) ?? emptySums()
    const p = difficulty(s)
    const r = correlation(s)
    let options: OptionStat[] | null = null
    let unanswered: QuestionStat['unanswered'] = null
    if (q.type === 'single' || q.type === 'multiple' || q.type === 'truefalse') {
      const list = q.type === 'truefalse' ? [{ id: 'true', text: null, correct: q.answer }, { id: 'false', text: null, correct: !q.answer }] : q.options.map((o) => ({ id: o.id, text: o.text[locale], correct: o.correct }))
      const shares = optionShares(list.map((o) => o.id), measured.chosen.get(q.id) ?? new Map(), measured.answered.get(q.id) ?? 0, s.n)
      options = list.map((o, i) => ({ ...o, count: shares.options[i]?.count ?? 0, share: shares.options[i]?.share ?? null }))
      unanswered = { count: shares.unanswered.count, share: shares.unanswered.share }
    }
    return { id: q.id, position, type: q.type, topic: course.exam ? topicName(course.exam, q.topic, locale) : q.topic, text: q.text[locale], attempts: s.n, p, r, flags: itemFlags({ n: s.n, p, r }), options, unanswered }
  })
}

/** Minutes from openedAt to completedAt (to the second), in the database's own date arithmetic. */
function minutesSpent(): Sql {
  return databaseProvider() === 'sqlite'
    ? sql`(CAST(strftime('%s', "completedAt") AS INTEGER) - CAST(strftime('%s', "openedAt") AS INTEGER)) / 60.0`
    : sql`CAST(EXTRACT(EPOCH FROM ("completedAt" - "openedAt")) AS DOUBLE PRECISION) / 60.0`
}

/**
 * One lesson's median minutes between opening and completing it (completed only), with window
 * functions: the middle row, or the two middle rows averaged, of the sorted times. One lesson a query
 * (the index on courseSlug, lessonSlug finds its rows), so no single query holds the event loop long.
 */
async function medianMinutes(course: CatalogCourse, lessonSlug: string, filter: StatsFilter): Promise<{ completed: number; median: number } | null> {
  const rows = await db.$queryRaw<Array<{ completed: unknown; median: unknown }>>`
    SELECT MAX(total) AS completed, AVG(minutes) AS median
    FROM (
      SELECT minutes, ROW_NUMBER() OVER (ORDER BY minutes) AS i, COUNT(*) OVER () AS total
      FROM (
        SELECT ${minutesSpent()} AS minutes
        FROM "LessonProgress"
        WHERE "courseSlug" = ${course.slug} AND "lessonSlug" = ${lessonSlug} AND "completedAt" IS NOT NULL ${learnersOf(filter)} ${between(sql`"completedAt"`, filter)}
      ) spent
    ) ranked
    WHERE i IN ((total + 1) / 2, (total + 2) / 2)`
  const row = rows[0]
  return row && num(row.completed) > 0 ? { completed: num(row.completed), median: num(row.median) } : null
}

async function measureLessons(course: CatalogCourse, filter: StatsFilter): Promise<Pick<Measured, 'reached' | 'checks' | 'medians'>> {
  const learners = filter.campaignId ? { user: { applications: { some: { campaignId: filter.campaignId } } } } : {}
  const range = { gte: filter.from ?? undefined, lt: filter.to ?? undefined }
  const reached = await db.lessonProgress.groupBy({ by: ['lessonSlug'], where: { courseSlug: course.slug, openedAt: range, ...learners }, _count: { _all: true } })
  const checks = new Map<string, { all: number; right: number }>()
  const medians = new Map<string, { completed: number; median: number }>()
  for (const lesson of course.lessons) {
    await yieldToEventLoop()
    const time = await medianMinutes(course, lesson.slug, filter)
    if (time) medians.set(lesson.slug, time)
    // The lesson's current checks, one at a time through the (courseSlug, quizId) index.
    const total = { all: 0, right: 0 }
    for (const quizId of lesson.quizIds) {
      const answers = await db.knowledgeCheckAnswer.groupBy({ by: ['correct'], where: { courseSlug: course.slug, quizId, lessonSlug: lesson.slug, answeredAt: range, ...learners }, _count: { _all: true } })
      for (const a of answers) {
        total.all += a._count._all
        if (a.correct) total.right += a._count._all
      }
      await yieldToEventLoop()
    }
    checks.set(lesson.slug, total)
  }
  return { reached: new Map(reached.map((r) => [r.lessonSlug, r._count._all])), checks, medians }
}

function lessonStats(course: CatalogCourse, locale: Locale, measured: Measured): LessonStat[] {
  return course.lessons.map((lesson, position) => {
    const checks = measured.checks.get(lesson.slug) ?? { all: 0, right: 0 }
    const time = measured.medians.get(lesson.slug)
    return {
      slug: lesson.slug,
      position,
      title: lessonVariant(lesson, locale)?.variant.frontmatter.title ?? lesson.slug,
      reached: measured.reached.get(lesson.slug) ?? 0,
      completed: time?.completed ?? 0,
      medianMinutes: time ? time.median : null,
      checkAnswers: checks.all,
      checkSuccess: share(checks.right, checks.all),
    }
  })
}

async function measure(course: CatalogCourse, filter: StatsFilter): Promise<Measured> {
  const [exam, lessons] = await Promise.all([measureExam(course, filter), measureLessons(course, filter)])
  return { ...exam, ...lessons, computedAt: new Date() }
}

/**
 * How long figures are served before they are recomputed. Over 100,000 attempts (2,000,000 answer
 * rows) one computation takes seconds (see README, Speed); the page is read far more often than the
 * figures move, so each app process keeps them, answers from them at once, and recomputes in the
 * background once they are older than this (one computation at a time per selection).
 */
export const STATS_FRESH_MS = 5 * 60 * 1000
const CACHE_LIMIT = 100

interface CacheEntry {
  value: Promise<Measured>
  refreshing: boolean
}

const cache = new Map<string, CacheEntry>()

function cacheKey(course: CatalogCourse, filter: StatsFilter): string {
  return JSON.stringify([course.slug, course.version, filter.campaignId ?? null, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null])
}

async function cachedMeasure(course: CatalogCourse, filter: StatsFilter, maxAgeMs: number): Promise<Measured> {
  const key = cacheKey(course, filter)
  const entry = cache.get(key)
  if (!entry) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '')
    const value = measure(course, filter)
    cache.set(key, { value, refreshing: false })
    // A failed computation is not kept: the next request tries again.
    value.catch(() => cache.delete(key))
    return value
  }
  const current = await entry.value
  const age = Date.now() - current.computedAt.getTime()
  if (age <= maxAgeMs) return current
  if (maxAgeMs === 0) {
    cache.delete(key)
    return cachedMeasure(course, filter, Infinity)
  }
  if (!entry.refreshing) {
    entry.refreshing = true
    measure(course, filter)
      .then((fresh) => cache.set(key, { value: Promise.resolve(fresh), refreshing: false }))
      .catch((error: unknown) => {
        entry.refreshing = false
        logger.error({ err: error, course: course.slug }, 'Refreshing item statistics failed')
      })
  }
  return current
}

/**
 * Everything the statistics page shows of one course, question texts and lesson titles in `locale`.
 * Figures may be up to `maxAgeMs` old (plus one computation); 0 computes them now.
 */
export async function courseItemStats(course: CatalogCourse, locale: Locale, filter: StatsFilter = {}, maxAgeMs = STATS_FRESH_MS): Promise<CourseItemStats> {
  const measured = await cachedMeasure(course, filter, maxAgeMs)
  return { attempts: measured.attempts, computedAt: measured.computedAt, questions: questionStats(course, locale, measured), lessons: lessonStats(course, locale, measured) }
}

/** Campaigns that include the course, newest first: the page's filter. */
export function campaignsWithCourse(courseSlug: string) {
  return db.campaign.findMany({ where: { courses: { some: { courseSlug } } }, orderBy: { electionDay: 'desc' }, select: { id: true, slug: true, nameRu: true, nameKk: true, nameEn: true } })
}
