/** Election day's server side on a real database: letters (PDF read back), check-ins (resends, queue order, scope) and the coverage board. */
import { beforeAll, describe, expect, it } from 'vitest'
import type { NgoScope, Scope } from '~/domain/permissions.ts'
import { recordTap, observerAssignments } from '~/server/deployment/checkins.server.ts'
import { coverageBoard } from '~/server/deployment/coverage-board.server.ts'
import { letterPdf } from '~/server/deployment/letter-pdf.server.ts'
import { letterQr } from '~/server/deployment/letter-paper.server.ts'
import { forgetSigningKey, generateSigningKey } from '~/server/papers/keys.server.ts'
import { letterFor, regionLetterCount, regionLetters, setIdDocumentNumber, setLetterSignatory } from '~/server/deployment/letters.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { atMinutes, electionDayWorld } from '../support/election-day-fixture.ts'
import { pdfPages } from '../support/pdf-text.ts'

type World = Awaited<ReturnType<typeof electionDayWorld>>
let w: World
let scopeA: NgoScope
let scopeB: NgoScope

beforeAll(async () => {
  w = await electionDayWorld()
  scopeA = { kind: 'ngo', actorId: w.leadA.id, ngoId: w.ngoA.id }
  scopeB = { kind: 'ngo', actorId: w.leadB.id, ngoId: w.ngoB.id }
})

async function pdfText(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const bytes = Buffer.from(await new Response(stream).arrayBuffer())
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
  return pdfPages(bytes)
}

const flat = (s: string) => s.replace(/\s+/g, ' ')

describe('authorisation letters', () => {
  it('print the observer, the masked IIN, the station, the campaign, the accreditation and the signatory, in Russian', async () => {
    const letter = await letterFor(scopeA, w.assignments.aigul.id, 'ru')
    expect(letter).not.toBeNull()
    const [page, ...rest] = await pdfText(await letterPdf([letter!], 'ru'))
    expect(rest).toEqual([])
    const text = flat(page!)
    expect(text).toContain('НАПРАВЛЕНИЕ НАБЛЮДАТЕЛЯ')
    expect(text).toContain('Әйгүл Қасымқызы')
    expect(text).toContain(`ИИН: ••••••••${w.people.aigul.iin.slice(-4)}`)
    expect(text).not.toContain(w.people.aigul.iin)
    expect(text).toContain('№ 101')
    expect(text).toContain('ул. Абая, 15, школа № 12')
    expect(text).toContain('Алматы')
    expect(text).toContain('Выборы в Курултай')
    expect(text).toContain('07:00–14:00')
    expect(text).toContain('ЦИК-17/2026')
    expect(text).toContain('Центральная избирательная комиссия')
    expect(text).toContain('Председатель правления')
    expect(text).toContain('Сауле Нурланова')
    expect(text).toContain('статьёй 20-1 Конституционного закона')
  })

  it('print the typed ID document instead of the IIN, in Kazakh', async () => {
    const text = flat((await pdfText(await letterPdf([(await letterFor(scopeA, w.assignments.nurlan.id, 'kk'))!], 'kk')))[0]!)
    expect(text).toContain('БАЙҚАУШЫҒА ЖОЛДАМА')
    expect(text).toContain('жеке басын куәландыратын құжат: № N 04512345')
    expect(text).not.toContain('ЖСН')
    expect(text).toContain('Құрылтай сайлауы')
    expect(text).toMatch(/Конституциялық заңының 20-1-?бабына сәйкес/)
    expect(text).toContain('Орталық сайлау комиссиясы')
  })

  it('are one per page in a region batch, declined assignments left out, and only for the NGO that sent the observers', async () => {
    expect(await regionLetterCount(scopeA, w.campaign.id, 'KZ-75')).toBe(2) // Aigul and Nurlan's morning; his evening is declined
    const pages = await pdfText(await letterPdf(regionLetters(scopeA, w.campaign.id, 'KZ-75', 'ru'), 'ru'))
    expect(pages).toHaveLength(2)
    expect(flat(pages[0]!)).toContain('Әйгүл Қасымқызы')
    expect(flat(pages[1]!)).toContain('Нурлан Ахметов')
    expect(pages.join()).not.toContain('Бақыт')
    // NGO B's lead reaches none of NGO A's letters; NGO A's lead none of B's.
    expect(await letterFor(scopeB, w.assignments.aigul.id, 'ru')).toBeNull()
    expect(await letterFor(scopeA, w.assignments.bakyt.id, 'ru')).toBeNull()
    expect(await regionLetterCount(scopeB, w.campaign.id, 'KZ-75')).toBe(1)
    expect(await letterFor(scopeA, w.assignments.nurlanEvening.id, 'ru')).toBeNull()
  })

  it('take the ID document number and signatory the lead types, audited, and refuse another NGO', async () => {
    expect(await setIdDocumentNumber(scopeB, w.assignments.dana.id, 'X1', '127.0.0.1')).toBe(false)
    expect(await setIdDocumentNumber(scopeA, w.assignments.dana.id, '012345678', '127.0.0.1')).toBe(true)
    expect((await letterFor(scopeA, w.assignments.dana.id, 'ru'))?.identity).toEqual({ kind: 'document', value: '012345678' })
    await setLetterSignatory(scopeA, { name: 'Сауле Нурланова', title: 'Председатель правления' }, '127.0.0.1')
    const events = await db.auditEvent.findMany({ where: { ngoId: w.ngoA.id, action: { in: ['assignment.idDocumentSet', 'ngo.letterSignatorySet'] } } })
    expect(events.map((e) => e.action).sort()).toEqual(['assignment.idDocumentSet', 'ngo.letterSignatorySet'])
    // The number is personal data: the log does not carry it.
    expect(events.map((e) => e.details).join()).not.toContain('012345678')
  })

  it('leave the QR box to a code handed in (issue 19)', async () => {
    const letter = (await letterFor(scopeA, w.assignments.aigul.id, 'en'))!
    const { default: QRCode } = await import('qrcode')
    const png = await QRCode.toBuffer('https://example.org/verify/x', { type: 'png', width: 200 })
    const text = flat((await pdfText(await letterPdf([letter], 'en', { qrFor: () => ({ png, caption: 'Scan to verify' }) })))[0]!)
    expect(text).toContain('OBSERVER AUTHORISATION')
    expect(text).toContain('Scan to verify')
  })
})

