import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { parse } from 'yaml'
import { examBankSchema, type Question } from '../../app/domain/exam/bank.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'

const bank = examBankSchema.parse(parse(fs.readFileSync('content/courses/observer-basics/exam/basics-final.yaml', 'utf8')))
const EXAM = '/courses/observer-basics/exam'

/** Answers one question on the page, rightly or wrongly, through its visible controls. */
async function answer(page: Page, question: Question, right: boolean) {
  const card = page.locator(`#q-${question.id}`)
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
  const ids = await page.locator('section.exam-question').evaluateAll((sections) => sections.map((s) => s.id.replace(/^q-/, '')))
  return ids.map((id) => bank.questions.find((q) => q.id === id)).filter((q): q is Question => !!q)
}

test('a learner fails the exam, is told when to try again, and cannot start before then', async ({ page }) => {
  await login(page, 'volunteer@example.org')
  await page.goto(`${EXAM}?lng=en`)
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the exam' }).click()
  await expect(page.getByText('Time left')).toBeVisible()
  const questions = await drawnQuestions(page)
  expect(questions).toHaveLength(bank.rules.draw)
  for (const question of questions) {
    await answer(page, question, false)
    await expect(page.locator(`#q-${question.id}`).getByRole('status')).toHaveText('Saved ✓')
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
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a learner passes the exam with plain forms and sees the explanations', async ({ page }) => {
    await login(page, 'lead@example.org')
    await page.goto(`${EXAM}?lng=en`)
    await page.getByRole('button', { name: 'Start the exam' }).click()
    for (const question of await drawnQuestions(page)) {
      await answer(page, question, true)
      await page.locator(`#q-${question.id}`).getByRole('button', { name: 'Save answer' }).click()
      await expect(page.locator(`#q-${question.id}`).getByRole('status')).toHaveText('Saved ✓')
    }
    await page.getByRole('button', { name: 'Submit the exam' }).click()
    await expect(page.getByText('Passed: 100% (pass mark 80%).')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Your answers' })).toBeVisible()
    await page.goto(EXAM)
    await expect(page.getByText('✓ You have passed this exam.')).toBeVisible()
  })
})
