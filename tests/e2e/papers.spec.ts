import crypto from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { DEMO_CERTIFICATE_CODE } from '../../prisma/data/demo.ts'
import { paperFragment, paperId, payloadBytes, toBase64Url, type SignedPaper } from '../../app/domain/signed-paper.ts'
import { expect, expectAccessible, login, test } from './fixtures.ts'

/** An election-day letter signed with the coalition's key, as the server signs one (Node's crypto). */
function signedLetter(holderName: string, code = ''): { fragment: string; forged: string } {
  const database = new Database(path.resolve('tests/.artifacts/e2e.db'), { fileMustExist: true, readonly: true })
  const key = database.prepare('SELECT id, privateKey FROM SigningKey WHERE retiredAt IS NULL ORDER BY createdAt DESC LIMIT 1').get() as { id: string; privateKey: string }
  database.close()
  const today = new Date()
  const letter: SignedPaper = {
    kind: 'letter',
    keyId: key.id,
    holderName,
    id: paperId({ iin: '900515300424' }),
    ngo: 'Dala Civic Watch',
    campaign: 'Выборы в Курултай',
    station: '№ 101, Алматы',
    shift: 'Утренняя, 07:00–14:00',
    issuedAt: today,
    expiresAt: new Date(today.getTime() + 86_400_000),
    code,
  }
  const payload = payloadBytes(letter)
  const signature = new Uint8Array(crypto.sign(null, payload, crypto.createPrivateKey(key.privateKey)))
  // Someone changed the name and kept the signature.
  const forged = `${toBase64Url(payloadBytes({ ...letter, holderName: 'Подставное Лицо' }))}.${toBase64Url(signature)}`
  return { fragment: paperFragment(payload, signature), forged }
}

/** Until the service worker controls /v and has kept the page, its assets and the keys. */
async function waitUntilKeptForOffline(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          if (!navigator.serviceWorker.controller) return false
          const names = await caches.keys()
          const cache = names[0] ? await caches.open(names[0]) : null
          return Boolean(cache && (await cache.match('/v?lng=ru')) && (await cache.match('/v?lng=kk')) && (await cache.match('/.well-known/observer-school-keys.json')))
        }),
      { timeout: 20_000 },
    )
    .toBe(true)
}

