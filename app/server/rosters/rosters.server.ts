/**
 * Rosters: the certified observers of one NGO (or, for admins, the whole coalition) for one campaign,
 * optionally for some regions. Every query takes a Scope and writes its own `where`.
 *
 * Certified means the certification rule of app/domain/certification.ts (for every required course of
 * the campaign, a certificate valid on election day), written as SQL by certifiedSql
 * (exams/certification.server.ts: one EXISTS per requirement), so counts and pages never load the
 * uncertified. Withdrawn and rejected applications are left out: the NGO is not sending them.
 *
 * Order: region name, then full name, in the exporter's collation (collatorFor). SQL collations
 * differ between SQLite and PostgreSQL, so rows are read region by region (the regions are ordered
 * here, 20 of them) and each region is sorted in memory: memory is bounded by the largest region,
 * not by the roster.
 *
 * The same IIN in two NGOs' rosters for one campaign cannot happen in this data model: an
 * application is unique per (campaign, IIN) and per (campaign, user), and a roster row is an
 * application; the constraints are that check. What can happen is the same person applying twice
 * under another IIN or account (a typo, a second account): rosterDuplicates warns when a certified
 * observer looks like one of another NGO in the same campaign (same phone, or same folded name and
 * birth date).
 *
 * An anonymised person's application leaves the roster (there is nobody to send): the dashboards
 * still count it.
 */
import { pageCount } from '~/domain/paging.ts'
import { collatorFor, placementCells, type RosterPlacement } from '~/domain/roster.ts'
import { accreditationProblem, ROSTER_PAGE_SIZE, type AccreditationProblem, type IinMode, type RosterFormat } from '~/domain/roster-rules.ts'
import { maskTail } from '~/domain/masking.ts'
import type { RosterTemplate } from '~/domain/export-templates.ts'
import { applicationLanguages } from '~/domain/validation/application.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { scopeNgoId, type Scope } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { asDate, databaseProvider, db, Prisma } from '../platform/db.server.ts'
import { certificationCampaign, certificationCampaignSelect, certifiedSql, validOnElectionDaySql } from '../exams/certification.server.ts'
import { listRegions } from '../recruitment/regions.server.ts'
import { acceptedStates } from '~/domain/pipeline.ts'
import { ROSTER_BATCH, rosterDetails, rosterKeys, rosterPlacements, rosterSql, type RosterDetail, type RosterKey, type RosterKeys } from './roster-read.server.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'

export interface RosterRequest {
  scope: Scope
  campaign: RosterCampaign
  regions: readonly string[]
  locale: Locale
  iin: IinMode
  /** The export template's columns and headers; none: the standard columns. */
  template?: RosterTemplate | null
}

export type RosterCampaign = NonNullable<Awaited<ReturnType<typeof findRosterCampaign>>>

export interface RosterRow {
  number: number
  fullName: string
  iin: string
  birthDate: Date
  phone: string
  regionCode: string
  regionName: string
  settlement: string
  pollingStation: string
  /** Election-day placements (placementCells): the stations, and the shifts with their hours. */
  assignedStation: string
  shift: string
  languages: string
  certificateCode: string
  validUntil: Date
  ngo: string
}


export async function findRosterCampaign(slug: string) {
  const campaign = await db.campaign.findUnique({ where: { slug }, include: { courses: certificationCampaignSelect.courses } })
  return campaign ? { ...campaign, requiredCourses: certificationCampaign(campaign).requiredCourses } : null
}

/** The same campaign found by id (the dashboards). */
export async function findRosterCampaignById(id: string) {
  const campaign = await db.campaign.findUnique({ where: { id }, include: { courses: certificationCampaignSelect.courses } })
  return campaign ? { ...campaign, requiredCourses: certificationCampaign(campaign).requiredCourses } : null
}

/** Campaigns a roster can be asked for, newest election first. */
export async function rosterCampaigns() {
  return db.campaign.findMany({ orderBy: { electionDay: 'desc' }, select: { id: true, slug: true, nameRu: true, nameKk: true, nameEn: true, electionDay: true } })
}

