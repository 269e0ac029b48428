import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { expect, expectAccessible, login, test } from './fixtures.ts'

test('journey 5: the lead opens the roster of certified observers, filters by region, exports, and the export is audited', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch?lng=en')
  // Other tests may have added campaigns: take the demo campaign's card.
  await page.getByRole('listitem').filter({ hasText: 'Election of Kurultai deputies (demo)' }).getByRole('link', { name: 'Roster of certified observers' }).click()
  // The workspace links straight to the campaign's roster.
  await expect(page.getByLabel('Campaign')).toHaveValue('kurultai-demo')
  await expect(page.getByText(/\d+ certified observers?/).first()).toBeVisible()
  await expectAccessible(page)
  // The full-IIN checkbox and its reason look and size like the other form controls (24 px and up).
  const fullIin = await page.getByRole('checkbox', { name: 'Show full IIN' }).boundingBox()
  expect(Math.min(fullIin?.width ?? 0, fullIin?.height ?? 0)).toBeGreaterThanOrEqual(24)
  const reason = page.getByLabel('Reason for full IIN')
  expect((await reason.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
  await expect(reason).toHaveCSS('border-radius', '8px')
  const all = Number((await page.getByText(/^\d+ certified observers?$/).first().textContent())?.match(/\d+/)?.[0])
  expect(all).toBeGreaterThan(1)

  // Filter to the graduate's region: Mangystau (KZ-47 in the demo).
  await page.getByLabel('Mangystau Region').check()
  await page.getByRole('button', { name: 'Show roster' }).click()
  // The graduate is on the unfiltered page too: wait for the filtered page itself before reading its count.
  await page.waitForURL(/[?&]region=KZ-47/)
  await expect(page.getByRole('cell', { name: 'Аружан Серікқызы' })).toBeVisible()
  await expect
    .poll(async () => Number((await page.getByText(/^\d+ certified observers?$/).first().textContent())?.match(/\d+/)?.[0]))
    .toBeLessThan(all)
  const filtered = Number((await page.getByText(/^\d+ certified observers?$/).first().textContent())?.match(/\d+/)?.[0])

  const csvDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download CSV' }).click()
  const csv = fs.readFileSync(await (await csvDownload).path())
  expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  const rows = parse(csv.subarray(3).toString('utf8'), { delimiter: [',', ';'], relax_column_count: true }) as string[][]
  expect(rows.length - 1).toBe(filtered)
  expect(rows.flat()).toContain('Аружан Серікқызы')

  const xlsxDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download XLSX', exact: true }).click()
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(await (await xlsxDownload).path())
  const names = workbook.worksheets.map((w) => w.name)
  expect(names.length).toBeGreaterThanOrEqual(2)
  const values = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String))
  expect(values).toContain('Аружан Серікқызы')

  // The printable PDF: a real PDF whose text (read back with pdftotext) has the header and the graduate.
  const pdfDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download PDF for printing' }).click()
  const pdfPath = await (await pdfDownload).path()
  expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-')
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
  expect(pdfText).toContain('Аружан Серікқызы')
  expect(pdfText).toContain('Region: Mangystau Region')
  expect(pdfText).toMatch(/Page 1 of \d+/)

  // The three exports are in the audit log, which the coalition admin reads.
  await page.goto('/logout')
  await page.context().clearCookies()
  await login(page, 'admin@example.org')
  await page.goto('/admin/audit?action=roster.exported&lng=en')
  // Other specs (export templates) export too when the whole suite runs: at least these three. Details read by their labels.
  await expect(page.getByRole('row').filter({ hasText: 'Format:pdf' })).toHaveCount(1)
  expect(await page.getByRole('cell', { name: /roster\.exported/ }).count()).toBeGreaterThanOrEqual(3)
})
