/**
 * The screens at 390 px (a common phone width) in Russian and Kazakh: nothing scrolls sideways, the
 * header stays short, and a screenshot of each is kept in tests/.artifacts/screenshots/ to look at.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, login, logout, test } from './fixtures.ts'

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

/**
 * What people type may be one word wider than the screen (a pasted title, a name held down on one key):
 * it wraps in headings and titles instead of pushing the page sideways. Set through the app's own forms.
 */
test(`a long unbroken session title and recruit name wrap at ${WIDTH} px`, async ({ page }) => {
  test.slow()
  const wide = async (url: string) => {
    const response = await page.goto(`${url}?lng=ru`)
    expect(response?.status(), url).toBe(200)
    return page.evaluate(() => document.documentElement.scrollWidth)
  }
  await login(page, 'lead@example.org')

  const title = 'Практикум'.repeat(12) // 108 letters, no space
  await page.goto('/ngo/dala-watch/sessions/new?lng=ru')
  for (const name of ['titleRu', 'titleKk', 'titleEn']) await page.locator(`input[name="${name}"]`).fill(title)
  await page.locator('select[name="format"]').selectOption('OFFLINE')
  await page.locator('input[name="date"]').fill(new Date(Date.now() + (5 + 48) * 3_600_000).toISOString().slice(0, 10))
  await page.locator('input[name="startTime"]').fill('18:00')
  await page.locator('input[name="endTime"]').fill('20:00')
  await page.locator('input[name="address"]').fill('Алматы, пр. Абая, 10')
  await page.getByLabel('Выборы депутатов Курултая (демо)').check()
  await page.getByRole('button', { name: 'Назначить', exact: true }).click()
  await page.waitForURL((url) => /^\/ngo\/dala-watch\/sessions\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith('/new'))
  const session = new URL(page.url()).pathname
  const sessionId = session.split('/').pop() ?? ''
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  for (const url of [session, `${session}/present`, `/sessions/${sessionId}`]) expect(await wide(url), `${url} scrolls sideways`).toBeLessThanOrEqual(WIDTH)

  await page.goto('/ngo/dala-watch/campaigns/kurultai-demo?lng=ru')
  const recruit = (await page.locator('a[href^="/ngo/dala-watch/recruits/"]').first().getAttribute('href')) ?? ''
  expect(recruit).toMatch(/^\/ngo\/dala-watch\/recruits\/\w+$/)
  await page.goto(`${recruit}?lng=ru`)
  const rename = async (fullName: string) => {
    await page.getByText('Исправить ФИО').click()
    await page.locator('input[name="fullName"]').fill(fullName)
    await page.getByRole('button', { name: 'Сохранить ФИО' }).click()
    await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible()
  }
  const before = await page.locator('input[name="fullName"]').inputValue()
  await rename('Ш'.repeat(159))
  expect(await wide(recruit), `${recruit} scrolls sideways`).toBeLessThanOrEqual(WIDTH)
  await page.screenshot({ path: path.join(shots, 'long-recruit-name-ru.png'), fullPage: true })
  await rename(before) // as the seed left it, for the journeys after this one
})

/**
 * Every kind of page each demo user can reach by following links, in Kazakh (the longest labels) at
 * 390 px: none may scroll sideways, and axe finds no serious or critical WCAG 2.2 AA violation on any.
 * A crawl rather than a list, so a new page is covered by default; one page per address shape (ids,
 * certificate codes, lessons and languages folded), downloads left out.
 */
const CRAWLED_PAGES = 45
for (const email of ['lead@example.org', 'trainer@example.org', 'admin@example.org', 'volunteer@example.org']) {
  test(`every page ${email} reaches fits ${WIDTH} px in Kazakh and passes axe`, async ({ page }) => {
    test.setTimeout(300_000)
    await login(page, email)
    const origin = new URL(page.url()).origin
    const shapeOf = (pathname: string) =>
      pathname
        .replace(/\/[a-z0-9]{20,}/g, '/:id')
        .replace(/\/[A-Z0-9]{5}-[A-Z0-9]{5}/g, '/:code')
        .replace(/\/\d\d-[a-z-]+/g, '/:lesson')
        .replace(/\/(ru|kk|en)$/, '/:language')
    const queue = ['/']
    const shapes = new Set<string>(['/'])
    const wide: string[] = []
    let visited = 0
    while (queue.length && visited < CRAWLED_PAGES) {
      const next = queue.shift() ?? '/'
      // A link to a file (a letter, a roster) starts a download instead of a page: not a screen.
      const response = await page.goto(`${next}${next.includes('?') ? '&' : '?'}lng=kk`).catch((error: unknown) => {
        if (String(error).includes('Download is starting')) return null
        throw error
      })
      if (!response || !(response.headers()['content-type'] ?? '').includes('text/html')) continue
      visited++
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
      if (scroll > WIDTH) wide.push(`${next} (${scroll} px)`)
      await expectAccessible(page)
      for (const href of await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
        const url = new URL(href, `${origin}${next}`)
        if (url.origin !== origin || /logout|\/assets\/|export|download|\/pdf$|\.(csv|xlsx|pdf|ics|json)$/.test(url.pathname)) continue
        const shape = shapeOf(url.pathname)
        if (shapes.has(shape)) continue
        shapes.add(shape)
        url.searchParams.delete('lng')
        queue.push(url.pathname + url.search)
      }
    }
    expect(visited).toBeGreaterThan(10)
    expect(wide, `pages wider than ${WIDTH} px`).toEqual([])
  })
}
