import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { expect, expectAccessible, login, test } from './fixtures.ts'

test('a lead saves an export template (columns, order, English header) and downloads the roster with it', async ({ page }) => {
  const name = `TEC form ${Date.now()}`
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/rosters?campaign=kurultai-demo&lng=en')
  await page.getByRole('link', { name: 'Manage templates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Export templates' })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('link', { name: 'New template' }).click()
  await page.getByLabel('Template name').fill(name)
  // Start from the standard columns: keep phone, full name and No., in that order.
  for (const column of ['IIN', 'Birth date', 'Region', 'Settlement', 'Preferred station', 'Assigned station', 'Shift', 'Languages', 'Certificate', 'Valid until']) await page.getByLabel(`Include ${column}`, { exact: true }).uncheck()
  await page.getByLabel('Position of Phone').fill('1')
  await page.getByLabel('Position of Full name').fill('2')
  await page.getByLabel('Position of No.').fill('3')
  await page.getByLabel('English header for Phone').fill('Contact phone')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Save' }).click()

  await expect(page.getByText('Template saved.')).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('Phone · Full name · No.')
  await expectAccessible(page)

  await page.goto('/ngo/dala-watch/rosters?campaign=kurultai-demo')
  await page.getByLabel('Template for downloads').selectOption({ label: name })
  await page.getByRole('button', { name: 'Show roster' }).click()
  await expect(page.getByLabel('Template for downloads')).toHaveValue(/.+/)
  await expectAccessible(page)
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download CSV' }).click()
  const csv = fs.readFileSync(await (await download).path())
  const rows = parse(csv, { bom: true, delimiter: ',' }) as string[][]
  expect(rows[0]).toEqual(['Contact phone', 'Full name', 'No.'])
  expect(rows.length).toBeGreaterThan(1)
  expect(rows[1]?.[2]).toBe('1')
})
