import type { Page } from '@playwright/test'
import { expect, expectAccessible, login, logout, test } from './fixtures.ts'

/** Chooses the option of a labelled select whose text contains `text`. */
async function choose(page: Page, label: string, text: string) {
  const value = await page.getByLabel(label, { exact: true }).locator('option', { hasText: text }).first().getAttribute('value')
  await page.getByLabel(label, { exact: true }).selectOption(value ?? '')
}

const ASSIGNMENTS = '/ngo/dala-watch/campaigns/kurultai-demo/assignments'

test('a lead assigns observers (one, then in bulk), the observer confirms on a phone, and the lead sees it', async ({ page }) => {
  await login(page, 'lead@example.org')
  await page.goto(`${ASSIGNMENTS}?lng=en`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assignments to polling stations')
  await expectAccessible(page)

  // One by one: Aruzhan, for the afternoon shift, at a station of Medeu district.
  await page.getByRole('link', { name: 'Assign an observer' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assign an observer to a polling station')
  await page.getByLabel('Region').selectOption('KZ-75')
  await page.getByRole('button', { name: 'Show stations' }).click()
  await page.getByLabel('District or city').selectOption('Медеуский район')
  await page.getByRole('button', { name: 'Show stations' }).click()
  // Nothing is chosen for the lead: sent as it is, each list says what is missing, and nothing is written.
  await page.getByRole('button', { name: 'Assign an observer' }).click()
  await expect(page.getByText('Choose an observer.')).toBeVisible()
  await expect(page.getByText('Choose a polling station.')).toBeVisible()
  await expect(page.getByText('Choose a shift.')).toBeVisible()
  await expect(page.locator('#assign-observer')).toBeFocused()
  await choose(page, 'Observer', 'Аружан')
  // Aruzhan applied in a region without a station list: the form says the stations are Almaty's, and asks.
  await expect(page.getByText(/^Аружан .+ applied in .+, and these stations are in .+\. You can still assign them, but confirm it\.$/)).toBeVisible()
  await page.locator('#assign-station').selectOption({ index: 1 })
  await expect(page.locator('#assign-station optgroup').first()).toHaveAttribute('label', 'Медеуский район')
  await choose(page, 'Shift', '14:00 – close')
  await page.getByLabel('Yes, assign outside the region of their application').check()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Assign an observer' }).click()
  await expect(page.getByText('The observer was assigned and notified.')).toBeVisible()

  // The same observer again for an overlapping time: refused, and the rule is explained.
  await page.goto(`${ASSIGNMENTS}/new?lng=en`)
  await choose(page, 'Observer', 'Аружан')
  await page.locator('#assign-station').selectOption({ index: 1 })
  await choose(page, 'Shift', '14:00 – close')
  await page.getByRole('button', { name: 'Assign an observer' }).click()
  await expect(page.getByRole('alert')).toContainText('an observer can be in only one place at a time')

  // In bulk: a suggestion for the count, in Almaty's Medeu district: the demo's certified observers
  // who live there are proposed a station of that district; untick none, confirm.
  await page.goto(`${ASSIGNMENTS}/suggest?lng=en`)
  await choose(page, 'Shift', 'The count')
  await page.getByLabel('Region').selectOption('KZ-75')
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.getByLabel('District or city').selectOption('Медеуский район')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.getByText(/\d+ proposed assignments? for The count/)).toBeVisible()
  const proposed = await page.getByRole('checkbox', { name: /^Assign .+ to station \d+$/ }).count()
  expect(proposed).toBeGreaterThan(0)
  await expect(page.getByRole('cell', { name: 'Медеуский район' }).first()).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Confirm the ticked assignments' }).click()
  await expect(page.getByText(new RegExp(`^${proposed} observers? assigned and notified\\.`))).toBeVisible()
  await logout(page)

  // The observer, on a phone: My assignment, then confirm.
  await login(page, 'aruzhan@example.org')
  await page.getByRole('link', { name: 'Моё назначение' }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Моё назначение')
  await expect(page.getByRole('heading', { name: /Избирательный участок №/ }).first()).toBeVisible()
  await expect(page.getByText('Что взять с собой').first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'Открыть на карте' }).first()).toHaveAttribute('href', /openstreetmap\.org|2gis\.kz/)
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Подтверждаю: я приду' }).first().click()
  await expect(page.getByText('Спасибо: координатор видит, что вы подтвердили.')).toBeVisible()
  await logout(page)

  // The lead sees the answer.
  await login(page, 'lead@example.org')
  await page.goto(`${ASSIGNMENTS}?lng=en&status=confirmed`)
  await expect(page.getByRole('row', { name: /Аружан/ }).first()).toContainText('Confirmed')
})
