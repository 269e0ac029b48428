/**
 * Journey 10 from the letters on: the lead prints an observer's letter, the observer checks in on a
 * phone, going offline (the tap waits on the phone) and back online (it is sent), and the coalition's
 * coverage board shows the station covered. The station, shift and assignment are written straight
 * into the browser tests' database (the assignment screens are another part of issue 18).
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, login, logout, test } from './fixtures.ts'

const DB = path.resolve('tests/.artifacts/e2e.db')
const shots = path.resolve('tests/.artifacts/screenshots')
fs.mkdirSync(shots, { recursive: true })
/** Kept to look at, as tests/e2e/mobile.spec.ts keeps its screens; nothing scrolls sideways. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true })
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  expect(scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(width)
}
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')

function seedAssignment(): { assignmentId: string } {
  const database = new Database(DB, { fileMustExist: true })
  database.pragma('busy_timeout = 5000')
  try {
    const existing = database.prepare("SELECT id FROM Assignment WHERE id = 'e2e-assignment'").pluck().get() as string | undefined
    if (existing) return { assignmentId: existing }
    const app = database
      .prepare("SELECT a.id, a.campaignId, a.ngoId FROM Application a JOIN User u ON u.id = a.userId WHERE u.email = 'aruzhan@example.org' LIMIT 1")
      .get() as { id: string; campaignId: string; ngoId: string }
    const now = Date.now()
    database.prepare('INSERT INTO CampaignShift (id, campaignId, nameRu, nameKk, nameEn, startsAt, endsAt, sortOrder) VALUES (?, ?, ?, ?, ?, ?, ?, 1)').run('e2e-shift', app.campaignId, 'Открытие — 14:00', 'Ашылуы — 14:00', 'Opening to 14:00', iso(now - 30 * 60_000), iso(now + 6 * 3_600_000))
    database.prepare("INSERT INTO PollingStation (id, campaignId, regionCode, number, district, address, createdAt, updatedAt) VALUES ('e2e-station', ?, 'KZ-75', '777', 'Бостандыкский район', 'ул. Тимирязева, 42', ?, ?)").run(app.campaignId, iso(now), iso(now))
    database.prepare("INSERT INTO Assignment (id, campaignId, ngoId, applicationId, stationId, shiftId, status, createdAt, updatedAt) VALUES ('e2e-assignment', ?, ?, ?, 'e2e-station', 'e2e-shift', 'confirmed', ?, ?)").run(app.campaignId, app.ngoId, app.id, iso(now), iso(now))
    return { assignmentId: 'e2e-assignment' }
  } finally {
    database.close()
  }
}

function checkIns(assignmentId: string) {
  const database = new Database(DB, { readonly: true, fileMustExist: true })
  try {
    return database.prepare('SELECT kind, clientId, deviceAt, serverAt, recordedById FROM CheckIn WHERE assignmentId = ?').all(assignmentId) as Array<{ kind: string; deviceAt: string | null; serverAt: string }>
  } finally {
    database.close()
  }
}

test.describe.configure({ mode: 'serial' })

test('the lead prints the letter of an assigned observer and signs it', async ({ page }) => {
  seedAssignment()
  await login(page, 'lead@example.org')
  await page.goto('/ngo/dala-watch/election-day?lng=ru')
  await expect(page.getByRole('heading', { name: 'День выборов: направления и отметки' })).toBeVisible()
  // Aruzhan has the demo's assignment too: this journey's is the one at station 777.
  const row = page.getByRole('row').filter({ hasText: 'Аружан Серікқызы' }).filter({ hasText: '777' })
  await expect(row).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'election-day-lead')
  await page.getByLabel('ФИО подписанта').fill('Нурлан Жакупов')
  await page.getByLabel('Должность подписанта').fill('Председатель')
  await page.getByRole('button', { name: 'Сохранить' }).last().click()
  await expect(page.getByText('Подписант сохранён.')).toBeVisible()
  const download = page.waitForEvent('download')
  await row.getByRole('link', { name: 'PDF' }).click()
  expect((await download).suggestedFilename()).toMatch(/^letter-777-\w+-ru\.pdf$/)
  await logout(page)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('the observer checks in while offline; the tap is sent when the phone is back online, and the board shows it', async ({ page, context }) => {
    const { assignmentId } = seedAssignment()
    await login(page, 'aruzhan@example.org')
    await page.goto('/checkin?lng=ru')
    await expect(page.getByRole('heading', { name: 'Участок № 777' })).toBeVisible()
    await expect(page.getByText('Вы не отмечены на участке')).toBeVisible()
    await expectAccessible(page)

    await context.setOffline(true)
    await page.getByRole('button', { name: 'Прибыл(а)' }).tap()
    await expect(page.getByRole('status')).toContainText('Нет связи')
    await expect(page.getByText('1 отметка ждёт отправки')).toBeVisible()
    await shot(page, 'checkin-offline')
    expect(checkIns(assignmentId)).toEqual([])

    await context.setOffline(false)
    await expect(page.getByRole('status')).toContainText('Отправлено: вы отмечены на участке.', { timeout: 15_000 })
    await expect(page.getByText('Вы на участке', { exact: true })).toBeVisible()
    await shot(page, 'checkin-sent')
    const recorded = checkIns(assignmentId)
    expect(recorded.map((c) => c.kind)).toEqual(['arrived'])
    // The device's time (when tapped, offline) comes before the server's (when it arrived).
    expect(new Date(recorded[0]!.deviceAt!).getTime()).toBeLessThanOrEqual(new Date(recorded[0]!.serverAt).getTime())
    await logout(page)

    await login(page, 'admin@example.org')
    await page.goto('/coverage?region=KZ-75&lng=ru')
    await expect(page.getByRole('heading', { name: 'Покрытие участков: Алматы' })).toBeVisible()
    await expect(page.locator('.board-tile.covered dd').first()).toHaveText(/^[1-9]\d*/)
    await expectAccessible(page)
    await shot(page, 'coverage-phone')
    await page.getByRole('link', { name: 'Таблица' }).click()
    await expect(page.getByRole('rowheader', { name: /Dala Civic Watch/ })).toBeVisible()
    await expectAccessible(page)
    await shot(page, 'coverage-table-phone')
    // The wall screen: a desktop-sized window, the whole country.
    await page.setViewportSize({ width: 1600, height: 900 })
    await page.goto('/coverage?lng=ru')
    await expect(page.getByText('По регионам')).toBeVisible()
    await shot(page, 'coverage-wall')
  })
})
