/**
 * Production runs on what `npm prune --omit=dev` leaves. The bundled commands (build/cli, made by
 * app/cli/build-commands.ts) run here with every package outside the dependencies' closure refused
 * (tests/support/no-dev-modules.ts: no tsx, Vite, Remix's compiler, Prisma's CLI, test tools):
 * the server answers and logs a person in, with its workers and background loop running; the
 * migration runner builds a new database and the region seed and the backup work on it.
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { transformSync } from 'esbuild'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v8PoolSize } from '../../app/cli/v8-pool.ts'
import { regions } from '../../prisma/data/regions.ts'
import { Client, startApp } from '../support/app-server.ts'
import { createUser, TEST_PASSWORD } from '../support/factories.ts'

interface LockPackage {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

/**
 * Folders (package-lock.json paths) of the packages a production install holds: the dependencies of
 * package.json and, transitively, their dependencies, optional dependencies and required peers,
 * each found as Node finds it (the nearest node_modules up the tree).
 */
function productionPackages(lock: Record<string, LockPackage>, dependencies: string[]): Set<string> {
  const locate = (name: string, from: string): string | undefined => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`
      if (lock[candidate]) return candidate
      if (!dir) return undefined
    }
  }
  const needed = new Set<string>()
  const queue = dependencies.map((name) => locate(name, ''))
  while (queue.length) {
    const at = queue.pop()
    if (!at || needed.has(at)) continue
    needed.add(at)
    const entry = lock[at] ?? {}
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional)
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers]) queue.push(locate(name, at))
  }
  return needed
}

/** What a production process may try and fail to load: debug (under express, compression…) probes for supports-color and goes on without colours. */
const OPTIONAL_PROBES = ['supports-color']

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-production-'))
// The backup's gpg starts an agent in its home under `work`: stopped once done (left, every run kept a
// daemon). The folder itself goes with the file's temporary folder (tests/support/fresh-database.ts).
afterAll(() => {
  for (const name of fs.readdirSync(work).filter((entry) => entry.startsWith('gnupg-'))) spawnSync('gpgconf', ['--homedir', path.join(work, name), '--kill', 'all'])
})
const forbiddenFile = path.join(work, 'forbidden.json')
const hook = path.join(work, 'no-dev-modules.mjs')
let forbidden: string[] = []
let logCount = 0

beforeAll(() => {
  const lock = (JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> }).packages
  const { dependencies } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
  const needed = productionPackages(lock, Object.keys(dependencies))
  // Node loads packages by their real path; this worktree's node_modules may be a link.
  const modules = fs.realpathSync('node_modules')
  forbidden = Object.keys(lock)
    .filter((key) => key.startsWith('node_modules/') && !needed.has(key))
    .map((key) => path.join(modules, key.slice('node_modules/'.length)))
  fs.writeFileSync(forbiddenFile, JSON.stringify(forbidden))
  fs.writeFileSync(hook, transformSync(fs.readFileSync('tests/support/no-dev-modules.ts', 'utf8'), { loader: 'ts', format: 'esm' }).code)
  for (const file of ['serve', 'migrate', 'seed', 'backup', 'keys']) {
    if (!fs.existsSync(`build/cli/${file}.js`)) throw new Error('Run `npm run build` before this test.')
  }
})

/** A fresh log of refused modules, and the environment that points the hook at it. */
function guard(): { env: Record<string, string>; refused: () => string[] } {
  const log = path.join(work, `refused-${++logCount}.log`)
  return {
    env: { FORBIDDEN_MODULES_FILE: forbiddenFile, FORBIDDEN_MODULES_LOG: log },
    refused: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []).filter((line) => !OPTIONAL_PROBES.some((name) => line.startsWith(`${name} →`))),
  }
}

function runGuarded(args: string[], env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })
  return { status: result.status, output: result.stdout + result.stderr }
}

describe('the guard', () => {
  it('refuses dev dependencies (ESM and CommonJS) and lets dependencies through', () => {
    for (const name of ['tsx', 'vite', 'vitest', '@remix-run/dev', 'typescript', 'prisma']) {
      expect(forbidden, name).toContain(path.join(fs.realpathSync('node_modules'), name))
    }
    for (const name of ['@prisma/client', '@prisma/schema-engine-wasm', 'express', 'better-sqlite3', 'esbuild']) {
      expect(forbidden, name).not.toContain(path.join(fs.realpathSync('node_modules'), name))
    }
    const esm = guard()
    expect(runGuarded(['--input-type=module', '-e', "await import('vite')"], esm.env).status).not.toBe(0)
    expect(esm.refused().join('\n')).toMatch(/^vite → /)
    const cjs = guard()
    expect(runGuarded(['-e', "require('typescript')"], cjs.env).status).not.toBe(0)
    expect(cjs.refused().join('\n')).toMatch(/^typescript → /)
    const allowed = guard()
    expect(runGuarded(['-e', "require('express'); require('@prisma/client/runtime/client')"], allowed.env)).toMatchObject({ status: 0 })
    expect(allowed.refused()).toEqual([])
  })
})

describe('npm start without dev dependencies', () => {
  it('serves /login, logs a person in, and loads nothing a production install lacks (two workers, background loop on)', async () => {
    const user = await createUser()
    const { env, refused } = guard()
    const app = await startApp({ ...env, DATABASE_URL: process.env.DATABASE_URL ?? '', WEB_CONCURRENCY: '2', NOTIFICATIONS_INTERVAL_MS: '500' }, ['--import', pathToFileURL(hook).href])
    try {
      const client = new Client(app.url)
      const login = await client.get('/login')
      expect(login.status).toBe(200)
      expect(await login.text()).toContain('name="password"')
      await client.login(user.email, TEST_PASSWORD)
      expect((await client.get('/account')).status).toBe(200)
      expect((await client.get('/healthz')).status).toBe(200)
      // Each worker runs with V8's background threads shared out: one per core between the two (app/cli/v8-pool.ts).
      const workerPids = fs.readFileSync(`/proc/${app.pid}/task/${app.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
      expect(workerPids).toHaveLength(2)
      for (const pid of workerPids) expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(`--v8-pool-size=${v8PoolSize(os.availableParallelism(), 2)}`)
      // A background round (notifications, sweep) in each worker.
      await new Promise((resolve) => setTimeout(resolve, 1500))
    } finally {
      await app.stop()
    }
    expect(refused()).toEqual([])
  }, 90_000)
})