export type RosterWarning =
  | { ngo: string; problem: AccreditationProblem }
  /** `name` of `ngo` looks like `otherName` of `otherNgo`, by phone or by name and birth date. */
  | { ngo: string; problem: 'duplicatePhone' | 'duplicateNameBirthDate'; name: string; otherNgo: string; otherName: string }

/** At most this many look-alikes are listed: more than that is a data problem to sort out with the other NGOs, not a list to read. */
export const DUPLICATE_WARNING_LIMIT = 50

/**
 * Certified observers of the roster who look like a certified observer of another NGO in the same
 * campaign: one SQL query, both sides certified by the same certifiedSql as the roster. The name is
 * compared folded (lower case, ё as е, spaces), as it is kept in `searchText` before the first ` | `;
 * SQLite's lower() would not fold Cyrillic.
 *
 * The campaign's certified applications are read once; a phone, or a birth date and folded name,
 * held in more than one NGO makes a suspect (GROUP BY); only suspects are paired. Pairing the
 * applications themselves (a self-join on "phone or name") is a nested loop on SQLite: with 100,000
 * certified in one campaign it ran for minutes.
 */
export async function rosterDuplicates(request: Pick<RosterRequest, 'scope' | 'campaign' | 'regions'>): Promise<RosterWarning[]> {
  const { scope, campaign, regions } = request
  if (campaign.requiredCourses.length === 0) return []
  const position = Prisma.raw(databaseProvider() === 'sqlite' ? 'instr' : 'strpos')
  const ours = scope.kind === 'ngo' ? Prisma.sql`a."ngoId" = ${scope.ngoId}` : Prisma.sql`a."ngoId" < b."ngoId"`
  const inRegions = regions.length ? Prisma.sql`AND a."regionCode" IN (${Prisma.join(regions)})` : Prisma.empty
  const rows = await db.$queryRaw<Array<{ name: string; ngo: string; otherName: string; otherNgo: string; samePhone: number | boolean | bigint }>>`
    WITH "side" AS (
      SELECT a."ngoId", a."regionCode", a."fullName", a."phone", a."birthDate",
             CASE WHEN ${position}(a."searchText", ' | ') > 1 THEN substr(a."searchText", 1, ${position}(a."searchText", ' | ') - 1) ELSE '' END AS "folded"
      FROM "Application" a
      WHERE a."campaignId" = ${campaign.id} AND a."state" IN (${Prisma.join(acceptedStates)}) AND a."anonymisedAt" IS NULL AND ${certifiedSql(campaign, 'a')}
    ),
    "suspects" AS (
      SELECT * FROM "side"
      WHERE "phone" IN (SELECT "phone" FROM "side" GROUP BY "phone" HAVING COUNT(DISTINCT "ngoId") > 1)
         OR ("folded" <> '' AND ("birthDate", "folded") IN (SELECT "birthDate", "folded" FROM "side" WHERE "folded" <> '' GROUP BY "birthDate", "folded" HAVING COUNT(DISTINCT "ngoId") > 1))
    )
    SELECT a."fullName" AS "name", na."name" AS "ngo", b."fullName" AS "otherName", nb."name" AS "otherNgo",
           CASE WHEN a."phone" = b."phone" THEN 1 ELSE 0 END AS "samePhone"
    FROM "suspects" a
    JOIN "suspects" b ON b."ngoId" <> a."ngoId" AND (a."phone" = b."phone" OR (a."birthDate" = b."birthDate" AND a."folded" <> '' AND a."folded" = b."folded"))
    JOIN "Ngo" na ON na."id" = a."ngoId"
    JOIN "Ngo" nb ON nb."id" = b."ngoId"
    WHERE ${ours} ${inRegions}
    ORDER BY na."name", a."fullName", nb."name", b."fullName"
    LIMIT ${DUPLICATE_WARNING_LIMIT}`
  return rows.map((r) => ({ ngo: r.ngo, name: r.name, otherNgo: r.otherNgo, otherName: r.otherName, problem: Number(r.samePhone) === 1 ? 'duplicatePhone' : 'duplicateNameBirthDate' }))
}

/**
 * Counts per region (in the exporter's order) and the warnings: accreditation of the NGOs in the roster,
 * look-alikes. `keys` (rosterKeys) already hold the counts; `lookAlikes: false` skips that query for a
 * file that shows no warnings (the CSV).
 */