test("a commission member checks an observer's papers: once online, then offline, and refuses a forged one", async ({ page, browser }) => {
  // The holder's certificate page carries its signed paper (the URL its QR code holds).
  const holderContext = await browser.newContext()
  const holder = await holderContext.newPage()
  await login(holder, 'aruzhan@example.org')
  await holder.goto(`/certificates/${DEMO_CERTIFICATE_CODE}`)
  await expect(holder.getByRole('img', { name: /QR/ })).toBeVisible()
  const certificateUrl = await holder.getByRole('link', { name: 'Открыть подписанный документ' }).getAttribute('href')
  await holderContext.close()
  expect(certificateUrl).toMatch(/\/v#[\w-]+\.[\w-]{86}$/)

  // Online: the phone's camera opens the certificate's QR code.
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(certificateUrl ?? '')
  await expect(page.getByText('Подпись верна', { exact: false })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Аружан Серікқызы' })).toBeVisible()
  await expect(page.getByText('Онлайн-проверка: сертификат действителен')).toBeVisible()
  await expect(page.getByText('не показывает, был ли документ отозван')).toBeVisible()
  await expectAccessible(page)
  await waitUntilKeptForOffline(page)
  // Nothing of the paper left the phone: the fragment is in no request, only the code for the online check.
  const fragment = new URL(certificateUrl ?? '').hash.slice(1)
  expect(requests.filter((url) => url.includes(fragment.slice(0, 16)) || url.includes(fragment.slice(-16)))).toEqual([])
  expect(requests.some((url) => url.includes(`/verify/${DEMO_CERTIFICATE_CODE}/status.json`))).toBe(true)

  // The network is cut: another observer's letter still verifies.
  const { fragment: letter, forged } = signedLetter('Жұмабаева Әйгерім Нұрсұлтанқызы')
  await page.context().setOffline(true)
  await page.goto('about:blank')
  await page.goto(`/v#${letter}`)
  await expect(page.getByText('Подпись верна', { exact: false })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Жұмабаева Әйгерім Нұрсұлтанқызы' })).toBeVisible()
  await expect(page.getByText('№ 101, Алматы')).toBeVisible()
  await expect(page.getByText('••••••••0424')).toBeVisible()
  await expect(page.getByText('У этого документа нет кода для онлайн-проверки.')).toBeVisible()
  // The language switch keeps the paper (the fragment), offline too.
  await page.locator('.language-switch a[hreflang="kk"]').click()
  await expect(page.getByText('Қолтаңба дұрыс', { exact: false })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Жұмабаева Әйгерім Нұрсұлтанқызы' })).toBeVisible()
  // The service worker remembers the language for the next /v opened offline.
  await expect.poll(() => page.evaluate(async () => (await caches.match('/v?service-worker-locale'))?.text())).toBe('kk')

  // A forged one is refused, offline too.
  await page.goto('about:blank')
  await page.goto(`/v#${forged}`)
  await expect(page.getByRole('alert').getByText('Құжат жарамсыз')).toBeVisible()
  await expect(page.getByText('құжат өзгертілген немесе жалған')).toBeVisible()
  await expectAccessible(page)

  // A half-scanned one too, and the page in Kazakh (kept offline as well).
  await page.goto('about:blank')
  await page.goto(`/v?lng=kk#${letter.slice(0, 60)}`)
  await expect(page.getByRole('alert').getByText('Құжат жарамсыз')).toBeVisible()
  await page.context().setOffline(false)
})

test("a letter's online check tells a commission member when the letter is no longer in force", async ({ page }) => {
  // Signed by the coalition, but its code names no assignment in force (moved, declined or removed since printing).
  const { fragment } = signedLetter('Серікқызы Аружан', 'ZZZZZ-ZZZZZ')
  const asked: string[] = []
  page.on('request', (request) => asked.push(request.url()))
  await page.goto(`/v?lng=en#${fragment}`)
  await expect(page.getByText('Valid signature', { exact: false })).toBeVisible()
  await expect(page.getByText('Letter code')).toBeVisible()
  await expect(page.getByText('this letter is no longer in force', { exact: false })).toBeVisible()
  expect(asked.some((url) => url.endsWith('/verify/ZZZZZ-ZZZZZ/status.json?paper=letter'))).toBe(true)
  await expectAccessible(page)
})

test('/v without a paper explains itself and is accessible', async ({ page }) => {
  await page.goto('/v?lng=en')
  await expect(page.getByRole('heading', { name: 'Check a paper' })).toBeVisible()
  await expect(page.getByText("Scan the QR code on an observer's certificate")).toBeVisible()
  await expectAccessible(page)
})

test('a certificate page prints as the certificate alone: no header, links back or buttons', async ({ page }) => {
  await login(page, 'aruzhan@example.org')
  await page.goto(`/certificates/${DEMO_CERTIFICATE_CODE}?lng=ru`)
  const download = page.getByRole('link', { name: 'Скачать PDF' })
  await expect(download).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.locator('dd code')).toHaveText(DEMO_CERTIFICATE_CODE)
  for (const hidden of [download, page.locator('.breadcrumb'), page.locator('.site-header'), page.locator('.certificate .btn')]) await expect(hidden.first()).toBeHidden()
  await page.emulateMedia({ media: 'screen' })
  await expect(download).toBeVisible()
})

test('a code not found stays in the field, and each code’s page shows its own code', async ({ page }) => {
  await page.goto('/verify?lng=ru')
  const field = page.getByLabel('Код сертификата')
  await field.fill('abcde 23456')
  await page.getByRole('button', { name: 'Проверить' }).click()
  await expect(page).toHaveURL('/verify/ABCDE-23456')
  await expect(field).toHaveValue('ABCDE-23456')
  await field.fill('QWERT-23456')
  await page.getByRole('button', { name: 'Проверить' }).click()
  await expect(page).toHaveURL('/verify/QWERT-23456')
  await expect(field).toHaveValue('QWERT-23456')
  // Back to the first code's page: its code, not the one typed last.
  await page.goBack()
  await expect(page).toHaveURL('/verify/ABCDE-23456')
  await expect(field).toHaveValue('ABCDE-23456')
})
