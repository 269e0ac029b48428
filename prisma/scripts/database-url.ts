import fs from 'node:fs'
import path from 'node:path'
import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'

export type Provider = 'sqlite' | 'postgresql'

export const DEFAULT_DATABASE_URL = 'file:./data/observer-school.db'

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite'
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql'
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${databaseUrl.split(':')[0]}:")`)
}

/** Absolute path of a SQLite `file:` URL, relative paths taken from the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice('file:'.length).split('?')[0] ?? '')
}

/**
 * The driver adapter of the URL's database; only that database's driver is loaded (pg is megabytes an
 * app worker on SQLite never needs). `lockWaitMs` (SQLite): how long a statement waits for another
 * process's write lock before it fails (SQLite's busy timeout, and the wait for the lock in
 * serialisedSqlite); the app passes SQLITE_LOCK_WAIT_MS (app/server/platform/env.server.ts), and a
 * request whose write fails so is answered 503 with Retry-After (app/cli/http-edge.ts).
 */
export async function createAdapterFactory(databaseUrl: string, { lockWaitMs = SQLITE_LOCK_WAIT_DEFAULT_MS }: { lockWaitMs?: number } = {}) {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
    // Used to pick the SQL dialect when writing migrations; never a file.
    if (databaseUrl === 'file::memory:') return new PrismaBetterSqlite3({ url: ':memory:' })
    const file = sqlitePath(databaseUrl)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    return serialisedSqlite(new PrismaBetterSqlite3({ url: `file:${file}`, timeout: lockWaitMs }), lockWaitMs)
  }
  const { PrismaPg } = await import('@prisma/adapter-pg')
  return new PrismaPg({ connectionString: databaseUrl })
}

/** The wait for another process's write lock when none is given (the commands; the app's default is the same). */
export const SQLITE_LOCK_WAIT_DEFAULT_MS = 10_000

type SqliteFactory = PrismaBetterSqlite3
type SqliteAdapter = Awaited<ReturnType<SqliteFactory['connect']>>

/**
 * The SQLite adapter with statements outside a transaction kept out of open transactions.
 *
 * The adapter has one connection per process. It queues transactions behind each other, but a
 * statement outside any transaction runs at once on that connection, so while one request's
 * interactive transaction was open (between its statements, awaiting), another request's plain write
 * ran inside it: acknowledged, then rolled back with it if that transaction failed, and its plain
 * reads saw rows not yet committed. Here a plain statement waits until no transaction is open and then
 * runs synchronously (better-sqlite3 is synchronous, so nothing can start in between); a transaction
 * waits for the one before it. Tested by tests/integration/sqlite-connection.test.ts.
 *
 * Consequence: code inside `db.$transaction(async (tx) => …)` must use `tx`, never `db`, or it waits
 * for its own transaction until the transaction's timeout.
 *
 * Writes also wait for another process's write lock (several workers, or a command beside the
 * server) without stopping this process: SQLite's own busy handler sleeps in the calling thread, so
 * a worker whose write found the lock taken stopped answering anyone, for up to 100 ms a sleep, while
 * the lock was often free again within a millisecond. Here every transaction, and every plain write,
 * first takes the write lock with `BEGIN IMMEDIATE` and no busy timeout; when another process holds
 * it, it tries again a millisecond or two later on a timer, the event loop serving other requests
 * meanwhile, for up to `lockWaitMs`. A transaction holding the write lock from its start
 * also never fails to upgrade a read to a write, as a deferred `BEGIN` does once another process has
 * committed since the transaction's first read.
 * Tested by tests/integration/sqlite-connection.test.ts.
 */
export function serialisedSqlite(factory: SqliteFactory, lockWaitMs: number): SqliteFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => serialise(await connect(), lockWaitMs)
  return factory
}

