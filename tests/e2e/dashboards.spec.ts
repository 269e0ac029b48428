import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, login, test } from './fixtures.ts'

/**
 * The funnel the dashboard should show, counted straight from the browser tests' database (other
 * specs add applications, so the figures are not fixed): cumulative stages from each current state.
 */
function expectedFunnel(ngoSlug: string | null) {
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { readonly: true, fileMustExist: true })
  try {
    const rows = database
      .prepare(
        `SELECT a.state AS state, count(*) AS n FROM Application a JOIN Campaign c ON c.id = a.campaignId JOIN Ngo g ON g.id = a.ngoId
         WHERE c.slug = 'kurultai-demo' AND (? IS NULL OR g.slug = ?) GROUP BY a.state`,
      )
      .all(ngoSlug, ngoSlug) as Array<{ state: string; n: number }>
    const count = (...states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + r.n, 0)
    return {
      submitted: count('submitted', 'screening', 'accepted', 'in_training', 'certified', 'rejected', 'withdrawn'),
      accepted: count('accepted', 'in_training', 'certified'),
      inTraining: count('in_training', 'certified'),
      certified: count('certified'),
      rejected: count('rejected'),
      withdrawn: count('withdrawn'),
    }
  } finally {
    database.close()
  }
}

/** The funnel's figures as the page writes them beside the bars, then in its "Show as table" view. */
async function checkFunnel(page: Page, want: ReturnType<typeof expectedFunnel>) {
  const funnel = page.locator('section[aria-labelledby="dash-funnel"]')
  await expect(funnel.getByRole('heading', { name: 'Funnel', exact: true })).toBeVisible()
  const stages: Array<[string, number]> = [
    ['Submitted', want.submitted],
    ['Accepted', want.accepted],
    ['In training', want.inTraining],
    ['Certified', want.certified],
  ]
  for (const [label, count] of stages) {
    await expect(funnel.locator('.dash-bar-row').filter({ hasText: new RegExp(`^${label}`) }).locator('.dash-bar-value')).toHaveText(new RegExp(`^${count} \\(\\d+% of submitted\\)$`))
  }
  await expect(funnel.locator('dl.dash-facts div').filter({ hasText: 'Rejected' }).locator('dd')).toHaveText(String(want.rejected))
  await expect(funnel.locator('dl.dash-facts div').filter({ hasText: 'Withdrawn' }).locator('dd')).toHaveText(String(want.withdrawn))

  // The table view: hidden until asked for, then the same figures with the stage as the row header.
  const table = funnel.getByRole('table', { name: 'Applications that reached each stage' })
  await expect(table).toBeHidden()
  await funnel.getByText('Show as table').click()
  await expect(table).toBeVisible()
  for (const [label, count] of stages) {
    await expect(table.getByRole('row', { name: new RegExp(`^${label} `) }).getByRole('cell')).toHaveText(new RegExp(`^${count} \\(`))
  }
}

test('a lead reads their NGO’s dashboard: funnel figures, table view, accessible', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/dashboard?campaign=kurultai-demo&lng=en')
  // Streamed server rendering: wait for the whole document before reading figures.
  await page.waitForLoadState('load')
  await expect(page.getByRole('heading', { level: 1, name: /dashboard/ })).toBeVisible()
  await expect(page.getByLabel('Campaign')).toHaveValue('kurultai-demo')
  const want = expectedFunnel('dala-watch')
  expect(want.submitted).toBeGreaterThan(0)
  await checkFunnel(page, want)
  await expect(page.getByRole('heading', { name: 'Coverage of polling stations' })).toBeVisible()
  await expect(page.getByText(/^Whole country: \d+ certified observers for \d+ polling stations/)).toBeVisible()
  await expectAccessible(page)
})

test('an admin reads the coalition dashboard: every NGO’s funnel, table view, accessible', async ({ page }) => {
  await login(page, 'admin@example.org')
  await page.goto('/admin/dashboard?campaign=kurultai-demo&lng=en')
  await page.waitForLoadState('load')
  await expect(page.getByRole('heading', { level: 1, name: 'Coalition dashboard' })).toBeVisible()
  const want = expectedFunnel(null)
  // The coalition counts every NGO's recruits, one NGO's among them.
  expect(want.submitted).toBeGreaterThanOrEqual(expectedFunnel('dala-watch').submitted)
  await checkFunnel(page, want)

  // Each NGO's funnel: Dala Watch's row reads as its own dashboard's funnel does.
  const dala = expectedFunnel('dala-watch')
  const ngos = page.locator('section[aria-labelledby="dash-ngos"]')
  await expect(ngos.getByRole('heading', { name: 'Funnel per NGO' })).toBeVisible()
  await expect(ngos.locator('.dash-bar-row').filter({ hasText: 'Dala Civic Watch (demo)' }).locator('.dash-bar-value')).toHaveText(`${dala.submitted} → ${dala.accepted} → ${dala.inTraining} → ${dala.certified}`)
  // Applications per week: every application of the campaign is in one of the weeks shown.
  const weeks = page.locator('section[aria-labelledby="dash-arrivals"]')
  await expect(weeks.getByRole('heading', { name: 'Applications per week' })).toBeVisible()
  const perWeek = (await weeks.locator('.dash-bar-value').allTextContents()).map(Number)
  expect(perWeek.reduce((sum, n) => sum + n, 0)).toBe(want.submitted)
  await expect(weeks.locator('.dash-bar-label').first()).toHaveText(/^\d{2}\.\d{2}–\d{2}\.\d{2}$/)
  await expectAccessible(page)
})
