import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { parse } from 'yaml'
import { examBankSchema, type Question } from '../../app/domain/exam/bank.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'
import { qrText } from '../support/qr.ts'

const bank = examBankSchema.parse(parse(fs.readFileSync('content/courses/observer-basics/exam/basics-final.yaml', 'utf8')))
const EXAM = '/courses/observer-basics/exam'
const LESSONS = (parse(fs.readFileSync('content/courses/observer-basics/course.yaml', 'utf8')) as { lessons: string[] }).lessons

/**
 * Every lesson of the course completed for the account, written straight into the browser tests'
 * database (times copied from the account, in whatever form the app stores them): the final exam
 * starts only then. The first test goes through the lessons as a learner does.
 */
function completeLessonsOf(database: Database.Database, email: string) {
  const user = database.prepare(`SELECT "id", "createdAt" FROM "User" WHERE "email" = ?`).get(email) as { id: string; createdAt: unknown }
  const upsert = database.prepare(
    `INSERT INTO "LessonProgress" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "openedAt", "lastSeenAt", "completedAt", "completedBy")
     VALUES (?, ?, 'observer-basics', ?, 'e2e', ?, ?, ?, 'learner')
     ON CONFLICT ("userId", "courseSlug", "lessonSlug") DO UPDATE SET "completedAt" = excluded."completedAt", "completedBy" = 'learner'`,
  )
  for (const lesson of LESSONS) upsert.run(`e2e-${user.id}-${lesson}`, user.id, lesson, user.createdAt, user.createdAt, user.createdAt)
}

/**
 * A learner of a test's own (`<handle>@example.org`, the other tests' attempts and cooldowns stay
 * theirs) with the demo password, every lesson done, so the exam starts.
 */
function learnerOfTheirOwn(database: Database.Database, handle: string, name: string, locale: 'ru' | 'kk' | 'en') {
  database
    .prepare(
      `INSERT OR IGNORE INTO "User" ("id", "email", "name", "passwordHash", "locale", "isAdmin", "createdAt", "updatedAt")
       SELECT ?, ?, ?, "passwordHash", ?, 0, "createdAt", "updatedAt" FROM "User" WHERE "email" = 'volunteer@example.org'`,
    )
    .run(`e2e-${handle}`, `${handle}@example.org`, name, locale)
  completeLessonsOf(database, `${handle}@example.org`)
}

function withDatabase<T>(run: (database: Database.Database) => T): T {
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { fileMustExist: true })
  try {
    database.pragma('busy_timeout = 5000')
    return run(database)
  } finally {
    database.close()
  }
}

/**
 * A question's card, found by its visible text: the page names questions and options only by the
 * attempt's opaque tokens, so a test (like a learner) cannot find them by the bank's ids.
 */
const cardOf = (page: Page, question: Question) => page.locator('section.exam-question').filter({ has: page.locator('legend').getByText(question.text.en, { exact: true }) })

/** Answers one question on the page, rightly or wrongly, through its visible controls (by label, never by value). */
async function answer(page: Page, question: Question, right: boolean) {
  const card = cardOf(page, question)
  await expect(card).toBeVisible()
  switch (question.type) {
    case 'single': {
      const option = right ? question.options.find((o) => o.correct) : question.options.find((o) => !o.correct)
      await card.getByLabel(option?.text.en ?? '', { exact: true }).check()
      break
    }
    case 'multiple':
      for (const option of question.options.filter((o) => (right ? o.correct : !o.correct))) await card.getByLabel(option.text.en, { exact: true }).check()
      break
    case 'truefalse':
      await card.getByLabel(question.answer === right ? 'True' : 'False', { exact: true }).check()
      break
    case 'ordering': {
      const n = question.items.length
      for (const [i, item] of question.items.entries()) await card.getByLabel(item.text.en, { exact: true }).selectOption(String(right ? i + 1 : n - i))
      break
    }
    case 'matching': {
      const rights = question.pairs.map((p) => p.right.en)
      for (const [i, pair] of question.pairs.entries()) await card.getByLabel(pair.left.en, { exact: true }).selectOption({ label: right ? pair.right.en : (rights[(i + 1) % rights.length] ?? '') })
      break
    }
    case 'short':
      await card.getByLabel('Your answer').fill(right ? (question.accepted.en[0] ?? '') : 'no idea')
      break
  }
}

