import { DEMO_PASSWORD } from '../../prisma/data/demo.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'

/**
 * A form the page's script sends (Remix's fetch of `<page>.data`) that the server refuses before
 * reading it: the page shows the translated reason in the site's layout, not "500, something went
 * wrong" (the script could not read the server's static refusal page).
 */
test('a form sent from an address other than the site’s own is refused with the translated reason, not a server error', async ({ page, baseURL }) => {
  // The same server under another name than APP_URL's (a misconfigured proxy, a bookmarked IP address).
  const elsewhere = (baseURL ?? '').replace('localhost', '127.0.0.1')
  expect(elsewhere).not.toBe(baseURL)
  await page.goto(`${elsewhere}/login?lng=kk`)
  await page.locator('input[name="email"]').fill('volunteer@example.org')
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
  await page.locator('form button[type="submit"]').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сұрау қабылданбады')
  await expect(page.getByText('403', { exact: true })).toBeVisible()
  await expect(page.getByText('500', { exact: true })).toHaveCount(0)
  // Sending it again from the same address would be refused again: only the way to the home page.
  await expect(page.locator('.error-page a')).toHaveCount(1)
  await expectAccessible(page)
  // Nobody was logged in: the account page still asks for a login.
  await page.goto(`${elsewhere}/account`)
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/)
})

test('a spreadsheet over the upload limit is refused with the translated reason, in the lead’s pages', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/campaigns/kurultai-demo/import?lng=en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a volunteer list')
  // 8.4 MiB: over the 8 MiB an upload may send (the form's own 5 MiB check never sees it).
  const rows = 'ФИО;ИИН;Телефон\n' + 'Ә'.repeat(60).concat(';000000000000;+77010000000\n').repeat(60_000)
  await page.getByLabel('CSV or Excel (.xlsx) file').setInputFiles({ name: 'volunteers.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) })
  await page.getByLabel(/The people in this file signed the consent/).check()
  await page.getByRole('button', { name: 'Upload and check' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request too large')
  await expect(page.getByText('413', { exact: true })).toBeVisible()
  await expect(page.getByText('Shorten the text or the file and try again.')).toBeVisible()
  await expectAccessible(page)
  // Back to the form, to send a smaller file; the lead's pages are all still there.
  await page.getByRole('link', { name: 'Try again' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a volunteer list')
  await expect(page.getByLabel('CSV or Excel (.xlsx) file')).toBeVisible()
})
