/**
 * The one Prisma client. The provider is baked into a generated client, so there is one client per
 * database (generated from the same schema, same API) and DATABASE_URL's scheme picks which. Only
 * that one is imported (a generated client is megabytes of code and data model per worker).
 */
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.ts'
import type { PrismaClient as PostgresClient } from './generated/postgresql/client.ts'
import { createAdapterFactory, onWriteLockWait, providerOf } from '../../../prisma/scripts/database-url.ts'
import { env } from './env.server.ts'
import { raw } from './prisma-namespace.ts'
import { leaveTurn } from './request-scope.server.ts'

export type Db = InstanceType<typeof SqliteClient>
// The namespace as a value too, for Prisma.sql in the few queries Prisma's API cannot express (same in both clients).
export * as Prisma from './prisma-namespace.ts'
import type { Prisma as PrismaTypes } from './generated/sqlite/client.ts'
/** The client inside `db.$transaction(async (tx) => …)`: pass it on so every write of one decision commits together. */
export type Tx = PrismaTypes.TransactionClient

async function connect(url: string): Promise<Db> {
  // A request waiting for another worker's write lock computes nothing meanwhile: its place in turn goes to the next.
  onWriteLockWait(leaveTurn)
  const adapter = await createAdapterFactory(url, { lockWaitMs: env().SQLITE_LOCK_WAIT_MS })
  if (providerOf(url) === 'sqlite') {
    const { PrismaClient } = await import('./generated/sqlite/client.ts')
    const client = new PrismaClient({ adapter })
    // One connection per process (the adapter's): set once, it holds for every query. The database is
    // in WAL mode (prisma/scripts/migrations.ts); see SQLITE_SYNCHRONOUS in env.server.ts.
    await client.$executeRawUnsafe(`PRAGMA synchronous = ${env().SQLITE_SYNCHRONOUS}`)
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

const globalForDb = globalThis as unknown as { __observerDb?: Db }

export const db: Db = (globalForDb.__observerDb ??= await connect(env().DATABASE_URL))

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