async function drawnQuestions(page: Page): Promise<Question[]> {
  // The page streams: wait for its end (the submit button) before reading the questions.
  await page.getByRole('button', { name: 'Submit the exam' }).waitFor()
  const texts = await page.locator('section.exam-question legend').allTextContents()
  return texts.map((text) => bank.questions.find((q) => q.text.en === text)).filter((q): q is Question => !!q)
}

test('a learner finishes the lessons the exam waits for, fails the exam, waits out the cooldown, passes, and the QR code on the PDF proves the certificate valid', async ({ page }) => {
  test.setTimeout(240_000)
  await login(page, 'volunteer@example.org')
  // The demo volunteer has finished two lessons: the course page and the exam page say the exam waits
  // for the rest, and the exam page offers no start but links to each lesson left.
  const waiting = `The exam opens once you have finished every lesson of the course: ${LESSONS.length - 2} lessons left.`
  await page.goto('/courses/observer-basics?lng=en')
  await expect(page.getByRole('region', { name: 'Final exam' }).getByRole('status')).toHaveText(waiting)
  await page.goto(`${EXAM}?lng=en`)
  await expect(page.getByRole('status').filter({ hasText: waiting })).toBeVisible()
  await expect(page.getByRole('button', { name: /Start/ })).toHaveCount(0)
  const lessonsLeft = page.getByRole('list', { name: 'Lessons still to finish' }).getByRole('link')
  await expect(lessonsLeft).toHaveCount(LESSONS.length - 2)
  await expectAccessible(page)
  // She works through them from the first link: "Mark as done and continue" leads to the next, the
  // last one back to the course page.
  await lessonsLeft.first().click()
  for (const lesson of LESSONS.slice(2)) {
    await expect(page).toHaveURL(`/courses/observer-basics/${lesson}`)
    await page.getByRole('button', { name: 'Mark as done and continue' }).click()
  }
  await expect(page).toHaveURL('/courses/observer-basics')
  await expect(page.getByText(waiting)).toHaveCount(0)
  await page.getByRole('region', { name: 'Final exam' }).getByRole('link', { name: 'Final exam' }).click()
  await expect(page).toHaveURL(EXAM)
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the exam' }).click()
  await expect(page.getByText('Time left')).toBeVisible()
  const questions = await drawnQuestions(page)
  expect(questions).toHaveLength(bank.rules.draw)
  for (const question of questions) {
    await answer(page, question, false)
    await expect(cardOf(page, question).getByRole('status')).toHaveText('Saved ✓')
  }
  await expect(page.getByText(`${bank.rules.draw} of ${bank.rules.draw} answered`)).toBeVisible()
  await expectAccessible(page)
  // A reload keeps every answer (saved as the learner went).
  await page.reload()
  await expect(page.getByText(`${bank.rules.draw} of ${bank.rules.draw} answered`)).toBeVisible()
  await page.getByRole('button', { name: 'Submit the exam' }).click()
  await expect(page.getByText(/^Not passed: \d+(\.\d)?% \(pass mark 80%\)\.$/)).toBeVisible()
  await expect(page.getByText('The right answers are shown once you pass the exam.')).toBeVisible()
  await page.getByRole('link', { name: 'Back to the exam page' }).click()
  await expect(page.getByText(/You can try again after/)).toBeVisible()
  await expect(page.getByRole('button', { name: /Start/ })).toHaveCount(0)

  // The test server's cooldown is 15 seconds: wait it out.
  const again = page.getByRole('button', { name: /Start a new attempt/ })
  await expect(async () => {
    await page.reload()
    await expect(again).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 40_000 })
  await again.click()
  await expect(page.getByText('Time left')).toBeVisible()
  const secondDraw = await drawnQuestions(page)
  expect(secondDraw).toHaveLength(bank.rules.draw)
  for (const question of secondDraw) {
    await answer(page, question, true)
    await expect(cardOf(page, question).getByRole('status')).toHaveText('Saved ✓')
  }
  await page.getByRole('button', { name: 'Submit the exam' }).click()
  await expect(page.getByText('Passed: 100% (pass mark 80%).')).toBeVisible()
  await page.getByRole('link', { name: 'Open the certificate' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dana Volunteer')
  await expectAccessible(page)
  const code = (await page.locator('dd code').textContent()) ?? ''

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()])
  const pdf = (await download.path()) ?? ''
  expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toContain(code)
  const png = `${pdf}-page`
  execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdf, png])
  // The QR code holds the signed paper (checked on the phone, see tests/e2e/papers.spec.ts); the online check's address is printed.
  const url = qrText(`${png}.png`)
  expect(url).toMatch(/\/v#[\w-]+\.[\w-]{86}$/)
  expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toContain(`/verify/${code}`)
  await page.context().clearCookies()
  await page.goto(url)
  await expect(page.getByText('Подпись верна', { exact: false })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Dana Volunteer' })).toBeVisible()
  await page.goto(`/verify/${code}`)
  await expect(page.getByRole('status')).toHaveText('✓ Сертификат действителен.')
  await page.goto(`/verify/${code}?lng=en`)
  await expect(page.getByText('✓ This certificate is valid.')).toBeVisible()
  await expect(page.getByText('Dana Volunteer')).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a learner passes the exam with plain forms and sees the explanations', async ({ page }) => {
    // Twenty full-page saves without JavaScript, then the certificate: longer than the default.
    test.setTimeout(180_000)
    withDatabase((database) => completeLessonsOf(database, 'lead@example.org'))
    await login(page, 'lead@example.org')
    await page.goto(`${EXAM}?lng=en`)
    await page.getByRole('button', { name: 'Start the exam' }).click()
    await expect(page.getByText('Time left')).toBeVisible()
    const drawn = await drawnQuestions(page)
    expect(drawn).toHaveLength(bank.rules.draw)
    for (const question of drawn) {
      await answer(page, question, true)
      await cardOf(page, question).getByRole('button', { name: 'Save answer' }).click()
      await expect(cardOf(page, question).getByRole('status')).toHaveText('Saved ✓')
    }
    await page.getByRole('button', { name: 'Submit the exam' }).click()
    await expect(page.getByText('Passed: 100% (pass mark 80%).')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Your answers' })).toBeVisible()

    // The certificate: its page, the PDF, and the public check.
    await page.getByRole('link', { name: 'Open the certificate' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nurlan Lead')
    const code = (await page.locator('dd code').textContent()) ?? ''
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()])
    const text = execFileSync('pdftotext', ['-layout', (await download.path()) ?? '', '-'], { encoding: 'utf8' })
    expect(text).toContain('Nurlan Lead')
    expect(text).toContain(code)
    await page.goto(`/verify/${code}`)
    await expect(page.getByText('✓ This certificate is valid.')).toBeVisible()

    await page.goto(EXAM)
    await expect(page.getByText('✓ You have passed this exam.')).toBeVisible()

    // An admin revokes it with a reason; the public check says so.
    await page.context().clearCookies()
    await login(page, 'admin@example.org')
    await page.goto(`/certificates/${code}?lng=en`)
    await page.getByRole('button', { name: 'Revoke' }).click()
    await expect(page.getByText('Fill in this field.')).toBeVisible()
    await page.getByLabel('Reason (the holder will see it)').fill('no')
    await page.getByRole('button', { name: 'Revoke' }).click()
    await expect(page.getByText('Give a reason of at least 3 characters.')).toBeVisible()
    await page.getByLabel('Reason (the holder will see it)').fill('Test revocation')
    await page.getByRole('button', { name: 'Revoke' }).click()
    await expect(page.getByRole('status').first()).toHaveText('The certificate has been revoked and the holder told.')
    await page.context().clearCookies()
    await page.goto(`/verify?lng=en`)
    await page.getByLabel('Certificate code').fill(code.toLowerCase().replace('-', ' '))
    await page.getByRole('button', { name: 'Check' }).click()
    await expect(page.getByText('✗ This certificate has been revoked.')).toBeVisible()
  })
})

