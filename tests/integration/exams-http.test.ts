/** The exam pages over HTTP, on a fixture course: start, save (with and without JavaScript), submit, result. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { addMember, completeLessons, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { examPageQuestions } from '../support/page-text.ts'

let app: RunningApp
const EXAM = '/courses/basics/exam'

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse()
  await buildCatalog() // production serves only from the compiled cache
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir })
})
afterAll(async () => {
  await app.stop()
})

/** A learner signed in who has completed the fixture course's lessons: the exam may start for them. */
async function learner() {
  const user = await createUser({ locale: 'en' })
  await completeLessons(user.id, 'basics')
  const client = new Client(app.url, { 'Accept-Language': 'en' })
  await client.login(user.email, TEST_PASSWORD)
  return client
}

describe('exam pages', () => {
  it('start an attempt, save answers with and without JavaScript, submit once, and show the result', async () => {
    const c = await learner()
    const overview = await c.get(EXAM)
    expect(overview.status).toBe(200)
    expect(await overview.text()).toContain('Pass mark: 80%')
    const started = await c.post(EXAM, { intent: 'start' })
    expect(started.status).toBe(302)
    const attemptUrl = started.headers.get('Location') ?? ''
    expect(attemptUrl).toMatch(/^\/courses\/basics\/exam\/\w+$/)

    const page = await (await c.get(attemptUrl)).text()
    expect(page).toContain('Question?')
    expect(page).toContain('Time left')
    // Not the explanation (asset names are hashes, which may end in «So»: courses._index-6UqQhZSo.js).
    expect(page.replace(/\/assets\/[\w.-]+/g, '')).not.toContain('So.')
    expect(page).not.toMatch(/"correct"|"explanation"|"answer":true/)

    // The forms name questions and options by the attempt's tokens: pick them by their visible text.
    const questions = examPageQuestions(page)
    const single = questions.find((q) => q.text === 'Question?')
    const truefalse = questions.find((q) => q.text === 'True?')
    const yes = single?.choices.find((o) => o.label === 'Yes')?.value ?? ''
    const no = single?.choices.find((o) => o.label === 'No')?.value ?? ''
    const isTrue = truefalse?.choices.find((o) => o.label === 'True')?.value ?? ''
    expect([single?.token, truefalse?.token, yes, isTrue].every((token) => /^[\w-]{12}$/.test(token ?? ''))).toBe(true)
    const noJs = await c.post(attemptUrl, { intent: 'save', questionId: single?.token ?? '', answer: yes })
    expect(noJs.status).toBe(302)
    expect(noJs.headers.get('Location')).toBe(`${attemptUrl}?saved=${encodeURIComponent(single?.token ?? '')}#q-${single?.token ?? ''}`)
    const withJs = await c.post(`${attemptUrl}.data`, { intent: 'save', questionId: truefalse?.token ?? '', answer: isTrue, js: '1' })
    expect(withJs.status).toBe(200)
    const bad = await c.post(`${attemptUrl}.data`, { intent: 'save', questionId: truefalse?.token ?? '', answer: 'perhaps', js: '1' })
    expect(bad.status).toBe(400)

    expect((await c.post(attemptUrl, { intent: 'submit' })).status).toBe(302)
    expect((await c.post(attemptUrl, { intent: 'submit' })).status).toBe(302)
    const result = await (await c.get(attemptUrl)).text()
    expect(result).toContain('Passed: 100% (pass mark 80%).')
    expect(result).toContain('So.')
    // The review carries each question's text, not its options' tokens (the page never used them).
    for (const token of [yes, no, isTrue]) expect(result).not.toContain(token)
    const closed = await c.post(`${attemptUrl}.data`, { intent: 'save', questionId: single?.token ?? '', answer: no, js: '1' })
    expect(closed.status).toBe(409)
  })

  it('keep attempts private and refuse junk', async () => {
    const owner = await learner()
    const attemptUrl = (await owner.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    const stranger = await learner()
    expect((await stranger.get(attemptUrl)).status).toBe(404)
    expect((await stranger.post(attemptUrl, { intent: 'save', questionId: 'q-one', answer: 'a' })).status).toBe(404)
    expect((await owner.post(attemptUrl, { intent: 'dance' })).status).toBe(400)
    expect((await owner.post(EXAM, { intent: 'dance' })).status).toBe(400)
    expect((await new Client(app.url).get(EXAM)).status).toBe(302)
    expect((await owner.get('/courses/basics/exam/no-such-attempt')).status).toBe(404)
  })
})

describe('the attempts review', () => {
  it('is for trainers and admins; only admins grant extra time', async () => {
    const learnerClient = await learner()
    const attemptUrl = (await learnerClient.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    const attemptId = attemptUrl.split('/').pop() ?? ''
    expect((await learnerClient.get('/attempts')).status).toBe(403)
    expect((await learnerClient.post(`/attempts/${attemptId}`, { intent: 'override', percent: '100', reason: 'please' })).status).toBe(403)

    const trainerUser = await createUser({ locale: 'en' })
    await addMember(trainerUser.id, (await createNgo()).id, 'TRAINER')
    const trainer = new Client(app.url)
    await trainer.login(trainerUser.email, TEST_PASSWORD)
    expect((await trainer.get('/attempts')).status).toBe(200)
    expect((await trainer.get(`/attempts/${attemptId}`)).status).toBe(200)
    expect((await trainer.post(`/attempts/${attemptId}`, { intent: 'extra-time', minutes: '10', reason: 'needs it' })).status).toBe(403)
    expect((await trainer.post(`/attempts/${attemptId}`, { intent: 'override', percent: '150', reason: 'x' })).status).toBe(400)
    expect((await trainer.post(`/attempts/${attemptId}`, { intent: 'override', percent: '90', reason: 'valid reason' })).status).toBe(400)
    // Submitted (unanswered: 0%), the override saves and says what became of the certificate.
    expect((await learnerClient.post(attemptUrl, { intent: 'submit' })).status).toBe(302)
    const override = async (percent: string, reason: string) => {
      expect((await trainer.post(`/attempts/${attemptId}`, { intent: 'override', percent, reason })).status).toBe(302)
      return (await trainer.get(`/attempts/${attemptId}`)).text()
    }
    expect(await override('90', 'Question one was ambiguous')).toContain('The score has been overridden.')
    expect(await override('10', 'Rechecked')).toContain('The score has been overridden.')
    const reviewed = await override('95', 'The first check was right')
    expect(reviewed).toContain('The score has been overridden and the certificate is valid again.')
    // The certificate's code leads the trainer to the public check (its own page is the holder's and the admins').
    const code = (await db.certificate.findFirstOrThrow({ where: { attemptId } })).code
    expect(reviewed).toContain(`href="/verify/${code}"`)
    expect((await trainer.get(`/verify/${code}`)).status).toBe(200)

    const adminUser = await createUser({ isAdmin: true })
    const admin = new Client(app.url)
    await admin.login(adminUser.email, TEST_PASSWORD)
    expect((await admin.post(`/attempts/${attemptId}`, { intent: 'extra-time', minutes: '10', reason: 'needs it' })).status).toBe(302)
    expect((await admin.get('/attempts/nope')).status).toBe(404)
    expect(await (await admin.get(`/attempts/${attemptId}`)).text()).toContain(`href="/certificates/${code}"`)
  })

  it('closes and grades an attempt whose time ran out before the sweep did, and refuses it extra time: 409, said in the admin’s language, no minutes given', async () => {
    const learnerClient = await learner()
    const attemptUrl = (await learnerClient.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    const attemptId = attemptUrl.split('/').pop() ?? ''
    // Started 31 minutes ago with 30 to go: over a minute ago, still IN_PROGRESS (no view, no sweep since).
    const deadline = new Date(Date.now() - 60_000)
    await db.examAttempt.update({ where: { id: attemptId }, data: { startedAt: new Date(deadline.getTime() - 30 * 60_000), deadline } })
    const adminUser = await createUser({ isAdmin: true, locale: 'en' })
    const admin = new Client(app.url, { 'Accept-Language': 'en' })
    await admin.login(adminUser.email, TEST_PASSWORD)
    const refused = await admin.post(`/attempts/${attemptId}`, { intent: 'extra-time', minutes: '60', reason: 'Slow connection' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('This attempt’s time has run out')
    const attempt = await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })
    expect(attempt).toMatchObject({ status: 'SUBMITTED', late: true, submittedAt: deadline, deadline, extraMinutes: 0, percent: 0, passed: false })
    expect(await db.examAccommodation.count({ where: { userId: attempt.userId } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'exam.extra_time_granted', targetId: attempt.userId } })).toBe(0)
    // The learner cannot save into it any more.
    expect((await learnerClient.post(`${attemptUrl}.data`, { intent: 'save', questionId: 'any', answer: 'a', js: '1' })).status).toBe(409)
  })

  it('refuses a trainer’s or admin’s review of their own attempt: 403, said in their language, nothing recorded, no forms offered', async () => {
    const trainerUser = await createUser({ locale: 'ru' })
    await addMember(trainerUser.id, (await createNgo()).id, 'TRAINER')
    await completeLessons(trainerUser.id, 'basics')
    const trainer = new Client(app.url)
    await trainer.login(trainerUser.email, TEST_PASSWORD)
    const attemptUrl = (await trainer.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    const attemptId = attemptUrl.split('/').pop() ?? ''
    expect((await trainer.post(attemptUrl, { intent: 'submit' })).status).toBe(302)
    const refused = await trainer.post(`/attempts/${attemptId}`, { intent: 'override', percent: '100', reason: 'Certify me' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Это ваша собственная попытка')
    // Refused before the form is read: an invalid post is refused the same way.
    expect((await trainer.post(`/attempts/${attemptId}`, { intent: 'override', percent: '150', reason: '' })).status).toBe(403)
    const page = await (await trainer.get(`/attempts/${attemptId}`)).text()
    expect(page).toContain('Это ваша собственная попытка')
    expect(page).not.toContain('name="percent"')

    const adminUser = await createUser({ isAdmin: true, locale: 'en' })
    await completeLessons(adminUser.id, 'basics')
    const admin = new Client(app.url)
    await admin.login(adminUser.email, TEST_PASSWORD)
    const adminAttemptUrl = (await admin.post(EXAM, { intent: 'start' })).headers.get('Location') ?? ''
    const adminAttemptId = adminAttemptUrl.split('/').pop() ?? ''
    const noTime = await admin.post(`/attempts/${adminAttemptId}`, { intent: 'extra-time', minutes: '60', reason: 'Needs it' })
    expect(noTime.status).toBe(403)
    expect(await noTime.text()).toContain('This is your own attempt')
    expect(await (await admin.get(`/attempts/${adminAttemptId}`)).text()).not.toContain('name="minutes"')
    expect((await admin.post(adminAttemptUrl, { intent: 'submit' })).status).toBe(302)
    expect((await admin.post(`/attempts/${adminAttemptId}`, { intent: 'override', percent: '100', reason: 'Certify me' })).status).toBe(403)

    for (const id of [attemptId, adminAttemptId]) {
      expect(await db.examAttempt.findUniqueOrThrow({ where: { id } })).toMatchObject({ overridePercent: null, overrideById: null, extraMinutes: 0 })
      expect(await db.certificate.count({ where: { attemptId: id } })).toBe(0)
    }
    expect(await db.examAccommodation.count({ where: { userId: adminUser.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { actorId: { in: [trainerUser.id, adminUser.id] }, action: { in: ['exam.score_overridden', 'exam.extra_time_granted'] } } })).toBe(0)
  })
})
