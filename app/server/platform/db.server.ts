/**
 * The one Prisma client. The provider is baked into a generated client, so there is one client per
 * database (generated from the same schema, same API) and DATABASE_URL's scheme picks which. Only
 * that one is imported (a generated client is megabytes of code and data model per worker).
 */
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.ts'
import type { PrismaClient as PostgresClient } from './generated/postgresql/client.ts'
import { createAdapterFactory, onWriteLockWait, providerOf } from '../../../prisma/scripts/database-url.ts'
import { env, sqliteCachePragma } from './env.server.ts'
import { raw, Sql, sql } from './prisma-namespace.ts'
import { leaveTurn } from './request-scope.server.ts'

export type Db = InstanceType<typeof SqliteClient>
// The namespace as a value too, for Prisma.sql in the few queries Prisma's API cannot express (same in both clients).
export * as Prisma from './prisma-namespace.ts'
export { newId } from './new-id.server.ts'
import type { Prisma as PrismaTypes } from './generated/sqlite/client.ts'
/** The client inside `db.$transaction(async (tx) => …)`: pass it on so every write of one decision commits together. */
export type Tx = PrismaTypes.TransactionClient

type Driver = Awaited<ReturnType<Awaited<ReturnType<typeof createAdapterFactory>>['connect']>>

/**
 * The client, and the driver adapter it connected (for plainRead: the same connection or pool, the
 * same serialisation on SQLite). Kept on globalThis, so a module reloaded by `npm run dev` finds both.
 */
const globalForDb = globalThis as unknown as { __observerDb?: Db; __observerDriver?: Driver }

async function connect(url: string): Promise<Db> {
  // A request waiting for another worker's write lock computes nothing meanwhile: its place in turn goes to the next.
  onWriteLockWait(leaveTurn)
  const adapter = await createAdapterFactory(url, { lockWaitMs: env().SQLITE_LOCK_WAIT_MS })
  const connectDriver = adapter.connect.bind(adapter)
  adapter.connect = async () => {
    const connected = (await connectDriver()) as Driver
    // Disconnected (`db.$disconnect()`): plainRead's next read connects the client again.
    const dispose = connected.dispose.bind(connected)
    connected.dispose = async () => {
      if (globalForDb.__observerDriver === connected) globalForDb.__observerDriver = undefined
      return dispose()
    }
    return (globalForDb.__observerDriver = connected)
  }
  if (providerOf(url) === 'sqlite') {
    const { PrismaClient } = await import('./generated/sqlite/client.ts')
    const client = new PrismaClient({ adapter })
    // One connection per process (the adapter's): set once, it holds for every query. The database is
    // in WAL mode (prisma/scripts/migrations.ts); see SQLITE_SYNCHRONOUS in env.server.ts.
    await client.$executeRawUnsafe(`PRAGMA synchronous = ${env().SQLITE_SYNCHRONOUS}`)
    await client.$executeRawUnsafe(`PRAGMA ${sqliteCachePragma()}`)
    return client
  }
  // Same schema, same generated API: only the SQL dialect differs.
  const { PrismaClient } = await import('./generated/postgresql/client.ts')
  return withoutNulLookups(new PrismaClient({ adapter })) as unknown as Db
}

/**
 * A read whose filter holds a NUL character (an address such as /admin/ngos/%00, a search for one)
 * finds nothing, as on SQLite: no stored text holds one (typed text refuses it), and PostgreSQL
 * would answer such a parameter with an error, i.e. a 500 for anything a visitor can type.
 */
const emptyReads: Record<string, null | [] | 0> = { findUnique: null, findFirst: null, findMany: [], count: 0 }

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(holdsNul)
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.values(value).some(holdsNul)
  return false
}

function withoutNulLookups(client: InstanceType<typeof PostgresClient>) {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ operation, args, query }) {
          const empty = emptyReads[operation]
          if (empty !== undefined && holdsNul((args as { where?: unknown }).where)) return empty
          return query(args)
        },
      },
    },
  })
}

export const db: Db = (globalForDb.__observerDb ??= await connect(env().DATABASE_URL))

