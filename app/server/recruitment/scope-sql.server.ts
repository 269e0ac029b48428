/** A Scope as SQL: whose applications a statement reads. */
import type { Scope } from '~/domain/permissions.ts'
import { Prisma } from '../platform/db.server.ts'

/**
 * The scope as a condition on an NGO column (`column`, e.g. `a."ngoId"`): the lead's NGO, or every
 * NGO for the coalition. The coalition's names every NGO (`IN (SELECT id FROM Ngo)`), which changes
 * no row (every application has its NGO) but lets SQLite seek an index that has the NGO before the
 * campaign's other columns (the roster's, the list counts') instead of walking the whole campaign:
 * without statistics it cannot skip over a leading column it is not given.
 */
export function ngoOfScopeSql(scope: Scope, column: Prisma.Sql): Prisma.Sql {
  return scope.kind === 'ngo' ? Prisma.sql`${column} = ${scope.ngoId}` : Prisma.sql`${column} IN (SELECT n."id" FROM "Ngo" n)`
}
