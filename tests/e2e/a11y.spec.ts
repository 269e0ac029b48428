import { expectAccessible, login, test } from './fixtures.ts'

for (const path of ['/', '/signup', '/login', '/forgot-password', '/?lng=kk', '/signup?lng=en', '/verify', '/verify/AAAAA-BBBBB']) {
  test(`${path} has no serious accessibility violation`, async ({ page }) => {
    await page.goto(path)
    await expectAccessible(page)
  })
}

test('a sign-up form showing errors stays accessible', async ({ page }) => {
  await page.goto('/signup')
  await page.getByRole('button').filter({ hasText: 'Создать' }).click()
  await expectAccessible(page)
})

test('the account and admin pages have no serious accessibility violation', async ({ page }) => {
  await login(page, 'admin@example.org')
  for (const path of ['/account', '/admin', '/admin/ngos', '/admin/ngos/new', '/admin/campaigns', '/admin/people', '/admin/operations', '/admin/audit']) {
    await page.goto(path)
    await expectAccessible(page)
  }
})
