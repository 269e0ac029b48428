/**
 * The batched roster read (roster-read.server.ts) against the way rosters were read before it: a few
 * thousand observers, one region past a batch boundary, awkward cells (quotes, line breaks, delimiters,
 * formula starts, Cyrillic and Kazakh letters, names equal but for case or ё), revoked and expired
 * certificates. The CSV must be byte for byte what the former writer made of the same data (its
 * algorithm is kept below as the reference), and read back with a real CSV parser.
 */
import crypto from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationState } from '~/domain/pipeline.ts'
import type { Scope } from '~/domain/permissions.ts'
import { collatorFor, rosterPhone } from '~/domain/roster.ts'
import { maskTail } from '~/domain/masking.ts'
import { applicationLanguages } from '~/domain/validation/application.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { db, Prisma } from '~/server/platform/db.server.ts'
import { validOnElectionDaySql } from '~/server/exams/certification.server.ts'
import { exportColumns, rosterCsv } from '~/server/rosters/roster-exports.server.ts'
import { ROSTER_BATCH, rosterDetails, rosterKeys, rosterSql } from '~/server/rosters/roster-read.server.ts'
import { findRosterCampaign, rosterRows, rosterSummary, type RosterRequest } from '~/server/rosters/rosters.server.ts'
import { accreditedNgo, ELECTION_DAY, rosterCampaign } from '../support/roster-fixture.ts'
import { createUser } from '../support/factories.ts'

const DAY = 86_400_000
const BIG_REGION = 'KZ-75'
const BIG = ROSTER_BATCH + 150
const NAMESAKES = 2

/** Cells that have broken CSV writers: quotes, delimiters, line breaks, formula starts. */
const awkward = ['Иван "Ваня" Петров', 'Әсел; Бекова', 'Line\nBreak', 'Carriage\r\nReturn', '=SUM(A1:A2)', '+77011234567', '-минус', '@handle', '\tTab', 'ёлка Ёлкина', 'Елка Елкина', 'ЁЛКА ЕЛКИНА', 'Ұлан Серік', 'Ülo, Comma']

