/**
 * Encrypted, consistent backups of the database, and their restore, with standard tools only:
 *
 *   backup.ts create          a snapshot of DATABASE_URL while the app keeps serving writes
 *                             (SQLite: `VACUUM INTO`, one read transaction of the WAL database;
 *                             PostgreSQL: `pg_dump --format=custom`, one snapshot), checked,
 *                             encrypted with gpg (AES-256) and kept as the newest of BACKUP_KEEP files
 *   backup.ts restore FILE    decrypts FILE and restores it into DATABASE_URL, which must be empty,
 *                             then checks the result (integrity, migrations table, row counts)
 *
 * A backup needs neither the app nor this script to be read back: `gpg --decrypt FILE > copy` gives a
 * SQLite file or a `pg_restore` archive. Plain-text copies exist only in a private temp folder and are
 * deleted as soon as they are encrypted or restored.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import type { Client as PgClient } from 'pg'
import { DEFAULT_DATABASE_URL, providerOf, sqlitePath, type Provider } from './database-url.ts'
import { findPostgresBinary } from './throwaway-postgres.ts'

const PREFIX = 'observer-school-'
/** Tables whose row counts are reported after a backup or restore (the people and decisions a coalition cares about). */
export const KEY_TABLES = ['User', 'Ngo', 'Campaign', 'Application', 'ExamAttempt', 'Certificate', 'AuditEvent'] as const

export interface BackupSettings {
  databaseUrl: string
  dir: string
  keep: number
  /** Symmetric encryption (gpg --symmetric, AES-256) … */
  passphrase?: string
  /** … or public-key encryption to this gpg key (restore then needs its private key). */
  recipient?: string
}

export class BackupError extends Error {}

export function settingsFromEnv(environment: NodeJS.ProcessEnv = process.env): BackupSettings {
  const problems: string[] = []
  const keep = Number(environment.BACKUP_KEEP ?? 14)
  if (!Number.isInteger(keep) || keep < 1) problems.push('BACKUP_KEEP must be a whole number of at least 1.')
  let passphrase = environment.BACKUP_PASSPHRASE
  if (!passphrase && environment.BACKUP_PASSPHRASE_FILE) {
    try {
      passphrase = fs.readFileSync(environment.BACKUP_PASSPHRASE_FILE, 'utf8').trim()
    } catch {
      problems.push(`BACKUP_PASSPHRASE_FILE ${environment.BACKUP_PASSPHRASE_FILE} cannot be read.`)
    }
  }
  const recipient = environment.BACKUP_GPG_RECIPIENT || undefined
  if (!passphrase && !recipient && !problems.length) {
    problems.push('Backups hold personal data and are always encrypted: set BACKUP_PASSPHRASE (or BACKUP_PASSPHRASE_FILE) or BACKUP_GPG_RECIPIENT.')
  }
  if (passphrase !== undefined && passphrase.length > 0 && passphrase.length < 12) problems.push('BACKUP_PASSPHRASE must be at least 12 characters long.')
  if (problems.length) throw new BackupError(problems.join('\n'))
  return {
    databaseUrl: environment.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    dir: path.resolve(environment.BACKUP_DIR ?? 'data/backups'),
    keep,
    passphrase: passphrase || undefined,
    recipient,
  }
}

export interface BackupResult {
  file: string
  bytes: number
  seconds: number
  counts: Record<string, number>
  removed: string[]
}

export async function createBackup(settings: BackupSettings, now = new Date()): Promise<BackupResult> {
  const started = process.hrtime.bigint()
  const provider = providerOf(settings.databaseUrl)
  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o700 })
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-backup-'))
  try {
    const plain = path.join(scratch, provider === 'sqlite' ? 'snapshot.sqlite' : 'snapshot.pgdump')
    const counts = provider === 'sqlite' ? snapshotSqlite(settings.databaseUrl, plain) : await snapshotPostgres(settings.databaseUrl, plain)
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
    const name = `${PREFIX}${stamp}.${provider === 'sqlite' ? 'sqlite' : 'pgdump'}.gpg`
    const target = path.join(settings.dir, name)
    // Written under a temporary name and renamed, so a crash never leaves a half file that looks like a backup.
    const partial = `${target}.partial`
    encrypt(plain, partial, settings)
    fs.renameSync(partial, target)
    const removed = rotate(settings.dir, settings.keep)
    return { file: target, bytes: fs.statSync(target).size, seconds: Number(process.hrtime.bigint() - started) / 1e9, counts, removed }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** The backups in a folder, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && /\.(sqlite|pgdump)\.gpg$/.test(name))
    .sort()
    .map((name) => path.join(dir, name))
}

