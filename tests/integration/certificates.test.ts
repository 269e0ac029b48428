/** Certificates: issued once on passing, verified publicly (audited, rate-limited), revoked with a reason, PDF with QR. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDate } from '~/domain/format.ts'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import { campaignCertification, findCertificate, revokeCertificate, verifyCertificate } from '~/server/exams/certificates.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { readOutbox } from '~/server/platform/email.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { saveBankAnswer, startAttempt, submitAttempt } from '~/server/exams/exams.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { fixtureExam, setUpExamFixtureCourse } from '../support/content-fixture.ts'
import { completeLessons, createNgo, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { recruit } from '../support/roster-fixture.ts'
import { qrText } from '../support/qr.ts'

let course: CatalogCourse
let app: RunningApp
const pick = (values: string[]) => ({ values, positions: {}, matches: {} })

beforeAll(async () => {
  const fixture = setUpExamFixtureCourse({ bank: fixtureExam().replace('cooldownMinutes: 60', 'cooldownMinutes: 0'), courseYaml: 'certificate: { validMonths: 12 }' })
  const found = (await buildCatalog()).courses.get('basics')
  if (!found) throw new Error('fixture')
  course = found
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir, OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', VERIFY_LOOKUPS_PER_MINUTE: '8', APP_URL: 'https://observers.example.kz' })
})
afterAll(async () => {
  await app.stop()
})

async function passExam(userId: string, right = true) {
  await completeLessons(userId, course.slug)
  const start = await startAttempt(userId, course, 'en')
  if (!start.ok) throw new Error('start')
  await saveBankAnswer(userId, course, start.attemptId, 'q-one', pick([right ? 'a' : 'b']))
  await saveBankAnswer(userId, course, start.attemptId, 'q-two', pick(['true']))
  await submitAttempt(userId, course, start.attemptId)
  await submitAttempt(userId, course, start.attemptId)
  return start.attemptId
}

describe('issuing', () => {
  it('a passed attempt gets exactly one certificate; a failed one none', async () => {
    const user = await createUser({ name: 'Әсем Қанатқызы' })
    await passExam(user.id, false)
    expect(await db.certificate.count({ where: { userId: user.id } })).toBe(0)
    const attemptId = await passExam(user.id, true)
    const certificates = await db.certificate.findMany({ where: { userId: user.id } })
    expect(certificates).toHaveLength(1)
    expect(certificates[0]).toMatchObject({ attemptId, holderName: 'Әсем Қанатқызы', courseSlug: 'basics', courseVersion: course.version, percent: 100 })
    expect(certificates[0]?.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    const months = ((certificates[0]?.expiresAt.getTime() ?? 0) - (certificates[0]?.issuedAt.getTime() ?? 0)) / (86_400_000 * 30.4)
    expect(Math.round(months)).toBe(12)
  })
})

describe('certification for a campaign', () => {
  it('follows the rule: every required course has a valid certificate; the certificate names the campaign', async () => {
    const campaign = await db.campaign.create({
      data: { slug: `c-${Date.now()}`, nameRu: 'Выборы', nameKk: 'Сайлау', nameEn: 'Election', kind: 'PARLIAMENTARY', electionDay: new Date(Date.now() + 90 * 86_400_000), applicationDeadline: new Date(Date.now() + 60 * 86_400_000), courses: { create: [{ courseSlug: 'basics' }] } },
    })
    const ready = await createUser()
    const notYet = await createUser()
    await passExam(ready.id)
    expect((await campaignCertification(ready.id, 'en')).find((c) => c.id === campaign.id)).toMatchObject({ certified: true, missing: [] })
    expect((await campaignCertification(notYet.id, 'en')).find((c) => c.id === campaign.id)).toMatchObject({ certified: false, missing: [{ slug: 'basics', title: 'Basics' }] })
    expect((await db.certificate.findFirstOrThrow({ where: { userId: ready.id } })).campaignId).toBe(campaign.id)

    // A recruit's certificate carries the application's legal full name (the roster's), not the
    // account's display name, and keeps it when either changes later.
    const ngo = await createNgo()
    const { user: recruited, application } = await recruit(901, campaign, ngo.id, { fullName: 'Қанатқызы Әсем Бақытқызы', state: 'accepted', certificates: [] })
    await db.user.update({ where: { id: recruited.id }, data: { name: 'Әсем' } })
    await passExam(recruited.id)
    const issued = await db.certificate.findFirstOrThrow({ where: { userId: recruited.id } })
    expect(issued.holderName).toBe('Қанатқызы Әсем Бақытқызы')
    await db.application.update({ where: { id: application.id }, data: { fullName: 'Renamed Later' } })
    expect((await findCertificate(issued.code, 'en'))?.holderName).toBe('Қанатқызы Әсем Бақытқызы')
  })
})

describe('verifying and revoking', () => {
  it('a lookup is audited; revoking records who and why, tells the holder, and shows as revoked', async () => {
    const holder = await createUser({ name: 'Holder One' })
    const admin = await createUser({ isAdmin: true })
    await passExam(holder.id)
    const { code } = await db.certificate.findFirstOrThrow({ where: { userId: holder.id } })
    expect((await verifyCertificate(code.toLowerCase().replace('-', ' '), 'en', '198.51.100.4'))?.status).toBe('valid')
    expect(await db.auditEvent.findFirst({ where: { action: 'certificate.verified', targetId: code }, orderBy: { at: 'desc' } })).toMatchObject({ ip: '198.51.100.4', details: '{"result":"valid"}' })
    expect(await revokeCertificate(admin.id, code, 'Was a commission member', '127.0.0.1')).toEqual({ ok: true })
    expect(await revokeCertificate(admin.id, code, 'again', '127.0.0.1')).toEqual({ ok: false, error: 'alreadyRevoked' })
    expect((await findCertificate(code, 'en'))?.status).toBe('revoked')
    expect(await db.auditEvent.findFirst({ where: { action: 'certificate.revoked' }, orderBy: { at: 'desc' } })).toMatchObject({ actorId: admin.id })
    const holderRow = await db.user.findUniqueOrThrow({ where: { id: holder.id } })
    await deliverDueNotifications()
    expect(readOutbox().find((m) => m.to === holderRow.email)?.text).toContain('Was a commission member')
  })

  it('an older certificate is superseded by a newer one of the same course', async () => {
    const user = await createUser()
    await passExam(user.id)
    const first = await db.certificate.findFirstOrThrow({ where: { userId: user.id } })
    const second = await db.certificate.create({ data: { ...first, id: undefined, code: 'ZZZZZ-22222', attemptId: 'another-attempt', issuedAt: new Date(first.issuedAt.getTime() + 1000) } })
    expect((await findCertificate(first.code, 'en'))?.status).toBe('superseded')
    expect((await findCertificate(second.code, 'en'))?.status).toBe('valid')
  })
})

describe('over HTTP', () => {
  it('the public page shows status, name and course but no e-mail; unknown codes get a 404 page', async () => {
    const user = await createUser({ name: 'Public Person', email: 'private@example.org' })
    await passExam(user.id)
    const { code } = await db.certificate.findFirstOrThrow({ where: { userId: user.id } })
    const visitor = new Client(app.url, { 'Accept-Language': 'en' })
    const page = await visitor.get(`/verify/${code}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('✓ This certificate is valid.')
    expect(html).toContain('Public Person')
    expect(html).toContain('Basics')
    expect(html).not.toContain('private@example.org')
    // It names a person: search engines are asked not to list it.
    expect(page.headers.get('X-Robots-Tag')).toBe('noindex, nofollow')
    expect((await visitor.get('/verify/AAAAA-BBBBB')).status).toBe(404)
    const typed = await visitor.post('/verify', { code: ` ${code.toLowerCase()} ` })
    expect(typed.headers.get('Location')).toBe(`/verify/${code}`)
    expect((await visitor.post('/verify', { code: 'not a code' })).status).toBe(400)
  })

  it('lookups are rate-limited per address', async () => {
    const visitor = new Client(app.url, { 'Accept-Language': 'en', 'X-Forwarded-For': '203.0.113.99' })
    const statuses: number[] = []
    let throttled: Response | undefined
    for (let i = 0; i < 10; i++) {
      const response = await visitor.get('/verify/AAAAA-BBBBB')
      statuses.push(response.status)
      if (response.status === 429) throttled ??= response
    }
    expect(statuses).toContain(429)
    // The translated page says to wait; the header says how long.
    expect(throttled?.headers.get('Retry-After')).toBe('60')
    expect(await throttled?.text()).toContain('Too many requests')
  })

  it('the holder downloads a PDF with their name, the code and a QR code of the verification URL', async () => {
    const user = await createUser({ name: 'Айгүл Серікқызы', locale: 'kk' })
    await passExam(user.id)
    const { code } = await db.certificate.findFirstOrThrow({ where: { userId: user.id } })
    const holder = new Client(app.url, { 'Accept-Language': 'kk' })
    await holder.login(user.email, TEST_PASSWORD)
    const response = await holder.get(`/certificates/${code}/pdf`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-pdf-'))
    const file = path.join(dir, 'certificate.pdf')
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Айгүл Серікқызы')
    expect(text).toContain(code)
    expect(text).toContain('Байқаушы сертификаты')
    // The course edition as a reader can take it: the repository's content here is the original
    // edition (not "0 (репозиторий)", the studio's number), and never a content hash.
    expect(text).toContain('Курс нұсқасы: бастапқы')
    expect(text).not.toContain('репозиторий')
    expect(text).not.toContain(course.version)
    // The certificate's page and /verify name it alike.
    expect(await (await holder.get(`/certificates/${code}`)).text()).toMatch(/Курс нұсқасы<\/dt><dd>бастапқы</)
    const verifier = new Client(app.url, { 'Accept-Language': 'kk', 'X-Forwarded-For': '203.0.113.41' })
    expect(await (await verifier.get(`/verify/${code}`)).text()).toMatch(/Курс нұсқасы<\/dt><dd>бастапқы</)
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', file, path.join(dir, 'page')])
    const decoded = qrText(path.join(dir, 'page.png'))
    expect(decoded).toBe(`https://observers.example.kz/verify/${code}`)

    const stranger = new Client(app.url)
    const other = await createUser()
    await stranger.login(other.email, TEST_PASSWORD)
    expect((await stranger.get(`/certificates/${code}/pdf`)).status).toBe(403)
    expect((await stranger.get(`/certificates/${code}`)).status).toBe(403)

    // Once the studio has published that content as a version, the certificate names its number and day.
    const publishedAt = new Date(Date.now() - 86_400_000)
    await db.courseVersion.create({ data: { courseSlug: 'basics', number: 4, files: '{}', compiled: '{}', hash: course.version, createdAt: publishedAt } })
    try {
      expect((await findCertificate(code, 'kk'))?.courseEdition).toEqual({ number: 4, publishedAt })
      fs.writeFileSync(file, Buffer.from(await (await holder.get(`/certificates/${code}/pdf`)).arrayBuffer()))
      expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toContain(`Курс нұсқасы: № 4, ${formatDate(publishedAt, 'kk')} жарияланған`)
      const english = new Client(app.url, { 'Accept-Language': 'en', 'X-Forwarded-For': '203.0.113.42' })
      expect(await (await english.get(`/verify/${code}`)).text()).toContain(`Course edition</dt><dd>No. 4, published ${formatDate(publishedAt, 'en')}<`)
    } finally {
      await db.courseVersion.deleteMany({ where: { courseSlug: 'basics', number: 4 } })
    }
  })
})
