import fs from 'node:fs'
import path from 'node:path'
import { expect, expectAccessible, login, logout, test } from './fixtures.ts'

test('a volunteer signs up, switches to Kazakh, logs out and logs back in to a Kazakh page', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await page.getByRole('link', { name: 'Зарегистрироваться волонтёром' }).click()
  await expect(page).toHaveURL('/signup')

  // Bad input first: errors appear next to the fields, in the page's language.
  await page.getByLabel('ФИО').fill('Дана Серікова')
  await page.getByLabel('Электронная почта').fill('dana.e2e@example.org')
  await page.getByLabel('Пароль', { exact: true }).fill('short')
  await page.getByLabel('Повторите пароль').fill('different')
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  await expect(page.getByText('Пароль должен содержать не меньше 10 символов.')).toBeVisible()
  await expect(page.getByLabel('Пароль', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Пароль', { exact: true })).toBeFocused()

  await page.getByLabel('Пароль', { exact: true }).fill('степь и ветер 2026')
  await page.getByLabel('Повторите пароль').fill('степь и ветер 2026')
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  await expect(page).toHaveURL(/\/account/)
  await expect(page.getByText('Добро пожаловать, Дана Серікова!')).toBeVisible()

  await expect(page.getByText('Ваш адрес dana.e2e@example.org ещё не подтверждён.', { exact: false })).toBeVisible()

  await page.getByRole('navigation', { name: 'Язык' }).getByRole('link', { name: 'KK' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Жеке кабинет')

  // The address is confirmed with the emailed link (sent by the app's notification loop), by the
  // person logged in to the account, with the page's button.
  const outbox = path.resolve('tests/.artifacts/e2e-outbox')
  const confirmationLink = () => {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox) : []
    const mail = files.map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as { to: string; text: string }).find((m) => m.to === 'dana.e2e@example.org')
    return mail?.text.match(/http:\/\/\S+\/confirm-email\S+/)?.[0]
  }
  await expect.poll(confirmationLink, { timeout: 20_000 }).toBeTruthy()
  // The link names the account's language when it was sent (maybe before the switch): Kazakh here.
  const link = new URL(confirmationLink() ?? '')
  link.searchParams.set('lng', 'kk')
  await page.goto(link.href)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Пошта мекенжайын растау')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Мекенжайды растау' }).click()
  await expect(page).toHaveURL('/account')
  await expect(page.getByText('dana.e2e@example.org мекенжайыңыз расталды.')).toBeVisible()

  await logout(page)
  await expect(page.getByRole('link', { name: 'Кіру' })).toBeVisible()

  // A new browser: no language cookie, yet the account remembers Kazakh.
  await page.context().clearCookies()
  await login(page, 'dana.e2e@example.org', 'степь и ветер 2026')
  // A volunteer's work: their applications.
  await expect(page).toHaveURL('/applications')
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Менің өтінімдерім')
})

test('a forgotten password is reset through the emailed link', async ({ page }) => {
  await page.goto('/forgot-password?lng=en')
  await page.getByLabel('Email').fill('lead2@example.org')
  await page.getByRole('button', { name: 'Send link' }).click()
  await expect(page.getByText('If an account with this email exists')).toBeVisible()

  // The email is queued and sent by the app's notification loop (every few seconds).
  const outbox = path.resolve('tests/.artifacts/e2e-outbox')
  const resetLink = () => {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox) : []
    const mail = files.map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as { to: string; text: string }).find((m) => m.to === 'lead2@example.org')
    return mail?.text.match(/http:\/\/\S+/)?.[0]
  }
  await expect.poll(resetLink, { timeout: 20_000 }).toBeTruthy()
  const link = resetLink()
  // The link opens in the account's language (Russian for this lead), whatever the form was in.
  await page.goto(link ?? '')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await page.getByLabel('Новый пароль').fill('a fresh password 42')
  await page.getByLabel('Повторите пароль').fill('a fresh password 42')
  await page.getByRole('button', { name: 'Сохранить новый пароль' }).click()
  await expect(page).toHaveURL('/account')

  await page.goto(link ?? '')
  await expect(page.getByText('Ссылка недействительна или устарела.')).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('logging in and seeing a wrong-password error work with plain forms', async ({ page }) => {
    await page.goto('/login')
    await page.locator('input[name="email"]').fill('trainer@example.org')
    await page.locator('input[name="password"]').fill('wrong password')
    await page.locator('form button[type="submit"]').click()
    await expect(page.getByRole('alert')).toContainText('Неверная электронная почта или пароль.')
    await page.locator('input[name="password"]').fill('observer-demo-2026')
    await page.locator('form button[type="submit"]').click()
    // A trainer's work: the studio.
    await expect(page).toHaveURL('/studio')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Студия тренера')
  })
})
