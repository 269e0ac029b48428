import fs from 'node:fs'
import path from 'node:path'
import { emailedLink, expect, expectAccessible, login, logout, test } from './fixtures.ts'

test('a volunteer signs up with the email first, chooses a password through the emailed link, switches to Kazakh, logs out and back in', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await page.getByRole('link', { name: 'Зарегистрироваться волонтёром' }).click()
  await expect(page).toHaveURL('/signup')
  // No password on the sign-up form: it is chosen on the emailed link's page.
  await expect(page.locator('input[type="password"]')).toHaveCount(0)

  // Bad input first: errors appear next to the fields, in the page's language.
  await page.getByLabel('ФИО').fill('Дана Серікова')
  await page.getByLabel('Электронная почта').fill('dana.e2e-at-example.org')
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  await expect(page.getByLabel('Электронная почта')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Электронная почта')).toBeFocused()

  await page.getByLabel('Электронная почта').fill('dana.e2e@example.org')
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  // The same answer whether or not the address has an account: the email says which.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Проверьте почту')
  await expect(page.getByText('Мы отправили письмо на адрес dana.e2e@example.org.', { exact: false })).toBeVisible()
  await expectAccessible(page)
  // Nobody is logged in yet.
  await expect(page.getByRole('link', { name: 'Войти' })).toBeVisible()

  await page.goto(await emailedLink('dana.e2e@example.org', '/reset-password'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Придумайте пароль')
  await expectAccessible(page)
  await page.getByLabel('Пароль', { exact: true }).fill('short')
  await page.getByLabel('Повторите пароль').fill('short')
  await page.getByRole('button', { name: 'Сохранить пароль и закончить регистрацию' }).click()
  await expect(page.getByText('Пароль должен содержать не меньше 10 символов.')).toBeVisible()
  await page.getByLabel('Пароль', { exact: true }).fill('степь и ветер 2026')
  await page.getByLabel('Повторите пароль').fill('степь и ветер 2026')
  await page.getByRole('button', { name: 'Сохранить пароль и закончить регистрацию' }).click()
  await expect(page).toHaveURL('/account?welcome=1')
  await expect(page.getByText('Добро пожаловать, Дана Серікова!')).toBeVisible()
  // The link came to the address: it is confirmed with the password.
  await expect(page.getByText('Ваш адрес dana.e2e@example.org подтверждён.')).toBeVisible()

  await page.getByRole('navigation', { name: 'Язык' }).getByRole('link', { name: 'KK' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Жеке кабинет')

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

test('signing up with an address that has an account answers the same and emails its owner the ways in', async ({ page }) => {
  await page.goto('/signup?lng=en')
  await page.getByLabel('Full name').fill('Not The Lead')
  await page.getByLabel('Email').fill('lead@example.org')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox')
  await expect(page.getByText('We have sent a message to lead@example.org.', { exact: false })).toBeVisible()
  // The owner's email (in the account's language) links to the login and reset pages, nothing else.
  await page.goto(await emailedLink('lead@example.org', '/forgot-password'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Восстановление пароля')
  await login(page, 'lead@example.org')
  await expect(page).not.toHaveURL(/\/login/)
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