describe('signed letters (issue 19)', () => {
  it('carry no code before the coalition has a signing key, and a signed /v code after', async () => {
    const letter = (await letterFor(scopeA, w.assignments.nurlan.id, 'ru'))!
    expect(await letterQr(letter, 'https://observer.example')).toBeNull()
    await generateSigningKey({ ifMissing: true })
    forgetSigningKey() // the absence was remembered a moment ago
    const qr = await letterQr(letter, 'https://observer.example')
    expect(qr?.png.subarray(1, 4).toString()).toBe('PNG')
    const text = flat((await pdfText(await letterPdf([letter], 'ru', { qrFor: (l) => letterQr(l, 'https://observer.example') })))[0]!)
    expect(text).toContain('Отсканируйте, чтобы проверить направление')
  })
})

describe('check-in', () => {
  const observer = (person: { user: { id: string } }) => ({ kind: 'observer' as const, userId: person.user.id })

  it('records a tap once however often it is resent, with the device and server times, audited once', async () => {
    const tap = { assignmentId: w.assignments.aigul.id, kind: 'arrived' as const, clientId: 'aigul-arrive-0001', deviceAt: atMinutes(-10) }
    const first = await recordTap(observer(w.people.aigul), tap, '10.0.0.1', atMinutes(-9))
    const again = await recordTap(observer(w.people.aigul), tap, '10.0.0.1', atMinutes(5))
    const concurrent = await Promise.all([1, 2, 3].map(() => recordTap(observer(w.people.aigul), tap, '10.0.0.1', atMinutes(6))))
    expect(first).toMatchObject({ ok: true, created: true })
    expect(again).toMatchObject({ ok: true, created: false })
    if (!first.ok || !again.ok) throw new Error('unreachable')
    expect(again.checkIn).toEqual(first.checkIn)
    expect(concurrent.every((r) => r.ok && !r.created && r.checkIn.id === first.checkIn.id)).toBe(true)
    expect(first.checkIn.deviceAt).toEqual(atMinutes(-10))
    expect(first.checkIn.serverAt).toEqual(atMinutes(-9))
    expect(await db.checkIn.count({ where: { assignmentId: w.assignments.aigul.id } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'checkin.recorded', targetId: w.assignments.aigul.id } })).toBe(1)
  })

  it('refuses "left" before "arrived" and records nothing', async () => {
    const result = await recordTap(observer(w.people.dana), { assignmentId: w.assignments.dana.id, kind: 'left', clientId: 'dana-left-00001', deviceAt: null }, '10.0.0.2', atMinutes(30))
    expect(result).toEqual({ ok: false, error: 'leftBeforeArrived' })
    expect(await db.checkIn.count({ where: { assignmentId: w.assignments.dana.id } })).toBe(0)
  })

  it('takes an offline queue sent late in order, judged by when each tap was made', async () => {
    const send = (kind: 'arrived' | 'left', clientId: string, device: number) =>
      recordTap(observer(w.people.nurlan), { assignmentId: w.assignments.nurlan.id, kind, clientId, deviceAt: atMinutes(device) }, '10.0.0.3', atMinutes(200))
    // Tapped offline at −5 (arrived), 90 (left), 120 (arrived); all reach the server at 200, in order.
    expect((await send('arrived', 'nurlan-q-00001', -5)).ok).toBe(true)
    expect((await send('left', 'nurlan-q-00002', 90)).ok).toBe(true)
    expect((await send('arrived', 'nurlan-q-00003', 120)).ok).toBe(true)
    // A resend of the middle one after a lost answer changes nothing.
    expect(await send('left', 'nurlan-q-00002', 90)).toMatchObject({ ok: true, created: false })
    const rows = await db.checkIn.findMany({ where: { assignmentId: w.assignments.nurlan.id }, orderBy: { deviceAt: 'asc' } })
    expect(rows.map((r) => [r.kind, r.clientId])).toEqual([
      ['arrived', 'nurlan-q-00001'],
      ['left', 'nurlan-q-00002'],
      ['arrived', 'nurlan-q-00003'],
    ])
    const [mine] = await observerAssignments(w.people.nurlan.user.id, atMinutes(200))
    expect(mine?.present).toBe(true)
  })

  it('is the observer\'s own, or their NGO lead\'s on their behalf (recorded as such); not another NGO\'s lead', async () => {
    const tap = { assignmentId: w.assignments.dana.id, kind: 'arrived' as const, clientId: 'lead-for-dana-1', deviceAt: null }
    expect(await recordTap(observer(w.people.aigul), tap, '10.0.0.4', atMinutes(40))).toEqual({ ok: false, error: 'notFound' })
    expect(await recordTap({ kind: 'scope', scope: scopeB }, tap, '10.0.0.4', atMinutes(40))).toEqual({ ok: false, error: 'notFound' })
    const byLead = await recordTap({ kind: 'scope', scope: scopeA }, tap, '10.0.0.4', atMinutes(40))
    expect(byLead).toMatchObject({ ok: true, created: true, checkIn: { recordedById: w.leadA.id } })
    expect(await db.auditEvent.count({ where: { action: 'checkin.recordedForObserver', actorId: w.leadA.id } })).toBe(1)
  })

  it('refuses a declined assignment and a tap far from its shift', async () => {
    const evening = await recordTap(observer(w.people.nurlan), { assignmentId: w.assignments.nurlanEvening.id, kind: 'arrived', clientId: 'nurlan-eve-0001', deviceAt: null }, '10.0.0.5', atMinutes(500))
    expect(evening).toEqual({ ok: false, error: 'declined' })
    const early = await recordTap(observer(w.people.bakyt), { assignmentId: w.assignments.bakyt.id, kind: 'arrived', clientId: 'bakyt-early-001', deviceAt: null }, '10.0.0.5', atMinutes(-24 * 60))
    expect(early).toEqual({ ok: false, error: 'outsideShift' })
  })
})

