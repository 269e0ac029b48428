/**
 * The NGO lead's workspace: every query here takes an NgoScope (made by `requireNgoLead`) and filters by its NGO itself, so a
 * route cannot forget the scope (it never writes the `where`). A recruit of another NGO is simply
 * not found.
 */
import { pageCount } from '~/domain/paging.ts'
import { courseProgress } from '~/domain/content/progress.ts'
import { effective } from '~/domain/exam/scoring.ts'
import { applicationStates, isInTraining, nextStates, type ApplicationState } from '~/domain/pipeline.ts'
import { maskTail } from '~/domain/masking.ts'
import { DEFAULT_STUCK_DAYS, parseList, progressRange, RECRUITS_PAGE_SIZE, indexProbe, recruitSearchText, searchNeedle, type BulkTarget, type RecruitFilters, type StuckKind } from '~/domain/recruits.ts'
import type { NgoScope } from '~/domain/permissions.ts'
import type { ApplicationInput } from '~/domain/validation/application.ts'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { applicationData, CONSENT_VERSION, moveApplication, type MoveResult } from './applications.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { findCourse } from '../courses/catalog.server.ts'
import { certificationCampaignIn, certifiedSql } from '../exams/certification.server.ts'
import { asDate, databaseProvider, db, lockRow, plainRead, Prisma, type Tx } from '../platform/db.server.ts'
import { resubmitSince } from '~/domain/resubmit.ts'
import { lru } from '../platform/lru.server.ts'
import { notify } from '../jobs/notifications.server.ts'
import { addressUnproven, reclaimForAddressOwner } from '../accounts/address.server.ts'
import { NO_PASSWORD, passwordChosen } from '../accounts/password.server.ts'

/** The NGO's campaigns that have applications or are still open, with counts for the lead's start page. */
export async function ngoCampaigns(scope: NgoScope, now = new Date()) {
  const [campaigns, counts] = await Promise.all([
    db.campaign.findMany({ where: { OR: [{ electionDay: { gte: now } }, { applications: { some: { ngoId: scope.ngoId } } }] }, orderBy: { electionDay: 'desc' } }),
    db.application.groupBy({ by: ['campaignId'], where: { ngoId: scope.ngoId }, _count: { _all: true } }),
  ])
  const byCampaign = new Map(counts.map((c) => [c.campaignId, c._count._all]))
  return campaigns.map((c) => ({ ...c, applications: byCampaign.get(c.id) ?? 0 }))
}

type Campaign = Awaited<ReturnType<typeof db.campaign.findUniqueOrThrow>>

/** A campaign by its address: read by every page of a lead's campaign workspace, as one plain statement (plainRead). */
export async function findCampaignBySlug(slug: string): Promise<Campaign | null> {
  const [row] = await plainRead<Record<string, unknown>>`SELECT * FROM "Campaign" WHERE "slug" = ${slug}`
  if (!row) return null
  return {
    id: String(row.id),
    slug: String(row.slug),
    nameRu: String(row.nameRu),
    nameKk: String(row.nameKk),
    nameEn: String(row.nameEn),
    kind: String(row.kind) as Campaign['kind'],
    electionDay: asDate(row.electionDay),
    applicationDeadline: asDate(row.applicationDeadline),
    minimumAge: Number(row.minimumAge),
    declarations: String(row.declarations),
    requiredLiveSessions: Number(row.requiredLiveSessions),
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
  }
}

/** A search as the list applies it: the needle (searchNeedle of the query) and the trigram index's candidates, when it narrowed them. */
export interface ListSearch {
  needle: string
  candidates: string[] | null
}

/**
 * The list's filters as SQL, state included when the filters name one: the page's rows and the
 * per-state counts are read with it as plain statements (plainRead). Through Prisma's findMany (its
 * query compiler and result mapping) the page cost 2–13% more server CPU a request (tests/bench/HISTORY.md,
 * session 22); a test compares the rows and their order with Prisma's own query for every
 * sort and filter (tests/integration/recruitment.test.ts). The text of a search decides; the trigram
 * index's candidates only narrow, and a query of wildcards only (an empty needle) finds nobody, as it
 * would by its letters.
 */
