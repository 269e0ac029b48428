/**
 * Reading a whole roster for the exports, fast and in bounded pieces (README, Speed).
 *
 * The order is the exporter's collation (region name, then full name), which SQL cannot give the same
 * way on SQLite and PostgreSQL, so the roster is read in two steps:
 * 1. its keys, in one query over the certification rule (rosterSql), ordered by name and holder: the
 *    row's reference, region, NGO and full name, and the certificates that make the row (per required
 *    course the latest valid one's code, and the earliest of their expiries). These give the counts
 *    too (the audit record needs the row count before the file streams), so the rule is probed once
 *    per application, not once to count and again to read. The keys of a region are sorted by the
 *    collator (ties: the name's code points, then the holder), the order rosterRows always had.
 * 2. the rest of each row in batches (BATCH references at a time, by primary key): the application's
 *    own fields only. A row whose application stopped qualifying between the two steps (withdrawn or
 *    anonymised) is left out; its certificates are as step 1 read them, so the file is as of its start,
 *    like the count in its audit record. Reading the certificates once in step 1, not again per batch,
 *    took the 100,000-row CSV from 2.3 to 1.7–1.8 times what `sqlite3 -csv` needs (README, Speed).
 *
 * On SQLite both steps run on a read-only better-sqlite3 connection of this module's own (WAL: readers
 * do not wait for the writer), as arrays rather than Prisma's objects: the same query through Prisma's
 * `$queryRaw` cost about twice the time at 100,000 rows. On PostgreSQL they run through `$queryRaw`.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { sqlitePath } from '../../../prisma/scripts/database-url.ts'
import { collatorFor, type RosterPlacement } from '~/domain/roster.ts'
import { acceptedStates } from '~/domain/pipeline.ts'
import type { Locale } from '~/domain/locale.ts'
import { certifiedSql, validOnElectionDaySql } from '../exams/certification.server.ts'
import { asDate, databaseProvider, db, Prisma } from '../platform/db.server.ts'
import { env, sqliteCachePragma } from '../platform/env.server.ts'
import { lru } from '../platform/lru.server.ts'
import { ngoOfScopeSql } from '../recruitment/scope-sql.server.ts'
import type { RosterRequest } from './rosters.server.ts'


/**
 * Rows read per query in step 2 (one SQL round trip, one chunk of the file). Small, so a batch's rows
 * die young: at 2,000 they lived through enough of V8's young-generation collections to be moved to
 * the old generation, which grew by 30-90 MB in a 100,000-row export before a full collection
 * (VmHWM of a CSV 200-233 MB, an XLSX 238-275; at 100: 199-202 and 201-204). The CSV's time did not
 * change (tests/bench/HISTORY.md, session 20).
 */
export const ROSTER_BATCH = 100

/**
 * One roster row's key: `ref` is the application's rowid (SQLite) or id (PostgreSQL). A 100,000-row
 * export holds 100,000 of these, so they hold only what the order and the file need: no holder id
 * (rows arrive ordered by name and holder, and the sort is stable), and one string per distinct expiry.
 */
export interface RosterKey {
  ref: number | string
  fullName: string
  ngoId: string
  /** Certificate codes in course order, one per required course (the latest valid one), joined with ", ". */
  codes: string
  /** The earliest expiry of those certificates, as the database hands it (text on SQLite, Date on PostgreSQL). */
  validUntil: string | Date
}

export interface RosterKeys {
  /** Per region code, the keys in the roster's order. */
  byRegion: Map<string, RosterKey[]>
  /** Certified observers per region and NGO (what certifiedCounts gives). */
  counts: Array<{ regionCode: string; ngoId: string; count: number }>
}

/** The rest of a row, as step 2 reads it; dates as the database hands them (text on SQLite, Date on PostgreSQL). */
export interface RosterDetail {
  iin: string
  birthDate: string | Date
  phone: string
  settlement: string
  pollingStation: string | null
  languages: string
  /** Certificate codes in course order, one per required course (the latest valid one), joined with ", ". */
  codes: string
  /** The earliest expiry of those certificates. */
  validUntil: string | Date
  /** Where and when the NGO placed them for election day, in shift order (none declined); empty when not read. */
  placements: RosterPlacement[]
}

/**
 * The roster as plain SQL over `"Application" a`: the scope, regions and states, and the certification
 * rule (certifiedSql). Plain SQL goes around Prisma's query API, which took two to three times as long
 * for the same rows at 100,000 (README, Speed).
 */
