/**
 * `npm run db:backup` / `db:restore` (the bundled build/cli/backup.js) on the test file's own
 * database (SQLite, or PostgreSQL in the PostgreSQL pass): a backup taken while the app writes
 * restores to a consistent, complete copy, readable with gpg alone; restore refuses a database that
 * holds data; old backups rotate.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { createBackup, listBackups } from '../../prisma/scripts/backup.ts'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import { addMember, createNgo, createUser } from '../support/factories.ts'

const passphrase = 'backup passphrase for tests'
const sourceUrl = process.env.DATABASE_URL ?? ''
const isSqlite = sourceUrl.startsWith('file:')
const gnupgHome = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-gnupg-'))
fs.chmodSync(gnupgHome, 0o700)
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-backups-'))
const env = { ...process.env, GNUPGHOME: gnupgHome, BACKUP_DIR: backupDir, BACKUP_PASSPHRASE: passphrase }

/** Tables that the write load does not touch: restored exactly as they were. */
const STILL_TABLES = ['User', 'Ngo', 'Membership', 'Region', '_prisma_migrations'] as const

function runScript(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // Asynchronous, so the write load in this process keeps going while the backup runs.
    const childEnv = Object.fromEntries(Object.entries({ ...env, ...extraEnv }).filter(([, value]) => value !== undefined))
    const child = spawn(process.execPath, ['build/cli/backup.js', ...args], { env: childEnv as NodeJS.ProcessEnv })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => resolve({ code: code ?? 1, output }))
  })
}

async function emptyDatabaseUrl(): Promise<string> {
  const id = crypto.randomBytes(5).toString('hex')
  if (isSqlite) return `file:${path.join(os.tmpdir(), `observer-restore-${id}.db`)}`
  const admin = new pg.Client({ connectionString: sourceUrl.replace(/\/[^/]*$/, '/postgres') })
  await admin.connect()
  await admin.query(`CREATE DATABASE restore_${id}`)
  await admin.end()
  return sourceUrl.replace(/\/[^/]*$/, `/restore_${id}`)
}

/** Every row of a table in id order, as one digest; and the rows themselves for the audit load. */
async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  if (url.startsWith('file:')) {
    const database = new Database(sqlitePath(url), { readonly: true })
    try {
      return database.prepare(sql).all() as Array<Record<string, unknown>>
    } finally {
      database.close()
    }
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>
  } finally {
    await client.end()
  }
}

async function digest(url: string, table: string): Promise<{ rows: number; sha256: string }> {
  const rows = await query(url, `SELECT * FROM "${table}" ORDER BY 1`)
  return { rows: rows.length, sha256: crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex') }
}

async function loadSequence(url: string): Promise<number[]> {
  const rows = await query(url, `SELECT "details" FROM "AuditEvent" WHERE "action" = 'test.load'`)
  return rows.map((row) => (JSON.parse(String(row.details)) as { seq: number }).seq).sort((a, b) => a - b)
}

beforeAll(async () => {
  const ngo = await createNgo({ name: 'Backup Watch' })
  for (let i = 0; i < 5; i++) {
    const user = await createUser({ name: `Person ${i}` })
    if (i < 2) await addMember(user.id, ngo.id, 'LEAD')
  }
})

afterAll(() => {
  // gpg starts an agent for its home folder; end the one these tests started.
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env })
  fs.rmSync(gnupgHome, { recursive: true, force: true })
  fs.rmSync(backupDir, { recursive: true, force: true })
})

