/**
 * The one Prisma client. The provider is baked into a generated client, so there is one client per
 * database (generated from the same schema, same API) and DATABASE_URL's scheme picks which.
 */
import { PrismaClient as SqliteClient } from './db/generated/sqlite/client.ts'
import { PrismaClient as PostgresClient } from './db/generated/postgresql/client.ts'
import { createAdapterFactory, providerOf } from '../../prisma/scripts/database-url.ts'
import { env } from './env.server.ts'

export type Db = InstanceType<typeof SqliteClient>
// The namespace as a value too, for Prisma.sql in the few queries Prisma's API cannot express (same in both clients).
export { Prisma } from './db/generated/sqlite/client.ts'
import type { Prisma as PrismaTypes } from './db/generated/sqlite/client.ts'
/** The client inside `db.$transaction(async (tx) => …)`: pass it on so every write of one decision commits together. */
export type Tx = PrismaTypes.TransactionClient

function connect(url: string): Db {
  const adapter = createAdapterFactory(url)
  if (providerOf(url) === 'sqlite') return new SqliteClient({ adapter })
  // Same schema, same generated API: only the SQL dialect differs.
  return new PostgresClient({ adapter }) as unknown as Db
}

const globalForDb = globalThis as unknown as { __observerDb?: Db }

export const db: Db = (globalForDb.__observerDb ??= connect(env().DATABASE_URL))

export function databaseProvider() {
  return providerOf(env().DATABASE_URL)
}

/**
 * Call first in a transaction that reads before it writes. SQLite's `BEGIN` is deferred: a
 * transaction that has read fails at once (SQLITE_BUSY, no waiting) when it then writes after another
 * process has committed. A write statement first takes the write lock, waiting with the busy timeout
 * like any write. PostgreSQL needs nothing.
 */
export async function takeWriteLock(tx: Tx): Promise<void> {
  if (databaseProvider() === 'sqlite') await tx.$executeRawUnsafe('UPDATE "_prisma_migrations" SET "id" = "id" WHERE 0 = 1')
}
