import { beforeAll, describe, expect, it } from 'vitest'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { attemptResult, attemptView, examOverview, learnerAttemptsSql, saveAnswer, saveBankAnswer, startAttempt, submitAttempt } from '~/server/exams/exams.server.ts'
import { grantExtraTime, overrideScore } from '~/server/exams/exam-review.server.ts'
import { revokeCertificate } from '~/server/exams/certificates.server.ts'
import { fixtureExam, setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser } from '../support/factories.ts'

let course: CatalogCourse
const MIN = 60_000
const t0 = new Date('2030-01-10T09:00:00Z')
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN)
const pick = (values: string[]) => ({ values, positions: {}, matches: {} })

beforeAll(async () => {
  // Two questions drawn from two; 2 attempts; an hour's cooldown; 30 minutes.
  setUpExamFixtureCourse({ bank: fixtureExam().replace('maxAttempts: 3', 'maxAttempts: 2') })
  const catalog = await buildCatalog()
  expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const found = catalog.courses.get('basics')
  if (!found?.exam) throw new Error('fixture exam missing')
  course = found
})

/** A person who has completed every lesson of the fixture course: the exam may start for them. */
async function readyLearner(overrides: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser(overrides)
  await completeLessons(user.id, course.slug)
  return user
}

async function answerAll(userId: string, attemptId: string, right: boolean, when: Date) {
  expect(await saveBankAnswer(userId, course, attemptId, 'q-one', pick([right ? 'a' : 'b']), when)).toEqual({ ok: true })
  expect(await saveBankAnswer(userId, course, attemptId, 'q-two', pick([right ? 'true' : 'false']), when)).toEqual({ ok: true })
}

