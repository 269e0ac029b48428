/**
 * The final exam starts only after the training (app/domain/exam/readiness.ts), over HTTP against the
 * built app: a fresh account's start is refused with the translated reason and makes no attempt; the
 * exam and course pages say what is left, with links; every lesson completed and the prerequisite
 * courses passed (one with a final exam: an unrevoked certificate; one without: its lessons), it starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import ru from '~/i18n/locales/ru.json'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { revokeCertificate } from '~/server/exams/certificates.server.ts'
import { saveBankAnswer, startAttempt, submitAttempt } from '~/server/exams/exams.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { fixtureExam, fixtureQuiz, lessonSource, setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { decodeHtml } from '../support/page-text.ts'

let app: RunningApp
const EXAM = '/courses/basics/exam'
const courseFile = (title: string) => `title: { ru: "${title}", kk: "${title}", en: "${title}" }
summary: { ru: "Кратко", kk: "Қысқаша", en: "Short" }
audience: { ru: "Все", kk: "Барлығы", en: "Everyone" }
estimatedMinutes: 10
lessons: [01-only]
`

beforeAll(async () => {
  // Basics builds on two courses: Intro, which has a final exam, and Reading, which has none.
  const fixture = setUpExamFixtureCourse({ courseYaml: 'prerequisites: [intro, reading]' })
  fixture.write('intro/course.yaml', `${courseFile('Intro course')}finalExam: final\nstatus: published\n`)
  fixture.write('intro/exam/final.yaml', fixtureExam())
  fixture.write('reading/course.yaml', `${courseFile('Reading course')}status: published\n`)
  for (const slug of ['intro', 'reading']) {
    for (const locale of ['ru', 'kk', 'en']) fixture.write(`${slug}/lessons/01-only.${locale}.mdx`, lessonSource(`Only ${slug}`, [fixtureQuiz(`${slug}-check`)]))
  }
  const catalog = await buildCatalog() // production serves only from the compiled cache
  expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir })
})
afterAll(async () => {
  await app.stop()
})

async function signedIn(locale: 'en' | 'ru') {
  const user = await createUser({ locale })
  const client = new Client(app.url, { 'Accept-Language': locale })
  await client.login(user.email, TEST_PASSWORD)
  return { user, client }
}

/** A text as an element of the page shows it (the page also ships its translations as data, where the same words stand in quotes). */
const shown = (text: string) => `>${text}<`
const lessonsLeft = (count: number) => shown(en.exam.blocked.lessonsLeft_other.replace('{{count}}', String(count)))
const START_FORM = 'name="intent" value="start"'
const attempts = (userId: string) => db.examAttempt.count({ where: { userId, courseSlug: 'basics' } })

/** Passes Intro's final exam, as its own start allows (its lesson completed first), and gives the certificate's code. */
async function passIntro(userId: string): Promise<string> {
  const intro = await findCourse('intro')
  if (!intro) throw new Error('no intro course')
  await completeLessons(userId, 'intro')
  const start = await startAttempt(userId, intro, 'en')
  if (!start.ok) throw new Error(`intro refused: ${JSON.stringify(start.decision)}`)
  const pick = (values: string[]) => ({ values, positions: {}, matches: {} })
  await saveBankAnswer(userId, intro, start.attemptId, 'q-one', pick(['a']))
  await saveBankAnswer(userId, intro, start.attemptId, 'q-two', pick(['true']))
  await submitAttempt(userId, intro, start.attemptId)
  return (await db.certificate.findFirstOrThrow({ where: { userId, courseSlug: 'intro' } })).code
}