export function rosterSql(request: Pick<RosterRequest, 'scope' | 'campaign' | 'regions'>): Prisma.Sql {
  const { scope, campaign, regions } = request
  return Prisma.join(
    [
      Prisma.sql`a."campaignId" = ${campaign.id}`,
      // The coalition's condition names every NGO, so SQLite seeks the roster index (campaign, NGO,
      // state, region, …) instead of testing the certification rule on all of the campaign's
      // applications: one region of a 100,000-row coalition roster read 100,000 entries for 1,300 rows.
      ngoOfScopeSql(scope, Prisma.sql`a."ngoId"`),
      ...(regions.length ? [Prisma.sql`a."regionCode" IN (${Prisma.join(regions)})`] : []),
      Prisma.sql`a."state" IN (${Prisma.join(acceptedStates)})`,
      Prisma.sql`a."anonymisedAt" IS NULL`,
      certifiedSql(campaign, 'a'),
    ],
    ' AND ',
  )
}

// ---- SQLite: a read-only connection of our own, statements prepared once.

interface Reader {
  url: string
  database: BetterSqlite3.Database
  statements: ReturnType<typeof lru<BetterSqlite3.Statement>>
}

let reader: Reader | undefined
/** Distinct SQL texts kept prepared (they vary with the number of regions, states and courses asked for). */
const STATEMENT_CACHE = 32

async function sqliteReader(): Promise<Reader> {
  const url = env().DATABASE_URL
  if (reader?.url === url && reader.database.open) return reader
  reader?.database.close()
  const { default: Database } = await import('better-sqlite3')
  const database = new Database(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: 10_000 })
  // The same page cache as the client's connection (SQLITE_CACHE_MB), not better-sqlite3's 16 MiB.
  database.pragma(sqliteCachePragma())
  reader = { url, database, statements: lru(STATEMENT_CACHE) }
  return reader
}

/** A value as the Prisma SQLite adapter binds it (dates as ISO text with +00:00, booleans as 0/1). */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

async function sqliteStatement(query: Prisma.Sql): Promise<{ statement: BetterSqlite3.Statement; values: unknown[] }> {
  const { statements, database } = await sqliteReader()
  let statement = statements.get(query.sql)
  if (!statement) {
    statement = database.prepare(query.sql).raw(true)
    statements.set(query.sql, statement)
  }
  return { statement, values: query.values.map(sqliteValue) }
}

async function sqliteRows(query: Prisma.Sql): Promise<unknown[][]> {
  const { statement, values } = await sqliteStatement(query)
  return statement.all(...values) as unknown[][]
}

// ---- Both databases.

/**
 * Per required course, in course order, the latest valid certificate's code and expiry. SQLite: one
 * column each (`cert0`, …: the expiry as stored, a tab, the code), one look into the certificate
 * index per course instead of two (the certification rule's EXISTS is the other); PostgreSQL: two
 * columns each (`code0`, `expires0`, …), its dates being typed values.
 */
function certificateColumns(campaign: RosterRequest['campaign'], sqlite: boolean): Prisma.Sql {
  return Prisma.join(
    campaign.requiredCourses.flatMap((courseSlug, i) => {
      const latest = (value: Prisma.Sql, as: string) =>
        Prisma.sql`(SELECT ${value} FROM "Certificate" c WHERE c."userId" = a."userId" AND c."courseSlug" = ${courseSlug} AND ${validOnElectionDaySql('c', campaign)} ORDER BY c."expiresAt" DESC LIMIT 1) AS ${Prisma.raw(`"${as}${i}"`)}`
      return sqlite ? [latest(Prisma.sql`c."expiresAt" || char(9) || c."code"`, 'cert')] : [latest(Prisma.sql`c."code"`, 'code'), latest(Prisma.sql`c."expiresAt"`, 'expires')]
    }),
  )
}

