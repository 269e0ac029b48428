/** Papers that verify themselves: keys made, rotated and published; the certificate PDF's QR code decoded and verified; the online check. */
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeFromBytes } from '~/domain/certificates.ts'
import { checkPaper, paperId, type PublishedKey } from '~/domain/signed-paper.ts'
import { letterQr } from '~/server/deployment/letter-paper.server.ts'
import { revokeCertificate } from '~/server/exams/certificates.server.ts'
import { forgetSigningKey, publishedKeys } from '~/server/papers/keys.server.ts'
import { paperQrPng, signedPaperUrl } from '~/server/papers/signing.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { qrText } from '../support/qr.ts'

let app: RunningApp
const APP_URL = 'https://observers.example.kz'

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', APP_URL })
})
afterAll(async () => {
  await app.stop()
})

/** `npm run keys:generate` as production runs it: the bundle in build/cli/. */
function keysCli(...args: string[]): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(process.execPath, ['build/cli/keys.js', ...args], { env: { ...process.env }, encoding: 'utf8', stdio: 'pipe' }) }
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string }
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` }
  }
}

async function issued(holderName: string) {
  const campaign = await rosterCampaign()
  const ngo = await createNgo({ name: 'Адал сайлау' })
  const { user, application } = await recruit(950, campaign, ngo.id, { fullName: holderName, certificates: [] })
  const code = codeFromBytes(crypto.randomBytes(64))!
  await db.certificate.create({
    data: {
      code, userId: user.id, holderName, courseSlug: 'observer-basics', courseVersion: '1', courseTitle: JSON.stringify({ ru: 'Основы наблюдения', kk: 'Бақылау негіздері', en: 'Observing basics' }),
      attemptId: `attempt-${crypto.randomBytes(6).toString('hex')}`, percent: 90, campaignId: campaign.id, ngoId: ngo.id, expiresAt: new Date(Date.now() + 200 * 86_400_000),
    },
  })
  return { user, application, code }
}

async function decodedQr(pdf: ArrayBuffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-paper-'))
  const file = path.join(dir, 'certificate.pdf')
  fs.writeFileSync(file, Buffer.from(pdf))
  // 150 dpi: about what a phone sees of a printed page.
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', file, path.join(dir, 'page')])
  return qrText(path.join(dir, 'page.png'))
}

describe('signing keys', () => {
  it('keys:generate makes a first key, refuses a second without --rotate, and --rotate retires the old one (still published)', async () => {
    await db.signingKey.deleteMany()
    expect(await publishedKeys()).toEqual([])
    const first = keysCli()
    expect(first.status, first.output).toBe(0)
    const [key] = await db.signingKey.findMany()
    expect(key?.id).toMatch(/^k[2-9A-Z]{4}$/)
    expect(Buffer.from(key?.publicKey ?? '', 'base64url')).toHaveLength(32)
    expect(key?.privateKey).toContain('BEGIN PRIVATE KEY')

    const again = keysCli()
    expect(again.status).toBe(1)
    expect(again.output).toContain('--rotate')
    expect(keysCli('--if-missing')).toMatchObject({ status: 0 })
    expect(await db.signingKey.count()).toBe(1)
    expect(keysCli('--nonsense').status).toBe(2)

    const rotated = keysCli('--rotate')
    expect(rotated.output).toContain(`retired ${key?.id}`)
    const keys = await publishedKeys()
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatchObject({ kid: key?.id, retired: expect.any(String) })
    expect(keys[1]?.retired).toBeNull()
    const audited = await db.auditEvent.findMany({ where: { action: 'signingKey.created' }, orderBy: { at: 'asc' } })
    expect(audited.map((event) => [event.targetId, JSON.parse(event.details)])).toEqual([
      [key?.id, { retired: [] }],
      [keys[1]?.kid, { retired: [key?.id] }],
    ])
  }, 90_000) // six runs of a node process: slow on a busy two-core machine

  it('are published at /.well-known/observer-school-keys.json, retired ones too, cacheable, private keys never', async () => {
    const response = await fetch(`${app.url}/.well-known/observer-school-keys.json`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('application/json')
    expect(response.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/)
    const text = await response.text()
    expect(text).not.toMatch(/PRIVATE|privateKey/)
    const body = JSON.parse(text) as { keys: Array<PublishedKey & { alg: string }> }
    expect(body.keys.length).toBe(await db.signingKey.count())
    expect(body.keys.every((key) => key.alg === 'Ed25519' && key.kid && key.x && key.created)).toBe(true)
    expect(body.keys.some((key) => key.retired)).toBe(true)
  })
})

describe('a certificate as a signed paper', () => {
  it("the PDF's QR code is the signed paper, and it verifies against the published keys with the holder's name, masked IIN, NGO, course and code", async () => {
    forgetSigningKey()
    const { user, application, code } = await issued('Жұмабаева Әйгерім Нұрсұлтанқызы')
    const holder = new Client(app.url, { 'Accept-Language': 'kk' })
    await holder.login(user.email, TEST_PASSWORD)
    const response = await holder.get(`/certificates/${code}/pdf`)
    expect(response.status).toBe(200)
    const url = await decodedQr(await response.arrayBuffer())
    expect(url.startsWith(`${APP_URL}/v#`)).toBe(true)

    const { keys } = (await (await fetch(`${app.url}/.well-known/observer-school-keys.json`)).json()) as { keys: PublishedKey[] }
    const check = checkPaper(new URL(url).hash, keys, new Date())
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.paper).toMatchObject({ kind: 'certificate', holderName: 'Жұмабаева Әйгерім Нұрсұлтанқызы', ngo: 'Адал сайлау', course: 'Основы наблюдения', code, id: { kind: 'iin', last4: application.iin.slice(-4) } })
    expect(check.paper.keyId).toBe((await db.signingKey.findFirstOrThrow({ where: { retiredAt: null } })).id)
    expect(url).not.toContain(application.iin.slice(0, 6))

    // The certificate page shows the same signed paper as a QR image and a link.
    const page = await (await holder.get(`/certificates/${code}`)).text()
    expect(page).toContain('data:image/svg+xml;base64,')
    expect(page).toContain(`href="${APP_URL}/v#`)
  })

  it('the online check answers the status of the code only; a revoked certificate loses its signed QR code', async () => {
    const { user, code } = await issued('Иванов Пётр')
    const admin = await createUser({ isAdmin: true })
    const status = await fetch(`${app.url}/verify/${code}/status.json`)
    expect(status.headers.get('Cache-Control')).toBe('no-store')
    expect(await status.json()).toMatchObject({ code, status: 'valid' })
    const unknown = await fetch(`${app.url}/verify/ZZZZZ-ZZZZZ/status.json`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ status: 'unknown' })

    await revokeCertificate(admin.id, code, 'test', '127.0.0.1')
    expect(await (await fetch(`${app.url}/verify/${code}/status.json`)).json()).toMatchObject({ status: 'revoked' })
    const holder = new Client(app.url)
    await holder.login(user.email, TEST_PASSWORD)
    expect(await decodedQr(await (await holder.get(`/certificates/${code}/pdf`)).arrayBuffer())).toBe(`${APP_URL}/verify/${code}`)
  })

  it('an election-day letter signed with signedPaperUrl: its QR PNG decodes to the URL, which verifies with the station and shift', async () => {
    forgetSigningKey()
    const url = await signedPaperUrl(
      { kind: 'letter', holderName: 'Қанатқызы Әсем', id: paperId({ iin: '900515300424', documentNumber: ' ' }), ngo: 'Адал сайлау', campaign: 'Сайлау 2026', station: '№ 101, Алматы', shift: 'Таңғы, 07:00–14:00', issuedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000), code: '' },
      APP_URL,
    )
    expect(url).toMatch(/^https:\/\/observers\.example\.kz\/v#/)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-letter-'))
    fs.writeFileSync(path.join(dir, 'qr.png'), await paperQrPng(url ?? ''))
    expect(qrText(path.join(dir, 'qr.png'))).toBe(url)
    const check = checkPaper(new URL(url ?? '').hash, await publishedKeys(), new Date())
    expect(check).toMatchObject({ ok: true, paper: { kind: 'letter', station: '№ 101, Алматы', shift: 'Таңғы, 07:00–14:00', id: { kind: 'iin', last4: '0424' } } })
  })

  it("a printed letter's QR code carries the letter's code for the online check", async () => {
    forgetSigningKey()
    const letter = {
      reference: '101-X', code: 'ABCDE-FGHJK', fullName: 'Қанатқызы Әсем', identity: { kind: 'iin' as const, value: '••••••••0424' }, station: { number: '101', address: 'Абая, 1', district: 'Алмалинский' },
      regionName: 'Алматы', campaignName: 'Сайлау 2026', electionDay: new Date(), shift: { name: 'Таңғы', startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) },
      ngo: { name: 'Адал сайлау', accreditationNumber: null, accreditationBody: null, accreditationIssuer: null }, signatory: { name: null, title: null }, issuedAt: new Date(),
    }
    const qr = await letterQr(letter, APP_URL)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-letter-'))
    fs.writeFileSync(path.join(dir, 'qr.png'), qr?.png ?? Buffer.alloc(0))
    const url = qrText(path.join(dir, 'qr.png'))
    expect(checkPaper(new URL(url).hash, await publishedKeys(), new Date())).toMatchObject({ ok: true, paper: { kind: 'letter', code: 'ABCDE-FGHJK' } })
  })

  it('/v carries the public keys, asks for JavaScript without it, and offers the online code check', async () => {
    const response = await fetch(`${app.url}/v?lng=en`)
    expect(response.status).toBe(200)
    const html = await response.text()
    const kid = (await db.signingKey.findFirstOrThrow({ where: { retiredAt: null } })).id
    expect(html).toContain(kid)
    expect(html).toContain('<noscript>')
    expect(html).toContain('needs JavaScript')
    expect(html).toContain('action="/verify"')
    expect(html).not.toMatch(/PRIVATE KEY/)
    const csp = response.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("worker-src 'self'")
    const worker = await fetch(`${app.url}/sw.js`)
    expect(worker.status).toBe(200)
    expect(worker.headers.get('Content-Type')).toContain('javascript')
  })
})