export async function rosterSummary(request: Omit<RosterRequest, 'iin'>, options: { keys?: RosterKeys; lookAlikes?: boolean } = {}) {
  const [grouped, regions, duplicates] = await Promise.all([options.keys?.counts ?? certifiedCounts(request), listRegions(), options.lookAlikes === false ? [] : rosterDuplicates(request)])
  const ngos = await db.ngo.findMany({
    where: { id: request.scope.kind === 'ngo' ? request.scope.ngoId : { in: [...new Set(grouped.map((g) => g.ngoId))] } },
    select: { name: true, accreditedFrom: true, accreditedUntil: true },
    orderBy: { name: 'asc' },
  })
  const counts = new Map<string, number>()
  for (const g of grouped) counts.set(g.regionCode, (counts.get(g.regionCode) ?? 0) + g.count)
  const collator = collatorFor(request.locale)
  const byRegion = regions
    .map((r) => ({ code: r.code, name: localizedName(r, request.locale), count: counts.get(r.code) ?? 0 }))
    .sort((a, b) => collator.compare(a.name, b.name))
  const warnings: RosterWarning[] = []
  for (const ngo of ngos) {
    const problem = accreditationProblem(ngo, request.campaign.electionDay)
    if (problem) warnings.push({ ngo: ngo.name, problem })
  }
  warnings.push(...duplicates)
  return { byRegion, total: grouped.reduce((sum, g) => sum + g.count, 0), warnings }
}

type RegionPlan = Awaited<ReturnType<typeof rosterSummary>>['byRegion']

interface RegionApplication {
  userId: string
  fullName: string
  iin: string
  birthDate: Date
  phone: string
  settlement: string
  pollingStation: string | null
  languages: string
  ngo: string
  /** The latest valid certificate of each required course, in course order. */
  certificates: Array<{ courseSlug: string; code: string; expiresAt: Date }>
}

/**
 * How many applications of the roster's scope would be on it but for the live sessions the campaign
 * requires: the rule for the courses alone holds, the whole rule does not (both certifiedSql).
 */
export async function waitingForLiveSessions(request: Pick<RosterRequest, 'scope' | 'campaign' | 'regions'>): Promise<number> {
  const { campaign } = request
  if (campaign.requiredLiveSessions === 0 || campaign.requiredCourses.length === 0) return 0
  const coursesOnly = rosterSql({ ...request, campaign: { ...campaign, requiredLiveSessions: 0 } })
  const rows = await db.$queryRaw<Array<{ count: number | bigint }>>`SELECT COUNT(*) AS "count" FROM "Application" a WHERE ${coursesOnly} AND NOT (${certifiedSql(campaign, 'a')})`
  return Number(rows[0]?.count ?? 0)
}

/** Certified observers per region and NGO: one GROUP BY. */
async function certifiedCounts(request: Pick<RosterRequest, 'scope' | 'campaign' | 'regions'>): Promise<Array<{ regionCode: string; ngoId: string; count: number }>> {
  const rows = await db.$queryRaw<Array<{ regionCode: string; ngoId: string; count: number | bigint }>>`
    SELECT a."regionCode" AS "regionCode", a."ngoId" AS "ngoId", COUNT(*) AS "count" FROM "Application" a WHERE ${rosterSql(request)} GROUP BY a."regionCode", a."ngoId"`
  return rows.map((r) => ({ regionCode: r.regionCode, ngoId: r.ngoId, count: Number(r.count) }))
}

/**
 * One region's rows, sorted by name, certificate codes attached: one query per region, whatever its
 * size (an application joined with its holder's valid certificates of the required courses).
 */
