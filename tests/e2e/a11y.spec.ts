import path from 'node:path'
import Database from 'better-sqlite3'
import { DEMO_PASSWORD } from '../../prisma/data/demo.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'

for (const path of ['/', '/signup', '/login', '/forgot-password', '/?lng=kk', '/signup?lng=en', '/verify', '/verify/AAAAA-BBBBB']) {
  test(`${path} has no serious accessibility violation`, async ({ page }) => {
    await page.goto(path)
    await expectAccessible(page)
  })
}

test('a sign-up form showing errors stays accessible', async ({ page }) => {
  await page.goto('/signup')
  await page.getByRole('button').filter({ hasText: 'Создать' }).click()
  await expectAccessible(page)
})

test('the account and admin pages have no serious accessibility violation', async ({ page }) => {
  await login(page, 'admin@example.org')
  for (const path of ['/account', '/admin', '/admin/ngos', '/admin/ngos/new', '/admin/campaigns', '/admin/people', '/admin/operations', '/admin/audit']) {
    await page.goto(path)
    await expectAccessible(page)
  }
})

test('a database too busy to write answers a translated, accessible 503 page, and the same form works once it is free', async ({ page }) => {
  // Another process (a second worker, a command beside the server) holds SQLite's write lock.
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { fileMustExist: true })
  try {
    for (const [lng, title, again] of [
      ['ru', 'Сервер сейчас перегружен', 'Попробовать снова'],
      ['kk', 'Сервер қазір шамадан тыс жүктелген', 'Қайталап көру'],
    ] as const) {
      await page.goto(`/login?lng=${lng}`)
      await page.locator('input[name=email]').fill('volunteer@example.org')
      await page.locator('input[name=password]').fill(DEMO_PASSWORD)
      database.prepare('BEGIN IMMEDIATE').run()
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form button[type="submit"]').click()])
      expect(response.status()).toBe(503)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
      await expectAccessible(page)
      database.prepare('ROLLBACK').run()
      // "Try again" opens the page asked for; the login then goes through.
      await page.getByRole('link', { name: again }).click()
      await expect(page.locator('input[name=email]')).toBeVisible()
    }
    await login(page, 'volunteer@example.org')
    await expect(page).not.toHaveURL(/\/login/)
  } finally {
    if (database.inTransaction) database.prepare('ROLLBACK').run()
    database.close()
  }
})
