/**
 * "The database is too busy right now": a write that waited its whole turn for the write lock (SQLite:
 * another worker or a command held it for SQLITE_LOCK_WAIT_MS), a transaction that could not start or
 * finish in its time (Prisma's P2028), a PostgreSQL deadlock, write conflict or lock wait, a pool with
 * no free connection. Each leaves the failed statement or transaction rolled back, and trying again a
 * few seconds later is the answer, so the HTTP edge (app/cli/http-edge.ts) answers such a request 503
 * with Retry-After and a translated "try again" page instead of a bare 500.
 *
 * No database client is imported here: the edge is bundled apart from the app's Prisma client.
 */

/** Seconds a client is asked to wait before trying again (the 503's Retry-After). */
export const RETRY_AFTER_SECONDS = 5

/** Prisma's codes for "timed out" (P1008: SQLite's busy error through the driver adapter), "no connection in time" (P2024) and "write conflict or deadlock, retry" (P2034). */
const BUSY_PRISMA_CODES = new Set(['P1008', 'P2024', 'P2034'])
/** PostgreSQL's serialization failure, deadlock and lock_not_available. */
const BUSY_SQLSTATES = new Set(['40001', '40P01', '55P03'])
/** The driver adapters' kinds for the same (SQLite's busy error is a SocketTimeout there). */
const BUSY_ADAPTER_KINDS = new Set(['SocketTimeout', 'TransactionWriteConflict'])

interface ErrorLike {
  code?: unknown
  kind?: unknown
  originalCode?: unknown
  message?: unknown
  cause?: unknown
  meta?: { driverAdapterError?: unknown } | null
}

function busyHere(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : ''
  if (code.startsWith('SQLITE_BUSY') || BUSY_PRISMA_CODES.has(code) || BUSY_SQLSTATES.has(code)) return true
  if (typeof error.originalCode === 'string' && (BUSY_SQLSTATES.has(error.originalCode) || error.originalCode.startsWith('SQLITE_BUSY'))) return true
  if (typeof error.kind === 'string' && BUSY_ADAPTER_KINDS.has(error.kind)) return true
  const message = typeof error.message === 'string' ? error.message : ''
  // P2028 also names a transaction used after it ended (a bug, which stays a 500): only its timeouts are "busy".
  if (code === 'P2028' && /given time|timeout|timed out/i.test(message)) return true
  return /database is locked/i.test(message)
}

/** Whether `error` (or what it wraps: its cause, Prisma's driver-adapter error) says the database was too busy. */
export function isDatabaseBusy(error: unknown): boolean {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  while (queue.length > 0) {
    const next = queue.shift()
    if (typeof next !== 'object' || next === null || seen.has(next)) continue
    seen.add(next)
    const candidate = next as ErrorLike
    if (busyHere(candidate)) return true
    queue.push(candidate.cause, candidate.meta?.driverAdapterError)
  }
  return false
}