function rotate(dir: string, keep: number): string[] {
  const all = listBackups(dir)
  const old = all.slice(0, Math.max(0, all.length - keep))
  for (const file of old) fs.rmSync(file)
  return old
}

function snapshotSqlite(databaseUrl: string, plain: string): Record<string, number> {
  const source = sqlitePath(databaseUrl)
  if (!fs.existsSync(source)) throw new BackupError(`No database at ${source}.`)
  const database = new Database(source, { fileMustExist: true, timeout: 10_000 })
  try {
    // One read transaction of the WAL database: writers carry on, the copy is one consistent moment.
    database.prepare('VACUUM INTO ?').run(plain)
  } finally {
    database.close()
  }
  return checkSqlite(plain)
}

function checkSqlite(file: string): Record<string, number> {
  const copy = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new BackupError(`The copy failed SQLite's integrity check: ${String(integrity)}`)
    const migrations = copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get() as { n: number }
    if (!migrations.n) throw new BackupError('The copy has no _prisma_migrations table: it is not an Observer School database.')
    return Object.fromEntries(KEY_TABLES.map((table) => [table, (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n]))
  } finally {
    copy.close()
  }
}

async function withPg<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  return withPg(url, async (client) => {
    const counts: Record<string, number> = {}
    for (const table of KEY_TABLES) counts[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n)
    return counts
  })
}

/** pg_dump must be at least the server's major version, or its archive may miss what the server has. */
function pgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number): string {
  const binary = findPostgresBinary(name)
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' })
  const major = Number(version.match(/(\d+)(?:\.\d+)?/)?.[1])
  if (!(major >= serverMajor)) throw new BackupError(`${binary} is version ${major}, older than the server (${serverMajor}): install the PostgreSQL ${serverMajor} client tools.`)
  return binary
}

async function serverMajor(url: string): Promise<number> {
  return withPg(url, async (client) => Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000))
}

