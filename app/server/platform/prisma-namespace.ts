/**
 * The `Prisma` namespace db.server.ts exports: the generated types (the SQLite client's; both clients
 * are generated from one schema, so they are the same) and, as values, only the SQL template helpers
 * from Prisma's runtime, so importing it loads neither generated client.
 */
export type * from './generated/sqlite/internal/prismaNamespace.ts'
export { empty, join, raw, Sql, sqltag as sql } from '@prisma/client/runtime/client'
