/**
 * The screens at 390 px (a common phone width) in Russian and Kazakh: nothing scrolls sideways, the
 * header stays short, and a screenshot of each is kept in tests/.artifacts/screenshots/ to look at.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, login, logout, test } from './fixtures.ts'

const WIDTH = 390
/** The header at 390 px, for an admin (the most links): brand and languages, then the links in two or three tight lines (it was about 264 px). */
const HEADER_MAX_PX = 140
const shots = path.resolve('tests/.artifacts/screenshots')
fs.mkdirSync(shots, { recursive: true })

test.use({ viewport: { width: WIDTH, height: 844 } })

async function checkScreen(page: Page, url: string, name: string, locale: 'ru' | 'kk') {
  const response = await page.goto(`${url}${url.includes('?') ? '&' : '?'}lng=${locale}`)
  expect(response?.status(), url).toBe(200)
  const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, header: document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0 }))
  await page.screenshot({ path: path.join(shots, `${name}-${locale}.png`), fullPage: true })
  await page.screenshot({ path: path.join(shots, `${name}-${locale}-top.png`) })
  expect(size.scroll, `${url} scrolls sideways in ${locale}`).toBeLessThanOrEqual(WIDTH)
  expect(size.header, `${url}: header height in ${locale}`).toBeLessThanOrEqual(HEADER_MAX_PX)
}

for (const locale of ['ru', 'kk'] as const) {
  test(`admin screens at ${WIDTH} px in ${locale}`, async ({ page }) => {
    await login(page, 'admin@example.org')
    await checkScreen(page, '/admin', 'admin', locale)
    // The admin menu wraps onto lines instead of hiding items off the side: every item on the screen.
    const items = page.locator('nav.subnav a')
    expect(await items.count()).toBe(14)
    for (const box of await items.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(WIDTH)
    await checkScreen(page, '/admin/dashboard', 'admin-dashboard', locale)
    await checkScreen(page, '/admin/rosters?campaign=kurultai-demo', 'admin-rosters', locale)
    await checkScreen(page, '/admin/ngos', 'admin-ngos', locale)
    await checkScreen(page, '/studio/observer-basics/stats', 'item-stats', locale)
    // The seeded attempts have answers: the statistics have figures.
    await expect(page.locator('td.num').filter({ hasText: /^[1-9]\d*$/ }).first()).toBeVisible()
    await logout(page)
  })

  test(`lead and volunteer screens at ${WIDTH} px in ${locale}`, async ({ page }) => {
    await login(page, 'lead@example.org')
    await checkScreen(page, '/ngo/dala-watch/dashboard', 'ngo-dashboard', locale)
    await checkScreen(page, '/ngo/dala-watch/rosters?campaign=kurultai-demo', 'ngo-roster', locale)
    await logout(page)
    await login(page, 'volunteer@example.org')
    await checkScreen(page, '/courses', 'courses', locale)
    await checkScreen(page, '/inbox', 'inbox', locale)
    await checkScreen(page, '/', 'home', locale)
    await logout(page)
    await checkScreen(page, '/', 'home-anonymous', locale)
  })
}