async function snapshotPostgres(url: string, plain: string): Promise<Record<string, number>> {
  const pgDump = pgTool('pg_dump', await serverMajor(url))
  // pg_dump reads everything in one repeatable-read snapshot: consistent while the app writes.
  const dump = spawnSync(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${plain}`, `--dbname=${url}`], { encoding: 'utf8' })
  if (dump.status !== 0) throw new BackupError(`pg_dump failed: ${dump.stderr.trim()}`)
  const list = spawnSync(pgTool('pg_restore', 0), ['--list', plain], { encoding: 'utf8' })
  if (list.status !== 0 || !/TABLE DATA public _prisma_migrations/.test(list.stdout)) throw new BackupError('The dump cannot be listed or has no _prisma_migrations data.')
  return postgresCounts(url)
}

function gpg(args: string[], settings: Pick<BackupSettings, 'passphrase'>): void {
  const withPassphrase = settings.passphrase ? ['--pinentry-mode', 'loopback', '--passphrase-fd', '0'] : []
  const result = spawnSync('gpg', ['--batch', '--yes', '--quiet', '--no-symkey-cache', ...withPassphrase, ...args], {
    input: settings.passphrase ?? '',
    encoding: 'utf8',
  })
  if (result.error) throw new BackupError(`gpg could not be run (${result.error.message}): install GnuPG (Debian: apt-get install -y gnupg).`)
  if (result.status !== 0) throw new BackupError(`gpg failed: ${result.stderr.trim()}`)
}

function encrypt(plain: string, target: string, settings: BackupSettings): void {
  const mode = settings.recipient ? ['--encrypt', '--recipient', settings.recipient, '--trust-model', 'always'] : ['--symmetric', '--cipher-algo', 'AES256']
  gpg([...mode, '--output', target, plain], settings)
  fs.chmodSync(target, 0o600)
}

export interface RestoreResult {
  counts: Record<string, number>
  provider: Provider
}

export async function restoreBackup(file: string, settings: Pick<BackupSettings, 'databaseUrl' | 'passphrase'>): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new BackupError(`No backup at ${file}.`)
  const provider = providerOf(settings.databaseUrl)
  const kind = /\.pgdump\.gpg$/.test(file) ? 'postgresql' : /\.sqlite\.gpg$/.test(file) ? 'sqlite' : null
  if (kind !== provider) throw new BackupError(`${path.basename(file)} is not a ${provider} backup (DATABASE_URL is ${provider}).`)
  await requireEmpty(settings.databaseUrl)
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-restore-'))
  try {
    const plain = path.join(scratch, 'snapshot')
    gpg(['--decrypt', '--output', plain, file], settings)
    if (provider === 'sqlite') {
      checkSqlite(plain)
      const target = sqlitePath(settings.databaseUrl)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      const partial = `${target}.restoring-${crypto.randomBytes(4).toString('hex')}`
      fs.copyFileSync(plain, partial)
      for (const leftover of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(leftover, { force: true })
      fs.renameSync(partial, target)
      const restored = new Database(target)
      restored.pragma('journal_mode = WAL')
      restored.close()
      return { provider, counts: checkSqlite(target) }
    }
    const restore = spawnSync(pgTool('pg_restore', await serverMajor(settings.databaseUrl)), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${settings.databaseUrl}`, plain], { encoding: 'utf8' })
    if (restore.status !== 0) throw new BackupError(`pg_restore failed: ${restore.stderr.trim()}`)
    const migrations = await withPg(settings.databaseUrl, async (client) => Number((await client.query('SELECT count(*) AS n FROM _prisma_migrations')).rows[0].n))
    if (!migrations) throw new BackupError('The restored database has no recorded migrations.')
    return { provider, counts: await postgresCounts(settings.databaseUrl) }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** A restore never mixes into live data: the target must not exist yet, or hold no table. */
async function requireEmpty(databaseUrl: string): Promise<void> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = sqlitePath(databaseUrl)
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) return
    const existing = new Database(file, { readonly: true })
    try {
      const tables = existing.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
      if (tables.n > 0) throw new BackupError(`${file} already holds a database: restore into a new, empty one (set DATABASE_URL to a new file).`)
    } finally {
      existing.close()
    }
    return
  }
  const tables = await withPg(databaseUrl, async (client) => Number((await client.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0].n))
  if (tables > 0) throw new BackupError('The target database already holds tables: restore into a new, empty database (createdb, then set DATABASE_URL).')
}

async function main(argv: string[]): Promise<number> {
  const [command, file] = argv
  try {
    if (command === 'create') {
      const result = await createBackup(settingsFromEnv())
      console.log(`Backup written: ${result.file} (${(result.bytes / 1024).toFixed(0)} KB, ${result.seconds.toFixed(1)} s)`)
      console.log(`Rows: ${Object.entries(result.counts).map(([table, n]) => `${table} ${n}`).join(', ')}`)
      for (const removed of result.removed) console.log(`Removed old backup: ${removed}`)
      return 0
    }
    if (command === 'restore' && file) {
      const settings = settingsFromEnv()
      const result = await restoreBackup(path.resolve(file), settings)
      console.log(`Restored ${path.basename(file)} into the ${result.provider} database; checks passed.`)
      console.log(`Rows: ${Object.entries(result.counts).map(([table, n]) => `${table} ${n}`).join(', ')}`)
      return 0
    }
    console.error('usage: backup.ts create | restore FILE')
    return 2
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.message)
      return 1
    }
    throw error
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2))
}
