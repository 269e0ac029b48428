/**
 * Final exams: start (or resume) an attempt, save answers as the learner goes, submit once, and
 * grade on the server with only what was saved before the deadline. An attempt left open past its
 * deadline is graded the next time anyone looks at it, or by the sweep (`finishInterruptedWork`).
 */
import crypto from 'node:crypto'
import type { ExamBank, Question } from '~/domain/exam/bank.ts'
import { parseAnswer, publicQuestion, questionKey, type AnswerFields, type ParsedAnswerError, type PublicQuestion, type QuestionKey } from '~/domain/exam/answers.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { drawQuestions } from '~/domain/exam/draw.ts'
import { effective, scoreAttempt, scoreQuestion, type Answer } from '~/domain/exam/scoring.ts'
import { attemptDeadline, canStartAttempt, mayShowAnswers, savedInTime, secondsLeft, type StartDecision } from '~/domain/exam/timing.ts'
import { attemptTokens, decodeFields, encodeAnswer, questionOfToken, type AttemptTokens } from '~/domain/exam/tokens.ts'
import type { Locale } from '~/domain/locale.ts'
import { issueCertificate, issueCertificateIn } from './certificates.server.ts'
import { renewalOf, trainingLeftFor } from './readiness.server.ts'
import { findCourse, repositoryCourse } from '../courses/catalog.server.ts'
import type { CatalogCourse } from '../courses/course-files.server.ts'
import { courseAtVersion } from '../studio/versions.server.ts'
import { crashPoint } from '../jobs/crash-points.server.ts'
import { asBoolean, asDate, db, lockRow, newId, plainRead, plainTransaction, Prisma, type RawClient } from '../platform/db.server.ts'
import { env } from '../platform/env.server.ts'

type AttemptRow = Awaited<ReturnType<typeof db.examAttempt.findUniqueOrThrow>>

/** A published course that has a final exam; null for anything else (a 404 for the exam pages). */
export async function findCourseWithExam(slug: string | undefined): Promise<(CatalogCourse & { exam: ExamBank }) | null> {
  const course = await findCourse(slug ?? '')
  return course?.exam ? (course as CatalogCourse & { exam: ExamBank }) : null
}

/**
 * The bank's cooldown, unless EXAM_COOLDOWN_SECONDS overrides it for every exam: for browser tests
 * and rehearsals, where waiting an hour between attempts is not practical.
 */
function cooldownMinutes(bank: ExamBank): number {
  const override = env().EXAM_COOLDOWN_SECONDS
  return override !== undefined ? override / 60 : bank.rules.cooldownMinutes
}

function bankOf(course: CatalogCourse): ExamBank {
  if (!course.exam) throw new Error(`course ${course.slug} has no final exam`)
  return course.exam
}

/**
 * The bank an attempt was drawn from. A course published in the studio while an attempt is open
 * must not change the attempt's questions, keys or rules: the attempt recorded its course version.
 */
async function attemptBank(course: CatalogCourse, attempt: Pick<AttemptRow, 'contentVersion'>): Promise<ExamBank> {
  if (attempt.contentVersion === course.version) return bankOf(course)
  const stored = await courseAtVersion(course.slug, attempt.contentVersion)
  if (stored?.exam) return stored.exam
  const repository = await repositoryCourse(course.slug)
  if (repository?.version === attempt.contentVersion && repository.exam) return repository.exam
  return bankOf(course)
}

const questionIdsOf = (attempt: AttemptRow) => JSON.parse(attempt.questionIds) as string[]

function questionsOf(bank: ExamBank, attempt: AttemptRow): Question[] {
  return questionIdsOf(attempt)
    .map((id) => bank.questions.find((q) => q.id === id))
    .filter((q): q is Question => !!q)
}

const newSalt = () => crypto.randomBytes(16).toString('base64url')

/**
 * The attempt's tokens: an HMAC-SHA256 keyed by the attempt's own random salt (not the server's
 * secret, which may rotate while an attempt is open), 72 bits in base64url. An attempt made before
 * the salt existed gets one on first use; of two first uses at once, the first write wins.
 */