/** Step 1: the roster's keys, grouped by region and sorted in the exporter's order, and the counts. */
export async function rosterKeys(request: Pick<RosterRequest, 'scope' | 'campaign' | 'regions' | 'locale'>): Promise<RosterKeys> {
  const byRegion = new Map<string, RosterKey[]>()
  const counts = new Map<string, { regionCode: string; ngoId: string; count: number }>()
  // One string per NGO, not one per row (100,000 keys hold a few distinct NGO ids); likewise expiries
  // (certificates issued on one day expire on one day), which also lets the text they were cut from go.
  const ngoIds = new Map<string, string>()
  const expiries = new Map<string, string>()
  const oneExpiry = (expires: string | Date): string | Date => {
    if (typeof expires !== 'string') return expires
    let kept = expiries.get(expires)
    // A copy of its own: the text read is a slice of the row's certificate cell, which it would keep.
    if (kept === undefined) expiries.set(expires, (kept = Buffer.from(expires, 'utf8').toString('utf8')))
    return kept
  }
  const courses = request.campaign.requiredCourses.length
  /** `row`: ref, region, NGO, name, then per course its certificate's code and expiry (`certificate`). */
  const add = (row: unknown[], certificate: (row: unknown[], course: number) => { code: string; expires: string | Date }) => {
    const regionCode = row[1] as string
    const ngoIdRead = row[2] as string
    let ngoId = ngoIds.get(ngoIdRead)
    if (ngoId === undefined) ngoIds.set(ngoIdRead, (ngoId = ngoIdRead))
    const first = certificate(row, 0)
    let codes = first.code
    let validUntil = first.expires
    for (let i = 1; i < courses; i++) {
      const next = certificate(row, i)
      codes += `, ${next.code}`
      if (timeOf(next.expires) < timeOf(validUntil)) validUntil = next.expires
    }
    let keys = byRegion.get(regionCode)
    if (!keys) byRegion.set(regionCode, (keys = []))
    keys.push({ ref: row[0] as number | string, fullName: row[3] as string, ngoId, codes, validUntil: oneExpiry(validUntil) })
    const countKey = `${regionCode}\u0000${ngoId}`
    const count = counts.get(countKey)
    if (count) count.count++
    else counts.set(countKey, { regionCode, ngoId, count: 1 })
  }
  if (courses > 0) {
    if (databaseProvider() === 'sqlite') {
      // Row by row (iterate), so the keys are the only copy held. Ordered by SQLite (code points, which
      // for these names is nearly always the collator's order too), so the collator's sort below finds
      // each region already in order and compares each key about once: 100,000 keys sorted in 0.1 s
      // instead of 0.3 s of n log n collator comparisons.
      const { statement, values } = await sqliteStatement(
        Prisma.sql`SELECT a."rowid", a."regionCode", a."ngoId", a."fullName", ${certificateColumns(request.campaign, true)} FROM "Application" a WHERE ${rosterSql(request)} ORDER BY a."fullName", a."userId"`,
      )
      const fromCell = (row: unknown[], course: number) => {
        const cell = row[4 + course] as string
        const tab = cell.indexOf('\t')
        return { code: cell.slice(tab + 1), expires: cell.slice(0, tab) }
      }
      for (const row of statement.iterate(...values) as IterableIterator<unknown[]>) add(row, fromCell)
    } else {
      // Ordered by name and holder in the database's collation: equal names under the collator keep this order (a stable sort), as before.
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        SELECT a."id", a."regionCode", a."ngoId", a."fullName", ${certificateColumns(request.campaign, false)} FROM "Application" a WHERE ${rosterSql(request)} ORDER BY a."fullName", a."userId"`
      const fromColumns = (row: unknown[], course: number) => ({ code: row[4 + 2 * course] as string, expires: row[5 + 2 * course] as string | Date })
      for (const row of rows) add([row.id, row.regionCode, row.ngoId, row.fullName, ...request.campaign.requiredCourses.flatMap((_, i) => [row[`code${i}`], row[`expires${i}`]])], fromColumns)
    }
  }
  const order = keyOrder(request.locale, databaseProvider() === 'sqlite')
  for (const keys of byRegion.values()) keys.sort(order)
  return { byRegion, counts: [...counts.values()] }
}

/**
 * Name in the exporter's collation; names equal under it (case, ё) in SQL's `ORDER BY fullName, userId`
 * order, as the former per-region query and a stable sort gave. SQLite's is by code points, compared
 * here too; the same name twice keeps the order the keys came in, which is the query's (by holder),
 * since the sort is stable. PostgreSQL's order depends on the database's collation, so its keys come
 * ordered and the stable sort keeps that order for ties.
 */
function keyOrder(locale: Locale, codePointTies: boolean) {
  const collator = collatorFor(locale)
  if (!codePointTies) return (a: RosterKey, b: RosterKey) => collator.compare(a.fullName, b.fullName)
  return (a: RosterKey, b: RosterKey) => collator.compare(a.fullName, b.fullName) || (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0)
}

/**
 * Step 2: the rest of the rows of these keys, by reference. A row is missing from the answer when its
 * application no longer qualifies (withdrawn, rejected or anonymised since step 1).
 */
export async function rosterDetails(request: Pick<RosterRequest, 'campaign'>, keys: readonly RosterKey[], placements?: ReadonlyMap<number | string, RosterPlacement[]>): Promise<Map<number | string, RosterDetail>> {
  const found = new Map<number | string, RosterDetail>()
  if (keys.length === 0 || request.campaign.requiredCourses.length === 0) return found
  const sqlite = databaseProvider() === 'sqlite'
  const byRef = new Map<number | string, RosterKey>()
  for (const key of keys) byRef.set(key.ref, key)
  const query = (ref: Prisma.Sql, refList: Prisma.Sql) => Prisma.sql`
    SELECT ${ref}, a."iin", a."birthDate", a."phone", a."settlement", a."pollingStation", a."languages"
    FROM "Application" a
    WHERE ${refList} AND a."state" IN (${Prisma.join(acceptedStates)}) AND a."anonymisedAt" IS NULL`
  // In rowid order on SQLite: the batch's rows are then read walking the table's tree one way, not
  // hopping about it in name order (a 100,000-row roster's step 2 took about 15% less).
  const refs = sqlite ? keys.map((k) => k.ref as number).sort((a, b) => a - b) : keys.map((k) => k.ref)
  const rows: unknown[][] = sqlite
    ? await sqliteRows(query(Prisma.sql`a."rowid"`, Prisma.sql`a."rowid" IN (SELECT value FROM json_each(${JSON.stringify(refs)}))`))
    : (await db.$queryRaw<Array<Record<string, unknown>>>(query(Prisma.sql`a."id" AS "ref"`, Prisma.sql`a."id" IN (${Prisma.join(refs)})`))).map((r) => [r.ref, r.iin, r.birthDate, r.phone, r.settlement, r.pollingStation, r.languages])
  for (const row of rows) {
    const ref = row[0] as number | string
    const key = byRef.get(ref)
    if (!key) continue
    found.set(ref, {
      iin: row[1] as string,
      birthDate: row[2] as string | Date,
      phone: row[3] as string,
      settlement: row[4] as string,
      pollingStation: row[5] as string | null,
      languages: row[6] as string,
      codes: key.codes,
      validUntil: key.validUntil,
      placements: placements?.get(ref) ?? [],
    })
  }
  return found
}

/**
 * The election-day placements of a roster's applications (Assignment, with its station and shift), by
 * row reference, in shift order, leaving out the ones the observer declined: one query for the whole
 * export, as long as the campaign's assignments in the scope, not the roster (which has far more rows).
 */
export async function rosterPlacements(request: Pick<RosterRequest, 'scope' | 'campaign'>): Promise<Map<number | string, RosterPlacement[]>> {
  const { scope, campaign } = request
  const sqlite = databaseProvider() === 'sqlite'
  const query = (ref: Prisma.Sql) => Prisma.sql`
    SELECT ${ref}, s."number", s."address", sh."nameRu", sh."nameKk", sh."nameEn", sh."startsAt", sh."endsAt"
    FROM "Assignment" x
    JOIN "Application" a ON a."id" = x."applicationId"
    JOIN "PollingStation" s ON s."id" = x."stationId"
    JOIN "CampaignShift" sh ON sh."id" = x."shiftId"
    WHERE x."campaignId" = ${campaign.id} AND x."status" <> 'declined' ${scope.kind === 'ngo' ? Prisma.sql`AND x."ngoId" = ${scope.ngoId}` : Prisma.empty}
    ORDER BY sh."startsAt", sh."endsAt"`
  const rows: unknown[][] = sqlite
    ? await sqliteRows(query(Prisma.sql`a."rowid"`))
    : (await db.$queryRaw<Array<Record<string, unknown>>>(query(Prisma.sql`a."id" AS "ref"`))).map((r) => [r.ref, r.number, r.address, r.nameRu, r.nameKk, r.nameEn, r.startsAt, r.endsAt])
  const out = new Map<number | string, RosterPlacement[]>()
  for (const row of rows) {
    const ref = row[0] as number | string
    const list = out.get(ref) ?? []
    list.push({
      stationNumber: row[1] as string,
      address: row[2] as string,
      shift: { nameRu: row[3] as string, nameKk: row[4] as string, nameEn: row[5] as string, startsAt: asDate(row[6] as string | Date), endsAt: asDate(row[7] as string | Date) },
    })
    out.set(ref, list)
  }
  return out
}

function timeOf(value: string | Date): number {
  return value instanceof Date ? value.getTime() : Date.parse(value)
}

/** A date as it is read (Date, or SQLite's ISO text) as YYYY-MM-DD in UTC, without making a Date when the text already says it. */
export function isoDay(value: string | Date): string {
  if (typeof value === 'string' && value.length >= 20 && value.charCodeAt(10) === 84 /* T */ && (value.endsWith('+00:00') || value.endsWith('Z')) && /^\d{4}-\d\d-\d\d/.test(value)) return value.slice(0, 10)
  return new Date(value).toISOString().slice(0, 10)
}
