/**
 * A certificate and everything it causes (audit record, the holder's notification, the application's
 * move to "certified") commit together: a real SIGKILL at each named crash point leaves none of
 * them, and the retry completes all of them, as it does for a certificate written before they
 * shared a transaction. A submit closes, grades and certifies in one transaction: a kill anywhere in
 * it leaves the attempt open and nothing else, a kill after it everything. A pass graded without its
 * certificate (as an older version's crash left it), or a learner who never came back, the sweep finishes.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { issueCertificate, revokeCertificate } from '~/server/exams/certificates.server.ts'
import { finishInterruptedWork, saveBankAnswer, startAttempt } from '~/server/exams/exams.server.ts'
import { withLease } from '~/server/jobs/job-lease.server.ts'
import { crashWhilePosting, startApp } from '../support/app-server.ts'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import type { CrashPoint } from '~/server/jobs/crash-points.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let course: CatalogCourse
let contentDir = ''
let cacheDir = ''
let campaignId = ''
let ngoId = ''

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse({ courseYaml: 'certificate: { validMonths: 12 }' })
  contentDir = fixture.contentDir
  cacheDir = fixture.cacheDir
  const found = (await buildCatalog()).courses.get('basics')
  if (!found) throw new Error('fixture course')
  course = found
  campaignId = (await rosterCampaign(undefined, ['basics'])).id
  ngoId = (await accreditedNgo()).id
})

let n = 0
/** An accepted recruit of a campaign that requires the course, with a passed, graded attempt. */
async function passedRecruit() {
  n++
  const { user, application } = await recruit(9000 + n, { id: campaignId }, ngoId, { state: 'accepted', certificates: [] })
  const attempt = await db.examAttempt.create({
    data: {
      userId: user.id, courseSlug: 'basics', examId: 'final', contentVersion: course.version, seed: crypto.randomBytes(4).toString('hex'), questionIds: '[]', locale: 'ru',
      status: 'SUBMITTED', deadline: new Date(Date.now() + 3600_000), submittedAt: new Date(), points: 2, maxPoints: 2, percent: 100, passed: true,
    },
  })
  return { user, application, attempt: { id: attempt.id, userId: user.id, percent: 100, submittedAt: attempt.submittedAt, contentVersion: course.version } }
}

/** Issues the certificate in another process that is killed (SIGKILL) at the crash point. */
function issueInProcessKilledAt(point: CrashPoint, attempt: { id: string; userId: string; submittedAt: Date | null }): Promise<NodeJS.Signals | number | null> {
  return runKilledAt(point, `
    const { issueCertificate } = await import('./app/server/exams/certificates.server.ts')
    await issueCertificate({ id: ${JSON.stringify(attempt.id)}, userId: ${JSON.stringify(attempt.userId)}, percent: 100, submittedAt: new Date(${JSON.stringify(attempt.submittedAt?.toISOString())}), contentVersion: course.version }, course)
  `)
}

/** Revokes the certificate in another process that is killed (SIGKILL) at the crash point. */
function revokeInProcessKilledAt(point: CrashPoint, actorId: string, code: string): Promise<NodeJS.Signals | number | null> {
  return runKilledAt(point, `
    const { revokeCertificate } = await import('./app/server/exams/certificates.server.ts')
    await revokeCertificate(${JSON.stringify(actorId)}, ${JSON.stringify(code)}, 'Issued by mistake', '127.0.0.1')
  `)
}

/** Overrides the attempt's score in another process that is killed (SIGKILL) at the crash point. */
function overrideInProcessKilledAt(point: CrashPoint, actorId: string, attemptId: string, percent: number): Promise<NodeJS.Signals | number | null> {
  return runKilledAt(point, `
    const { overrideScore } = await import('./app/server/exams/exam-review.server.ts')
    await overrideScore(${JSON.stringify(actorId)}, ${JSON.stringify(attemptId)}, ${percent}, 'Question two was ambiguous', '127.0.0.1')
  `)
}