/**
 * The adapter prepares every statement afresh (`client.prepare(sql).bind(args)`), and SQLite's
 * parsing and planning was about 4% of a lesson page's CPU. Prepared statements are kept here by their
 * SQL (up to STATEMENT_CACHE of them, the oldest dropped first) and handed to the adapter as a
 * stand-in whose `bind` keeps the arguments and passes them at each run, since better-sqlite3's own
 * `bind` fixes them for good. better-sqlite3 is synchronous, so no two uses of one statement overlap.
 */
const STATEMENT_CACHE = 1000

type Prepared = { reader: boolean; readonly: boolean; run: (...args: unknown[]) => unknown; all: (args: unknown[]) => unknown[]; columns: () => unknown[]; raw: (on?: boolean) => Prepared }

interface Statements {
  /** Whether the SQL writes (prepared once, through the cache). */
  writes: (sql: string) => boolean
  /** Statements of this module's own (BEGIN IMMEDIATE, COMMIT, …), prepared once, outside the adapter's cache. */
  prepare: (sql: string) => Prepared
  /** The adapter's next `BEGIN` does nothing (false: undo that): the transaction was begun here already (BEGIN IMMEDIATE). */
  skipNextBegin: (skip?: boolean) => void
}

function cacheStatements(adapter: SqliteAdapter): Statements {
  const client = (adapter as unknown as { client: { prepare: (sql: string) => Prepared } }).client
  const prepare = client.prepare.bind(client)
  // Each statement with its columns: they never change, so they are described once (the adapter asks at every query).
  const cache = new Map<string, { statement: Prepared; columns: unknown[] }>()
  let begun = false
  const cached = (sql: string) => {
    let entry = cache.get(sql)
    if (entry) {
      // Most recently used last, so the first is the one to drop.
      cache.delete(sql)
    } else {
      const statement = prepare(sql)
      entry = { statement, columns: statement.reader ? statement.columns() : [] }
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value ?? '')
    }
    cache.set(sql, entry)
    return entry
  }
  client.prepare = (sql: string) => {
    if (sql === 'BEGIN' && begun) {
      begun = false
      return { run: () => undefined } as unknown as Prepared
    }
    const { statement: shared, columns } = cached(sql)
    const bound = (args: unknown[]) => ({
      reader: shared.reader,
      run: () => shared.run(args),
      columns: () => columns,
      raw: () => ({ all: () => shared.raw(true).all(args) }),
      all: () => shared.raw(false).all(args),
    })
    // What the adapter calls on a prepared statement: `bind` for queries, `run` for BEGIN.
    return { bind: (args: unknown[]) => bound(args), run: (...args: unknown[]) => shared.run(args) } as unknown as Prepared
  }
  const kept = new Map<string, Prepared>()
  return {
    prepare: (sql) => {
      let statement = kept.get(sql)
      if (!statement) kept.set(sql, (statement = prepare(sql)))
      return statement
    },
    writes: (sql) => {
      if (!/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql)) return false
      try {
        return !cached(sql).statement.readonly
      } catch {
        // Not valid SQL: the adapter reports it as it always has.
        return false
      }
    },
    skipNextBegin: (skip = true) => {
      begun = skip
    },
  }
}

/** Ends the transaction begun here after a failure; SQLite may have ended it already (then there is nothing to undo). */
function rollbackBegun(statements: Statements): void {
  try {
    statements.prepare('ROLLBACK').run()
  } catch {
    // No transaction is active.
  }
}

const isBusy = (error: unknown) => typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')

/**
 * One try at the write lock: `BEGIN IMMEDIATE` without SQLite's busy handler. True: the transaction is
 * open with the lock; false: another process holds it.
 */
function tryBeginImmediate(statements: Statements, lockWaitMs: number): boolean {
  statements.prepare('PRAGMA busy_timeout = 0').run()
  try {
    statements.prepare('BEGIN IMMEDIATE').run()
    return true
  } catch (error) {
    if (isBusy(error)) return false
    throw error
  } finally {
    statements.prepare(`PRAGMA busy_timeout = ${lockWaitMs}`).run()
  }
}

