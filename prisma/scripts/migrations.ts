import fs from 'node:fs'
import path from 'node:path'
import type { MigrationList } from '@prisma/schema-engine-wasm'
import { noFilter, openEngine } from './engine.ts'
import Database from 'better-sqlite3'
import { providerOf, sqlitePath, type Provider } from './database-url.ts'
import { migrationsDir, readSchema } from './schemas.ts'

export function listMigrations(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider)
  const lockPath = path.join(baseDir, 'migration_lock.toml')
  const names = fs.existsSync(baseDir)
    ? fs.readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : []
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: fs.readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8') } },
    })),
  }
}

/** Applies every committed migration not yet recorded in `_prisma_migrations`. Idempotent. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const provider = providerOf(databaseUrl)
  if (provider === 'sqlite') enableWriteAheadLog(databaseUrl)
  const { engine, close } = await openEngine(databaseUrl, readSchema(provider))
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: listMigrations(provider), filters: noFilter })
    return appliedMigrationNames
  } finally {
    await close()
  }
}

/** The SQL that creates the whole current schema on an empty database of this provider. */
export function fullCreateScript(databaseUrl: string): Promise<string> {
  return diffSchemas(databaseUrl, null, readSchema(providerOf(databaseUrl)))
}

/** SQL that moves a database from `fromSchema` (null: empty) to `toSchema`, without touching a database. */
export async function diffSchemas(databaseUrl: string, fromSchema: string | null, toSchema: string): Promise<string> {
  const { engine, close } = await openEngine(databaseUrl, toSchema)
  try {
    const result = await engine.diff({
      from: fromSchema === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: fromSchema }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: toSchema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    })
    return result.stdout ?? ''
  } finally {
    await close()
  }
}

/** WAL lets readers and a writer work at once (several requests, a second process); it persists in the file. */
function enableWriteAheadLog(databaseUrl: string) {
  const file = sqlitePath(databaseUrl)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  try {
    sqlite.pragma('journal_mode = WAL')
  } finally {
    sqlite.close()
  }
}
