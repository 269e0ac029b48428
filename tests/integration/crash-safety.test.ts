/**
 * A certificate and everything it causes (audit record, the holder's notification, the application's
 * move to "certified") commit together: a real SIGKILL at each named crash point leaves none of
 * them, and the retry completes all of them, as it does for a certificate written before they
 * shared a transaction.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { issueCertificate } from '~/server/certificates.server.ts'
import { buildCatalog, type CatalogCourse } from '~/server/content/catalog.server.ts'
import { crashPoints, type CrashPoint } from '~/server/crash-points.server.ts'
import { db } from '~/server/db.server.ts'
import { fixtureExam, writeFixtureCourse } from '../support/content-fixture.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let course: CatalogCourse
let contentDir = ''
let cacheDir = ''
let campaignId = ''
let ngoId = ''

beforeAll(async () => {
  const fixture = writeFixtureCourse()
  fixture.write('basics/course.yaml', fs.readFileSync(`${fixture.contentDir}/courses/basics/course.yaml`, 'utf8').replace('status: published', 'finalExam: final\ncertificate: { validMonths: 12 }\nstatus: published'))
  fixture.write('basics/exam/final.yaml', fixtureExam())
  contentDir = fixture.contentDir
  cacheDir = fixture.cacheDir
  process.env.CONTENT_DIR = contentDir
  process.env.CONTENT_CACHE_DIR = cacheDir
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
  const script = `
    const { findCourse } = await import('./app/server/content/catalog.server.ts')
    const { issueCertificate } = await import('./app/server/certificates.server.ts')
    const course = await findCourse('basics')
    await issueCertificate({ id: ${JSON.stringify(attempt.id)}, userId: ${JSON.stringify(attempt.userId)}, percent: 100, submittedAt: new Date(${JSON.stringify(attempt.submittedAt?.toISOString())}), contentVersion: course.version }, course)
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
  it.each(crashPoints.map((point) => [point]))('SIGKILL at %s leaves nothing; the retry completes everything once', async (point) => {
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
