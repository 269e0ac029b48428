import fs from 'node:fs'
import path from 'node:path'

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
    return new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 })
  }
  const { PrismaPg } = await import('@prisma/adapter-pg')
  return new PrismaPg({ connectionString: databaseUrl })
}