function listWhere(scope: NgoScope, campaignId: string, filters: Omit<RecruitFilters, 'sort' | 'page'>, search: ListSearch | null): Prisma.Sql {
  const parts = byCandidates(search)
    ? // SQLite's unary + (the value unchanged) keeps its planner off the (ngoId, campaignId) indexes:
      // it would walk one in the list's order testing each entry against the ids (20 candidates among
      // 50,000 applications: 12 ms) instead of looking the ids up and sorting them (0.06 ms).
      [Prisma.sql`+"ngoId" = ${scope.ngoId}`, Prisma.sql`+"campaignId" = ${campaignId}`]
    : [Prisma.sql`"ngoId" = ${scope.ngoId}`, Prisma.sql`"campaignId" = ${campaignId}`]
  if (filters.state) parts.push(Prisma.sql`"state" = ${filters.state}`)
  if (filters.region) parts.push(Prisma.sql`"regionCode" = ${filters.region}`)
  // As Prisma's `contains`: LIKE on both databases (the values hold no wildcard: a language or availability code in quotes).
  if (filters.language) parts.push(Prisma.sql`"languages" LIKE ${`%"${filters.language}"%`}`)
  if (filters.availability) parts.push(Prisma.sql`"availability" LIKE ${`%"${filters.availability}"%`}`)
  if (filters.progress) {
    const range = progressRange(filters.progress)
    if (range.gte !== undefined) parts.push(Prisma.sql`"trainingPercent" >= ${range.gte}`)
    if (range.lte !== undefined) parts.push(Prisma.sql`"trainingPercent" <= ${range.lte}`)
  }
  if (search) {
    // searchNeedle leaves LIKE's wildcards out; no needle, or no candidate, finds nobody.
    if (!search.needle || search.candidates?.length === 0) parts.push(Prisma.sql`1 = 0`)
    else {
      parts.push(Prisma.sql`"searchText" LIKE ${`%${search.needle}%`}`)
      // One parameter (SQLite's json_each), not one per id: the statement's text, and so its prepared
      // statement, stays the same whatever the number of candidates (only SQLite has them).
      if (search.candidates) parts.push(Prisma.sql`"id" IN (SELECT "value" FROM json_each(${JSON.stringify(search.candidates)}))`)
    }
  }
  return Prisma.join(parts, ' AND ')
}

/** The list's orders; the second column breaks ties as it always did. */
const orderBySql: Record<RecruitFilters['sort'], Prisma.Sql> = {
  newest: Prisma.sql`"createdAt" DESC, "id" DESC`,
  oldest: Prisma.sql`"createdAt" ASC, "id" ASC`,
  name: Prisma.sql`"fullName" ASC, "id" ASC`,
  region: Prisma.sql`"regionCode" ASC, "fullName" ASC`,
  progress: Prisma.sql`"trainingPercent" DESC, "fullName" ASC`,
}

/** The same orders through SQLite's unary + (the values unchanged): no index can give them, so the trigram index's few candidates are looked up by key and sorted. */
const candidateOrderSql: Record<RecruitFilters['sort'], Prisma.Sql> = {
  newest: Prisma.sql`+"createdAt" DESC, +"id" DESC`,
  oldest: Prisma.sql`+"createdAt" ASC, +"id" ASC`,
  name: Prisma.sql`+"fullName" ASC, +"id" ASC`,
  region: Prisma.sql`+"regionCode" ASC, +"fullName" ASC`,
  progress: Prisma.sql`+"trainingPercent" DESC, +"fullName" ASC`,
}

/** A search the trigram index narrowed to a few ids (SQLite only: searchCandidates). */
function byCandidates(search: ListSearch | null): boolean {
  return !!search?.needle && !!search.candidates?.length
}

type ListRow = { id: string; fullName: string; iin: string; phone: string; regionCode: string; settlement: string; state: ApplicationState; trainingPercent: number | bigint; createdAt: unknown; source: string }

/**
 * Above this many applications holding the searched text, the list's own index (in the list's order)
 * finds a page sooner than a list of ids: a common name fills a page after a few hundred entries.
 */
const SEARCH_CANDIDATES = 500

/**
 * What the list keeps is keyed by the NGO, the campaign and the parts that decide it (filters, the
 * search's needle, order, page), so a kept value is never another NGO's or another list's. A search is
 * keyed by its needle, not the text typed: "Серікба" and " серікба " are one search.
 */
function listKey(scope: NgoScope, campaignId: string, ...parts: Array<string | number | null | undefined>): string {
  return JSON.stringify([scope.ngoId, campaignId, ...parts.map((part) => (part === undefined ? '' : part))])
}

/** The filters every kept value of a list depends on, the state tab aside (the counts cover every tab). */
function filterParts(filters: RecruitFilters) {
  return [filters.region, filters.language, filters.availability, filters.progress] as const
}

/** Needles found too common to narrow by (per NGO and campaign), so the index is not asked again. */
const commonNeedles = lru<true>(2000)

/**
 * The trigram index's candidates per NGO, campaign and needle, each with the list's version it was
 * read at (as countsByList). At most 500 ids each: about 200 × 500 × 60 bytes = 6 MB at worst, a few
 * hundred KB as used.
 */
const candidatesByNeedle = lru<{ version: number; ids: string[] }>(200)

/**
 * On SQLite, the applications of the campaign whose search text holds the needle, found through the
 * trigram index (ApplicationSearch, prisma/migrations/sqlite/…_application_search): a phone number
 * matching one recruit of 50,000 no longer reads all 50,000. Null when the index cannot help: a
 * needle under three characters (a trigram's length), PostgreSQL (its trigram index serves the
 * `contains` itself), or a needle so common that the list's order finds a page first. Either way the
 * rows are the same: the `contains` filter stays in the query; the index only narrows.
 *
 * A full name's phrase takes the index about 3 ms among 50,000 (every trigram's entries merged), so
 * the ids are kept with the list's version, read before them, and reused while it stands (the next
 * page, another tab or order of the same search): any change to an application bumps the version.
 */
