/**
 * The one Prisma client. The provider is baked into a generated client, so there is one client per
 * database (generated from the same schema, same API) and DATABASE_URL's scheme picks which. Only
 * that one is imported (a generated client is megabytes of code and data model per worker).
 */
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.ts'
import type { PrismaClient as PostgresClient } from './generated/postgresql/client.ts'
import { createAdapterFactory, onWriteLockWait, providerOf } from '../../../prisma/scripts/database-url.ts'
import { env } from './env.server.ts'
import { raw, sql, type Sql } from './prisma-namespace.ts'
import { leaveTurn } from './request-scope.server.ts'

export type Db = InstanceType<typeof SqliteClient>
// The namespace as a value too, for Prisma.sql in the few queries Prisma's API cannot express (same in both clients).
export * as Prisma from './prisma-namespace.ts'
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
    await client.$executeRawUnsafe(`PRAGMA cache_size = -${env().SQLITE_CACHE_MB * 1024}`)
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
 * about 60–170 µs of CPU where this takes about 20 (README, Speed, "Issue 15, session 15"); the pages'
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
  const args = query.values
  if (args.some(holdsNul)) return []
  // The client connects its driver on its first query; a read that comes first connects it.
  if (!globalForDb.__observerDriver) await db.$connect()
  const connected = globalForDb.__observerDriver
  if (!connected) throw new Error('the database driver is not connected')
  const result = await connected.queryRaw({ sql: connected.provider === 'postgres' ? query.text : query.sql, args: args.map(argOf), argTypes: args.map(argTypeOf) })
  const { columnNames, rows } = result
  const objects: Row[] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[]
    const object: Record<string, unknown> = {}
    for (let c = 0; c < columnNames.length; c++) object[columnNames[c] as string] = row[c]
    objects[r] = object as Row
  }
  return objects
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
 * Options for a write transaction that many requests may want at once (a final exam's submits): wait
 * up to 15 s for the process's SQLite connection or a PostgreSQL pool connection, and take up to 15 s,
 * instead of Prisma's 2 s and 5 s, after which a busy submit failed with a 500.
 */
export const QUEUED_WRITE = { maxWait: 15_000, timeout: 15_000 } as const

/** A date read by a plain statement (`$queryRaw`, or SQLite's own driver) as a Date: SQLite hands back its text, PostgreSQL a Date. */
export function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value))
}

/** A boolean read by a plain statement: SQLite hands back 0 or 1, PostgreSQL a boolean. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1'
}

/** A write refused by a unique constraint (Prisma's P2002): someone else wrote the same thing first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002'
}

export function databaseProvider() {
  return providerOf(env().DATABASE_URL)
}

/**
 * Locks one row until the transaction ends, for a read-then-write that must see a concurrent one of
 * the same row (the last seat of a session, a learner's second start of an exam): PostgreSQL takes
 * the row's lock; on SQLite the transaction already holds the database's write lock.
 */
export async function lockRow(tx: Tx, table: 'User' | 'LiveSession', id: string): Promise<void> {
  if (databaseProvider() === 'sqlite') return
  await tx.$executeRaw`UPDATE ${raw(`"${table}"`)} SET "id" = "id" WHERE "id" = ${id}`
}