async function tokensOf(attempt: Pick<AttemptRow, 'id' | 'optionSalt'>): Promise<AttemptTokens> {
  let salt = attempt.optionSalt
  if (!salt) {
    await db.examAttempt.updateMany({ where: { id: attempt.id, optionSalt: null }, data: { optionSalt: newSalt() } })
    salt = (await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id }, select: { optionSalt: true } })).optionSalt ?? ''
  }
  // The key made once for the page's hundred-odd tokens (an HMAC given the salt as text set its key up for each: 2.9 against 1.8 µs).
  const key = crypto.createSecretKey(Buffer.from(salt))
  return attemptTokens((message) => crypto.createHmac('sha256', key).update(message).digest('base64url').slice(0, 12))
}

/** What an ExamAnswer row holds for a drawn question left unanswered (a row made at grading for its credit). */
const UNANSWERED = 'null'

type SavedAnswer = { questionId: string; answer: string; savedAt: Date }

interface Grading {
  /** The saved rows it was computed from (compared again inside the write transaction). */
  basis: string
  points: number
  max: number
  percent: number
  passed: boolean
  /** Each drawn question's credit (0 when unanswered or answered late). */
  credits: Map<string, number>
  /** Drawn questions without a saved row: a row is made for each, to hold its credit. */
  unanswered: string[]
}

const savedBasis = (saved: SavedAnswer[]) =>
  saved
    .map((a) => `${a.questionId}\u0000${a.answer}\u0000${a.savedAt.getTime()}`)
    .sort()
    .join('\n')

/** Pure: the score of an attempt from its saved rows, counting only what was saved by the deadline. */
function grade(bank: ExamBank, attempt: AttemptRow, saved: SavedAnswer[]): Grading {
  const answers = new Map<string, Answer>(saved.filter((a) => a.answer !== UNANSWERED && savedInTime(a.savedAt, attempt.deadline)).map((a) => [a.questionId, JSON.parse(a.answer) as Answer]))
  const questions = questionsOf(bank, attempt)
  const score = scoreAttempt(questions, answers, bank.rules)
  const rows = new Set(saved.map((a) => a.questionId))
  return {
    basis: savedBasis(saved),
    ...score,
    credits: new Map(questions.map((q) => [q.id, scoreQuestion(q, answers.get(q.id), bank.rules.multipleChoiceScoring).score])),
    unanswered: questions.filter((q) => !rows.has(q.id)).map((q) => q.id),
  }
}

/**
 * The exam's hot reads as plain statements, the same SQL on both databases: each request of an exam
 * (a save, a submit, the attempt and result pages) reads its attempt and often its answers, and
 * Prisma's query builder cost about four times the plain statement's CPU for these (tests/bench/HISTORY.md,
 * session 12). The values are read the way both databases hand them back (SQLite: dates
 * as text, booleans as 0/1).
 */
const orNull = <T>(value: unknown, as: (value: unknown) => T): T | null => (value === null || value === undefined ? null : as(value))

function attemptFromRow(row: Record<string, unknown>): AttemptRow {
  return {
    id: String(row.id),
    userId: String(row.userId),
    courseSlug: String(row.courseSlug),
    examId: String(row.examId),
    contentVersion: String(row.contentVersion),
    seed: String(row.seed),
    optionSalt: orNull(row.optionSalt, String),
    questionIds: String(row.questionIds),
    locale: String(row.locale) as AttemptRow['locale'],
    status: String(row.status) as AttemptRow['status'],
    startedAt: asDate(row.startedAt),
    deadline: asDate(row.deadline),
    submittedAt: orNull(row.submittedAt, asDate),
    late: asBoolean(row.late),
    points: orNull(row.points, Number),
    maxPoints: orNull(row.maxPoints, Number),
    percent: orNull(row.percent, Number),
    passed: orNull(row.passed, asBoolean),
    extraMinutes: Number(row.extraMinutes),
    overridePercent: orNull(row.overridePercent, Number),
    overridePassed: orNull(row.overridePassed, asBoolean),
    overrideReason: orNull(row.overrideReason, String),
    overrideById: orNull(row.overrideById, String),
    overrideAt: orNull(row.overrideAt, asDate),
  }
}

/**
 * An attempt's saved answers (one row per question answered, and at grading one per question left
 * unanswered); inside the write transaction when `tx` is given.
 */