async function searchCandidates(scope: NgoScope, campaignId: string, needle: string, version: number | null): Promise<string[] | null> {
  if (databaseProvider() !== 'sqlite' || [...needle].length < 3) return null
  const key = listKey(scope, campaignId, needle)
  if (commonNeedles.get(key)) return null
  const kept = version === null ? undefined : candidatesByNeedle.get(key)
  if (kept?.version === version) return kept.ids
  // One FTS5 phrase: the needle's characters in a row (a double quote inside is written twice); a long
  // number by its end (indexProbe). CROSS JOIN keeps SQLite's order: the index first, then each hit's
  // application by its key.
  const phrase = `"${indexProbe(needle).replaceAll('"', '""')}"`
  const rows = await plainRead<{ id: string }>`
    SELECT a."id" FROM "ApplicationSearch" s
    CROSS JOIN "ApplicationSearchText" t
    CROSS JOIN "Application" a
    WHERE "ApplicationSearch" MATCH ${phrase} AND t."rowid" = s."rowid" AND a."id" = t."applicationId"
      AND a."ngoId" = ${scope.ngoId} AND a."campaignId" = ${campaignId}
    LIMIT ${SEARCH_CANDIDATES + 1}`
  if (rows.length <= SEARCH_CANDIDATES) {
    const ids = rows.map((row) => row.id)
    if (version !== null) candidatesByNeedle.set(key, { version, ids })
    return ids
  }
  commonNeedles.set(key, true)
  return null
}

/**
 * On SQLite, the index a page in date order walks, named (INDEXED BY) because the planner, without
 * statistics, takes the narrow one for filtered lists too, where it must read each entry's table row
 * to test the filter (a state filter at offset 2,000: 1.3 -> 14 ms). The unfiltered list walks the
 * narrow Application_page_order_idx (page 200 of 50,000: 1.2 -> 0.6 ms, and no longer more than the
 * page cache holds); a filter or a search walks Application_list_page_idx, which carries every
 * filtered column. A search the trigram index narrowed looks its ids up instead (listWhere); other
 * orders, and PostgreSQL (which has statistics), are left to the planner.
 */
function pageIndex(filters: RecruitFilters, search: ListSearch | null): Prisma.Sql {
  if (databaseProvider() !== 'sqlite' || (filters.sort !== 'newest' && filters.sort !== 'oldest') || byCandidates(search)) return Prisma.empty
  const filtered = search !== null || !!(filters.state || filters.region || filters.language || filters.availability || filters.progress)
  return Prisma.raw(filtered ? 'INDEXED BY "Application_list_page_idx"' : 'INDEXED BY "Application_page_order_idx"')
}

type StateCount = { state: ApplicationState; count: number }

/** Per-state counts of a list under its filters, by NGO, campaign, filters and search (listKey); each with the list's version it was counted at. */
const countsByList = lru<{ version: number; counts: StateCount[] }>(2000)

/**
 * The version of an NGO's list of applications to a campaign (ApplicationListVersion, bumped by
 * database triggers in the same transaction as every change to an application, by any worker); null
 * when no application has been written since the triggers exist (nothing may then be kept).
 */
async function listVersion(scope: NgoScope, campaignId: string): Promise<number | null> {
  const versions = await plainRead<{ version: number | bigint | string }>`
    SELECT "version" FROM "ApplicationListVersion" WHERE "ngoId" = ${scope.ngoId} AND "campaignId" = ${campaignId}`
  return versions[0] ? Number(versions[0].version) : null
}

/**
 * The per-state counts of an NGO's applications to a campaign under the list's filters. Counting
 * 50,000 applications takes tens of milliseconds, so a count is kept with the list's version
 * (listVersion) and reused while the version stands: never a stale count, never another NGO's (the
 * NGO is part of the key). The version is read before counting, so a kept count is at least as new
 * as its version.
 */
async function stateCounts(scope: NgoScope, campaignId: string, filters: RecruitFilters, search: ListSearch | null, version: number | null): Promise<StateCount[]> {
  const base = listWhere(scope, campaignId, { ...filters, state: undefined }, search)
  const count = async () =>
    (await plainRead<{ state: ApplicationState; count: number | bigint | string }>`SELECT "state", COUNT(*) AS "count" FROM "Application" WHERE ${base} GROUP BY "state"`).map((g) => ({ state: g.state, count: Number(g.count) }))
  if (version === null) return count()
  const key = listKey(scope, campaignId, ...filterParts(filters), search?.needle ?? null)
  const kept = countsByList.get(key)
  if (kept?.version === version) return kept.counts
  const counts = await count()
  countsByList.set(key, { version, counts })
  return counts
}

const listColumns = Prisma.sql`"id", "fullName", "iin", "phone", "regionCode", "settlement", "state", "trainingPercent", "createdAt", "source"`

/**
 * The ids a page showed, in order, by NGO, campaign, filters, search, sort and page, each with the
 * list's version it was read at (as countsByList): while the version stands, no application of the
 * list has been added, changed or removed, so the same page holds the same ids in the same order, and
 * it is read again by key (50 primary-key lookups) instead of walking the list's index past every
 * earlier page or sorting a search's matches (page 200 of 50,000 skips 9,950 entries each time; a
 * name shared by 3,000 recruits sorts them each time). The rows themselves are read fresh. At most
 * 2,000 pages of 50 ids: about 2,000 × 50 × 30 bytes = 3 MB at worst.
 */
