import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'

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

export function createAdapterFactory(databaseUrl: string) {
  // Used to pick the SQL dialect when writing migrations; never a file.
  if (databaseUrl === 'file::memory:') return new PrismaBetterSqlite3({ url: ':memory:' })
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = sqlitePath(databaseUrl)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    return new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 })
  }
  return new PrismaPg({ connectionString: databaseUrl })
}