describe('an exam attempt', () => {
  it('draws its questions once; reopening resumes the same attempt in the same order, without keys', async () => {
    const user = await readyLearner()
    const first = await startAttempt(user.id, course, 'en', t0)
    expect(first).toMatchObject({ ok: true, resumed: false })
    if (!first.ok) return
    const again = await startAttempt(user.id, course, 'en', at(5))
    expect(again).toEqual({ ok: true, attemptId: first.attemptId, resumed: true })
    const view = await attemptView(user.id, course, first.attemptId, at(5))
    expect(view?.questions.map((q) => q.text).sort()).toEqual(['True?', 'Question?'].sort())
    // The page names questions and options by the attempt's tokens, never by the bank's ids.
    expect(JSON.stringify(view?.questions)).not.toMatch(/"q-one"|"q-two"|"a"|"b"/)
    expect(view?.secondsLeft).toBe(25 * 60)
    expect(JSON.stringify(view)).not.toMatch(/correct|explanation|"answer"|So\./)
    expect((await attemptView(user.id, course, first.attemptId, at(6)))?.questions).toEqual(view?.questions)
  })

  it('finds a learner’s open attempt among a class’s by the learner, not by walking the course’s open attempts', async () => {
    // Others' open attempts first: the start must still resume the learner's own and no one else's.
    const others = await Promise.all([0, 1, 2].map(() => readyLearner()))
    const opened = await Promise.all(others.map((other) => startAttempt(other.id, course, 'en', t0)))
    const user = await readyLearner()
    const first = await startAttempt(user.id, course, 'en', t0)
    if (!first.ok) throw new Error('start')
    expect(opened.map((o) => o.ok && o.attemptId)).not.toContain(first.attemptId)
    expect(await startAttempt(user.id, course, 'en', at(1))).toEqual({ ok: true, attemptId: first.attemptId, resumed: true })
    if (databaseProvider() !== 'sqlite') return
    // Without statistics SQLite took (courseSlug, examId, status) for a lookup that named the status:
    // every open attempt of the course, read under the start's write lock.
    const statement = learnerAttemptsSql(user.id, course.slug, course.exam?.id ?? '')
    const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${statement.sql}`, ...statement.values)
    expect(plan.map((row) => row.detail).join(' | ')).toMatch(/^SEARCH ExamAttempt USING INDEX ExamAttempt_userId_courseSlug_examId_idx \(userId=\? AND courseSlug=\? AND examId=\?\)/)
  })

  it('gives an attempt made before option salts existed one on first use, and keeps it', async () => {
    const user = await readyLearner()
    const start = await startAttempt(user.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await db.examAttempt.update({ where: { id: start.attemptId }, data: { optionSalt: null } })
    const first = await attemptView(user.id, course, start.attemptId, at(1))
    const salt = (await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).optionSalt
    expect(salt).toMatch(/^[\w-]{20,}$/)
    expect((await attemptView(user.id, course, start.attemptId, at(2)))?.questions).toEqual(first?.questions)
    const single = first?.questions.find((q) => q.type === 'single')
    const yes = single?.type === 'single' ? single.options.find((o) => o.text === 'Yes')?.id : undefined
    expect(await saveAnswer(user.id, course, start.attemptId, single?.id ?? '', pick([yes ?? '']), at(3))).toEqual({ ok: true })
  })

  it('saves answers as the learner goes and refuses what is not theirs or not in the attempt', async () => {
    const user = await readyLearner()
    const other = await readyLearner()
    const start = await startAttempt(user.id, course, 'ru', t0)
    if (!start.ok) throw new Error('start')
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['b']), at(1))).toEqual({ ok: true })
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['a']), at(2))).toEqual({ ok: true })
    const view = await attemptView(user.id, course, start.attemptId, at(3))
    const single = view?.questions.find((q) => q.type === 'single')
    const yes = single?.type === 'single' ? single.options.find((o) => o.text === 'Да')?.id : undefined
    expect(yes).toBeTruthy()
    expect(view?.saved[single?.id ?? '']).toEqual({ values: [yes], positions: {}, matches: {} })
    // The learner's form speaks in tokens: the bank's ids are refused, the tokens save.
    expect(await saveAnswer(user.id, course, start.attemptId, 'q-one', pick(['a']), at(3))).toEqual({ ok: false, error: 'notInAttempt' })
    expect(await saveAnswer(user.id, course, start.attemptId, single?.id ?? '', pick(['b']), at(3))).toEqual({ ok: false, error: 'invalid' })
    expect(await saveAnswer(user.id, course, start.attemptId, single?.id ?? '', pick([yes ?? '']), at(3))).toEqual({ ok: true })
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-nope', pick(['a']), at(3))).toEqual({ ok: false, error: 'notInAttempt' })
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['zz']), at(3))).toEqual({ ok: false, error: 'invalid' })
    expect(await saveBankAnswer(other.id, course, start.attemptId, 'q-one', pick(['b']), at(3))).toEqual({ ok: false, error: 'notFound' })
    expect(await attemptView(other.id, course, start.attemptId, at(3))).toBeNull()
  })

  it('grades once however often it is submitted', async () => {
    const user = await readyLearner()
    const start = await startAttempt(user.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await answerAll(user.id, start.attemptId, true, at(1))
    await Promise.all([submitAttempt(user.id, course, start.attemptId, at(2)), submitAttempt(user.id, course, start.attemptId, at(2))])
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })
    expect(row).toMatchObject({ status: 'SUBMITTED', points: 2, maxPoints: 2, percent: 100, passed: true, late: false })
    await submitAttempt(user.id, course, start.attemptId, at(9))
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).submittedAt).toEqual(at(2))
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['b']), at(10))).toEqual({ ok: false, error: 'closed' })
  })

  it('counts only what was saved before the deadline when submitted late', async () => {
    const user = await readyLearner()
    const start = await startAttempt(user.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['a']), at(29))).toEqual({ ok: true })
    expect(await saveBankAnswer(user.id, course, start.attemptId, 'q-two', pick(['true']), at(31))).toEqual({ ok: false, error: 'closed' })
    await submitAttempt(user.id, course, start.attemptId, at(45))
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).toMatchObject({ late: true, submittedAt: at(30), points: 1, percent: 50, passed: false })
  })

  it('grades an abandoned attempt once its time is up', async () => {
    const user = await readyLearner()
    const start = await startAttempt(user.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await answerAll(user.id, start.attemptId, true, at(10))
    const overview = await examOverview(user.id, course, at(40))
    expect(overview.active).toBeNull()
    expect(overview.attempts[0]).toMatchObject({ status: 'SUBMITTED', percent: 100, passed: true, late: true })
    expect(overview.decision).toEqual({ ok: false, reason: 'passed' })
  })

  it('enforces the cooldown and the attempt limit', async () => {
    const user = await readyLearner()
    const first = await startAttempt(user.id, course, 'en', t0)
    if (!first.ok) throw new Error('start')
    await answerAll(user.id, first.attemptId, false, at(1))
    await submitAttempt(user.id, course, first.attemptId, at(2))
    expect(await startAttempt(user.id, course, 'en', at(30))).toEqual({ ok: false, decision: { ok: false, reason: 'coolingDown', until: at(62) } })
    const second = await startAttempt(user.id, course, 'en', at(62))
    if (!second.ok) throw new Error('second start refused')
    expect(second.attemptId).not.toBe(first.attemptId)
    await submitAttempt(user.id, course, second.attemptId, at(63))
    expect(await startAttempt(user.id, course, 'en', at(500))).toEqual({ ok: false, decision: { ok: false, reason: 'noAttemptsLeft' } })
    expect((await examOverview(user.id, course, at(500))).attemptsLeft).toBe(0)
  })

  it('starts only once every lesson of the course is completed, and always resumes an open attempt', async () => {
    const user = await createUser()
    const lessons = course.lessons.map((lesson) => lesson.slug)
    expect(await startAttempt(user.id, course, 'en', t0)).toEqual({ ok: false, decision: { ok: false, reason: 'trainingIncomplete', left: { lessons, prerequisites: [] } } })
    expect((await examOverview(user.id, course, t0)).decision).toEqual({ ok: false, reason: 'trainingIncomplete', left: { lessons, prerequisites: [] } })
    // A lesson opened but not done counts for nothing; one done counts.
    await db.lessonProgress.createMany({ data: [
      { userId: user.id, courseSlug: course.slug, lessonSlug: lessons[0] ?? '', contentVersion: 'v', completedAt: t0 },
      { userId: user.id, courseSlug: course.slug, lessonSlug: lessons[1] ?? '', contentVersion: 'v' },
    ] })
    expect(await startAttempt(user.id, course, 'en', t0)).toEqual({ ok: false, decision: { ok: false, reason: 'trainingIncomplete', left: { lessons: lessons.slice(1), prerequisites: [] } } })
    expect(await db.examAttempt.count({ where: { userId: user.id } })).toBe(0)
    await completeLessons(user.id, course.slug)
    const started = await startAttempt(user.id, course, 'en', t0)
    expect(started).toMatchObject({ ok: true, resumed: false })
    // An attempt already open (say, started before a lesson was added) is resumed, never refused.
    await db.lessonProgress.deleteMany({ where: { userId: user.id } })
    expect(await startAttempt(user.id, course, 'en', at(1))).toEqual({ ...started, resumed: true })
  })

  it('several starts at once make one attempt', async () => {
    const user = await readyLearner()
    const starts = await Promise.all(Array.from({ length: 8 }, () => startAttempt(user.id, course, 'en', t0)))
    const ids = starts.map((start) => (start.ok ? start.attemptId : 'refused'))
    expect(new Set(ids).size).toBe(1)
    expect(starts.filter((start) => start.ok && !start.resumed)).toHaveLength(1)
    expect(await db.examAttempt.count({ where: { userId: user.id } })).toBe(1)
  })

  it('shows the answers and explanations only as the rule allows (after passing)', async () => {
    const failing = await readyLearner()
    const f = await startAttempt(failing.id, course, 'en', t0)
    if (!f.ok) throw new Error('start')
    await answerAll(failing.id, f.attemptId, false, at(1))
    await submitAttempt(failing.id, course, f.attemptId, at(2))
    expect(await attemptResult(failing.id, course, f.attemptId, at(3))).toMatchObject({ percent: 0, passed: false, review: null, attemptsLeft: 1 })

    const passing = await readyLearner()
    const p = await startAttempt(passing.id, course, 'en', t0)
    if (!p.ok) throw new Error('start')
    await answerAll(passing.id, p.attemptId, true, at(1))
    await submitAttempt(passing.id, course, p.attemptId, at(2))
    const result = await attemptResult(passing.id, course, p.attemptId, at(3))
    expect(result).toMatchObject({ percent: 100, passed: true })
    expect(result?.review?.find((r) => r.question.text === 'Question?')?.key.correct).toEqual(['Yes'])
    expect(result?.review?.find((r) => r.question.text === 'True?')?.key.correct).toEqual(['True'])
    expect(result?.review?.map((r) => [r.question.text, r.score, r.explanation]).sort()).toEqual([
      ['Question?', 1, 'So.'],
      ['True?', 1, 'So.'],
    ])
  })
})

describe('a renewal, once the certificate has lapsed', () => {
  async function passedOnce() {
    const user = await readyLearner()
    const start = await startAttempt(user.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await answerAll(user.id, start.attemptId, true, at(1))
    await submitAttempt(user.id, course, start.attemptId, at(2))
    const certificate = await db.certificate.findFirstOrThrow({ where: { userId: user.id } })
    return { user, certificate }
  }
  const after = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000)

  it('opens the exam again after the certificate expired, with the full number of attempts; its pass issues a new certificate', async () => {
    const { user, certificate } = await passedOnce()
    expect(await examOverview(user.id, course, at(10))).toMatchObject({ passed: true, renewal: false, decision: { ok: false, reason: 'passed' } })
    const later = after(certificate.expiresAt, 1)
    expect(await examOverview(user.id, course, later)).toMatchObject({ passed: false, renewal: true, attemptsLeft: 2, decision: { ok: true } })
    const failing = await startAttempt(user.id, course, 'en', later)
    if (!failing.ok) throw new Error('renewal start')
    await answerAll(user.id, failing.attemptId, false, after(later, 0.001))
    await submitAttempt(user.id, course, failing.attemptId, after(later, 0.002))
    // The renewal's own attempts count: one left; the old pass shows no answers of a failed renewal attempt.
    expect(await attemptResult(user.id, course, failing.attemptId, after(later, 0.003))).toMatchObject({ passed: false, attemptsLeft: 1, review: null })
    const cooled = after(later, 1)
    const passing = await startAttempt(user.id, course, 'en', cooled)
    if (!passing.ok) throw new Error('second renewal start')
    await answerAll(user.id, passing.attemptId, true, after(cooled, 0.001))
    await submitAttempt(user.id, course, passing.attemptId, after(cooled, 0.002))
    expect(await db.certificate.count({ where: { userId: user.id } })).toBe(2)
    expect(await examOverview(user.id, course, after(cooled, 0.01))).toMatchObject({ passed: true, renewal: false, decision: { ok: false, reason: 'passed' } })
  })

  it('opens it while the certificate is valid if it ends before the election day of a campaign the learner is accepted in', async () => {
    const { user, certificate } = await passedOnce()
    const campaign = await db.campaign.create({
      data: { slug: `renewal-${user.id}`, nameRu: 'В', nameKk: 'С', nameEn: 'E', kind: 'PARLIAMENTARY', electionDay: after(certificate.expiresAt, 30), applicationDeadline: at(60 * 24), courses: { create: [{ courseSlug: course.slug }] } },
    })
    const ngo = await db.ngo.create({ data: { slug: `renewal-ngo-${user.id}`, name: 'Renewal NGO' } })
    const application = await db.application.create({
      data: { campaignId: campaign.id, ngoId: ngo.id, userId: user.id, state: 'submitted', fullName: 'R', iin: '900101300017', birthDate: new Date('1990-01-01'), phone: '+77011234567', email: user.email, regionCode: 'KZ-75', settlement: 'Алматы', languages: '["ru"]', availability: '["voting"]', declarations: '[]', experience: 'none', consentVersion: 't', consentedAt: t0, searchText: 'r' },
    })
    // Not before the NGO accepted them: an application alone asks nothing of the certificate.
    expect(await examOverview(user.id, course, at(10))).toMatchObject({ renewal: false, decision: { ok: false, reason: 'passed' } })
    await db.application.update({ where: { id: application.id }, data: { state: 'accepted' } })
    expect(await examOverview(user.id, course, at(10))).toMatchObject({ passed: false, renewal: true, decision: { ok: true } })
  })

  it('is not opened by a revoked certificate', async () => {
    const { user, certificate } = await passedOnce()
    await db.certificate.update({ where: { id: certificate.id }, data: { revokedAt: at(20), revokeReason: 'Was a candidate proxy' } })
    expect(await examOverview(user.id, course, after(certificate.expiresAt, 1))).toMatchObject({ passed: true, renewal: false, decision: { ok: false, reason: 'passed' } })
  })
})

describe('trainers and admins', () => {
  it('override a score with a reason: the graded score stays, a pass issues the certificate, a fail revokes it', async () => {
    const learner = await readyLearner()
    const trainer = await createUser()
    const start = await startAttempt(learner.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await answerAll(learner.id, start.attemptId, false, at(1))
    await submitAttempt(learner.id, course, start.attemptId, at(2))
    expect(await overrideScore(trainer.id, start.attemptId, 85, 'Question q-one was ambiguous', '127.0.0.1')).toEqual({ ok: true, certificate: 'issued' })
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })
    expect(row).toMatchObject({ percent: 0, passed: false, overridePercent: 85, overridePassed: true, overrideById: trainer.id })
    expect(await db.certificate.count({ where: { attemptId: start.attemptId, revokedAt: null } })).toBe(1)
    expect((await examOverview(learner.id, course, at(3))).passed).toBe(true)
    expect(await attemptResult(learner.id, course, start.attemptId, at(3))).toMatchObject({ percent: 85, passed: true, gradedPercent: 0, overrideReason: 'Question q-one was ambiguous' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'exam.score_overridden', targetId: start.attemptId } })
    expect(JSON.parse(audit.details)).toMatchObject({ graded: 0, override: 85, passed: true })

    expect(await overrideScore(trainer.id, start.attemptId, 40, 'Rechecked', '127.0.0.1')).toEqual({ ok: true, certificate: 'revoked' })
    expect(await db.certificate.findFirstOrThrow({ where: { attemptId: start.attemptId } })).toMatchObject({ revokeReason: 'Score overridden: Rechecked', revokedByOverride: true })
    expect(await overrideScore(trainer.id, start.attemptId, 30, 'Rechecked twice', '127.0.0.1')).toEqual({ ok: true, certificate: 'unchanged' })
    // Back to a pass: the certificate the overrides revoked is valid again, with the score that counts.
    expect(await overrideScore(trainer.id, start.attemptId, 90, 'The first check was right', '127.0.0.1')).toEqual({ ok: true, certificate: 'reinstated' })
    expect(await db.certificate.findFirstOrThrow({ where: { attemptId: start.attemptId } })).toMatchObject({ revokedAt: null, revokedById: null, revokeReason: null, revokedByOverride: false, percent: 90 })
    expect(await db.certificate.count({ where: { attemptId: start.attemptId } })).toBe(1)
    expect((await examOverview(learner.id, course, at(3))).passed).toBe(true)
    const reinstated = await db.auditEvent.findFirstOrThrow({ where: { action: 'certificate.reinstated' }, orderBy: { at: 'desc' } })
    expect(reinstated).toMatchObject({ actorId: trainer.id })
    expect(JSON.parse(reinstated.details)).toMatchObject({ percent: 90, reason: 'The first check was right' })
    expect(await db.notification.count({ where: { userId: learner.id, kind: 'certificate.issued' } })).toBe(2)
    expect(await overrideScore(trainer.id, start.attemptId, 95, 'Rounding', '127.0.0.1')).toEqual({ ok: true, certificate: 'unchanged' })
    // Still valid, still one, and it shows the score that counts now.
    expect(await db.certificate.findMany({ where: { attemptId: start.attemptId }, select: { revokedAt: true, percent: true } })).toEqual([{ revokedAt: null, percent: 95 }])
  })

  it('an override to a pass does not undo an admin’s revocation for another reason', async () => {
    const learner = await readyLearner()
    const trainer = await createUser()
    const admin = await createUser({ isAdmin: true })
    const start = await startAttempt(learner.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await answerAll(learner.id, start.attemptId, true, at(1))
    await submitAttempt(learner.id, course, start.attemptId, at(2))
    const { code } = await db.certificate.findFirstOrThrow({ where: { attemptId: start.attemptId } })
    expect(await revokeCertificate(admin.id, code, 'Was a commission member', '127.0.0.1')).toEqual({ ok: true })
    expect(await overrideScore(trainer.id, start.attemptId, 95, 'Rounding', '127.0.0.1')).toEqual({ ok: true, certificate: 'staysRevoked' })
    expect(await db.certificate.findFirstOrThrow({ where: { attemptId: start.attemptId } })).toMatchObject({ revokeReason: 'Was a commission member', revokedById: admin.id, revokedByOverride: false })
    expect(await db.auditEvent.count({ where: { action: 'certificate.reinstated', actorId: trainer.id } })).toBe(0)
    // The score itself is saved, and a fail then a pass still leaves the admin's revocation.
    expect(await overrideScore(trainer.id, start.attemptId, 10, 'Rechecked', '127.0.0.1')).toEqual({ ok: true, certificate: 'unchanged' })
    expect(await overrideScore(trainer.id, start.attemptId, 95, 'Rechecked again', '127.0.0.1')).toEqual({ ok: true, certificate: 'staysRevoked' })
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).overridePercent).toBe(95)
  })

  it('cannot override an attempt still under way', async () => {
    const learner = await readyLearner()
    const trainer = await createUser()
    const start = await startAttempt(learner.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    expect(await overrideScore(trainer.id, start.attemptId, 90, 'x', '127.0.0.1')).toEqual({ ok: false, error: 'notSubmitted' })
  })

  it('never override or grant extra time on their own attempt, and record nothing when asked to', async () => {
    const admin = await readyLearner({ isAdmin: true })
    const start = await startAttempt(admin.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    expect(await grantExtraTime(admin.id, start.attemptId, 30, 'Needs it', '127.0.0.1')).toEqual({ ok: false, error: 'ownAttempt' })
    await submitAttempt(admin.id, course, start.attemptId, at(2))
    expect(await overrideScore(admin.id, start.attemptId, 100, 'Certify me', '127.0.0.1')).toEqual({ ok: false, error: 'ownAttempt' })
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).toMatchObject({ overridePercent: null, extraMinutes: 0 })
    expect(await db.certificate.count({ where: { attemptId: start.attemptId } })).toBe(0)
    expect(await db.examAccommodation.count({ where: { userId: admin.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: { in: ['exam.score_overridden', 'exam.extra_time_granted'] } } })).toBe(0)
  })

  it('extra time on an attempt past its deadline closes and grades it as the sweep would, and grants nothing', async () => {
    const learner = await readyLearner()
    const admin = await createUser({ isAdmin: true })
    const start = await startAttempt(learner.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    expect(await saveBankAnswer(learner.id, course, start.attemptId, 'q-one', pick(['a']), at(10))).toEqual({ ok: true })
    expect(await grantExtraTime(admin.id, start.attemptId, 60, 'Slow connection', '127.0.0.1', at(31))).toEqual({ ok: false, error: 'closed' })
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).toMatchObject({ status: 'SUBMITTED', late: true, submittedAt: at(30), deadline: at(30), extraMinutes: 0 })
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).points).not.toBeNull()
    expect(await saveBankAnswer(learner.id, course, start.attemptId, 'q-one', pick(['b']), at(32))).toEqual({ ok: false, error: 'closed' })
    expect(await db.examAccommodation.count({ where: { userId: learner.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'exam.extra_time_granted', targetId: learner.id } })).toBe(0)
  })

  it('extra time extends the attempt under way and every later one', async () => {
    const learner = await readyLearner()
    const admin = await createUser({ isAdmin: true })
    const start = await startAttempt(learner.id, course, 'en', t0)
    if (!start.ok) throw new Error('start')
    await grantExtraTime(admin.id, start.attemptId, 15, 'Dyslexia', '127.0.0.1')
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: start.attemptId } })).deadline).toEqual(at(45))
    expect(await saveBankAnswer(learner.id, course, start.attemptId, 'q-one', pick(['a']), at(40))).toEqual({ ok: true })
    await answerAll(learner.id, start.attemptId, false, at(41))
    await submitAttempt(learner.id, course, start.attemptId, at(42))
    const next = await startAttempt(learner.id, course, 'en', at(200))
    if (!next.ok) throw new Error('second start')
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: next.attemptId } })).toMatchObject({ extraMinutes: 15, deadline: at(245) })
    expect(await db.auditEvent.count({ where: { action: 'exam.extra_time_granted', targetId: learner.id } })).toBe(1)
  })
})