const pagesByList = lru<{ version: number; ids: string[] }>(2000)

/**
 * A kept page's rows by their ids (its plan is tested). The NGO and campaign are asked again, so a kept
 * page can only ever show its own list's rows; on SQLite through its unary + (the values unchanged),
 * which keeps the planner on the primary key: it would otherwise walk the (ngoId, campaignId) index,
 * testing each of the list's 50,000 entries against the ids (a page 0.1 → 20 ms).
 */
export function keptPageSql(scope: NgoScope, campaignId: string, ids: readonly string[]): Prisma.Sql {
  return databaseProvider() === 'sqlite'
    ? Prisma.sql`SELECT ${listColumns} FROM "Application" WHERE "id" IN (SELECT "value" FROM json_each(${JSON.stringify(ids)})) AND +"ngoId" = ${scope.ngoId} AND +"campaignId" = ${campaignId}`
    : Prisma.sql`SELECT ${listColumns} FROM "Application" WHERE "id" IN (${Prisma.join(ids)}) AND "ngoId" = ${scope.ngoId} AND "campaignId" = ${campaignId}`
}

async function readPage(scope: NgoScope, campaignId: string, filters: RecruitFilters, search: ListSearch | null, version: number | null): Promise<ListRow[]> {
  const key = version === null ? null : listKey(scope, campaignId, ...filterParts(filters), search?.needle ?? null, filters.state, filters.sort, filters.page)
  const kept = key === null ? undefined : pagesByList.get(key)
  if (kept && kept.version === version) {
    if (kept.ids.length === 0) return []
    const rows = await plainRead<ListRow>`${keptPageSql(scope, campaignId, kept.ids)}`
    const byId = new Map(rows.map((row) => [row.id, row]))
    const ordered = kept.ids.map((id) => byId.get(id)).filter((row): row is ListRow => row !== undefined)
    // All there, as the version says; otherwise (never expected) read the page as if nothing were kept.
    if (ordered.length === kept.ids.length) return ordered
  }
  const rows = await plainRead<ListRow>`${recruitPageSql(scope, campaignId, filters, search)}`
  if (key !== null && version !== null) pagesByList.set(key, { version, ids: rows.map((row) => row.id) })
  return rows
}

/**
 * The statement that reads one page of the list (its plan is tested: tests/integration/recruitment.test.ts).
 * A later page in date order skips its offset over the ids alone and then reads its 50 rows by key (a
 * deferred join): PostgreSQL otherwise reads every skipped row from the table (page 200 of 50,000: 7.3
 * → 2.9 ms, an index-only scan), SQLite a little less (0.50 → 0.40 ms). Date order only: its keys
 * (createdAt, id) are unique, so sorting the page's rows again gives the same order.
 */
export function recruitPageSql(scope: NgoScope, campaignId: string, filters: RecruitFilters, search: ListSearch | null): Prisma.Sql {
  const order = (byCandidates(search) ? candidateOrderSql : orderBySql)[filters.sort]
  const where = listWhere(scope, campaignId, filters, search)
  const offset = (filters.page - 1) * RECRUITS_PAGE_SIZE
  if (offset > 0 && (filters.sort === 'newest' || filters.sort === 'oldest') && !byCandidates(search)) {
    return Prisma.sql`
      SELECT ${listColumns} FROM "Application"
      WHERE "id" IN (SELECT "id" FROM "Application" ${pageIndex(filters, search)} WHERE ${where} ORDER BY ${order} LIMIT ${RECRUITS_PAGE_SIZE} OFFSET ${offset})
      ORDER BY ${order}`
  }
  return Prisma.sql`
    SELECT ${listColumns} FROM "Application" ${pageIndex(filters, search)}
    WHERE ${where}
    ORDER BY ${order} LIMIT ${RECRUITS_PAGE_SIZE} OFFSET ${offset}`
}

/**
 * One page of the NGO's applications for a campaign, with counts per state under the same filters
 * (so the tabs say how many each would show). IIN and phone leave masked.
 */
export async function listRecruits(scope: NgoScope, campaignId: string, filters: RecruitFilters) {
  const needle = filters.q ? searchNeedle(filters.q) : null
  const version = await listVersion(scope, campaignId)
  const search = needle === null ? null : { needle, candidates: needle ? await searchCandidates(scope, campaignId, needle, version) : null }
  const [grouped, rows] = await Promise.all([
    // Every state's count, whichever tab is open.
    stateCounts(scope, campaignId, filters, search, version),
    readPage(scope, campaignId, filters, search, version),
  ])
  const counts = Object.fromEntries(applicationStates.map((s) => [s, 0])) as Record<ApplicationState, number>
  for (const g of grouped) counts[g.state] = g.count
  const all = Object.values(counts).reduce((a, b) => a + b, 0)
  const total = filters.state ? counts[filters.state] : all
  return {
    // Each field named, not a rest and a spread (3% of the page's CPU at 50 rows).
    rows: rows.map((r) => ({
      id: r.id,
      fullName: r.fullName,
      regionCode: r.regionCode,
      settlement: r.settlement,
      state: r.state,
      source: r.source,
      trainingPercent: Number(r.trainingPercent),
      createdAt: asDate(r.createdAt),
      iinMasked: maskTail(r.iin),
      phoneMasked: maskTail(r.phone),
    })),
    counts,
    all,
    total,
    pageCount: pageCount(total, RECRUITS_PAGE_SIZE),
  }
}