test('an answer the server was too busy to save is sent again by itself once it can be', async ({ page }) => {
  test.setTimeout(60_000)
  // A learner of their own (the other tests' attempts and cooldowns stay theirs), with the demo password.
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { fileMustExist: true })
  try {
    learnerOfTheirOwn(database, 'busy-learner', 'Busy Learner', 'en')
    await login(page, 'busy-learner@example.org')
    await page.goto(`${EXAM}?lng=en`)
    await page.getByRole('button', { name: 'Start the exam' }).click()
    const [first] = await drawnQuestions(page)
    if (!first) throw new Error('no question drawn')
    const card = cardOf(page, first)

    // Another process holds SQLite's write lock: the autosave waits its turn (3 s here), then is refused.
    database.prepare('BEGIN IMMEDIATE').run()
    await answer(page, first, true)
    await expect(card.getByRole('alert')).toHaveText('The server is busy: the answer is not saved yet and will be sent again in a few seconds.', { timeout: 15_000 })
    await expectAccessible(page)
    database.prepare('ROLLBACK').run()

    // Sent again after a few seconds, with nobody pressing anything.
    await expect(card.getByRole('status')).toHaveText('Saved ✓', { timeout: 15_000 })
    await expect(card.getByRole('alert')).toHaveCount(0)
    const attemptId = new URL(page.url()).pathname.split('/').pop() ?? ''
    expect(database.prepare('SELECT COUNT(*) AS n FROM "ExamAnswer" WHERE "attemptId" = ?').get(attemptId)).toEqual({ n: 1 })
  } finally {
    if (database.inTransaction) database.prepare('ROLLBACK').run()
    database.close()
  }
})