describe('db:backup and db:restore', () => {
  it('a backup taken while the app writes restores to a consistent copy holding every write acknowledged before it began', async () => {
    let seq = 0
    let running = true
    const load = (async () => {
      while (running) {
        await db.auditEvent.create({ data: { action: 'test.load', details: JSON.stringify({ seq }) } })
        seq++
        // SQLite's driver is synchronous: yield, or this loop would starve the timers and the child's pipes.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    while (seq < 20) await new Promise((resolve) => setTimeout(resolve, 5))
    const acknowledgedBefore = seq
    const backup = await runScript(['create'])
    const writtenDuring = seq - acknowledgedBefore
    running = false
    await load
    expect(backup.output).toMatch(/Backup written: /)
    expect(backup.code).toBe(0)
    expect(writtenDuring).toBeGreaterThan(0)

    const [file] = listBackups(backupDir)
    expect(file).toBeDefined()
    if (!file) return
    expect(path.basename(file)).toMatch(isSqlite ? /^observer-school-\d{8}T\d{6}Z\.sqlite\.gpg$/ : /^observer-school-\d{8}T\d{6}Z\.pgdump\.gpg$/)
    expect(fs.statSync(file).mode & 0o077).toBe(0)
    // Encrypted: neither SQLite's nor pg_dump's header, nor any name, is readable in the file.
    const raw = fs.readFileSync(file)
    expect(raw.includes(Buffer.from('SQLite format 3'))).toBe(false)
    expect(raw.includes(Buffer.from('PGDMP'))).toBe(false)
    expect(raw.includes(Buffer.from('Backup Watch'))).toBe(false)
    // Restorable without the app: gpg alone gives back the database file or the pg_restore archive.
    const decrypted = execFileSync('gpg', ['--batch', '--quiet', '--no-symkey-cache', '--pinentry-mode', 'loopback', '--passphrase-fd', '0', '--decrypt', file], { input: passphrase, env })
    expect(decrypted.subarray(0, 5).toString()).toBe(isSqlite ? 'SQLit' : 'PGDMP')

    const target = await emptyDatabaseUrl()
    const restore = await runScript(['restore', file], { DATABASE_URL: target })
    expect(restore.output).toMatch(/checks passed/)
    expect(restore.code).toBe(0)

    for (const table of STILL_TABLES) expect(await digest(target, table), table).toEqual(await digest(sourceUrl, table))
    // The write load in the copy is one unbroken prefix: one consistent moment, nothing torn.
    const restored = await loadSequence(target)
    expect(restored).toEqual(Array.from({ length: restored.length }, (_, i) => i))
    expect(restored.length).toBeGreaterThanOrEqual(acknowledgedBefore)
    expect(restored.length).toBeLessThanOrEqual(seq)
  })

  it('restore refuses a database that already holds data, and changes nothing in it', async () => {
    const [file] = listBackups(backupDir)
    expect(file).toBeDefined()
    if (!file) return
    const before = await digest(sourceUrl, 'User')
    const restore = await runScript(['restore', file], { DATABASE_URL: sourceUrl })
    expect(restore.code).toBe(1)
    expect(restore.output).toMatch(/already holds/)
    expect(await digest(sourceUrl, 'User')).toEqual(before)
  })

  it('a wrong passphrase restores nothing', async () => {
    const [file] = listBackups(backupDir)
    if (!file) throw new Error('no backup')
    const target = await emptyDatabaseUrl()
    const restore = await runScript(['restore', file], { DATABASE_URL: target, BACKUP_PASSPHRASE: 'not the right passphrase' })
    expect(restore.code).toBe(1)
    expect(restore.output).toMatch(/gpg failed/)
    if (isSqlite) expect(fs.existsSync(sqlitePath(target))).toBe(false)
    else expect(await query(target, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([])
  })

  it('refuses to write an unencrypted backup', async () => {
    const result = await runScript(['create'], { BACKUP_PASSPHRASE: undefined, BACKUP_DIR: path.join(backupDir, 'never') })
    expect(result.code).toBe(1)
    expect(result.output).toMatch(/always encrypted: set BACKUP_PASSPHRASE/)
    expect(fs.existsSync(path.join(backupDir, 'never'))).toBe(false)
  })

  it('keeps the newest BACKUP_KEEP backups', async () => {
    const dir = path.join(backupDir, 'rotation')
    const previousHome = process.env.GNUPGHOME
    process.env.GNUPGHOME = gnupgHome
    try {
      const settings = { databaseUrl: sourceUrl, dir, keep: 2, passphrase }
      for (const hour of [1, 2, 3]) await createBackup(settings, new Date(Date.UTC(2026, 2, 15, hour)))
    } finally {
      process.env.GNUPGHOME = previousHome
    }
    expect(listBackups(dir).map((file) => path.basename(file).slice(0, 32))).toEqual(['observer-school-20260315T020000Z', 'observer-school-20260315T030000Z'])
  })
})