/** The recruit page: everything about one application of the NGO. Showing the full IIN is audited. */
export async function recruitDetail(scope: NgoScope, applicationId: string, ip: string) {
  const application = await db.application.findFirst({
    where: { id: applicationId, ngoId: scope.ngoId },
    include: {
      campaign: { include: { courses: { where: { required: true } } } },
      user: { select: { id: true, email: true, name: true, passwordHash: true } },
      events: { orderBy: { at: 'asc' } },
      notes: { orderBy: { createdAt: 'desc' }, include: { author: { select: { name: true } } } },
    },
  })
  if (!application) return null
  await recordAudit({ actorId: scope.actorId, action: 'recruit.viewed', targetType: 'application', targetId: application.id, ngoId: scope.ngoId, ip, details: { fields: ['iin', 'phone'] } })
  const courseSlugs = application.campaign.courses.map((c) => c.courseSlug)
  const actorIds = [...new Set(application.events.map((e) => e.actorId).filter((id): id is string => !!id))]
  const [progress, attempts, certificates, actors] = await Promise.all([
    db.lessonProgress.findMany({ where: { userId: application.userId, courseSlug: { in: courseSlugs } }, select: { courseSlug: true, lessonSlug: true, completedAt: true, lastSeenAt: true } }),
    db.examAttempt.findMany({ where: { userId: application.userId, courseSlug: { in: courseSlugs } }, orderBy: { startedAt: 'desc' } }),
    db.certificate.findMany({ where: { userId: application.userId, courseSlug: { in: courseSlugs } }, orderBy: { issuedAt: 'desc' } }),
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
  ])
  const courses = await Promise.all(
    courseSlugs.map(async (slug) => {
      const course = await findCourse(slug)
      const rows = progress.filter((p) => p.courseSlug === slug)
      const { done, total } = courseProgress(course?.lessons.map((l) => l.slug) ?? [], new Map(rows.map((p) => [p.lessonSlug, { opened: true, done: p.completedAt !== null }])))
      const lastSeen = rows.reduce<Date | null>((latest, p) => (!latest || p.lastSeenAt > latest ? p.lastSeenAt : latest), null)
      return { slug, title: course?.file.title ?? { ru: slug, kk: slug, en: slug }, done, total, lastSeen }
    }),
  )
  const actorNames = new Map(actors.map((a) => [a.id, a.name]))
  const { user, events, notes, campaign, ...rest } = application
  return {
    ...rest,
    languages: parseList(rest.languages),
    availability: parseList(rest.availability),
    declarations: parseList(rest.declarations),
    campaign: { id: campaign.id, slug: campaign.slug, nameRu: campaign.nameRu, nameKk: campaign.nameKk, nameEn: campaign.nameEn },
    account: { email: user.email, claimed: passwordChosen(user.passwordHash) },
    timeline: events.map((e) => ({ ...e, actorName: e.actorId ? (actorNames.get(e.actorId) ?? null) : null })),
    notes: notes.map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt, author: n.author?.name ?? null })),
    courses,
    attempts: attempts.map((a) => ({ id: a.id, courseSlug: a.courseSlug, status: a.status, startedAt: a.startedAt, deadline: a.deadline, submittedAt: a.submittedAt, extraMinutes: a.extraMinutes, overridden: a.overridePercent !== null, ...effective(a) })),
    certificates: certificates.map((c) => ({ code: c.code, issuedAt: c.issuedAt, expiresAt: c.expiresAt, revokedAt: c.revokedAt, ngoId: c.ngoId })),
    leadMoves: nextStates(application.state, 'lead'),
  }
}

export type RecruitDetail = NonNullable<Awaited<ReturnType<typeof recruitDetail>>>

/** An application the lead may act on: of their NGO, and not anonymised (nothing is written about a removed person). */
async function inScope(scope: NgoScope, applicationId: string) {
  return db.application.findFirst({ where: { id: applicationId, ngoId: scope.ngoId, anonymisedAt: null }, select: { id: true, userId: true, campaignId: true, state: true } })
}

export async function addNote(scope: NgoScope, applicationId: string, body: string, ip: string): Promise<boolean> {
  if (!(await inScope(scope, applicationId))) return false
  await db.$transaction(async (tx) => {
    // The same note posted again at once (a double click) is the one already written.
    await lockRow(tx, 'Application', applicationId)
    if (await tx.applicationNote.findFirst({ where: { applicationId, authorId: scope.actorId, body, createdAt: { gte: resubmitSince() } }, select: { id: true } })) return
    const note = await tx.applicationNote.create({ data: { applicationId, authorId: scope.actorId, body } })
    await recordAudit({ actorId: scope.actorId, action: 'recruit.note_added', targetType: 'application', targetId: applicationId, ngoId: scope.ngoId, ip, details: { noteId: note.id } }, tx)
  })
  return true
}