/**
 * A read as one plain statement, sent straight to the driver adapter the client connected: the same
 * SQLite connection (and, through serialisedSqlite, the same wait for no open transaction) or the same
 * PostgreSQL pool, without the client's request pipeline. `db.$queryRaw` of the session's read took
 * about 60–170 µs of CPU where this takes about 20 (tests/bench/HISTORY.md, session 15); the pages'
 * reads that run on every request use it.
 *
 * Values come back as the database's driver hands them: on SQLite dates as text, booleans as 0/1,
 * integers as numbers; on PostgreSQL dates as ISO text, booleans as booleans, COUNT(*) as text. Read
 * them with asDate, asBoolean and Number. A parameter holding a NUL character finds nothing on either
 * database (PostgreSQL would refuse it outright; no stored text holds one). Only for reads outside a
 * transaction: inside `db.$transaction` use `tx`.
 */
export async function plainRead<Row extends object>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Row[]> {
  const query: Sql = sql(strings, ...values)
  if (query.values.some(holdsNul)) return []
  const connected = await connectedDriver()
  return rowsOf(await connected.queryRaw(driverQuery(connected.provider, query)))
}

/** The driver adapter the client connected; a read or transaction that comes first connects it. */
async function connectedDriver(): Promise<Driver> {
  if (!globalForDb.__observerDriver) await db.$connect()
  const connected = globalForDb.__observerDriver
  if (!connected) throw new Error('the database driver is not connected')
  return connected
}

/** A statement as the driver adapter takes it: PostgreSQL's $1 placeholders or SQLite's ?, parameters as Prisma's own raw queries hand them. */
function driverQuery(provider: string, query: Sql) {
  return { sql: provider === 'postgres' ? query.text : query.sql, args: query.values.map(argOf), argTypes: query.values.map(argTypeOf) }
}

/** A driver's result set as one object a row, keyed by column name. */
function rowsOf<Row>({ columnNames, rows }: { columnNames: string[]; rows: unknown[][] }): Row[] {
  const objects: Row[] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[]
    const object: Record<string, unknown> = {}
    for (let c = 0; c < columnNames.length; c++) object[columnNames[c] as string] = row[c]
    objects[r] = object as Row
  }
  return objects
}

/**
 * What code that writes only plain statements needs of a database client: `$queryRaw` and
 * `$executeRaw`, as tagged templates or given a Prisma.Sql. The Prisma client, its interactive
 * transaction (`tx` of `db.$transaction`) and a plain transaction (`plainTransaction`) all are one, so
 * such code runs inside either kind of transaction. Read values with asDate, asBoolean and Number:
 * Prisma's raw queries hand some back converted, a plain transaction's as the driver does (plainRead).
 */
export interface RawClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<T>
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): Promise<number>
}

/**
 * A write transaction of plain statements, sent straight to the driver adapter the client connected,
 * without Prisma's transaction manager and request pipeline: on SQLite the same connection, begun with
 * the write lock as Prisma's transactions are (serialisedSqlite: waits for this process's other
 * transaction and, on a timer, for another process's lock); on PostgreSQL a connection of the same
 * pool. Committed when `work` returns, rolled back when it throws (a crash in between leaves nothing:
 * the database never saw a COMMIT). An exam's submit wrote its grading and certificate through two of
 * Prisma's interactive transactions, and @prisma/client's own code was 40% of the submit's CPU (README,
 * Speed, "Issue 15, session 23"). Reads and writes inside go through `tx` only; a statement holding a
 * NUL character in a parameter reads nothing, as plainRead.
 */
export async function plainTransaction<T>(work: (tx: RawClient) => Promise<T>, { maxWait = QUEUED_WRITE.maxWait, tries = 1 }: { maxWait?: number; tries?: number } = {}): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await plainTransactionOnce(work, maxWait)
    } catch (error) {
      // `tries`: runs of the work when a unique constraint refuses it (another request wrote the same
      // first, a random code was taken); nothing of a refused run was written.
      if (run >= tries || !isUniqueViolation(error)) throw error
    }
  }
}

async function plainTransactionOnce<T>(work: (tx: RawClient) => Promise<T>, maxWait: number): Promise<T> {
  const driver = await connectedDriver()
  const transaction = await startWithin(driver, maxWait)
  let open = true
  const statement = (query: TemplateStringsArray | Sql, values: unknown[]): Sql => {
    if (!open) throw new Error('a statement after its plain transaction ended')
    return query instanceof Sql ? query : sql(query, ...values)
  }
  const tx: RawClient = {
    async $queryRaw<Row>(query: TemplateStringsArray | Sql, ...values: unknown[]) {
      const built = statement(query, values)
      if (built.values.some(holdsNul)) return [] as Row
      return rowsOf(await transaction.queryRaw(driverQuery(driver.provider, built))) as Row
    },
    async $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]) {
      return transaction.executeRaw(driverQuery(driver.provider, statement(query, values)))
    },
  }
  let result: T
  try {
    result = await work(tx)
  } catch (error) {
    open = false
    // The work's error is what the caller needs; a failed ROLLBACK (SQLite ends a transaction itself after some errors) is not.
    await transaction.executeRaw(bareStatement('ROLLBACK')).catch(() => undefined)
    await transaction.rollback()
    throw error
  }
  open = false
  // As Prisma's transaction manager ends a driver's transaction: the statement, then the driver's own bookkeeping.
  try {
    await transaction.executeRaw(bareStatement('COMMIT'))
  } catch (error) {
    await transaction.rollback()
    throw error
  }
  await transaction.commit()
  return result
}