async function savedAnswers(attemptId: string, tx?: RawClient): Promise<SavedAnswer[]> {
  type Row = { questionId: string; answer: string; savedAt: unknown }
  const rows = tx
    ? await tx.$queryRaw<Row[]>`SELECT "questionId", "answer", "savedAt" FROM "ExamAnswer" WHERE "attemptId" = ${attemptId}`
    : await plainRead<Row>`SELECT "questionId", "answer", "savedAt" FROM "ExamAnswer" WHERE "attemptId" = ${attemptId}`
  return rows.map((row) => ({ questionId: row.questionId, answer: row.answer, savedAt: asDate(row.savedAt) }))
}

/**
 * Writes the grading of a claimed (SUBMITTED) attempt inside the caller's write transaction: its
 * score once (an attempt already scored is left as it is) and each drawn question's credit, for item
 * statistics. Computed before the transaction; if an answer was saved meanwhile it is computed again
 * here (rare, and pure CPU of microseconds). A few plain statements, the same SQL on both databases
 * (each of Prisma's updateMany cost about 0.25 ms of CPU more; a submit ran five): the credits grouped
 * by value.
 */
async function writeGrading(tx: RawClient, bank: ExamBank, attempt: AttemptRow, graded: Grading, savedAtOfUnanswered: Date): Promise<Grading | null> {
  const saved = await savedAnswers(attempt.id, tx)
  const grading = savedBasis(saved) === graded.basis ? graded : grade(bank, attempt, saved)
  const scored = await tx.$executeRaw`
    UPDATE "ExamAttempt" SET "points" = ${grading.points}, "maxPoints" = ${grading.max}, "percent" = ${grading.percent}, "passed" = ${grading.passed}
    WHERE "id" = ${attempt.id} AND "status" = 'SUBMITTED' AND "points" IS NULL`
  if (scored === 0) return null
  const byCredit = new Map<number, string[]>()
  for (const [questionId, credit] of grading.credits) if (!grading.unanswered.includes(questionId)) byCredit.set(credit, [...(byCredit.get(credit) ?? []), questionId])
  for (const [credit, questionIds] of byCredit) {
    await tx.$executeRaw`UPDATE "ExamAnswer" SET "credit" = ${credit} WHERE "attemptId" = ${attempt.id} AND "questionId" IN (${Prisma.join(questionIds)})`
  }
  if (grading.unanswered.length) {
    const rows = grading.unanswered.map((questionId) => Prisma.sql`(${attempt.id}, ${questionId}, ${UNANSWERED}, ${savedAtOfUnanswered}, ${0})`)
    await tx.$executeRaw`INSERT INTO "ExamAnswer" ("attemptId", "questionId", "answer", "savedAt", "credit") VALUES ${Prisma.join(rows)}`
  }
  return grading
}

/**
 * Closes an attempt (once, however many times it is asked), grades it and, for a pass, issues its
 * certificate with everything the certificate causes, all in one transaction: no crash leaves a
 * submitted attempt without its score, nor a graded pass without its certificate. The answers are
 * read and scored before the write transaction, which holds SQLite's one write lock only for its
 * writes. An attempt graded before (by another request, or by an older version that issued the
 * certificate in a transaction of its own) gets what it lacks.
 */