/** Submits the attempt in another process that is killed (SIGKILL) at the crash point. */
function submitInProcessKilledAt(point: CrashPoint, userId: string, attemptId: string): Promise<NodeJS.Signals | number | null> {
  return runKilledAt(point, `
    const { submitAttempt } = await import('./app/server/exams/exams.server.ts')
    await submitAttempt(${JSON.stringify(userId)}, course, ${JSON.stringify(attemptId)})
  `)
}

function runKilledAt(point: CrashPoint, work: string): Promise<NodeJS.Signals | number | null> {
  const script = `
    const { findCourse } = await import('./app/server/courses/catalog.server.ts')
    const course = await findCourse('basics')
    ${work}
    console.log('not killed')
  `
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_ENV: 'test', CRASH_AT: point, CONTENT_DIR: contentDir, CONTENT_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') console.error(output)
      resolve(signal ?? code)
    })
  })
}

async function consequences(userId: string, attemptId: string, applicationId: string) {
  const certificate = await db.certificate.findUnique({ where: { attemptId } })
  return {
    certificates: await db.certificate.count({ where: { attemptId } }),
    audited: certificate ? await db.auditEvent.count({ where: { action: 'certificate.issued', targetId: certificate.id } }) : await db.auditEvent.count({ where: { action: 'certificate.issued', actorId: userId } }),
    notified: await db.notification.count({ where: { userId, kind: 'certificate.issued' } }),
    state: (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).state,
    movedToCertified: await db.applicationEvent.count({ where: { applicationId, toState: 'certified' } }),
  }
}