async function regionRows(request: RosterRequest, region: RegionPlan[number]): Promise<Array<RegionApplication & { regionCode: string; regionName: string }>> {
  const { campaign } = request
  if (campaign.requiredCourses.length === 0) return []
  // Ordered by name in SQL's own (binary or database) collation: nearly the exporter's order, so the
  // collator's sort below finds long sorted runs and compares far fewer pairs.
  const rows = await db.$queryRaw<Array<Omit<RegionApplication, 'certificates' | 'birthDate'> & { birthDate: Date | string; courseSlug: string; code: string; expiresAt: Date | string }>>`
    SELECT a."userId", a."fullName", a."iin", a."birthDate", a."phone", a."settlement", a."pollingStation", a."languages", n."name" AS "ngo",
           c."courseSlug", c."code", c."expiresAt"
    FROM "Application" a
    JOIN "Ngo" n ON n."id" = a."ngoId"
    JOIN "Certificate" c ON c."userId" = a."userId" AND c."courseSlug" IN (${Prisma.join(campaign.requiredCourses)}) AND ${validOnElectionDaySql('c', campaign)}
    WHERE ${rosterSql({ ...request, regions: [region.code] })}
    ORDER BY a."fullName", a."userId", c."courseSlug", c."expiresAt" DESC`
  // One entry per application, with the latest valid certificate per course (a revoked or older one
  // does not hide it). Built once per row: at 100,000 rows every extra object shows in the GC's time.
  const byUser = new Map<string, RegionApplication & { regionCode: string; regionName: string }>()
  for (const row of rows) {
    let entry = byUser.get(row.userId)
    if (!entry) {
      entry = {
        userId: row.userId, fullName: row.fullName, iin: row.iin, birthDate: new Date(row.birthDate), phone: row.phone, settlement: row.settlement,
        pollingStation: row.pollingStation, languages: row.languages, ngo: row.ngo, certificates: [], regionCode: region.code, regionName: region.name,
      }
      byUser.set(row.userId, entry)
    }
    if (!entry.certificates.some((c) => c.courseSlug === row.courseSlug)) entry.certificates.push({ courseSlug: row.courseSlug, code: row.code, expiresAt: new Date(row.expiresAt) })
  }
  const collator = collatorFor(request.locale)
  return [...byUser.values()].sort((a, b) => collator.compare(a.fullName, b.fullName))
}

/** Language names in the roster's language ("Казахский, Русский"), not the stored codes. */
async function languageNamer(locale: Locale): Promise<(stored: string) => string> {
  const t = await getFixedT(locale)
  const names = new Map(applicationLanguages.map((code) => [code, t(`apply.language.${code}`)]))
  return (stored) => (JSON.parse(stored) as string[]).map((code) => names.get(code as (typeof applicationLanguages)[number]) ?? code).join(', ')
}

/** The election-day placements of a page's holders (not declined), in shift order, by holder. */
async function pagePlacements(campaignId: string, userIds: readonly string[]): Promise<Map<string, RosterPlacement[]>> {
  const out = new Map<string, RosterPlacement[]>()
  if (userIds.length === 0) return out
  const rows = await db.assignment.findMany({
    where: { campaignId, status: { not: 'declined' }, application: { userId: { in: [...userIds] } } },
    orderBy: [{ shift: { startsAt: 'asc' } }, { shift: { endsAt: 'asc' } }],
    select: { application: { select: { userId: true } }, station: { select: { number: true, address: true } }, shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } } },
  })
  for (const row of rows) {
    const list = out.get(row.application.userId) ?? []
    list.push({ stationNumber: row.station.number, address: row.station.address, shift: row.shift })
    out.set(row.application.userId, list)
  }
  return out
}

function toRows(request: RosterRequest, applications: Awaited<ReturnType<typeof regionRows>>, firstNumber: number, languageNames: (stored: string) => string, placements: ReadonlyMap<string, RosterPlacement[]>): RosterRow[] {
  return applications.map((a, i) => ({
    number: firstNumber + i,
    fullName: a.fullName,
    iin: request.iin.full ? a.iin : maskTail(a.iin),
    birthDate: a.birthDate,
    phone: a.phone,
    regionCode: a.regionCode,
    regionName: a.regionName,
    settlement: a.settlement,
    pollingStation: a.pollingStation ?? '',
    ...placementCells(placements.get(a.userId) ?? [], request.locale),
    languages: languageNames(a.languages),
    certificateCode: a.certificates.map((c) => c.code).join(', '),
    validUntil: new Date(Math.min(...a.certificates.map((c) => c.expiresAt.getTime()))),
    ngo: a.ngo,
  }))
}

