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

test('a form over the size a post may have is refused with the translated reason, in the lead’s pages, and nothing is recorded', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/campaigns/kurultai-demo?lng=en')
  await page.locator('a[href^="/ngo/dala-watch/recruits/"]').first().click()
  await expect(page.getByRole('heading', { name: "Notes of the NGO's leads" })).toBeVisible()
  const recruitUrl = page.url()
  const notes = await page.locator('#note-body').evaluate((area) => area.closest('section')?.querySelectorAll('li').length ?? 0)
  // A page whose script sends more than a form's 1 MB (a broken or hostile page: the field's own
  // limit is 2,000 characters, which a value set by a script does not meet).
  await page.locator('#note-body').evaluate((area: HTMLTextAreaElement) => {
    area.value = 'Ә'.repeat(600_000)
  })
  await page.getByRole('button', { name: 'Add the note' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request too large')
  await expect(page.getByText('413', { exact: true })).toBeVisible()
  await expect(page.getByText('Shorten the text or the file and try again.')).toBeVisible()
  await expectAccessible(page)
  // Back to the form; nothing was added.
  await page.getByRole('link', { name: 'Try again' }).click()
  await expect(page).toHaveURL(recruitUrl)
  await expect(page.getByRole('heading', { name: "Notes of the NGO's leads" })).toBeVisible()
  expect(await page.locator('#note-body').evaluate((area) => area.closest('section')?.querySelectorAll('li').length ?? 0)).toBe(notes)
})

test('a spreadsheet over the upload limit is refused when chosen, with the server’s message, and is not sent', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/campaigns/kurultai-demo/import?lng=en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a volunteer list')
  const posts: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url())
  })
  // 6.2 MiB: over the 5 MiB a list may have, under what the server would read before refusing it.
  const rows = 'ФИО;ИИН;Телефон\n' + 'Ә'.repeat(60).concat(';000000000000;+77010000000\n').repeat(45_000)
  const file = page.getByLabel('CSV or Excel (.xlsx) file')
  await file.setInputFiles({ name: 'volunteers.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) })
  const message = page.getByText('The file is larger than 5 MB. Split it into several files.')
  await expect(message).toBeVisible()
  // Announced where it appears (the focus stays on the field), and tied to the field.
  await expect(page.locator('[aria-live="polite"]').getByText('The file is larger than 5 MB.', { exact: false })).toBeVisible()
  await expect(file).toHaveAttribute('aria-invalid', 'true')
  await expect(file).toHaveAttribute('aria-describedby', /-error/)
  await page.getByLabel(/The people in this file signed the consent/).check()
  await page.getByRole('button', { name: 'Upload and check' }).click()
  await expect(file).toBeFocused()
  await expect(message).toBeVisible()
  await expectAccessible(page)
  expect(posts).toEqual([])
  // A file within the limit is taken: the message goes, and the form sends it.
  await file.setInputFiles({ name: 'volunteers.csv', mimeType: 'text/csv', buffer: Buffer.from('ФИО;ИИН;Телефон\nИванов Иван;;+77010000000\n') })
  await expect(message).toHaveCount(0)
  await page.getByRole('button', { name: 'Upload and check' }).click()
  await expect(page.getByRole('heading', { name: 'Which column holds what' })).toBeVisible()
  expect(posts.length).toBe(1)
})
