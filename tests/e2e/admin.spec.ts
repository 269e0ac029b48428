import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, expectAccessible, login, logout, test } from './fixtures.ts'

test('an admin creates an NGO, makes a volunteer its lead, and the lead sees the role', async ({ page }) => {
  await login(page, 'admin@example.org')
  await page.goto('/admin?lng=en')
  await page.getByRole('link', { name: 'New NGO' }).first().click()

  await page.getByLabel('Name', { exact: true }).fill('Shanyrak Observers (test)')
  await page.getByLabel('Short address').fill('BAD SLUG')
  await page.getByRole('button', { name: 'Create NGO' }).click()
  await expect(page.getByText('Use 2–60 Latin letters, digits and single hyphens.')).toBeVisible()

  await page.getByLabel('Short address').fill('shanyrak')
  await page.getByLabel('Almaty', { exact: true }).check()
  await page.getByLabel('Shymkent').check()
  await page.getByLabel('Accredited by').selectOption('CENTRAL')
  await page.getByLabel('Valid from').fill('2026-09-01')
  await page.getByLabel('Valid until').fill('2027-08-31')
  await page.getByRole('button', { name: 'Create NGO' }).click()
  await expect(page.getByRole('status')).toHaveText('NGO created.')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shanyrak Observers (test)')

  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('nobody@example.org')
  await page.getByRole('button', { name: 'Assign', exact: true }).click()
  await expect(page.getByText('No account with this email.')).toBeVisible()
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('volunteer@example.org')
  await page.getByLabel('Role').selectOption('LEAD')
  await page.getByRole('button', { name: 'Assign', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('Role assigned.')
  await expect(page.getByRole('cell', { name: 'volunteer@example.org' })).toBeVisible()

  await page.goto('/admin/audit?lng=en')
  await expect(page.getByRole('cell', { name: 'NGO created ngo.created' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'NGO role given ngo.member_assigned' })).toBeVisible()

  await logout(page)
  await login(page, 'volunteer@example.org')
  await page.goto('/account?lng=en')
  await expect(page.getByText('Lead of Shanyrak Observers (test)')).toBeVisible()
  await page.goto('/admin')
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible()
})

test('an admin creates a campaign that then appears on the home page', async ({ page }) => {
  await login(page, 'admin@example.org')
  await page.goto('/admin/campaigns/new?lng=en')
  await page.getByLabel('Name in Russian').fill('Выборы в маслихат Алматы (тест)')
  await page.getByLabel('Name in Kazakh').fill('Алматы мәслихатына сайлау (тест)')
  await page.getByLabel('Name in English').fill('Almaty maslikhat election (test)')
  await page.getByLabel('Short address').fill('almaty-maslikhat-test')
  await page.getByLabel('Kind').selectOption('MASLIKHAT')
  await page.getByLabel('Election day', { exact: true }).fill('2099-05-10')
  await page.getByLabel('Applications until').fill('2099-06-10')
  await page.getByRole('button', { name: 'Create campaign' }).click()
  await expect(page.getByText('The application deadline must not be after election day.')).toBeVisible()
  await page.getByLabel('Applications until').fill('2099-04-10')
  await page.getByLabel('Observer School: Basics').check()
  await page.getByRole('button', { name: 'Create campaign' }).click()
  await expect(page.getByRole('status')).toHaveText('Campaign created.')
  await page.goto('/courses')
  await expect(page.getByText('Required for: Almaty maslikhat election (test)')).toBeVisible()
  await page.goto('/?lng=kk')
  await expect(page.getByText('Құрылтай депутаттарын сайлау (демо)')).toBeVisible()
})

test('an admin sees a failed email with its address masked, retries it, and the worker sends it', async ({ page }) => {
  // A message to the admin whose email failed for good, written straight into the browser tests'
  // database (times copied from the admin's account, in whatever form the app stores them).
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { fileMustExist: true })
  try {
    database.pragma('busy_timeout = 5000')
    const admin = database.prepare(`SELECT "id", "createdAt" FROM "User" WHERE "email" = 'admin@example.org'`).get() as { id: string; createdAt: unknown }
    database.prepare(`INSERT INTO "Notification" ("id", "userId", "kind", "params", "createdAt") VALUES ('e2e-failed-email', ?, 'message', '{"text":"e2e-retried-message"}', ?)`).run(admin.id, admin.createdAt)
    database
      .prepare(
        `INSERT INTO "Job" ("id", "kind", "subjectId", "payload", "state", "attempts", "runAfter", "lastError", "itemsDone", "createdAt", "updatedAt", "finishedAt")
         VALUES ('e2e-failed-job', 'notification.email', 'e2e-failed-email', '{}', 'failed', 6, ?, '550 5.1.1 <admin@example.org>: mailbox unavailable', 0, ?, ?, ?)`,
      )
      .run(admin.createdAt, admin.createdAt, admin.createdAt, admin.createdAt)
  } finally {
    database.close()
  }

  await login(page, 'admin@example.org')
  await page.goto('/admin?lng=en')
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Operations' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Operations')
  const attention = page.getByRole('region', { name: 'Needs attention' })
  const row = attention.getByRole('row').filter({ hasText: 'Email to a•••@example.org' })
  await expect(row).toContainText('Failed after its last attempt')
  await expect(row).toContainText('550 5.1.1 <a•••@example.org>: mailbox unavailable')
  await expect(attention.getByText('admin@example.org')).toHaveCount(0)
  await expectAccessible(page)

  await row.getByRole('button', { name: 'Retry: Email to a•••@example.org' }).click()
  await expect(page.getByRole('status')).toHaveText('The job is queued again.')
  await expect(page.getByText('Nothing needs attention: no job failed or got stuck.')).toBeVisible()
  await page.goto('/admin/audit?action=job.retried&lng=en')
  await expect(page.getByRole('cell', { name: 'Background job retried job.retried' })).toBeVisible()

  // The server's worker (every 5 seconds) sends it now.
  const outbox = path.resolve('tests/.artifacts/e2e-outbox')
  const sent = () =>
    (fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])
      .map((file) => JSON.parse(fs.readFileSync(path.join(outbox, file), 'utf8')) as { to: string; text: string })
      .some((mail) => mail.to === 'admin@example.org' && mail.text.includes('e2e-retried-message'))
  await expect.poll(sent, { timeout: 20_000 }).toBe(true)
})

test("on a laptop the admin's tabs wrap: the last one, when it is the current page, is on the screen", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await login(page, 'admin@example.org')
  await page.goto('/admin/operations?lng=kk')
  const tabs = page.locator('nav.subnav a')
  expect(await tabs.count()).toBe(14)
  for (const right of await tabs.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right))) expect(right).toBeLessThanOrEqual(1280)
  await expect(page.locator('nav.subnav a[aria-current="page"]')).toBeInViewport({ ratio: 1 })
  // The header: the languages on the brand's row, the links on one row under them.
  const [brand, languages, links] = await Promise.all(['.brand', '.language-switch', '.header-links'].map((selector) => page.locator(selector).boundingBox()))
  expect(Math.abs((brand?.y ?? 0) + (brand?.height ?? 0) / 2 - ((languages?.y ?? 0) + (languages?.height ?? 0) / 2))).toBeLessThan(8)
  expect(links?.y ?? 0).toBeGreaterThan((brand?.y ?? 0) + (brand?.height ?? 0) - 1)
  expect(links?.height ?? 0).toBeLessThan(60)
})