/** One page of the roster on screen: only the regions the page falls in are read. */
export async function rosterPage(request: RosterRequest, summary: Awaited<ReturnType<typeof rosterSummary>>, page: number) {
  const from = (page - 1) * ROSTER_PAGE_SIZE
  const to = from + ROSTER_PAGE_SIZE
  const rows: RosterRow[] = []
  const languageNames = await languageNamer(request.locale)
  let offset = 0
  for (const region of summary.byRegion) {
    const end = offset + region.count
    if (region.count > 0 && end > from && offset < to) {
      const regionRowsSorted = await regionRows(request, region)
      const wanted = regionRowsSorted.slice(Math.max(0, from - offset), Math.min(region.count, to - offset))
      const placements = await pagePlacements(request.campaign.id, wanted.map((a) => a.userId))
      rows.push(...toRows(request, wanted, offset + Math.max(0, from - offset) + 1, languageNames, placements))
    }
    offset = end
    if (offset >= to) break
  }
  return { rows, pageCount: pageCount(summary.total, ROSTER_PAGE_SIZE) }
}

export interface RosterRecord {
  number: number
  regionCode: string
  regionName: string
  key: RosterKey
  detail: RosterDetail
}

/** A region as the summary has it: its code and name in the exporter's language. */
type RegionRef = { code: string; name: string }

/**
 * The records of some of one region's keys (at most a batch), in key order, numbered on from `first`;
 * a key whose application no longer qualifies is left out (the numbers skip none).
 */
async function regionRecords(request: RosterRequest, region: RegionRef, keys: readonly RosterKey[], first: number, placements: ReadonlyMap<number | string, RosterPlacement[]> | undefined): Promise<RosterRecord[]> {
  const details = await rosterDetails(request, keys, placements)
  const records: RosterRecord[] = []
  let number = first
  for (const key of keys) {
    const detail = details.get(key.ref)
    if (detail) records.push({ number: number++, regionCode: region.code, regionName: region.name, key, detail })
  }
  return records
}

/** A region's keys: from rosterKeys of the whole request, or read for the region alone. */
async function keysOf(request: RosterRequest, region: RegionRef, keys: RosterKeys | undefined): Promise<RosterKey[]> {
  return keys ? (keys.byRegion.get(region.code) ?? []) : ((await rosterKeys({ ...request, regions: [region.code] })).byRegion.get(region.code) ?? [])
}

/**
 * Every row, in order, a batch at a time, as read (roster-read.server.ts): for the writers that format
 * straight from it (CSV). `keys` are rosterKeys of the same request; without them each region's keys
 * are read as it comes, so only one region's keys are held.
 */
export async function* rosterRecords(request: RosterRequest, summary: Pick<Awaited<ReturnType<typeof rosterSummary>>, 'byRegion'>, keys?: RosterKeys): AsyncGenerator<RosterRecord[]> {
  let number = 1
  // Where each row stands on election day: read once for the whole export (roster-read.server.ts).
  const placements = readsPlacements(request) ? await rosterPlacements(request) : undefined
  for (const region of summary.byRegion) {
    if (region.count === 0) continue
    const regionKeys = await keysOf(request, region, keys)
    for (let start = 0; start < regionKeys.length; start += ROSTER_BATCH) {
      const records = await regionRecords(request, region, regionKeys.slice(start, start + ROSTER_BATCH), number, placements)
      number += records.length
      yield records
    }
  }
}

/** Whether the export shows election-day placements: the standard columns do; a template only when it picked them. */
export function readsPlacements(request: Pick<RosterRequest, 'template'>): boolean {
  return !request.template || request.template.columns.some((c) => c.column === 'assignedStation' || c.column === 'shift')
}