export async function moveRecruit(scope: NgoScope, applicationId: string, to: ApplicationState, reason: string | undefined, ip: string): Promise<MoveResult> {
  if (!(await inScope(scope, applicationId))) return { ok: false, error: 'notFound' }
  return moveApplication(applicationId, to, { id: scope.actorId, role: 'lead' }, reason, ip)
}

export type BulkAction = { kind: 'move'; to: BulkTarget; reason?: string } | { kind: 'message'; text: string }
export type BulkOutcome = { id: string; name: string; ok: true } | { id: string; name: string; ok: false; error: string }

/**
 * Applies one action to each selected recruit of the NGO in turn: each is recorded on its own
 * (event, audit, notification), and one that cannot move does not stop the others.
 */
export async function bulkAction(scope: NgoScope, campaignId: string, ids: readonly string[], action: BulkAction, ip: string): Promise<BulkOutcome[]> {
  const rows = await db.application.findMany({ where: { id: { in: [...new Set(ids)] }, ngoId: scope.ngoId, campaignId, anonymisedAt: null }, select: { id: true, fullName: true, userId: true } })
  const outcomes: BulkOutcome[] = []
  for (const row of rows) {
    if (action.kind === 'move') {
      const result = await moveApplication(row.id, action.to, { id: scope.actorId, role: 'lead' }, action.reason, ip)
      outcomes.push(result.ok ? { id: row.id, name: row.fullName, ok: true } : { id: row.id, name: row.fullName, ok: false, error: result.error })
    } else {
      await db.$transaction(async (tx) => {
        // The same message sent again at once (a double click on Send) reaches each recruit once.
        const params = { ngoId: scope.ngoId, text: action.text }
        await lockRow(tx, 'Application', row.id)
        if (await tx.notification.findFirst({ where: { userId: row.userId, kind: 'message', params: JSON.stringify(params), createdAt: { gte: resubmitSince() } }, select: { id: true } })) return
        await notify(row.userId, 'message', params, tx)
        await recordAudit({ actorId: scope.actorId, action: 'recruit.messaged', targetType: 'application', targetId: row.id, ngoId: scope.ngoId, ip, details: { length: action.text.length } }, tx)
      })
      outcomes.push({ id: row.id, name: row.fullName, ok: true })
    }
  }
  const found = new Set(rows.map((r) => r.id))
  for (const id of ids) if (!found.has(id)) outcomes.push({ id, name: '', ok: false, error: 'notFound' })
  return outcomes
}

/**
 * Recruits who need chasing: accepted but no lesson opened for `days` days, or in training with
 * a required exam failed and no attempts left.
 */
export async function stuckRecruits(scope: NgoScope, campaignId: string, kind: StuckKind, days = DEFAULT_STUCK_DAYS, now = new Date()) {
  const select = { id: true, fullName: true, regionCode: true, state: true, stateChangedAt: true, trainingPercent: true, userId: true } as const
  if (kind === 'notStarted') {
    const cutoff = new Date(now.getTime() - days * 86_400_000)
    return db.application.findMany({ where: { ngoId: scope.ngoId, campaignId, state: 'accepted', stateChangedAt: { lte: cutoff }, anonymisedAt: null }, orderBy: { stateChangedAt: 'asc' }, take: 500, select })
  }
  if (kind === 'liveSessions') return waitingForLiveSessions(scope, campaignId, select)
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, include: { courses: { where: { required: true } } } })
  if (!campaign) return []
  const training = await db.application.findMany({ where: { ngoId: scope.ngoId, campaignId, state: 'in_training', anonymisedAt: null }, select })
  if (training.length === 0) return []
  const stuckUsers = new Set<string>()
  for (const { courseSlug } of campaign.courses) {
    const course = await findCourse(courseSlug)
    if (!course?.exam) continue
    const maxAttempts = course.exam.rules.maxAttempts
    const attempts = await db.examAttempt.findMany({
      where: { userId: { in: training.map((t) => t.userId) }, courseSlug, status: { not: 'IN_PROGRESS' } },
      select: { userId: true, percent: true, passed: true, overridePercent: true, overridePassed: true },
    })
    const byUser = new Map<string, { used: number; passed: boolean }>()
    for (const a of attempts) {
      const entry = byUser.get(a.userId) ?? { used: 0, passed: false }
      entry.used += 1
      entry.passed ||= effective(a).passed === true
      byUser.set(a.userId, entry)
    }
    for (const [userId, entry] of byUser) if (!entry.passed && entry.used >= maxAttempts) stuckUsers.add(userId)
  }
  return training.filter((t) => stuckUsers.has(t.userId))
}

/**
 * Open applications whose holder meets every requirement of the campaign but the live sessions: the
 * rule for the courses alone holds, the whole rule does not (both as certifiedSql).
 */
async function waitingForLiveSessions<S extends Prisma.ApplicationSelect>(scope: NgoScope, campaignId: string, select: S) {
  const campaign = await certificationCampaignIn(db, campaignId)
  if (!campaign || campaign.requiredLiveSessions === 0) return []
  const ids = await db.$queryRaw<Array<{ id: string }>>`
    SELECT a."id" FROM "Application" a
    WHERE a."ngoId" = ${scope.ngoId} AND a."campaignId" = ${campaignId} AND a."state" IN ('accepted', 'in_training') AND a."anonymisedAt" IS NULL
      AND ${certifiedSql({ ...campaign, requiredLiveSessions: 0 }, 'a')} AND NOT (${certifiedSql(campaign, 'a')})
    LIMIT 500`
  return db.application.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { stateChangedAt: 'asc' }, select })
}