let lockWaitHook: (() => void) | undefined
/**
 * Called when a write of this process finds another process's write lock and starts waiting for it
 * (the app gives the request's place in turn to the next one: leaveTurn in request-scope.server.ts).
 */
export function onWriteLockWait(hook: () => void): void {
  lockWaitHook = hook
}

/** After `lockWaitMs` of tries: the error a statement gets from SQLite after its busy timeout. */
function lockedError(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
}

function serialise(adapter: SqliteAdapter, lockWaitMs: number): SqliteAdapter {
  const statements = cacheStatements(adapter)
  let open = false
  let waiting: Array<() => void> = []
  const end = () => {
    open = false
    const woken = waiting
    waiting = []
    for (const resume of woken) resume()
  }
  /**
   * Runs `task` once no transaction of this process is open, in the same synchronous step as that
   * check (an `await` in between would let another request open one first). Tasks run their SQL
   * synchronously (better-sqlite3), before they return.
   */
  const whenIdle = <T>(task: () => T | Promise<T>): Promise<T> => {
    if (open) return new Promise<void>((resume) => waiting.push(resume)).then(() => whenIdle(task))
    try {
      return Promise.resolve(task())
    } catch (error) {
      return Promise.reject(error)
    }
  }
  /**
   * Opens a transaction with the write lock and marks the connection taken, waiting for another
   * process's lock on a timer (see serialisedSqlite); between tries, this process's reads go on.
   */
  const beginImmediate = async (): Promise<void> => {
    const giveUp = Date.now() + lockWaitMs
    for (let tries = 0; ; tries++) {
      const begun = await whenIdle(() => (open = tryBeginImmediate(statements, lockWaitMs)))
      if (begun) return
      if (Date.now() >= giveUp) throw lockedError()
      if (tries === 0) lockWaitHook?.()
      // 1 ms for the first tries (a lock is mostly held for a millisecond or two), then up to 5 ms.
      await new Promise((resume) => setTimeout(resume, Math.min(1 + (tries >> 3), 5)))
    }
  }
  const queryRaw = adapter.queryRaw.bind(adapter)
  const executeRaw = adapter.executeRaw.bind(adapter)
  const executeScript = adapter.executeScript.bind(adapter)
  const startTransaction = adapter.startTransaction.bind(adapter)
  /** A plain write: alone in a transaction of its own that holds the write lock (waited for on a timer). */
  const writeAlone = async <T>(write: () => Promise<T>): Promise<T> => {
    await beginImmediate()
    try {
      let result: T
      try {
        result = await write()
      } catch (error) {
        rollbackBegun(statements)
        throw error
      }
      statements.prepare('COMMIT').run()
      return result
    } finally {
      end()
    }
  }
  // INSERT … RETURNING comes through queryRaw.
  adapter.queryRaw = (query) => (statements.writes(query.sql) ? writeAlone(() => queryRaw(query)) : whenIdle(() => queryRaw(query)))
  adapter.executeRaw = (query) => (statements.writes(query.sql) ? writeAlone(() => executeRaw(query)) : whenIdle(() => executeRaw(query)))
  adapter.executeScript = (script) => whenIdle(() => executeScript(script))
  adapter.startTransaction = async (isolationLevel) => {
    await beginImmediate()
    let transaction: Awaited<ReturnType<typeof startTransaction>>
    try {
      // The adapter's own BEGIN is skipped: the transaction is open, with the write lock.
      statements.skipNextBegin()
      transaction = await startTransaction(isolationLevel)
    } catch (error) {
      statements.skipNextBegin(false)
      rollbackBegun(statements)
      end()
      throw error
    }
    let ended = false
    const endOnce = () => {
      if (ended) return
      ended = true
      end()
    }
    const commit = transaction.commit.bind(transaction)
    const rollback = transaction.rollback.bind(transaction)
    transaction.commit = async () => {
      try {
        return await commit()
      } finally {
        endOnce()
      }
    }
    transaction.rollback = async () => {
      try {
        return await rollback()
      } finally {
        endOnce()
      }
    }
    return transaction
  }
  return adapter
}