/** What rosterRows and the writers need besides a record: names of languages and NGOs, the IIN shown. */
export async function rosterNaming(request: RosterRequest) {
  const languageNames = await languageNamer(request.locale)
  const named = new Map<string, string>()
  const ngoNames = new Map<string, string>()
  return {
    languages: (stored: string) => {
      let text = named.get(stored)
      if (text === undefined) {
        text = languageNames(stored)
        if (named.size < 1000) named.set(stored, text)
      }
      return text
    },
    iin: (iin: string) => (request.iin.full ? iin : maskTail(iin)),
    /** The NGOs' names of these records, read once each. */
    ngos: async (records: readonly RosterRecord[]) => {
      const missing = [...new Set(records.map((r) => r.key.ngoId).filter((id) => !ngoNames.has(id)))]
      if (missing.length) for (const ngo of await db.ngo.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) ngoNames.set(ngo.id, ngo.name)
      return (id: string) => ngoNames.get(id) ?? ''
    },
  }
}

/** A record as the writers other than the CSV take it: the cells' values. */
function rowOf(request: RosterRequest, naming: Awaited<ReturnType<typeof rosterNaming>>, ngoName: (id: string) => string, { number, regionCode, regionName, key, detail }: RosterRecord): RosterRow {
  return {
    number,
    fullName: key.fullName,
    iin: naming.iin(detail.iin),
    birthDate: asDate(detail.birthDate),
    phone: detail.phone,
    regionCode,
    regionName,
    settlement: detail.settlement,
    pollingStation: detail.pollingStation ?? '',
    ...placementCells(detail.placements, request.locale),
    languages: naming.languages(detail.languages),
    certificateCode: detail.codes,
    validUntil: asDate(detail.validUntil),
    ngo: ngoName(key.ngoId),
  }
}

/** Every row, region by region, for the exports. */
export async function* rosterRows(request: RosterRequest, summary: Pick<Awaited<ReturnType<typeof rosterSummary>>, 'byRegion'>, keys?: RosterKeys): AsyncGenerator<RosterRow[]> {
  const naming = await rosterNaming(request)
  for await (const records of rosterRecords(request, summary, keys)) {
    const ngoName = await naming.ngos(records)
    yield records.map((record) => rowOf(request, naming, ngoName, record))
  }
}

/** A row with the key it was read for. */
export interface KeyedRow {
  key: RosterKey
  row: RosterRow
}

/**
 * Rows read a region and a batch of keys at a time, for a writer that reads a region twice (the PDF:
 * it measures a region's rows, then reads them again to draw them, instead of holding them). `rows`
 * gives the rows of some of a region's keys (at most a batch), in key order, numbered on from `first`;
 * a key whose application no longer qualifies is left out.
 */
export async function rosterRowReader(request: RosterRequest, keys?: RosterKeys) {
  const naming = await rosterNaming(request)
  const placements = readsPlacements(request) ? await rosterPlacements(request) : undefined
  return {
    keysOf: (region: RegionRef) => keysOf(request, region, keys),
    rows: async (region: RegionRef, regionKeys: readonly RosterKey[], first: number): Promise<KeyedRow[]> => {
      const records = await regionRecords(request, region, regionKeys, first, placements)
      const ngoName = await naming.ngos(records)
      return records.map((record) => ({ key: record.key, row: rowOf(request, naming, ngoName, record) }))
    },
  }
}

/** Who exported what: written before the file streams, so an aborted download is still on record. */
export async function recordRosterExport(request: RosterRequest, details: { format: RosterFormat | 'json'; rowCount: number; ngoId?: string; ip: string; apiToken?: { id: string; name: string } }) {
  await recordAudit({
    // Through the API the token acts, not a person (the token's creator may have left the NGO).
    actorId: details.apiToken ? null : request.scope.actorId,
    action: 'roster.exported',
    targetType: 'campaign',
    targetId: request.campaign.id,
    ngoId: scopeNgoId(request.scope),
    ip: details.ip,
    details: {
      scope: request.scope.kind,
      campaign: request.campaign.slug,
      regions: request.regions,
      format: details.format,
      rowCount: details.rowCount,
      iin: request.iin.full ? 'full' : 'masked',
      ...(request.iin.full ? { reason: request.iin.reason } : {}),
      template: request.template ? { id: request.template.id, name: request.template.name } : null,
      ...(details.apiToken ? { tokenId: details.apiToken.id, tokenName: details.apiToken.name } : {}),
    },
  })
}

export async function rosterNgos() {
  return db.ngo.findMany({ orderBy: { name: 'asc' }, select: { slug: true, name: true } })
}