describe('coverage board', () => {
  it('counts stations covered now, assigned and late, by NGO and by region, for the coalition', async () => {
    // By now: Aigul (A, 101) arrived; Nurlan (A, 102) arrived again at 120; Dana (A, KZ-19) recorded by the lead; Bakyt (B, 101) never.
    const coalition: Scope = { kind: 'coalition', actorId: w.leadA.id }
    const all = await coverageBoard(coalition, { campaignSlug: w.campaign.slug }, 'ru', atMinutes(130))
    expect(all.shift?.id).toBe(w.shifts.morning.id)
    expect(all.totals).toEqual({ stations: 4, assigned: 3, covered: 3, late: 1 })
    expect(all.byRegion.find((r) => r.key === 'KZ-75')).toMatchObject({ stations: 3, assigned: 2, covered: 2, late: 1 })
    expect(all.byRegion.find((r) => r.key === 'KZ-19')).toMatchObject({ stations: 1, assigned: 1, covered: 1, late: 0 })

    const almaty = await coverageBoard(coalition, { campaignSlug: w.campaign.slug, regionCode: 'KZ-75' }, 'ru', atMinutes(130))
    expect(almaty.totals).toEqual({ stations: 3, assigned: 2, covered: 2, late: 1 })
    expect(almaty.byNgo.map((r) => [r.name, r.assigned, r.covered, r.late])).toEqual([
      ['Адал сайлау', 2, 2, 0],
      ['Tulpar Youth', 1, 0, 1],
    ])
    expect(almaty.lateList).toEqual([{ station: '101', ngo: 'Tulpar Youth', regionCode: 'KZ-75' }])

    // Between Nurlan's "left" (90) and his return (120), station 102 was not covered.
    const earlier = await coverageBoard(coalition, { campaignSlug: w.campaign.slug, regionCode: 'KZ-75' }, 'ru', atMinutes(100))
    expect(earlier.totals.covered).toBe(1)
  })

  it("shows a lead only their own NGO's observers", async () => {
    const mine = await coverageBoard(scopeB, { campaignSlug: w.campaign.slug, regionCode: 'KZ-75' }, 'kk', atMinutes(130))
    expect(mine.ngoOnly).toBe('Tulpar Youth')
    expect(mine.byNgo.map((r) => r.name)).toEqual(['Tulpar Youth'])
    expect(mine.totals).toMatchObject({ assigned: 1, covered: 0, late: 1 })
  })
})