describe('npm start without NODE_ENV', () => {
  it('is a production server: React and React DOM load their production builds in every worker', async () => {
    // A CommonJS preload noting each build file of React and React DOM that a worker runs (compiles:
    // Node's ESM loader also resolves the development files, only to read their export names).
    const log = path.join(work, 'react-builds.log')
    const preload = path.join(work, 'react-builds.cjs')
    fs.writeFileSync(
      preload,
      `const Module = require('node:module'); const fs = require('node:fs'); const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename, ...rest) {
  if (/node_modules[\\/](react|react-dom)[\\/]cjs[\\/]/.test(filename)) fs.appendFileSync(${JSON.stringify(log)}, filename + '\\n');
  return compile.call(this, content, filename, ...rest) }`,
    )
    const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', WEB_CONCURRENCY: '2', NODE_ENV: undefined as unknown as string }, ['--require', preload])
    try {
      const login = await new Client(app.url).get('/login')
      expect(login.status).toBe(200)
      expect(await login.text()).toContain('name="password"')
    } finally {
      await app.stop()
    }
    const builds = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)
    expect(builds.some((file) => /react-dom-server\.node\.production/.test(file))).toBe(true)
    expect(builds.some((file) => /react\.production/.test(file))).toBe(true)
    expect(builds.filter((file) => /development/.test(file))).toEqual([])
  }, 90_000)
})

