import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { parse } from 'yaml'
import { expect, expectAccessible, login, test } from './fixtures.ts'
import { quizFromSource } from './lesson-key.ts'

const COURSE = '/courses/observer-basics'
const first = quizFromSource('observer-basics', '01-why-observe', 'kk', 'why-observer-role')
const second = quizFromSource('observer-basics', '01-why-observe', 'kk', 'why-quiet-report')
const LESSONS = (parse(fs.readFileSync('content/courses/observer-basics/course.yaml', 'utf8')) as { lessons: string[] }).lessons.length
const accreditation = quizFromSource('observer-basics', '02-who-may-observe', 'kk', 'who-accreditation')

async function answer(page: Page, quiz: { question: string }, options: string[]) {
  const block = page.locator('section.quiz').filter({ hasText: quiz.question })
  for (const option of options) await block.getByLabel(option).check()
  await block.getByRole('button').click()
  return block
}

/** The first section heading of a lesson, read from its source. */
function firstHeading(lesson: string): string {
  const source = fs.readFileSync(path.resolve('content/courses/observer-basics/lessons', `${lesson}.kk.mdx`), 'utf8')
  return /^## (.+)$/m.exec(source)?.[1]?.trim() ?? ''
}

/** The route-discovery requests (`/__manifest`) the page makes from now on, as the browser sends them. */
async function manifestRequests(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const asked: string[] = []
  cdp.on('Network.requestWillBeSent', (event) => {
    if (new URL(event.request.url).pathname === '/__manifest') asked.push(event.request.url)
  })
  return asked
}

/** Waits until Remix has applied a discovery answer holding `routeId` and the browser's own fetch is back in place. */
async function discovered(page: Page, routeId: string) {
  await page.waitForFunction((id) => {
    const remix = window as unknown as { __remixManifest?: { routes: Record<string, unknown> } }
    return Object.keys(remix.__remixManifest?.routes ?? {}).includes(id) && window.fetch.toString().includes('[native code]')
  }, routeId)
}

async function progressValue(page: Page) {
  return Number(await page.getByRole('progressbar').first().getAttribute('aria-valuenow'))
}

test.describe('learning in Kazakh', () => {
  test.use({ locale: 'kk-KZ' })

  test('a learner reads a lesson in Kazakh, answers a check wrongly then rightly, sees progress rise and resumes on another device', async ({ page, browser }) => {
    // The admin has no course progress in the demo data (the demo volunteer has two lessons done).
    await login(page, 'admin@example.org')
    await page.goto('/courses?lng=kk')
    await page.getByRole('link', { name: 'Бақылаушы мектебі: негіздер' }).click()
    await expect(page).toHaveURL(COURSE)
    await page.getByRole('link', { name: 'Курсты бастау' }).click()
    await expect(page).toHaveURL(`${COURSE}/01-why-observe`)
    await expect(page.locator('article.lesson')).toHaveAttribute('lang', 'kk')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.getByRole('navigation', { name: 'Мазмұны' }).or(page.locator('nav.toc'))).toBeVisible()
    expect(await progressValue(page)).toBe(0)
    await expectAccessible(page)

    // Sent with no option chosen: said in the check's status area, and focus back on its options.
    const emptyBlock = await answer(page, first, [])
    await expect(emptyBlock.getByRole('status')).toHaveText('Алдымен жауапты таңдаңыз.')
    await expect(emptyBlock.getByRole('radio').first()).toBeFocused()
    const firstBlock = await answer(page, first, [first.wrong[0] ?? ''])
    await expect(firstBlock.getByRole('status')).toContainText('Толық емес')
    const firstAgain = await answer(page, first, first.right)
    await expect(firstAgain.getByRole('status')).toContainText('Дұрыс!')
    await expect(firstAgain.getByRole('button')).toHaveCount(0)
    expect(await progressValue(page)).toBe(0)

    const secondBlock = await answer(page, second, second.right)
    await expect(secondBlock.getByRole('status')).toContainText('Дұрыс!')
    // Both checks right: the lesson finishes itself and the course bar moves.
    await expect(page.getByText('✓ Сіз бұл сабақты өттіңіз.')).toBeVisible()
    await expect.poll(() => progressValue(page)).toBe(1)
    await expectAccessible(page)

    // Moving between lessons in the page: no document load, each body's HTML fetched once from its
    // own address (the body arrived that way already when the course page opened the lesson).
    const documents: string[] = []
    const bodies: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(request.url())
      if (request.url().includes('/body/')) bodies.push(request.url())
    })
    const sectionHeading = page.locator('.lesson-body h2').first()
    await expect(sectionHeading).toHaveText(firstHeading('01-why-observe'))
    await page.locator('a[rel="next"]').click()
    await expect(page).toHaveURL(`${COURSE}/02-who-may-observe`)
    await expect(sectionHeading).toHaveText(firstHeading('02-who-may-observe'))
    await expect(page.locator('section.quiz').first()).toBeVisible()
    await page.locator('a[rel="prev"]').click()
    await expect(page).toHaveURL(`${COURSE}/01-why-observe`)
    await expect(sectionHeading).toHaveText(firstHeading('01-why-observe'))
    await expect(page.locator('section.quiz').filter({ hasText: first.question }).getByRole('status')).toContainText('Дұрыс!')
    await page.locator('a[rel="next"]').click()
    await expect(sectionHeading).toHaveText(firstHeading('02-who-may-observe'))
    await page.waitForLoadState('networkidle')
    expect(documents).toEqual([])
    expect(bodies).toHaveLength(1)
    expect(bodies[0]).toContain('/courses/observer-basics/02-who-may-observe/body/kk/')

    // Another device: a fresh browser with no cookies.
    const phone = await browser.newContext({ locale: 'kk-KZ' })
    const other = await phone.newPage()
    await login(other, 'admin@example.org')
    await other.goto(COURSE)
    await expect(other.getByText(`${LESSONS} сабақтың 1-і (${Math.floor(100 / LESSONS)}%)`)).toBeVisible()
    await other.getByRole('link', { name: 'Жалғастыру' }).click()
    await expect(other).toHaveURL(`${COURSE}/02-who-may-observe`)
    await other.goto(`${COURSE}/01-why-observe`)
    await expect(other.locator('section.quiz').filter({ hasText: first.question }).getByRole('status')).toContainText('Дұрыс!')
    // A check on a page that was loaded whole and hydrated (not reached by a client-side move).
    await other.goto(`${COURSE}/02-who-may-observe`)
    await expect(other.locator('.lesson-body h2').first()).toHaveText(firstHeading('02-who-may-observe'))
    const refetched: string[] = []
    other.on('request', (request) => {
      if (request.url().includes('/body/')) refetched.push(request.url())
    })
    const hydrated = await answer(other, accreditation, accreditation.right)
    await expect(hydrated.getByRole('status')).toContainText('Дұрыс!')
    // Hydration kept the server's HTML of the body, and the page's revalidation did not fetch it.
    await other.waitForLoadState('networkidle')
    await expect(other.locator('.lesson-body h2').first()).toHaveText(firstHeading('02-who-may-observe'))
    expect(refetched).toEqual([])
    await phone.close()
  })
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'kk-KZ' })

  test('the same lesson works with plain form posts', async ({ page }) => {
    await login(page, 'trainer@example.org')
    await page.goto(`${COURSE}/01-why-observe?lng=kk`)
    expect(await progressValue(page)).toBe(0)
    let block = await answer(page, first, [])
    await expect(block.getByRole('status')).toHaveText('Алдымен жауапты таңдаңыз.')
    block = await answer(page, first, [first.wrong[1] ?? ''])
    await expect(block.getByRole('status')).toContainText('Толық емес')
    block = await answer(page, first, first.right)
    await expect(block.getByRole('status')).toContainText('Дұрыс!')
    await page.getByRole('button', { name: 'Өтілді деп белгілеу және жалғастыру' }).click()
    await expect(page).toHaveURL(`${COURSE}/02-who-may-observe`)
    expect(await progressValue(page)).toBe(1)
    await page.goto(COURSE)
    await expect(page.getByText(`${LESSONS} сабақтың 1-і (${Math.floor(100 / LESSONS)}%)`)).toBeVisible()
  })
})