export type AddRecruitResult =
  | { ok: true; applicationId: string; invited: boolean }
  | { ok: false; error: 'campaignNotFound' | 'alreadyApplied' | 'duplicateIin' }

/**
 * A recruit the lead adds (typed in from a paper form, or a row of an imported list): the same
 * validation as the volunteer's form ran before this. A person without an account gets one they
 * claim through an emailed invitation; an existing account (same email) gets the application.
 */
/** Runs inside a write's transaction, so that what the caller records (an import's per-row outcome) commits with the write. */
export type WithinWrite<T> = (tx: Tx, written: T) => Promise<void>

export async function addRecruit(
  scope: NgoScope,
  campaignId: string,
  input: Omit<ApplicationInput, 'consent'>,
  source: 'manual' | 'import',
  ip: string,
  within?: WithinWrite<{ invited: boolean }>,
): Promise<AddRecruitResult> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })
  if (!campaign) return { ok: false, error: 'campaignNotFound' }
  const sameIin = await db.application.findUnique({ where: { campaignId_iin: { campaignId, iin: input.iin } }, select: { id: true, ngoId: true } })
  if (sameIin) {
    if (sameIin.ngoId !== scope.ngoId) await recordAudit({ actorId: scope.actorId, action: 'application.duplicate_attempt', targetType: 'application', targetId: sameIin.id, ngoId: sameIin.ngoId, ip, details: { attemptedNgoId: scope.ngoId, source } })
    return { ok: false, error: 'duplicateIin' }
  }
  try {
    return await db.$transaction(async (tx) => {
      let user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true, emailConfirmedAt: true } })
      let invited = false
      if (!user) {
        // No password: nobody can log in to it until the person sets one through the invitation.
        user = await tx.user.create({ data: { email: input.email, name: input.fullName, passwordHash: NO_PASSWORD, locale: input.languages.includes('kk') && !input.languages.includes('ru') ? 'kk' : 'ru' }, select: { id: true, passwordHash: true, emailConfirmedAt: true } })
        invited = true
        await recordAudit({ actorId: scope.actorId, action: 'user.invited', targetType: 'user', targetId: user.id, ngoId: scope.ngoId, ip, details: { source } }, tx)
      } else if (await tx.application.findUnique({ where: { campaignId_userId: { campaignId, userId: user.id } }, select: { id: true } })) {
        return { ok: false, error: 'alreadyApplied' } as const
      } else if (addressUnproven(user)) {
        // Whoever signed up with the address never showed it is theirs: the application (IIN, phone)
        // goes to the address's owner, who gets the invitation; whoever was logged in is logged out.
        await reclaimForAddressOwner(tx, user.id, { actorId: scope.actorId, ngoId: scope.ngoId, ip, source })
        invited = true
      }
      const application = await tx.application.create({
        data: {
          ...applicationData(input),
          campaignId,
          ngoId: scope.ngoId,
          userId: user.id,
          source,
          // The person signed the NGO's paper consent; the lead confirmed that when adding them.
          consentVersion: `${source}:${CONSENT_VERSION}`,
          consentedAt: new Date(),
          events: { create: { toState: 'submitted', actorId: scope.actorId, actorRole: 'lead', reason: source } },
        },
      })
      await recordAudit({ actorId: scope.actorId, action: 'recruit.added', targetType: 'application', targetId: application.id, ngoId: scope.ngoId, ip, details: { campaignId, source } }, tx)
      // An invited person gets one email: the invitation names the NGO and the campaign, and an
      // "application received" beside it would link to a page they cannot open before choosing a password.
      if (invited) await notify(user.id, 'account.invited', { ngoId: scope.ngoId, campaignId }, tx)
      else await notify(user.id, 'application.received', { applicationId: application.id, campaignId, ngoId: scope.ngoId }, tx)
      await within?.(tx, { invited })
      return { ok: true, applicationId: application.id, invited } as const
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'duplicateIin' }
    throw error
  }
}

export type ContactUpdate = { ok: true; changed: string[] } | { ok: false; error: 'notFound' | 'otherNgo' }

/** What a re-import may write for a known person: a corrected name and the contact fields. */
export type RecruitChanges = Partial<Record<'fullName' | 'phone' | 'email' | 'regionCode' | 'settlement', string>>

/**
 * A new spelling of a recruit's name, inside the caller's transaction: the application (and its
 * search text), the invited account's display name while the person has not claimed it (they set
 * nothing yet, so the invitation greets them by the right name), and an audit record with both
 * spellings, since a name is what rosters and certificates print.
 */
async function writeName(tx: Tx, scope: NgoScope, row: { id: string; userId: string; fullName: string; phone: string; iin: string }, fullName: string, ip: string, details: Record<string, unknown>) {
  await tx.application.update({ where: { id: row.id }, data: { fullName, searchText: recruitSearchText({ fullName, phone: row.phone, iin: row.iin }) } })
  await tx.user.updateMany({ where: { id: row.userId, passwordHash: NO_PASSWORD, name: row.fullName }, data: { name: fullName } })
  await recordAudit({ actorId: scope.actorId, action: 'application.name_corrected', targetType: 'application', targetId: row.id, ngoId: scope.ngoId, ip, details: { from: row.fullName, to: fullName, ...details } }, tx)
}

