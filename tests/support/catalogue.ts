/** A database's structure as plain data (tables, columns, indexes, enums), to compare two databases. */
import Database from 'better-sqlite3'
import pg from 'pg'
import { providerOf, sqlitePath } from '../../prisma/scripts/database-url.ts'

export interface Catalogue {
  tables: Record<string, string[]>
  indexes: string[]
  enums: Record<string, string[]>
}

const ignored = new Set(['_prisma_migrations', 'sqlite_sequence'])

/**
 * What migrations build beside the Prisma schema, on purpose (Prisma has no virtual tables and no
 * operator-class indexes): the recruit list's trigram search (…_application_search), with its own
 * tests in tests/integration/recruitment.test.ts. SQLite: the full-text table, its shadow tables and
 * its keyed text table; PostgreSQL: the pg_trgm index.
 */
const searchIndex = (name: string) => name === 'ApplicationSearchText' || name === 'ApplicationSearch' || name.startsWith('ApplicationSearch_') || name === 'Application_search_trgm_idx'

/** Column order is not compared: ADD COLUMN appends, a fresh CREATE TABLE follows the schema's order. */
export async function describeDatabase(url: string): Promise<Catalogue> {
  const catalogue = providerOf(url) === 'sqlite' ? describeSqlite(url) : await describePostgres(url)
  for (const columns of Object.values(catalogue.tables)) columns.sort()
  return catalogue
}

function describeSqlite(url: string): Catalogue {
  const sqlite = new Database(sqlitePath(url), { readonly: true })
  try {
    const tables: Record<string, string[]> = {}
    const indexes: string[] = []
    const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
    for (const { name } of names.filter((t) => !ignored.has(t.name) && !searchIndex(t.name))) {
      const columns = sqlite.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>
      tables[name] = columns.map((c) => `${c.name} ${c.type} ${c.notnull ? 'NOT NULL' : 'NULL'} default=${c.dflt_value ?? ''} pk=${c.pk}`)
      const foreignKeys = sqlite.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Array<{ from: string; table: string; to: string; on_delete: string }>
      tables[name].push(...foreignKeys.map((f) => `FK ${f.from} -> ${f.table}.${f.to} ON DELETE ${f.on_delete}`).sort())
    }
    const rows = sqlite.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as Array<{ name: string; tbl_name: string; sql: string | null }>
    for (const row of rows.filter((r) => !ignored.has(r.tbl_name) && !searchIndex(r.tbl_name))) indexes.push(`${row.name}: ${row.sql ?? '(automatic)'}`)
    return { tables, indexes, enums: {} }
  } finally {
    sqlite.close()
  }
}

async function describePostgres(url: string): Promise<Catalogue> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tables: Record<string, string[]> = {}
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
      "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    )
    for (const c of columns.rows.filter((r) => !ignored.has(r.table_name))) {
      ;(tables[c.table_name] ??= []).push(`${c.column_name} ${c.data_type} ${c.is_nullable === 'NO' ? 'NOT NULL' : 'NULL'} default=${c.column_default ?? ''}`)
    }
    const constraints = await client.query<{ table_name: string; definition: string; conname: string }>(
      "SELECT cl.relname AS table_name, co.conname, pg_get_constraintdef(co.oid) AS definition FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = 'public' ORDER BY co.conname",
    )
    for (const c of constraints.rows.filter((r) => !ignored.has(r.table_name))) (tables[c.table_name] ??= []).push(`CONSTRAINT ${c.conname} ${c.definition}`)
    const indexRows = await client.query<{ tablename: string; indexdef: string }>("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname")
    const indexes = indexRows.rows.filter((r) => !ignored.has(r.tablename) && !searchIndex(/INDEX "?(\w+)"?/.exec(r.indexdef)?.[1] ?? '')).map((r) => r.indexdef)
    const enumRows = await client.query<{ typname: string; enumlabel: string }>(
      "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder",
    )
    const enums: Record<string, string[]> = {}
    for (const r of enumRows.rows) (enums[r.typname] ??= []).push(r.enumlabel)
    return { tables, indexes, enums }
  } finally {
    await client.end()
  }
}

/** Runs a whole SQL script on a new, empty database and returns its URL. */
export async function databaseFromScript(likeUrl: string, script: string, name: string): Promise<string> {
  if (providerOf(likeUrl) === 'sqlite') {
    const file = sqlitePath(likeUrl).replace(/\.db$/, `-${name}.db`)
    const sqlite = new Database(file)
    try {
      sqlite.exec(script)
    } finally {
      sqlite.close()
    }
    return `file:${file}`
  }
  const admin = new pg.Client({ connectionString: likeUrl.replace(/\/[^/]*$/, '/postgres') })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = likeUrl.replace(/\/[^/]*$/, `/${name}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(script)
  } finally {
    await client.end()
  }
  return url
}