/** A statement without parameters as the driver adapter takes it (a transaction's COMMIT or ROLLBACK). */
const bareStatement = (text: string) => ({ sql: text, args: [], argTypes: [] })

/**
 * Starts a driver transaction, waiting up to `maxWait` ms for it (this process's SQLite connection, a
 * PostgreSQL pool connection) as Prisma's transactions do; after that the error Prisma gives for the
 * same (P2024), which isDatabaseBusy answers with a 503. A transaction that starts after its caller
 * gave up is ended at once.
 */
async function startWithin(driver: Driver, maxWait: number) {
  const starting = driver.startTransaction()
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no database transaction within ${maxWait} ms`), { code: 'P2024' })), maxWait)
  })
  try {
    return await Promise.race([starting, gaveUp])
  } catch (error) {
    starting.then((late) => late.executeRaw(bareStatement('ROLLBACK')).finally(() => late.rollback()), () => undefined).catch(() => undefined)
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/** A parameter as Prisma's own raw queries hand it to the adapter (dates as ISO text marked datetime, objects as JSON). */
function argOf(value: unknown): unknown {
  if (value instanceof Date) return value.toJSON()
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(argOf)
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value)
  return value
}

function argTypeOf(value: unknown): { scalarType: 'datetime' | 'bigint' | 'int' | 'float' | 'string' | 'boolean' | 'bytes' | 'unknown'; arity: 'scalar' | 'list' } {
  const scalar = (one: unknown) =>
    one instanceof Date ? 'datetime' : typeof one === 'bigint' ? 'bigint' : typeof one === 'number' ? (Number.isInteger(one) ? 'int' : 'float') : typeof one === 'string' ? 'string' : typeof one === 'boolean' ? 'boolean' : Buffer.isBuffer(one) ? 'bytes' : 'unknown'
  return Array.isArray(value) ? { scalarType: value.length > 0 ? scalar(value[0]) : 'unknown', arity: 'list' } : { scalarType: scalar(value), arity: 'scalar' }
}

/**
 * How long a write transaction that many requests may want at once (a final exam's submits) waits for
 * the process's SQLite connection or a PostgreSQL pool connection: 15 s instead of Prisma's 2 s, after
 * which a busy submit failed with a 500.
 */
const QUEUED_WRITE = { maxWait: 15_000 } as const

/** A date read by a plain statement (`$queryRaw`, or SQLite's own driver) as a Date: SQLite hands back its text, PostgreSQL a Date. */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value))
}

/** A boolean read by a plain statement: SQLite hands back 0 or 1, PostgreSQL a boolean. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1'
}

/**
 * A write refused by a unique constraint: someone else wrote the same thing first. Prisma's P2002 (a
 * create), its P2010 holding the driver's error (a plain statement through `$executeRaw`), or the
 * driver adapter's own error (a plain transaction).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  if ('code' in error && error.code === 'P2002') return true
  const driverError = 'meta' in error ? (error.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError : error
  return driverError instanceof Error && driverError.name === 'DriverAdapterError' && (driverError.cause as { kind?: unknown } | undefined)?.kind === 'UniqueConstraintViolation'
}

export function databaseProvider() {
  return providerOf(env().DATABASE_URL)
}

/**
 * Locks one row until the transaction ends, for a read-then-write that must see a concurrent one of
 * the same row (the last seat of a session, a learner's second start of an exam, an NGO's placements
 * on election day): PostgreSQL takes
 * the row's lock; on SQLite the transaction already holds the database's write lock.
 */
export async function lockRow(tx: RawClient, table: 'User' | 'LiveSession' | 'Ngo' | 'Campaign' | 'Application', id: string): Promise<void> {
  if (databaseProvider() === 'sqlite') return
  await tx.$executeRaw`UPDATE ${raw(`"${table}"`)} SET "id" = "id" WHERE "id" = ${id}`
}
