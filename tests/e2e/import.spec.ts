import fs from 'node:fs'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'

test('a lead imports a volunteer list: upload, confirm columns, dry run with row errors, import, and the people are in the list', async ({ page }) => {
  const good = [8001, 8002, 8003].map((n) => syntheticRecruit(n))
  const rows = [
    'ФИО;ИИН;Телефон;Email;Регион;Населённый пункт;Языки',
    ...good.map((p, i) => `${p.fullName};${p.iin};8 701 ${300 + i} 11 22;import${i}@example.org;Алматы;Алматы;каз, рус`),
    `Ошибочный Человек;123456789012;8 701 999 11 22;bad@example.org;Марс;Алматы;рус`,
  ]
  const file = test.info().outputPath('volunteers.csv')
  fs.writeFileSync(file, rows.join('\n'))

  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/campaigns/kurultai-demo?lng=en')
  await page.getByRole('link', { name: 'Import a list' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a volunteer list')
  await expectAccessible(page)
  await page.getByLabel('CSV or Excel (.xlsx) file').setInputFiles(file)
  await page.getByLabel(/The people in this file signed the consent/).check()
  await page.getByRole('button', { name: 'Upload and check' }).click()
  await expect(page.getByRole('heading', { name: 'Which column holds what' })).toBeVisible()
  await expectAccessible(page)
  // The file has no availability column: the lead says what to record for everyone.
  await page.getByLabel('Voting during the day').check()
  // Nor an experience column: nothing is pre-set, the lead has to choose.
  await expect(page.getByLabel('Observation experience')).toHaveValue('')
  await page.getByRole('button', { name: 'Check the rows' }).click()
  await expect(page.getByText('The file has no experience column: choose what to record.')).toBeVisible()
  await page.getByLabel('Observation experience').selectOption('none')
  await page.getByRole('button', { name: 'Check the rows' }).click()
  await expect(page.getByRole('heading', { name: 'Check before importing' })).toBeVisible()
  // Row 5 (the header is row 1) has a wrong IIN and an unknown region; the three good rows will be added.
  await expect(page.getByRole('row', { name: /Ошибочный Человек/ })).toContainText('5')
  await expect(page.getByRole('row', { name: /Ошибочный Человек/ })).toContainText('Has errors, skipped')
  await expect(page.getByRole('row', { name: new RegExp(good[0]!.fullName) }).first()).toContainText('Will be added')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Import now' }).click()
  await expect(page.getByRole('heading', { name: 'Import result' })).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(good[2]!.fullName) }).first()).toContainText('Added')

  // The imported people are in the list, marked as imported.
  await page.goto(`/ngo/dala-watch/campaigns/kurultai-demo?q=${good[1]!.iin}`)
  await expect(page.getByRole('status').filter({ hasText: /^1 recruit$/ })).toBeVisible()
  await expect(page.getByText('imported')).toBeVisible()
})