describe('the final exam’s start', () => {
  it('is refused to a fresh account with the reason in its language, makes no attempt, and opens once the lessons and prerequisite courses are done', async () => {
    const { user, client } = await signedIn('en')

    // The exam page says what is left instead of offering the start: lessons and courses, each a link.
    const page = decodeHtml(await (await client.get(EXAM)).text())
    expect(page).toContain(lessonsLeft(2))
    expect(page).toContain('href="/courses/basics/01-first"')
    expect(page).toContain('href="/courses/basics/02-second"')
    expect(page).toContain(shown(en.exam.blocked.prerequisitesLeft_other))
    expect(page).toContain('href="/courses/intro"')
    expect(page).toContain('href="/courses/reading"')
    expect(page).not.toContain(START_FORM)
    // The course page's exam section says the same.
    const coursePage = decodeHtml(await (await client.get('/courses/basics')).text())
    expect(coursePage).toContain(lessonsLeft(2))
    expect(coursePage).toContain(shown(en.exam.blocked.prerequisitesLeft_other))

    // A start posted anyway is refused on the server: 409, the reason, no attempt.
    const refused = await client.post(EXAM, { intent: 'start' })
    expect(refused.status).toBe(409)
    expect(decodeHtml(await refused.text())).toContain(lessonsLeft(2))
    expect(await attempts(user.id)).toBe(0)
    // In Russian for a Russian speaker.
    const russian = await signedIn('ru')
    const refusedInRussian = await russian.client.post(EXAM, { intent: 'start' })
    expect(refusedInRussian.status).toBe(409)
    expect(decodeHtml(await refusedInRussian.text())).toContain(shown(ru.exam.blocked.lessonsLeft_few.replace('{{count}}', '2')))
    expect(await attempts(russian.user.id)).toBe(0)

    // One lesson done (as the learner marks it): one left.
    expect((await client.post('/courses/basics/01-first', { intent: 'complete' })).status).toBeLessThan(400)
    const oneLeft = await client.post(EXAM, { intent: 'start' })
    expect(oneLeft.status).toBe(409)
    expect(decodeHtml(await oneLeft.text())).toContain(shown(en.exam.blocked.lessonsLeft_one.replace('{{count}}', '1')))
    // The course page counts from the lessons its progress bar read (trainingLeftFor's completedLessons).
    const oneLeftCourse = decodeHtml(await (await client.get('/courses/basics')).text())
    expect(oneLeftCourse).toContain(shown(en.exam.blocked.lessonsLeft_one.replace('{{count}}', '1')))
    expect(oneLeftCourse).toContain(shown(en.exam.blocked.prerequisitesLeft_other))
    // Every lesson done: the prerequisite courses are what is left.
    expect((await client.post('/courses/basics/02-second', { intent: 'complete' })).status).toBeLessThan(400)
    const coursesLeft = await client.post(EXAM, { intent: 'start' })
    expect(coursesLeft.status).toBe(409)
    const coursesLeftPage = decodeHtml(await coursesLeft.text())
    expect(coursesLeftPage).toContain(shown(en.exam.blocked.prerequisitesLeft_other))
    expect(coursesLeftPage).not.toContain(lessonsLeft(2))
    expect(await attempts(user.id)).toBe(0)

    // Reading (no exam) is passed by its lessons; Intro (an exam) by its certificate.
    await completeLessons(user.id, 'reading')
    const introLeft = decodeHtml(await (await client.get(EXAM)).text())
    expect(introLeft).toContain(shown(en.exam.blocked.prerequisitesLeft_one))
    expect(introLeft).toContain('href="/courses/intro"')
    expect(introLeft).not.toContain('href="/courses/reading"')
    const introLeftCourse = decodeHtml(await (await client.get('/courses/basics')).text())
    expect(introLeftCourse).toContain(shown(en.exam.blocked.prerequisitesLeft_one))
    expect(introLeftCourse).not.toContain(lessonsLeft(2))
    expect(introLeftCourse).not.toContain(shown(en.exam.blocked.lessonsLeft_one.replace('{{count}}', '1')))
    expect((await client.post(EXAM, { intent: 'start' })).status).toBe(409)
    await passIntro(user.id)

    const ready = decodeHtml(await (await client.get(EXAM)).text())
    expect(ready).toContain(START_FORM)
    expect(ready).not.toContain(shown(en.exam.blocked.prerequisitesLeft_one))
    const started = await client.post(EXAM, { intent: 'start' })
    expect(started.status).toBe(302)
    expect(started.headers.get('Location')).toMatch(/^\/courses\/basics\/exam\/\w+$/)
    expect(await attempts(user.id)).toBe(1)
  })

  it('does not count a prerequisite whose certificate was revoked', async () => {
    const { user, client } = await signedIn('en')
    const admin = await createUser({ isAdmin: true })
    await completeLessons(user.id, 'basics')
    await completeLessons(user.id, 'reading')
    const code = await passIntro(user.id)
    expect(await revokeCertificate(admin.id, code, 'Copied the answers', '127.0.0.1')).toEqual({ ok: true })
    const refused = await client.post(EXAM, { intent: 'start' })
    expect(refused.status).toBe(409)
    expect(decodeHtml(await refused.text())).toContain(shown(en.exam.blocked.prerequisitesLeft_one))
    expect(await attempts(user.id)).toBe(0)
  })
})