/** The old csvField (regular expressions), the reference for the faster one. */
function referenceField(value: string, delimiter: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The roster's data lines as the former writer made them: per region in the exporter's order, one
 * query for the region (applications joined with their valid certificates, ordered by name and holder),
 * the latest certificate per course, a stable sort by the collator, then each cell as cellText wrote it.
 */
async function referenceLines(request: RosterRequest): Promise<string[]> {
  const summary = await rosterSummary(request)
  const t = await getFixedT(request.locale)
  const languageNames = new Map(applicationLanguages.map((code) => [code, t(`apply.language.${code}`)]))
  const columns = exportColumns(request)
  const delimiter = request.locale === 'en' ? ',' : ';'
  const collator = collatorFor(request.locale)
  const lines: string[] = []
  let number = 1
  for (const region of summary.byRegion) {
    if (region.count === 0) continue
    const rows = await db.$queryRaw<Array<{ userId: string; fullName: string; iin: string; birthDate: Date | string; phone: string; settlement: string; pollingStation: string | null; languages: string; ngo: string; courseSlug: string; code: string; expiresAt: Date | string }>>`
      SELECT a."userId", a."fullName", a."iin", a."birthDate", a."phone", a."settlement", a."pollingStation", a."languages", n."name" AS "ngo", c."courseSlug", c."code", c."expiresAt"
      FROM "Application" a
      JOIN "Ngo" n ON n."id" = a."ngoId"
      JOIN "Certificate" c ON c."userId" = a."userId" AND c."courseSlug" IN (${Prisma.join(request.campaign.requiredCourses)}) AND ${validOnElectionDaySql('c', request.campaign)}
      WHERE ${rosterSql({ ...request, regions: [region.code] })}
      ORDER BY a."fullName", a."userId", c."courseSlug", c."expiresAt" DESC`
    const byUser = new Map<string, (typeof rows)[number] & { certificates: Array<{ courseSlug: string; code: string; expiresAt: Date }> }>()
    for (const row of rows) {
      const entry = byUser.get(row.userId) ?? { ...row, certificates: [] }
      byUser.set(row.userId, entry)
      if (!entry.certificates.some((c) => c.courseSlug === row.courseSlug)) entry.certificates.push({ courseSlug: row.courseSlug, code: row.code, expiresAt: new Date(row.expiresAt) })
    }
    for (const a of [...byUser.values()].sort((x, y) => collator.compare(x.fullName, y.fullName))) {
      const cells: Record<string, string> = {
        number: String(number++),
        fullName: a.fullName,
        iin: request.iin.full ? a.iin : maskTail(a.iin),
        birthDate: new Date(a.birthDate).toISOString().slice(0, 10),
        phone: rosterPhone(a.phone),
        region: region.name,
        settlement: a.settlement,
        pollingStation: a.pollingStation ?? '',
        languages: (JSON.parse(a.languages) as string[]).map((code) => languageNames.get(code as (typeof applicationLanguages)[number]) ?? code).join(', '),
        certificateCode: a.certificates.map((c) => c.code).join(', '),
        validUntil: new Date(Math.min(...a.certificates.map((c) => c.expiresAt.getTime()))).toISOString().slice(0, 10),
        ngo: a.ngo,
      }
      lines.push(`${columns.map((c) => referenceField(cells[c] ?? '', delimiter)).join(delimiter)}\r\n`)
    }
  }
  return lines
}

/** Many recruits at once (createMany): BIG in one region, the awkward ones and some excluded ones in another. */
async function seed() {
  const created = await rosterCampaign()
  const campaign = await findRosterCampaign(created.slug)
  if (!campaign) throw new Error('campaign')
  const [ngo, other] = await Promise.all([accreditedNgo(), accreditedNgo()])
  const tag = crypto.randomBytes(3).toString('hex')
  const people: Array<{ n: number; fullName: string; region: string; ngoId: string; certificates: Array<{ course: string; expiresAt?: Date; revoked?: boolean }>; settlement?: string; state?: string }> = []
  const surnames = ['Абенов', 'Әлиев', 'Бекова', 'Ерлан', 'Жанұзақ', 'Иванова', 'Қасымов', 'Нұрлан', 'Смагулов', 'Үсенова', 'Шәкен', 'Ясин']
  for (let n = 0; n < BIG; n++) people.push({ n, fullName: `${surnames[n % surnames.length]} ${String((n * 7919) % BIG).padStart(4, '0')}`, region: BIG_REGION, ngoId: ngo.id, certificates: [{ course: 'observer-basics' }, { course: 'counting', expiresAt: new Date(ELECTION_DAY.getTime() + ((n % 5) + 1) * 30 * DAY) }] })
  awkward.forEach((fullName, i) => people.push({ n: BIG + i, fullName, region: 'KZ-71', ngoId: ngo.id, settlement: i % 2 ? 'Алматы; "центр"\nкв. 5' : '=1+1', certificates: [{ course: 'observer-basics' }, { course: 'observer-basics', revoked: true }, { course: 'counting' }] }))
  const base = BIG + awkward.length
  people.push({ n: base, fullName: 'Revoked Counting', region: 'KZ-71', ngoId: ngo.id, certificates: [{ course: 'observer-basics' }, { course: 'counting', revoked: true }] })
  people.push({ n: base + 1, fullName: 'Expired Before', region: 'KZ-71', ngoId: ngo.id, certificates: [{ course: 'observer-basics', expiresAt: new Date(ELECTION_DAY.getTime() - DAY) }, { course: 'counting' }] })
  people.push({ n: base + 2, fullName: 'Withdrawn Person', region: 'KZ-71', ngoId: ngo.id, state: 'withdrawn', certificates: [{ course: 'observer-basics' }, { course: 'counting' }] })
  people.push({ n: base + 3, fullName: 'Other NGO Person', region: 'KZ-71', ngoId: other.id, certificates: [{ course: 'observer-basics' }, { course: 'counting' }] })
  // Namesakes, the later holder id written first: the file lists them by holder, not as they were stored.
  people.push({ n: base + 5, fullName: 'Namesake Person', region: 'KZ-71', ngoId: ngo.id, certificates: [{ course: 'observer-basics' }, { course: 'counting' }] })
  people.push({ n: base + 4, fullName: 'Namesake Person', region: 'KZ-71', ngoId: ngo.id, certificates: [{ course: 'observer-basics' }, { course: 'counting' }] })

  const user = (n: number) => `roster-batch-${tag}-${n}`
  await db.user.createMany({ data: people.map((p) => ({ id: user(p.n), email: `${user(p.n)}@example.org`, name: p.fullName, passwordHash: '', locale: 'ru' })) })
  await db.application.createMany({
    data: people.map((p) => ({
      campaignId: campaign.id, ngoId: p.ngoId, userId: user(p.n), state: (p.state ?? 'certified') as ApplicationState, fullName: p.fullName, iin: String(700000000000 + p.n), birthDate: new Date(Date.UTC(1980 + (p.n % 30), p.n % 12, 1 + (p.n % 28))),
      phone: p.n % 3 ? `+7701${String(1000000 + p.n).slice(-7)}` : '8 (701) 555-12-12', email: `${user(p.n)}@example.org`, regionCode: p.region, settlement: p.settlement ?? 'Алматы', pollingStation: p.n % 4 ? String(100 + (p.n % 50)) : null,
      languages: p.n % 2 ? '["kk","ru"]' : '["ru"]', availability: '["voting"]', declarations: '[]', experience: 'none', consentVersion: 'test', consentedAt: new Date(), searchText: p.fullName.toLowerCase(),
    })),
  })
  await db.certificate.createMany({
    data: people.flatMap((p) =>
      p.certificates.map((c, i) => ({
        code: `B${tag}-${p.n}-${i}`, userId: user(p.n), holderName: p.fullName, courseSlug: c.course, courseVersion: '1', courseTitle: '{}', attemptId: `attempt-${tag}-${p.n}-${i}`, percent: 90, campaignId: campaign.id, ngoId: p.ngoId,
        expiresAt: c.expiresAt ?? new Date(ELECTION_DAY.getTime() + 365 * DAY), revokedAt: c.revoked ? new Date() : null,
      })),
    ),
  })
  const lead = await createUser()
  const scope: Scope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
  return { campaign, scope }
}

describe('the batched roster read', () => {
  let seeded: Awaited<ReturnType<typeof seed>>
  beforeAll(async () => {
    seeded = await seed()
  }, 60_000)

  it('writes the CSV byte for byte as the former writer did, past a batch boundary, and a CSV parser reads every cell back', async () => {
    const { campaign, scope } = seeded
    for (const request of [
      { scope, campaign, regions: [], locale: 'ru', iin: { full: false } },
      { scope, campaign, regions: [], locale: 'kk', iin: { full: true, reason: 'ТИК' } },
      { scope: { kind: 'coalition', actorId: scope.actorId } as Scope, campaign, regions: ['KZ-71'], locale: 'en', iin: { full: false } },
    ] satisfies RosterRequest[]) {
      const keys = await rosterKeys(request)
      const summary = await rosterSummary(request, { keys, lookAlikes: false })
      const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(rosterCsv(request, summary, keys)).arrayBuffer())
      expect(csv.startsWith('\ufeff')).toBe(true)
      // The header (no line breaks in it) is the same code as before; the data lines are compared whole.
      const expected = await referenceLines(request)
      expect(csv.slice(csv.indexOf('\r\n') + 2)).toBe(expected.join(''))
      const records = parse(csv, { bom: true, delimiter: request.locale === 'en' ? ',' : ';', relax_column_count: false }) as string[][]
      expect(records).toHaveLength(1 + summary.total)
      if (request.regions.length === 0) {
        expect(summary.total).toBe(BIG + awkward.length + NAMESAKES)
        // The batch boundary falls inside the big region: numbering and order carry on across it.
        expect(records.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: summary.total }, (_, i) => i + 1))
      }
      const names = records.slice(1).map((r) => r[1])
      for (const name of awkward) expect(names).toContain(/^[=+\-@\t]/.test(name) ? `'${name}` : name)
      expect(names).not.toContain('Revoked Counting')
      expect(names).not.toContain('Expired Before')
      expect(names).not.toContain('Withdrawn Person')
      const namesakes = records.slice(1).filter((r) => r[1] === 'Namesake Person')
      expect(namesakes).toHaveLength(NAMESAKES)
    }
  }, 60_000)

  it('gives the same rows to every format (rosterRows) as the counts say, with the certificate of each course', async () => {
    const { campaign, scope } = seeded
    const request: RosterRequest = { scope, campaign, regions: [BIG_REGION], locale: 'ru', iin: { full: false } }
    const summary = await rosterSummary(request)
    const rows = []
    for await (const batch of rosterRows(request, summary)) rows.push(...batch)
    expect(rows).toHaveLength(BIG)
    expect(summary.total).toBe(BIG)
    expect(rows.every((r) => r.certificateCode.split(', ').length === 2)).toBe(true)
    // validUntil is the earlier of the two certificates (counting expires 30–150 days after the vote).
    expect(rows.every((r) => r.validUntil.getTime() < ELECTION_DAY.getTime() + 365 * DAY)).toBe(true)
    const collator = collatorFor('ru')
    for (let i = 1; i < rows.length; i++) expect(collator.compare(rows[i - 1]!.fullName, rows[i]!.fullName)).toBeLessThanOrEqual(0)
  }, 60_000)
  it('takes the certificates as the keys read them, and leaves out an application withdrawn since', async () => {
    const { campaign, scope } = seeded
    const request: RosterRequest = { scope, campaign, regions: ['KZ-71'], locale: 'ru', iin: { full: false } }
    const keys = (await rosterKeys(request)).byRegion.get('KZ-71') ?? []
    // A key holds no holder id (README, Speed): found here by its reference (a rowid on SQLite, the id on PostgreSQL).
    const holderOf = async (ref: number | string) =>
      typeof ref === 'number'
        ? ((await db.$queryRaw<Array<{ userId: string }>>`SELECT "userId" FROM "Application" WHERE "rowid" = ${ref}`)[0]?.userId ?? '')
        : (await db.application.findUniqueOrThrow({ where: { id: ref }, select: { userId: true } })).userId
    // Each key names the latest valid certificate of each required course, in course order.
    for (const key of keys.slice(0, 5)) {
      const valid = await db.certificate.findMany({ where: { userId: await holderOf(key.ref), revokedAt: null, expiresAt: { gt: campaign.electionDay } }, orderBy: [{ courseSlug: 'asc' }, { expiresAt: 'desc' }] })
      const latest = campaign.requiredCourses.map((course) => valid.find((c) => c.courseSlug === course))
      expect(key.codes).toBe(latest.map((c) => c?.code).join(', '))
    }
    const gone = keys[0]
    if (!gone) throw new Error('no keys')
    const application = await db.application.findFirstOrThrow({ where: { userId: await holderOf(gone.ref), campaignId: campaign.id } })
    await db.application.update({ where: { id: application.id }, data: { state: 'withdrawn' } })
    try {
      const details = await rosterDetails(request, keys)
      expect(details.has(gone.ref)).toBe(false)
      expect(details.size).toBe(keys.length - 1)
      expect(details.get(keys[1]?.ref ?? '')?.codes).toBe(keys[1]?.codes)
    } finally {
      await db.application.update({ where: { id: application.id }, data: { state: application.state } })
    }
  })
})
