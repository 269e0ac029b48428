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

/** The driver adapter of the URL's database; only that database's driver is loaded (pg is megabytes an app worker on SQLite never needs). */
export async function createAdapterFactory(databaseUrl: string) {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
    // Used to pick the SQL dialect when writing migrations; never a file.
    if (databaseUrl === 'file::memory:') return new PrismaBetterSqlite3({ url: ':memory:' })
    const file = sqlitePath(databaseUrl)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    return serialisedSqlite(new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 }))
  }
  const { PrismaPg } = await import('@prisma/adapter-pg')
  return new PrismaPg({ connectionString: databaseUrl })
}

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
 */
export function serialisedSqlite(factory: SqliteFactory): SqliteFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => serialise(await connect())
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

type Prepared = { reader: boolean; run: (args: unknown[]) => unknown; all: (args: unknown[]) => unknown[]; columns: () => unknown[]; raw: (on?: boolean) => Prepared }

function cacheStatements(adapter: SqliteAdapter): void {
  const client = (adapter as unknown as { client: { prepare: (sql: string) => Prepared } }).client
  const prepare = client.prepare.bind(client)
  // Each statement with its columns: they never change, so they are described once (the adapter asks at every query).
  const cache = new Map<string, { statement: Prepared; columns: unknown[] }>()
  client.prepare = (sql: string) => {
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
    const { statement: shared, columns } = entry
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
}

function serialise(adapter: SqliteAdapter): SqliteAdapter {
  cacheStatements(adapter)
  let open = false
  let waiting: Array<() => void> = []
  const wake = () => {
    const woken = waiting
    waiting = []
    for (const resume of woken) resume()
  }
  const whileOpen = async () => {
    while (open) await new Promise<void>((resume) => waiting.push(resume))
  }
  const queryRaw = adapter.queryRaw.bind(adapter)
  const executeRaw = adapter.executeRaw.bind(adapter)
  const executeScript = adapter.executeScript.bind(adapter)
  const startTransaction = adapter.startTransaction.bind(adapter)
  adapter.queryRaw = async (query) => {
    await whileOpen()
    return queryRaw(query)
  }
  adapter.executeRaw = async (query) => {
    await whileOpen()
    return executeRaw(query)
  }
  adapter.executeScript = async (script) => {
    await whileOpen()
    return executeScript(script)
  }
  adapter.startTransaction = async (isolationLevel) => {
    await whileOpen()
    open = true
    let transaction: Awaited<ReturnType<typeof startTransaction>>
    try {
      transaction = await startTransaction(isolationLevel)
    } catch (error) {
      open = false
      wake()
      throw error
    }
    let ended = false
    const end = () => {
      if (ended) return
      ended = true
      open = false
      wake()
    }
    const commit = transaction.commit.bind(transaction)
    const rollback = transaction.rollback.bind(transaction)
    transaction.commit = async () => {
      try {
        return await commit()
      } finally {
        end()
      }
    }
    transaction.rollback = async () => {
      try {
        return await rollback()
      } finally {
        end()
      }
    }
    return transaction
  }
  return adapter
}