describe('the course page’s first button', () => {
  /** The page's primary button: where it goes and what it says. */
  const primary = (html: string) => /<a class="btn btn-primary btn-large"[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(html)?.slice(1, 3)
  const secondary = (html: string) => [...html.matchAll(/<a class="btn btn-secondary"[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])

  it('offers the lessons until they are done, then the final exam, then the certificate; going over the lessons comes second', async () => {
    const { user, client } = await signedIn('en')
    const course = async () => decodeHtml(await (await client.get('/courses/intro')).text())
    expect(primary(await course())).toEqual(['/courses/intro/01-only', en.courses.start])

    // Every lesson done (1 of 1), no exam passed: the exam first, a second button to go over the lessons.
    await completeLessons(user.id, 'intro')
    const done = await course()
    expect(primary(done)).toEqual(['/courses/intro/exam', en.courses.takeExam])
    expect(done).toContain(shown(en.courses.nextExam))
    expect(secondary(done)).toContainEqual(['/courses/intro/01-only', en.courses.review])

    // Passed: the certificate first.
    const code = await passIntro(user.id)
    const passed = await course()
    expect(primary(passed)).toEqual([`/certificates/${code}`, en.courses.openCertificate])
    expect(passed).toContain(shown(en.courses.nextCertificate))
    expect(secondary(passed)).toContainEqual(['/courses/intro/01-only', en.courses.review])

    // A course without a final exam, finished: going over it is all there is to offer.
    await completeLessons(user.id, 'reading')
    expect(primary(decodeHtml(await (await client.get('/courses/reading')).text()))).toEqual(['/courses/reading/01-only', en.courses.review])
  })
})

describe('a renewal over HTTP', () => {
  it('says the certificate has lapsed and offers the start again once it expired; before that the page says the exam is passed', async () => {
    const { user, client } = await signedIn('en')
    const code = await passIntro(user.id)
    const passed = decodeHtml(await (await client.get('/courses/intro/exam')).text())
    expect(passed).toContain(shown(en.exam.passedAlready))
    expect(passed).not.toContain(START_FORM)
    expect(passed).not.toContain(shown(en.exam.renewal))
    expect(decodeHtml(await (await client.get('/courses/intro')).text())).toContain(shown(en.courses.nextCertificate))
    await db.certificate.update({ where: { code }, data: { expiresAt: new Date(Date.now() - 86_400_000) } })
    const lapsed = decodeHtml(await (await client.get('/courses/intro/exam')).text())
    expect(lapsed).toContain(shown(en.exam.renewal))
    expect(lapsed).toContain(START_FORM)
    expect(lapsed).not.toContain(shown(en.exam.passedAlready))
    // The course page's next step is the exam again, not the lapsed certificate.
    const coursePage = decodeHtml(await (await client.get('/courses/intro')).text())
    expect(coursePage).toContain(shown(en.courses.nextExam))
    expect(coursePage).not.toContain(shown(en.courses.nextCertificate))
    const started = await client.post('/courses/intro/exam', { intent: 'start' })
    expect(started.status).toBe(302)
    expect(await db.examAttempt.count({ where: { userId: user.id, courseSlug: 'intro' } })).toBe(2)
  })
})