/**
 * A re-imported row of a known person (same IIN in this campaign): write the given fields (the
 * caller has decided which: see `storedChanges`) and say which changed; an unchanged row changes
 * nothing. The name and the contacts are written in one transaction, each audited.
 */
export async function updateRecruitContacts(
  scope: NgoScope,
  campaignId: string,
  iin: string,
  changes: RecruitChanges,
  ip: string,
  origin: { importId?: string; within?: WithinWrite<{ changed: string[] }> } = {},
): Promise<ContactUpdate> {
  const row = await db.application.findUnique({ where: { campaignId_iin: { campaignId, iin } }, select: { id: true, ngoId: true, userId: true, fullName: true, iin: true, phone: true, email: true, regionCode: true, settlement: true } })
  if (!row) return { ok: false, error: 'notFound' }
  if (row.ngoId !== scope.ngoId) return { ok: false, error: 'otherNgo' }
  const contactKeys = (['phone', 'email', 'regionCode', 'settlement'] as const).filter((k) => changes[k] !== undefined && row[k] !== changes[k])
  const newName = changes.fullName !== undefined && changes.fullName !== row.fullName ? changes.fullName : null
  const changed: string[] = [...(newName !== null ? ['fullName'] : []), ...contactKeys]
  if (changed.length === 0) return { ok: true, changed }
  const source = { source: origin.importId ? 'import' : 'lead', ...(origin.importId ? { importId: origin.importId } : {}) }
  await db.$transaction(async (tx) => {
    if (contactKeys.length > 0) {
      const contacts = Object.fromEntries(contactKeys.map((k) => [k, changes[k]]))
      const phone = changes.phone ?? row.phone
      await tx.application.update({ where: { id: row.id }, data: { ...contacts, searchText: recruitSearchText({ fullName: row.fullName, phone, iin }) } })
      await recordAudit({ actorId: scope.actorId, action: 'recruit.contacts_updated', targetType: 'application', targetId: row.id, ngoId: scope.ngoId, ip, details: { changed: contactKeys, ...source } }, tx)
      row.phone = phone
    }
    if (newName !== null) await writeName(tx, scope, row, newName, ip, source)
    await origin.within?.(tx, { changed })
  })
  return { ok: true, changed }
}

export type NameCorrection = { ok: true; changed: boolean } | { ok: false; error: 'notFound' }

/** The lead corrects a recruit's name on the recruit page (a misspelling, letters lost in an old import). */
export async function correctRecruitName(scope: NgoScope, applicationId: string, fullName: string, ip: string): Promise<NameCorrection> {
  const row = await db.application.findFirst({ where: { id: applicationId, ngoId: scope.ngoId, anonymisedAt: null }, select: { id: true, userId: true, fullName: true, iin: true, phone: true } })
  if (!row) return { ok: false, error: 'notFound' }
  if (row.fullName === fullName) return { ok: true, changed: false }
  await db.$transaction((tx) => writeName(tx, scope, row, fullName, ip, { source: 'lead' }))
  return { ok: true, changed: true }
}

/**
 * Whether the acting lead may revoke this certificate from this recruit's page: it was earned for
 * their NGO and is held by the recruit's person (so the page it is revoked from, and the toast the
 * lead reads there, name the right recruit); never from a removed person's page.
 */
export async function certificateOfRecruit(scope: NgoScope, applicationId: string, code: string) {
  const recruit = await inScope(scope, applicationId)
  if (!recruit) return null
  return db.certificate.findFirst({ where: { code, ngoId: scope.ngoId, userId: recruit.userId }, select: { id: true, code: true } })
}

export type RecruitAttempt = { ok: true; attempt: { id: string; userId: string; status: 'IN_PROGRESS' | 'SUBMITTED' } } | { ok: false; error: 'notFound' | 'notInTraining' }

/**
 * An exam attempt the lead may give extra time from this recruit's page: the recruit's own, at one of
 * their campaign's required courses, while the NGO trains them. Not through another or an old
 * application (withdrawn, rejected, of another campaign) nor for a removed person.
 */
export async function attemptOfRecruit(scope: NgoScope, applicationId: string, attemptId: string): Promise<RecruitAttempt> {
  const recruit = await inScope(scope, applicationId)
  if (!recruit) return { ok: false, error: 'notFound' }
  const attempt = await db.examAttempt.findFirst({ where: { id: attemptId, userId: recruit.userId }, select: { id: true, userId: true, status: true, courseSlug: true } })
  const required = attempt && (await db.campaignCourse.findFirst({ where: { campaignId: recruit.campaignId, courseSlug: attempt.courseSlug, required: true }, select: { courseSlug: true } }))
  if (!attempt || !required) return { ok: false, error: 'notFound' }
  if (!isInTraining(recruit.state)) return { ok: false, error: 'notInTraining' }
  return { ok: true, attempt: { id: attempt.id, userId: attempt.userId, status: attempt.status } }
}
