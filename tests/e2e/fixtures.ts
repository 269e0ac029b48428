import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../../prisma/data/demo.ts'

/** Every test fails if the page logs an error to the console or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (message) => {
        // A refused form is answered with 4xx on purpose, a busy database with 503 (the busy page's
        // test); Chromium logs that status as an error.
        if (message.type() === 'error' && !/status of (4\d\d|503)/.test(message.text())) errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      // Anything the Content-Security-Policy refused (a script, a style, an eval, even one caught and
      // swallowed, as zod's probe for `new Function` was) is an error too.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => console.error(`Content-Security-Policy refused ${event.violatedDirective}: ${event.blockedURI || 'inline'}`))
      })
      await use(errors)
      expect(errors, 'console errors on the page').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

export async function logout(page: Page) {
  await page.locator('form[action="/logout"] button').click()
  await page.waitForURL('/')
}

/** WCAG 2.2 AA checks with axe: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

/**
 * The newest link to `pathname` in the mail sent to `to`: the app's notification loop sends it within
 * seconds into tests/.artifacts/e2e-outbox (files named by time, so the newest sorts last).
 */
export async function emailedLink(to: string, pathname: string): Promise<string> {
  const outbox = path.resolve('tests/.artifacts/e2e-outbox')
  const newest = () => {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.json')).sort().reverse() : []
    for (const file of files) {
      const mail = JSON.parse(fs.readFileSync(path.join(outbox, file), 'utf8')) as { to: string; text: string }
      const link = mail.to === to ? (mail.text.match(/https?:\/\/\S+/g) ?? []).find((l) => new URL(l).pathname === pathname) : undefined
      if (link) return link
    }
    return undefined
  }
  await expect.poll(newest, { timeout: 20_000, message: `a link to ${pathname} emailed to ${to}` }).toBeTruthy()
  return newest() ?? ''
}