test('moving back through the questions with Shift+Tab never leaves the focused control hidden under the sticky timer bar', async ({ page }) => {
  // Outside probe after session 39: 14 of 60 stops going backwards were wholly under the bar (WCAG 2.4.11).
  withDatabase((database) => learnerOfTheirOwn(database, 'keyboard-learner', 'Keyboard Learner', 'ru'))
  await login(page, 'keyboard-learner@example.org')
  await page.goto(EXAM)
  await page.getByRole('button', { name: 'Начать экзамен' }).click()
  await expect(page.locator('.exam-bar')).toBeVisible()
  await page.locator('section.exam-question').last().waitFor()
  await page.locator('section.exam-question').last().locator('input, select, textarea').last().focus()
  const hidden: string[] = []
  for (let step = 0; step < 60; step++) {
    await page.keyboard.press('Shift+Tab')
    const where = await page.evaluate(() => {
      const focused = document.activeElement
      const bar = document.querySelector('.exam-bar')
      if (!focused || !bar || focused === document.body || bar.contains(focused)) return null
      const box = focused.getBoundingClientRect()
      return { name: `${focused.tagName} ${focused.getAttribute('name') ?? ''}`, bottom: box.bottom, barBottom: bar.getBoundingClientRect().bottom }
    })
    if (where && where.bottom <= where.barBottom) hidden.push(where.name)
  }
  expect(hidden).toEqual([])
})

test('submitting with questions unanswered asks once more, and "keep answering" goes to the first one left', async ({ page }) => {
  test.setTimeout(60_000)
  // A learner of their own (the other tests' attempts and cooldowns stay theirs), with the demo password.
  withDatabase((database) => {
    learnerOfTheirOwn(database, 'hasty-learner', 'Hasty Learner', 'kk')
  })
  await login(page, 'hasty-learner@example.org')
  await page.goto(`${EXAM}?lng=en`)
  await page.getByRole('button', { name: 'Start the exam' }).click()
  const questions = await drawnQuestions(page)
  const [first, second] = questions
  if (!first || !second) throw new Error('no questions drawn')
  await answer(page, first, true)
  await expect(cardOf(page, first).getByRole('status')).toHaveText('Saved ✓')

  await page.getByRole('button', { name: 'Submit the exam' }).click()
  const left = bank.rules.draw - 1
  const question = page.getByRole('alert').filter({ hasText: `${left} questions have no answer yet.` })
  await expect(question).toBeVisible()
  await expect(question).toBeFocused()
  await expectAccessible(page)
  // Nothing was submitted: the attempt is still open.
  await expect(page.getByText('Time left')).toBeVisible()
  await page.getByRole('button', { name: 'Keep answering' }).click()
  await expect(cardOf(page, second).locator('input:not([type=hidden]), select, textarea').first()).toBeFocused()
  await expect(page.getByRole('button', { name: 'Submit anyway' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Submit the exam' }).click()
  await page.getByRole('button', { name: 'Submit anyway' }).click()
  await expect(page.getByText(/^Not passed: \d+(\.\d)?% \(pass mark 80%\)\.$/)).toBeVisible()
})