test('the course catalogue and course page are accessible and show a missing-login hint', async ({ page }) => {
  await page.goto('/courses?lng=en')
  await expect(page.getByText('Log in to keep your progress')).toBeVisible()
  await expectAccessible(page)
  await page.goto(COURSE)
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Start the course' }).click()
  await expect(page).toHaveURL(/\/login\?redirectTo=/)
})

test('the routes behind a page’s links are asked for once, while it loads, and Remix takes that answer instead of asking again', async ({ page }) => {
  const asked = await manifestRequests(page)
  await page.goto(`${COURSE}?lng=en`)
  // Remix has applied the discovery answer (the login route is in its manifest) and the browser's
  // own fetch is back in place: only the page's early request went out.
  await discovered(page, 'routes/login')
  expect(asked).toHaveLength(1)
  expect(new URL(asked[0] ?? '').searchParams.getAll('p')).toContain('/login')
  // A link to a discovered route moves on the client without asking again.
  await page.getByRole('link', { name: 'Start the course' }).click()
  await expect(page).toHaveURL(/\/login\?redirectTo=/)
  expect(asked).toHaveLength(1)
})

test('the header’s links are discovered with the page, mark the current page and move without loading a document', async ({ page }) => {
  const asked = await manifestRequests(page)
  await page.goto(`${COURSE}?lng=en`)
  await discovered(page, 'routes/signup')
  // The header's plain links (app/components/list-links.ts) are found by the page's early discovery.
  expect(new URL(asked[0] ?? '').searchParams.getAll('p')).toEqual(expect.arrayContaining(['/signup', '/apply']))
  const header = page.getByRole('banner')
  await expect(header.getByRole('link', { name: 'Courses', exact: true })).toHaveAttribute('aria-current', 'page')
  await page.evaluate(() => Object.assign(window, { sameDocument: true }))
  await header.getByRole('link', { name: 'Sign up' }).click()
  await expect(page).toHaveURL(/\/signup$/)
  await expect(header.getByRole('link', { name: 'Sign up' })).toHaveAttribute('aria-current', 'page')
  await expect(header.getByRole('link', { name: 'Courses', exact: true })).not.toHaveAttribute('aria-current', 'page')
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
  expect(asked).toHaveLength(1)
})

test('a learner who asked for reduced motion sees the progress bar change without sliding', async ({ page }) => {
  // Outside probe after session 39: the bar slid for 0.3 s whatever the system's motion setting.
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await login(page, 'volunteer@example.org')
  await page.goto(COURSE)
  const fill = page.locator('.progress-fill').first()
  await expect(fill).toBeVisible()
  expect(await fill.evaluate((element) => getComputedStyle(element).transitionDuration)).toBe('0s')
  await page.emulateMedia({ reducedMotion: 'no-preference' })
  expect(await fill.evaluate((element) => getComputedStyle(element).transitionDuration)).toBe('0.3s')
})