describe('issuing a certificate survives a crash at any point', () => {
  it.each([['certificate.created'], ['certificate.announced']] as const)('SIGKILL at %s leaves nothing; the retry completes everything once', async (point) => {
    const { user, application, attempt } = await passedRecruit()
    expect(await issueInProcessKilledAt(point, attempt)).toBe('SIGKILL')
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 0, audited: 0, notified: 0, state: 'accepted', movedToCertified: 0 })

    const { code } = await issueCertificate(attempt, course)
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    // A second retry changes nothing.
    expect(await issueCertificate(attempt, course)).toEqual({ code })
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('a certificate left without its consequences by an older version is completed on retry', async () => {
    const { user, application, attempt } = await passedRecruit()
    await db.certificate.create({
      data: {
        code: 'HALF2-DONE3', userId: user.id, holderName: 'Half Done', courseSlug: 'basics', courseVersion: course.version, courseTitle: '{}', attemptId: attempt.id, percent: 100,
        campaignId, ngoId, issuedAt: new Date(), expiresAt: new Date(Date.now() + 365 * 86_400_000),
      },
    })
    expect(await issueCertificate(attempt, course)).toEqual({ code: 'HALF2-DONE3' })
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('two processes issuing at once make one certificate with one of each consequence', async () => {
    const { user, application, attempt } = await passedRecruit()
    const [a, b] = await Promise.all([issueCertificate(attempt, course), issueCertificate(attempt, course)])
    expect(a).toEqual(b)
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })
})

describe('revoking a certificate survives a crash', () => {
  it('SIGKILL right after the revocation is written leaves the certificate valid and nothing else; revoking again does everything once', async () => {
    const { user, application, attempt } = await passedRecruit()
    const { code } = await issueCertificate(attempt, course)
    const revocation = async () => ({
      revoked: (await db.certificate.findUniqueOrThrow({ where: { code } })).revokedAt !== null,
      audited: await db.auditEvent.count({ where: { action: 'certificate.revoked', actorId: user.id } }),
      notified: await db.notification.count({ where: { userId: user.id, kind: 'certificate.revoked' } }),
      state: (await db.application.findUniqueOrThrow({ where: { id: application.id } })).state,
      backToTraining: await db.applicationEvent.count({ where: { applicationId: application.id, toState: 'in_training' } }),
    })
    expect(await revocation()).toEqual({ revoked: false, audited: 0, notified: 0, state: 'certified', backToTraining: 0 })
    expect(await revokeInProcessKilledAt('certificate.revoked', user.id, code)).toBe('SIGKILL')
    expect(await revocation()).toEqual({ revoked: false, audited: 0, notified: 0, state: 'certified', backToTraining: 0 })
    expect(await revokeCertificate(user.id, code, 'Issued by mistake', '127.0.0.1')).toEqual({ ok: true })
    expect(await revocation()).toEqual({ revoked: true, audited: 1, notified: 1, state: 'in_training', backToTraining: 1 })
    expect(await revokeCertificate(user.id, code, 'again', '127.0.0.1')).toEqual({ ok: false, error: 'alreadyRevoked' })
    expect(await revocation()).toEqual({ revoked: true, audited: 1, notified: 1, state: 'in_training', backToTraining: 1 })
  })
})

describe('overriding a score survives a crash', () => {
  it('SIGKILL while the override issues the certificate leaves neither the override nor anything it causes; overriding again does everything once', async () => {
    const { user, application, attempt } = await passedRecruit()
    // Someone else's review: nobody overrides their own attempt.
    const reviewer = await createUser()
    // Graded as a fail: the override to a pass is what issues the certificate.
    await db.examAttempt.update({ where: { id: attempt.id }, data: { points: 0, percent: 0, passed: false } })
    const overridden = async () => ({
      override: (await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).overridePercent,
      overrideAudited: await db.auditEvent.count({ where: { action: 'exam.score_overridden', targetId: attempt.id } }),
      ...(await consequences(user.id, attempt.id, application.id)),
    })
    const nothing = { override: null, overrideAudited: 0, certificates: 0, audited: 0, notified: 0, state: 'accepted', movedToCertified: 0 }
    expect(await overridden()).toEqual(nothing)
    expect(await overrideInProcessKilledAt('certificate.created', reviewer.id, attempt.id, 90)).toBe('SIGKILL')
    expect(await overridden()).toEqual(nothing)
    const { overrideScore } = await import('~/server/exams/exam-review.server.ts')
    expect(await overrideScore(reviewer.id, attempt.id, 90, 'Question two was ambiguous', '127.0.0.1')).toEqual({ ok: true, certificate: 'issued' })
    expect(await overridden()).toEqual({ override: 90, overrideAudited: 1, certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('SIGKILL while an override back to a pass reinstates the certificate leaves it revoked and the recruit in training; overriding again reinstates it once', async () => {
    const { user, application, attempt } = await passedRecruit()
    // Someone else's review: nobody overrides their own attempt.
    const reviewer = await createUser()
    const { overrideScore } = await import('~/server/exams/exam-review.server.ts')
    await issueCertificate(attempt, course)
    expect(await overrideScore(reviewer.id, attempt.id, 10, 'Answers copied', '127.0.0.1')).toEqual({ ok: true, certificate: 'revoked' })
    const reinstatement = async () => {
      const certificate = await db.certificate.findUniqueOrThrow({ where: { attemptId: attempt.id } })
      return {
        override: (await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).overridePercent,
        valid: certificate.revokedAt === null,
        percent: certificate.percent,
        audited: await db.auditEvent.count({ where: { action: 'certificate.reinstated', targetId: certificate.id } }),
        notified: await db.notification.count({ where: { userId: user.id, kind: 'certificate.issued' } }),
        state: (await db.application.findUniqueOrThrow({ where: { id: application.id } })).state,
      }
    }
    const revoked = { override: 10, valid: false, percent: 100, audited: 0, notified: 1, state: 'in_training' }
    expect(await reinstatement()).toEqual(revoked)
    expect(await overrideInProcessKilledAt('certificate.reinstated', reviewer.id, attempt.id, 95)).toBe('SIGKILL')
    expect(await reinstatement()).toEqual(revoked)
    expect(await overrideScore(reviewer.id, attempt.id, 95, 'Not copied after all', '127.0.0.1')).toEqual({ ok: true, certificate: 'reinstated' })
    expect(await reinstatement()).toEqual({ override: 95, valid: true, percent: 95, audited: 1, notified: 2, state: 'certified' })
  })
})

const pick = (values: string[]) => ({ values, positions: {}, matches: {} })
/** An accepted recruit with an attempt under way and the right answers saved. */
async function recruitMidExam(base = 9500) {
  n++
  const { user, application } = await recruit(base + n, { id: campaignId }, ngoId, { state: 'accepted', certificates: [] })
  await completeLessons(user.id, course.slug)
  const start = await startAttempt(user.id, course, 'ru')
  if (!start.ok) throw new Error('start')
  await saveBankAnswer(user.id, course, start.attemptId, 'q-one', pick(['a']))
  await saveBankAnswer(user.id, course, start.attemptId, 'q-two', pick(['true']))
  return { user, application, attemptId: start.attemptId }
}

describe('an attempt is never left submitted without its score', () => {
  const attemptState = async (attemptId: string) => {
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })
    return { status: row.status, percent: row.percent, passed: row.passed }
  }

  it('SIGKILL after closing, before grading, leaves the attempt open and unscored; submitting again grades it and issues the certificate', async () => {
    const { user, application, attemptId } = await recruitMidExam()
    expect(await submitInProcessKilledAt('attempt.closed', user.id, attemptId)).toBe('SIGKILL')
    expect(await attemptState(attemptId)).toEqual({ status: 'IN_PROGRESS', percent: null, passed: null })
    const { submitAttempt } = await import('~/server/exams/exams.server.ts')
    await submitAttempt(user.id, course, attemptId)
    expect(await attemptState(attemptId)).toEqual({ status: 'SUBMITTED', percent: 100, passed: true })
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it.each([['certificate.created'], ['certificate.announced']] as const)(
    'SIGKILL at %s during a submit leaves the attempt open, unscored and without a certificate; submitting again completes everything once',
    async (point) => {
      const { user, application, attemptId } = await recruitMidExam()
      expect(await submitInProcessKilledAt(point, user.id, attemptId)).toBe('SIGKILL')
      expect(await attemptState(attemptId)).toEqual({ status: 'IN_PROGRESS', percent: null, passed: null })
      expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 0, audited: 0, notified: 0, state: 'accepted', movedToCertified: 0 })
      const { submitAttempt } = await import('~/server/exams/exams.server.ts')
      await submitAttempt(user.id, course, attemptId)
      expect(await attemptState(attemptId)).toEqual({ status: 'SUBMITTED', percent: 100, passed: true })
      expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
      // Submitted again: nothing more.
      await submitAttempt(user.id, course, attemptId)
      expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    },
  )

  it('SIGKILL right after a submit’s transaction: graded, certified and everything the certificate causes, nothing left for the sweep', async () => {
    const { user, application, attemptId } = await recruitMidExam()
    expect(await submitInProcessKilledAt('attempt.graded', user.id, attemptId)).toBe('SIGKILL')
    expect(await attemptState(attemptId)).toEqual({ status: 'SUBMITTED', percent: 100, passed: true })
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    await finishInterruptedWork()
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('the sweep issues the certificate of a pass graded without one (as a crash of an older version left it) with everything it causes', async () => {
    const { user, application, attempt } = await passedRecruit()
    const swept = await finishInterruptedWork()
    expect(swept.certificatesIssued).toBeGreaterThanOrEqual(1)
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    // Swept again: nothing more to do for it.
    await finishInterruptedWork()
    expect(await consequences(user.id, attempt.id, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('the sweep closes and grades an attempt left open past its deadline, with what was saved in time', async () => {
    const { user, application, attemptId } = await recruitMidExam()
    // The answers were saved two minutes ago, the deadline passed a minute ago, and the learner never submitted.
    await db.examAnswer.updateMany({ where: { attemptId }, data: { savedAt: new Date(Date.now() - 120_000) } })
    await db.examAttempt.update({ where: { id: attemptId }, data: { deadline: new Date(Date.now() - 60_000) } })
    const swept = await finishInterruptedWork()
    expect(swept.attemptsFinished).toBeGreaterThanOrEqual(1)
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })
    expect(row).toMatchObject({ status: 'SUBMITTED', late: true, percent: 100, passed: true })
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })
})

describe('the sweep runs at start-up, one process at a time', () => {
  it('a lease is taken by one of several at once, held a while after the work, and taken over once expired', async () => {
    let runs = 0
    const work = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 50))
      return runs
    }
    const outcomes = await Promise.all([1, 2, 3].map(() => withLease('test.lease', { ttlMs: 60_000, holdMs: 60_000 }, work)))
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1)
    expect(runs).toBe(1)
    // Held after the work: a process starting now skips it.
    expect((await withLease('test.lease', { ttlMs: 60_000 }, work)).ran).toBe(false)
    // A holder that died: once its lease expires, another takes it.
    await db.jobLease.update({ where: { name: 'test.lease' }, data: { expiresAt: new Date(Date.now() - 1) } })
    expect(await withLease('test.lease', { ttlMs: 60_000 }, work)).toEqual({ ran: true, result: 2 })
  })

  it('a server that starts finishes an attempt abandoned past its deadline, and issues its certificate', async () => {
    const { user, application, attemptId } = await recruitMidExam(9800)
    await db.examAnswer.updateMany({ where: { attemptId: attemptId }, data: { savedAt: new Date(Date.now() - 120_000) } })
    await db.examAttempt.update({ where: { id: attemptId }, data: { deadline: new Date(Date.now() - 60_000) } })
    await db.jobLease.deleteMany({ where: { name: 'sweep.interrupted-work' } })

    const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: contentDir, CONTENT_CACHE_DIR: cacheDir, OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
    try {
      await expect
        .poll(async () => (await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).status, { timeout: 20_000 })
        .toBe('SUBMITTED')
      await expect.poll(() => consequences(user.id, attemptId, application.id), { timeout: 20_000 }).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    } finally {
      await app.stop()
    }
  })
})

describe('a real server killed in the middle of a submit', () => {
  const env = () => ({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: contentDir, CONTENT_CACHE_DIR: cacheDir, OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })

  it('SIGKILL of the server while issuing the certificate: nothing of the submit stays; the submit again completes everything', async () => {
    const { user, application, attemptId } = await recruitMidExam(9900)
    await crashWhilePosting(env(), 'certificate.announced', { email: user.email, password: TEST_PASSWORD }, `/courses/basics/exam/${attemptId}`, { intent: 'submit' })
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ status: 'IN_PROGRESS', percent: null, passed: null })
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 0, audited: 0, notified: 0, state: 'accepted', movedToCertified: 0 })
    const { submitAttempt } = await import('~/server/exams/exams.server.ts')
    await submitAttempt(user.id, course, attemptId)
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
  })

  it('SIGKILL of the server just after the submit committed: graded and certified with everything; the restarted server adds nothing', async () => {
    const { user, application, attemptId } = await recruitMidExam(9950)
    await crashWhilePosting(env(), 'attempt.graded', { email: user.email, password: TEST_PASSWORD }, `/courses/basics/exam/${attemptId}`, { intent: 'submit' })
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ status: 'SUBMITTED', percent: 100, passed: true })
    expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })

    await db.jobLease.deleteMany({ where: { name: 'sweep.interrupted-work' } })
    const restarted = await startApp(env())
    try {
      await expect.poll(async () => (await db.jobLease.findUnique({ where: { name: 'sweep.interrupted-work' } })) !== null, { timeout: 20_000 }).toBe(true)
      // And the sweep's work once more here, to its end.
      await finishInterruptedWork()
      expect(await consequences(user.id, attemptId, application.id)).toEqual({ certificates: 1, audited: 1, notified: 1, state: 'certified', movedToCertified: 1 })
    } finally {
      await restarted.stop()
    }
  })
})