describe('npm run db:migrate, db:regions, keys:generate and db:backup without dev dependencies', () => {
  it('builds a new SQLite database from the migrations, seeds the regions and backs it up', () => {
    const file = path.join(work, 'fresh.db')
    const { env, refused } = guard()
    const databaseEnv = { ...env, DATABASE_URL: `file:${file}` }
    const migrations = fs.readdirSync('prisma/migrations/sqlite', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()

    const first = runGuarded(['build/cli/migrate.js', 'deploy'], databaseEnv)
    expect(first, first.output).toMatchObject({ status: 0 })
    expect(first.output).toContain(`Applied migrations: ${migrations.join(', ')}`)
    expect(runGuarded(['build/cli/migrate.js', 'deploy'], databaseEnv)).toMatchObject({ status: 0, output: expect.stringContaining('Database is up to date.') })
    expect(runGuarded(['build/cli/seed.js', '--regions-only'], databaseEnv)).toMatchObject({ status: 0, output: expect.stringContaining('Regions up to date.') })
    // npm run keys:generate, as `npm run setup` runs it: a first signing key, then nothing.
    expect(runGuarded(['build/cli/keys.js', '--if-missing'], databaseEnv)).toMatchObject({ status: 0, output: expect.stringMatching(/Signing key k\w{4} created\./) })
    expect(runGuarded(['build/cli/keys.js', '--if-missing'], databaseEnv)).toMatchObject({ status: 0, output: expect.stringContaining('is in use') })

    const sqlite = new Database(file, { readonly: true })
    try {
      const applied = sqlite.prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name').all() as Array<{ name: string }>
      expect(applied.map((row) => row.name)).toEqual(migrations)
      expect(sqlite.prepare('SELECT count(*) AS n FROM Region').get()).toEqual({ n: regions.length })
    } finally {
      sqlite.close()
    }

    const gnupgHome = fs.mkdtempSync(path.join(work, 'gnupg-'))
    fs.chmodSync(gnupgHome, 0o700)
    const backupDir = path.join(work, 'backups')
    const backup = runGuarded(['build/cli/backup.js', 'create'], { ...databaseEnv, GNUPGHOME: gnupgHome, BACKUP_DIR: backupDir, BACKUP_PASSPHRASE: 'production start passphrase' })
    expect(backup, backup.output).toMatchObject({ status: 0 })
    expect(fs.readdirSync(backupDir).filter((name) => name.endsWith('.sqlite.gpg'))).toHaveLength(1)
    expect(refused()).toEqual([])
  }, 90_000)

  it.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))('builds a new PostgreSQL database from the migrations', async () => {
    const name = `production_${crypto.randomBytes(5).toString('hex')}`
    const base = process.env.DATABASE_URL ?? ''
    const admin = new pg.Client({ connectionString: base.replace(/\/[^/]*$/, '/postgres') })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = base.replace(/\/[^/]*$/, `/${name}`)
    const { env, refused } = guard()
    const migrations = fs.readdirSync('prisma/migrations/postgresql', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
    const result = runGuarded(['build/cli/migrate.js', 'deploy'], { ...env, DATABASE_URL: url })
    expect(result, result.output).toMatchObject({ status: 0 })
    expect(result.output).toContain(`Applied migrations: ${migrations.join(', ')}`)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ name: string }>('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name')
      expect(rows.map((row) => row.name)).toEqual(migrations)
    } finally {
      await client.end()
    }
    expect(refused()).toEqual([])
  }, 60_000)
})

describe.runIf(process.platform === 'linux')('the C allocator’s setting (app/cli/malloc-env.ts)', () => {
  /** A process's environment variable, as the kernel holds it (what glibc read at its start). */
  const environOf = (pid: number, name: string) =>
    fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((line) => line.startsWith(`${name}=`))
      ?.slice(name.length + 1)
  const workersOf = (pid: number) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)

  it('is given to every worker the server starts, unless the operator chose their own', async () => {
    for (const [given, expected] of [[undefined, String(16 * 1024 * 1024)], ['8388608', '8388608']] as const) {
      const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', WEB_CONCURRENCY: '2', MALLOC_MMAP_THRESHOLD_: given as unknown as string })
      try {
        expect(environOf(app.pid, 'MALLOC_MMAP_THRESHOLD_')).toBe(given)
        const workers = workersOf(app.pid)
        expect(workers).toHaveLength(2)
        for (const worker of workers) expect(environOf(worker, 'MALLOC_MMAP_THRESHOLD_')).toBe(expected)
        expect((await new Client(app.url).get('/login')).status).toBe(200)
      } finally {
        await app.stop()
      }
    }
  }, 90_000)
})