async function finish(course: CatalogCourse, bank: ExamBank, attempt: AttemptRow, now: Date): Promise<{ graded: AttemptRow; certificateCode: string | null }> {
  if (attempt.status === 'IN_PROGRESS' || attempt.points === null) {
    const open = attempt.status === 'IN_PROGRESS'
    const late = open ? now.getTime() > attempt.deadline.getTime() : attempt.late
    // Submitting after the deadline is recorded at the deadline: nothing later counts.
    const submittedAt = open ? (late ? attempt.deadline : now) : attempt.submittedAt
    const computed = grade(bank, attempt, await savedAnswers(attempt.id))
    // A plain transaction (tests/bench/HISTORY.md, session 23): every statement in it is one. Run again
    // when a certificate code was already taken (astronomically rare; nothing was written then).
    const written = await plainTransaction(async (tx) => {
      if (open) {
        const closed = await tx.$executeRaw`
          UPDATE "ExamAttempt" SET "status" = 'SUBMITTED', "submittedAt" = ${submittedAt}, "late" = ${late} WHERE "id" = ${attempt.id} AND "status" = 'IN_PROGRESS'`
        // Closed by another request meanwhile: it graded it too.
        if (closed !== 1) return null
        crashPoint('attempt.closed')
      }
      const grading = await writeGrading(tx, bank, attempt, computed, submittedAt ?? attempt.deadline)
      if (!grading) return null
      // Closed and scored here: the row is known without reading it again.
      const graded: AttemptRow = { ...attempt, status: 'SUBMITTED', submittedAt, late, points: grading.points, maxPoints: grading.max, percent: grading.percent, passed: grading.passed }
      const { passed, percent } = effective(graded)
      const certificate = passed ? await issueCertificateIn(tx, { ...graded, percent }, course) : null
      return { graded, certificateCode: certificate?.code ?? null }
    }, { tries: 5 })
    crashPoint('attempt.graded')
    if (written) return written
  }
  // Graded before (a score is written once): nothing to read again. Read again only when another
  // request closed or graded it meanwhile.
  const gradedBefore = attempt.status === 'SUBMITTED' && attempt.points !== null
  const graded = gradedBefore ? attempt : await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })
  const { passed, percent } = effective(graded)
  if (!passed) return { graded, certificateCode: null }
  // A read first (the result page is opened after every submit, and issuing takes the write lock).
  const issued = await certificateOf(graded.id)
  return { graded, certificateCode: issued?.code ?? (await issueCertificate({ ...graded, percent }, course)).code }
}

/** The certificate issued for an attempt, if any. */
async function certificateOf(attemptId: string): Promise<{ code: string } | null> {
  const [row] = await plainRead<{ code: string }>`SELECT "code" FROM "Certificate" WHERE "attemptId" = ${attemptId}`
  return row ?? null
}

async function closeExpired(course: CatalogCourse, bank: ExamBank, attempts: AttemptRow[], now: Date): Promise<AttemptRow[]> {
  return Promise.all(attempts.map(async (a) => ((a.status === 'IN_PROGRESS' && a.deadline.getTime() < now.getTime()) || (a.status === 'SUBMITTED' && a.points === null) ? (await finish(course, bank, a, now)).graded : a)))
}

/** Closes (when open) and grades one attempt by its course's bank; false when the course has no exam any more. */
async function finishStored(attempt: AttemptRow, now: Date): Promise<boolean> {
  const course = await findCourse(attempt.courseSlug)
  if (!course?.exam) return false
  await finish(course, await attemptBank(course, attempt), attempt, now)
  return true
}

/**
 * Closes and grades the learner's attempts at this course that are past their deadline, as a view of
 * the attempt or the sweep would, for a decision that must not take them for open ones (extra time
 * would move the deadline of an attempt already over). The ids of those it closed.
 */
export async function closeExpiredAttempts(userId: string, courseSlug: string, now = new Date()): Promise<string[]> {
  const expired = await db.examAttempt.findMany({ where: { userId, courseSlug, status: 'IN_PROGRESS', deadline: { lt: now } } })
  const closed: string[] = []
  for (const attempt of expired) if (await finishStored(attempt, now)) closed.push(attempt.id)
  return closed
}

export interface InterruptedWork {
  /** Attempts past their deadline closed and graded, and submitted attempts graded. */
  attemptsFinished: number
  /** Passed attempts that had no certificate. */
  certificatesIssued: number
}

/**
 * Finishes what a crash or a learner who never came back left undone: attempts past their deadline
 * (with their extra time) are closed and graded with what was saved in time, submitted attempts
 * without a score are graded, and passed attempts without a certificate get theirs. Run at start-up
 * and every few minutes under a lease, so several app servers do not run it at once.
 */
export async function finishInterruptedWork(now = new Date()): Promise<InterruptedWork> {
  const done: InterruptedWork = { attemptsFinished: 0, certificatesIssued: 0 }
  const open = await db.examAttempt.findMany({
    where: { OR: [{ status: 'IN_PROGRESS', deadline: { lt: now } }, { status: 'SUBMITTED', points: null }] },
    orderBy: { deadline: 'asc' },
    take: 500,
  })
  for (const attempt of open) if (await finishStored(attempt, now)) done.attemptsFinished++
  // Certificates name their attempt without a relation Prisma could join on: plain SQL, same in both databases.
  const missing = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT a."id" FROM "ExamAttempt" a LEFT JOIN "Certificate" c ON c."attemptId" = a."id"
    WHERE a."status" = 'SUBMITTED' AND COALESCE(a."overridePassed", a."passed") = ${true} AND c."id" IS NULL
    LIMIT 500`)
  const passedWithout = await db.examAttempt.findMany({ where: { id: { in: missing.map((m) => m.id) } } })
  for (const attempt of passedWithout) {
    const course = await findCourse(attempt.courseSlug)
    if (!course) continue
    await issueCertificate({ ...attempt, percent: effective(attempt).percent }, course)
    done.certificatesIssued++
  }
  return done
}

export interface ExamOverview {
  attempts: Array<{ id: string; status: 'IN_PROGRESS' | 'SUBMITTED'; percent: number | null; passed: boolean | null; startedAt: Date; submittedAt: Date | null; late: boolean }>
  active: { id: string; deadline: Date } | null
  decision: StartDecision
  passed: boolean
  attemptsLeft: number
  /** The learner passed before, and that certificate has lapsed (`renewalSince`): the exam is open to them again. */
  renewal: boolean
}

/**
 * One learner's attempts at one exam (a handful), oldest first: what the exam page lists and what a
 * start checks for an open attempt, under its lock. The open one is picked from these rather than
 * asked for by "status": with "status" in the WHERE, SQLite (no statistics) looked it up on
 * (courseSlug, examId, status) and walked every open attempt of the course, a whole class's at exam
 * time, while the start held the write lock.
 */
export function learnerAttemptsSql(userId: string, courseSlug: string, examId: string): Prisma.Sql {
  return Prisma.sql`SELECT * FROM "ExamAttempt" WHERE "userId" = ${userId} AND "courseSlug" = ${courseSlug} AND "examId" = ${examId} ORDER BY "startedAt" ASC, "id" ASC`
}

/**
 * The learner's attempts at the exam, those past their deadline graded first: what the overview and
 * the result page read. `renewal: false` skips asking whether a certificate has lapsed (the result
 * page of a passed attempt, which shows the same whichever round it belongs to).
 */
async function attemptsSoFar(userId: string, course: CatalogCourse, now: Date, options: { renewal: boolean } = { renewal: true }) {
  const bank = bankOf(course)
  const attempts = await plainRead<Record<string, unknown>>`${learnerAttemptsSql(userId, course.slug, bank.id)}`
  const rows = await closeExpired(course, bank, attempts.map(attemptFromRow), now)
  const submitted = rows.filter((r) => r.status === 'SUBMITTED')
  // Someone who passed before is asked whether their certificate has lapsed: then only the renewal's
  // attempts count, as passes and against the limit (the page still lists every attempt).
  const since = options.renewal && submitted.some((r) => effective(r).passed) ? await renewalOf(userId, course.slug, now) : null
  const finished = since ? submitted.filter((r) => r.startedAt.getTime() > since.getTime()) : submitted
  return { bank, rows, finished, passed: finished.some((r) => effective(r).passed), attemptsLeft: Math.max(0, bank.rules.maxAttempts - finished.length), renewal: since !== null }
}

/**
 * The exam page's view of one learner, and what a start decides on: their attempts, and whether a
 * new one may start (attempts, cooldown, and the training first: every lesson of the course
 * completed and its prerequisite courses passed, `trainingLeftFor`).
 */
export async function examOverview(userId: string, course: CatalogCourse, now = new Date()): Promise<ExamOverview> {
  // Both reads at once: on PostgreSQL two round trips in parallel.
  const [{ bank, rows, finished, passed, attemptsLeft, renewal }, training] = await Promise.all([attemptsSoFar(userId, course, now), trainingLeftFor(userId, course)])
  const active = rows.find((r) => r.status === 'IN_PROGRESS') ?? null
  const lastFinishedAt = finished.reduce<Date | null>((latest, r) => (r.submittedAt && (!latest || r.submittedAt > latest) ? r.submittedAt : latest), null)
  const decision = canStartAttempt({ attemptsUsed: finished.length, maxAttempts: bank.rules.maxAttempts, lastFinishedAt, cooldownMinutes: cooldownMinutes(bank), passed, training, now })
  return {
    attempts: rows.map((r) => ({ id: r.id, status: r.status, ...effective(r), startedAt: r.startedAt, submittedAt: r.submittedAt, late: r.late })),
    active: active && { id: active.id, deadline: active.deadline },
    decision,
    passed,
    attemptsLeft,
    renewal,
  }
}

export type StartResult = { ok: true; attemptId: string; resumed: boolean } | { ok: false; decision: Exclude<StartDecision, { ok: true }> }

/**
 * Resumes the learner's open attempt, or starts a new one when `examOverview`'s decision allows it
 * (attempts, cooldown, lessons and prerequisite courses), checked here on every start whatever the
 * page showed.
 */
export async function startAttempt(userId: string, course: CatalogCourse, locale: Locale, now = new Date()): Promise<StartResult> {
  const bank = bankOf(course)
  // Both reads at once: on PostgreSQL two round trips in parallel.
  const [overview, [accommodation]] = await Promise.all([
    examOverview(userId, course, now),
    plainRead<{ extraMinutes: number }>`SELECT "extraMinutes" FROM "ExamAccommodation" WHERE "userId" = ${userId} AND "courseSlug" = ${course.slug}`,
  ])
  if (overview.active) return { ok: true, attemptId: overview.active.id, resumed: true }
  if (!overview.decision.ok) return { ok: false, decision: overview.decision }
  const seed = crypto.randomBytes(12).toString('hex')
  const extraMinutes = accommodation?.extraMinutes ?? 0
  // Two starts at once (a double click, two tabs) make one attempt: the learner's row is locked, and
  // whoever comes second finds the first's attempt open and resumes it.
  return plainTransaction(async (tx): Promise<StartResult> => {
    await lockRow(tx, 'User', userId)
    const mine = await tx.$queryRaw<Array<{ id: string; status: string }>>(learnerAttemptsSql(userId, course.slug, bank.id))
    const open = mine.find((attempt) => attempt.status === 'IN_PROGRESS')
    if (open) return { ok: true, attemptId: open.id, resumed: true }
    const id = newId()
    const deadline = attemptDeadline(now, bank.rules.timeLimitMinutes, extraMinutes)
    await tx.$executeRaw`
      INSERT INTO "ExamAttempt" ("id", "userId", "courseSlug", "examId", "contentVersion", "seed", "optionSalt", "questionIds", "locale", "status", "startedAt", "deadline", "late", "extraMinutes")
      VALUES (${id}, ${userId}, ${course.slug}, ${bank.id}, ${course.version}, ${seed}, ${newSalt()}, ${JSON.stringify(drawQuestions(bank, seed))}, ${locale}, 'IN_PROGRESS', ${now}, ${deadline}, ${false}, ${extraMinutes})`
    return { ok: true, attemptId: id, resumed: false }
  })
}

async function ownAttempt(userId: string, course: CatalogCourse, attemptId: string): Promise<AttemptRow | null> {
  // An address with a NUL character names no attempt (plainRead finds nothing for it on either database).
  const [row] = await plainRead<Record<string, unknown>>`
    SELECT * FROM "ExamAttempt" WHERE "id" = ${attemptId} AND "userId" = ${userId} AND "courseSlug" = ${course.slug}`
  return row ? attemptFromRow(row) : null
}

export interface AttemptView {
  id: string
  status: 'IN_PROGRESS' | 'SUBMITTED'
  questions: PublicQuestion[]
  /** Saved answers as their forms' fields, by question token. */
  saved: Record<string, AnswerFields>
  secondsLeft: number
  deadline: Date
}

/** The attempt as the learner sees it while taking it (questions without keys, their saved answers). */
export async function attemptView(userId: string, course: CatalogCourse, attemptId: string, now = new Date()): Promise<AttemptView | null> {
  let attempt = await ownAttempt(userId, course, attemptId)
  if (!attempt) return null
  const bank = await attemptBank(course, attempt)
  if (attempt.status === 'IN_PROGRESS' && attempt.deadline.getTime() < now.getTime()) attempt = (await finish(course, bank, attempt, now)).graded
  return viewOf(bank, attempt, now)
}

async function viewOf(bank: ExamBank, attempt: AttemptRow, now: Date): Promise<AttemptView> {
  const saved = new Map((await savedAnswers(attempt.id)).filter((a) => a.answer !== UNANSWERED).map((a) => [a.questionId, JSON.parse(a.answer) as Answer]))
  const tokens = await tokensOf(attempt)
  const questions = questionsOf(bank, attempt)
  const { locale, seed } = attempt
  return {
    id: attempt.id,
    status: attempt.status,
    questions: questions.map((q) => publicQuestion(q, locale, seed, bank.rules.shuffleOptions, tokens)),
    saved: Object.fromEntries(questions.flatMap((q) => {
      const answer = saved.get(q.id)
      return answer ? [[tokens.question(q.id), encodeAnswer(q, answer, tokens)]] : []
    })),
    secondsLeft: attempt.status === 'IN_PROGRESS' ? secondsLeft(attempt.deadline, now) : 0,
    deadline: attempt.deadline,
  }
}

/**
 * The attempt's page: the questions while it is open, the result once it is submitted (an attempt
 * past its deadline is closed and graded first). One read of the attempt for either.
 */
export async function attemptPage(userId: string, course: CatalogCourse, attemptId: string, now = new Date()): Promise<{ view: AttemptView; result: null } | { view: null; result: AttemptResult } | null> {
  const attempt = await ownAttempt(userId, course, attemptId)
  if (!attempt) return null
  const bank = await attemptBank(course, attempt)
  if (attempt.status === 'IN_PROGRESS' && attempt.deadline.getTime() >= now.getTime()) return { view: await viewOf(bank, attempt, now), result: null }
  return { view: null, result: await resultOf(userId, course, bank, attempt, now) }
}

export type SaveResult = { ok: true } | { ok: false; error: 'notFound' | 'closed' | 'notInAttempt' | ParsedAnswerError }

/**
 * Saves what a learner's form posted for one question: the question and every option named by the
 * attempt's tokens (see `attemptView`). A bank id or another attempt's token in their place is refused.
 */
export async function saveAnswer(userId: string, course: CatalogCourse, attemptId: string, questionToken: string, fields: AnswerFields, now = new Date()): Promise<SaveResult> {
  return save(userId, course, attemptId, now, async (attempt) => {
    const tokens = await tokensOf(attempt)
    const questionId = questionOfToken(questionIdsOf(attempt), questionToken, tokens)
    return questionId ? { questionId, fields: (question) => decodeFields(question, fields, tokens) } : null
  })
}

/** Saves an answer given in the bank's own ids: for trusted callers (seeding, tests), never a form. */
export async function saveBankAnswer(userId: string, course: CatalogCourse, attemptId: string, questionId: string, fields: AnswerFields, now = new Date()): Promise<SaveResult> {
  return save(userId, course, attemptId, now, async () => ({ questionId, fields: () => ({ ok: true, fields }) }))
}

type Located = { questionId: string; fields: (question: Question) => ReturnType<typeof decodeFields> } | null

async function save(userId: string, course: CatalogCourse, attemptId: string, now: Date, locate: (attempt: AttemptRow) => Promise<Located>): Promise<SaveResult> {
  const attempt = await ownAttempt(userId, course, attemptId)
  if (!attempt) return { ok: false, error: 'notFound' }
  const bank = await attemptBank(course, attempt)
  if (attempt.status !== 'IN_PROGRESS' || now.getTime() > attempt.deadline.getTime()) return { ok: false, error: 'closed' }
  const located = await locate(attempt)
  const questionId = located?.questionId ?? ''
  const question = located && questionIdsOf(attempt).includes(questionId) ? bank.questions.find((q) => q.id === questionId) : undefined
  if (!located || !question) return { ok: false, error: 'notInAttempt' }
  const decoded = located.fields(question)
  if (!decoded.ok) return { ok: false, error: decoded.error }
  const parsed = parseAnswer(question, decoded.fields)
  if (!parsed.ok) return { ok: false, error: parsed.error }
  const answer = JSON.stringify(parsed.answer)
  // One statement, the same on both databases (Prisma's upsert is the same statement at several times the CPU).
  await db.$executeRaw`
    INSERT INTO "ExamAnswer" ("attemptId", "questionId", "answer", "savedAt") VALUES (${attemptId}, ${questionId}, ${answer}, ${now})
    ON CONFLICT ("attemptId", "questionId") DO UPDATE SET "answer" = excluded."answer", "savedAt" = excluded."savedAt"`
  return { ok: true }
}

export async function submitAttempt(userId: string, course: CatalogCourse, attemptId: string, now = new Date()): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
  const attempt = await ownAttempt(userId, course, attemptId)
  if (!attempt) return { ok: false, error: 'notFound' }
  await finish(course, await attemptBank(course, attempt), attempt, now)
  return { ok: true }
}

export interface ReviewItem {
  /** What the result page shows of the question: its text (and the attempt's token for it, a list key). */
  question: { id: string; text: string }
  score: number
  explanation: string
  key: QuestionKey
}

export interface AttemptResult {
  id: string
  certificateCode: string | null
  /** Set when a trainer overrode the score: the graded percent, shown beside the one that counts. */
  gradedPercent: number | null
  overrideReason: string | null
  percent: number
  passed: boolean
  late: boolean
  passPercent: number
  attemptsLeft: number
  /** Per question, only when the exam's rule allows showing answers now. */
  review: ReviewItem[] | null
}

export async function attemptResult(userId: string, course: CatalogCourse, attemptId: string, now = new Date()): Promise<AttemptResult | null> {
  const attempt = await ownAttempt(userId, course, attemptId)
  if (!attempt || attempt.status !== 'SUBMITTED') return null
  return resultOf(userId, course, await attemptBank(course, attempt), attempt, now)
}

/** The true/false labels of the review, per language: a fixed `t` is a new i18next instance (milliseconds) per call. */
const labelsByLocale = new Map<Locale, Promise<{ true: string; false: string }>>()
function trueFalseLabels(locale: Locale) {
  let labels = labelsByLocale.get(locale)
  if (!labels) {
    labels = getFixedT(locale).then((t) => ({ true: t('exam.true'), false: t('exam.false') }))
    labelsByLocale.set(locale, labels)
    // A failure is not kept: the next result page tries again.
    labels.catch(() => labelsByLocale.delete(locale))
  }
  return labels
}

async function resultOf(userId: string, course: CatalogCourse, bank: ExamBank, attempt: AttemptRow, now: Date): Promise<AttemptResult> {
  const attemptId = attempt.id
  const finished = await finish(course, bank, attempt, now)
  const graded = finished.graded
  // The certificate of the graded pass (whatever an override says), as the page always showed it.
  const certificateCode = graded.passed ? (finished.certificateCode ?? (await certificateOf(attemptId))?.code ?? null) : null
  // The attempts only: the result page decides no start, so it does not read the training. A failed
  // attempt may be a renewal's (its attempts left, and no answers shown for an old pass); a passed one
  // reads no certificate (the page of every passer after an exam, a crowd at once).
  const overview = await attemptsSoFar(userId, course, now, { renewal: !effective(graded).passed })
  const attemptsUsed = overview.finished.length
  const show = mayShowAnswers(bank.rules.showAnswers, { passed: overview.passed, attemptsUsed, maxAttempts: bank.rules.maxAttempts })
  let review: ReviewItem[] | null = null
  if (show) {
    const labels = await trueFalseLabels(graded.locale)
    const saved = await savedAnswers(attemptId)
    const tokens = await tokensOf(graded)
    const answers = new Map(saved.filter((a) => a.answer !== UNANSWERED && savedInTime(a.savedAt, graded.deadline)).map((a) => [a.questionId, JSON.parse(a.answer) as Answer]))
    review = questionsOf(bank, graded).map((q) => ({
      // Not the whole public question: its options (a token each) were sent to the page unused.
      question: { id: tokens.question(q.id), text: q.text[graded.locale] },
      score: scoreQuestion(q, answers.get(q.id), bank.rules.multipleChoiceScoring).score,
      explanation: q.explanation[graded.locale],
      key: questionKey(q, graded.locale, answers.get(q.id), labels),
    }))
  }
  const counted = effective(graded)
  return {
    id: graded.id,
    certificateCode,
    gradedPercent: graded.overridePercent !== null ? graded.percent : null,
    overrideReason: graded.overrideReason,
    percent: counted.percent ?? 0,
    passed: counted.passed ?? false,
    late: graded.late,
    passPercent: bank.rules.passPercent,
    attemptsLeft: overview.attemptsLeft,
    review,
  }
}
