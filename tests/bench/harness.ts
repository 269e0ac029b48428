/**
 * Shared by the benchmarks: a fresh SQLite database with the demo data, the built app on it, a
 * logged-in client, autocannon runs, and a bare node:http server serving fixed bytes (the ceiling).
 * Run after `npm run build`. Only loopback addresses are used; every run is bounded in time.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'

export interface Measured {
  name: string
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  /** Requests answered in the measured run. */
  requests: number
  /** CPU time (user + system) the server process spent per answered request, when its pid was given: unlike req/s, hardly moved by other load on the machine. */
  cpuMsPerRequest?: number
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or null where unknown. */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/**
 * Which database the benches run on: a temporary SQLite file, or with `--postgres` on the command
 * line (or BENCH_POSTGRES=1) a throwaway PostgreSQL server (prisma/scripts/throwaway-postgres.ts),
 * durable like a production one (fsync on, unlike the test suite's), stopped when the bench ends.
 */
export const benchOnPostgres = process.argv.includes('--postgres') || process.env.BENCH_POSTGRES === '1'

async function benchDatabase(): Promise<{ databaseUrl: string; dir: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-bench-'))
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true })
  if (!benchOnPostgres) return { databaseUrl: `file:${path.join(dir, 'bench.db')}`, dir, stop: async () => (process.env.BENCH_KEEP_DB ? undefined : removeDir()) }
  const { startThrowawayPostgres } = await import('../../prisma/scripts/throwaway-postgres.ts')
  const server = await startThrowawayPostgres({ durable: true })
  return {
    databaseUrl: await server.createDatabase('bench'),
    dir,
    stop: async () => {
      server.stop()
      removeDir()
    },
  }
}

export async function startBenchApp(env: Record<string, string> = {}): Promise<{ app: RunningApp; databaseUrl: string; stopDatabase: () => Promise<void> }> {
  // BENCH_PROFILE=dir writes a CPU profile of the app server there; BENCH_NODE_ARGS passes other flags to it.
  const nodeArgs = [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)]
  const database = await benchDatabase()
  const { databaseUrl, dir } = database
  try {
    const childEnv = { ...process.env, DATABASE_URL: databaseUrl }
    execFileSync(process.execPath, ['--import', 'tsx', 'prisma/scripts/migrate.ts', 'deploy'], { env: childEnv, stdio: 'ignore' })
    execFileSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { env: childEnv, stdio: 'ignore' })
    const app = await startApp({ DATABASE_URL: databaseUrl, OUTBOX_DIR: path.join(dir, 'outbox'), WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '2', ...env }, nodeArgs)
    return { app, databaseUrl, stopDatabase: database.stop }
  } catch (error) {
    await database.stop()
    throw error
  }
}

export async function loggedIn(app: RunningApp, email: string, password = 'observer-demo-2026'): Promise<{ client: Client; cookie: string }> {
  const client = new Client(app.url, { 'Accept-Language': 'ru' })
  await client.login(email, password)
  return { client, cookie: `os_session=${client.cookie('os_session')}; lng=${client.cookie('lng') ?? ''}` }
}

export async function measure(name: string, url: string, options: { connections: number; seconds: number; headers?: Record<string, string>; warmupSeconds?: number; pid?: number }): Promise<Measured> {
  // A short warm-up so JIT and caches settle, then the measured run.
  const warmup = options.warmupSeconds ?? 2
  if (warmup > 0) await autocannon({ url, connections: options.connections, duration: warmup, headers: options.headers })
  const cpuBefore = options.pid ? cpuSeconds(options.pid) : null
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds, headers: options.headers })
  const cpuAfter = options.pid ? cpuSeconds(options.pid) : null
  const requests = result.requests.total
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests,
    ...(cpuBefore !== null && cpuAfter !== null && requests > 0 ? { cpuMsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000 * 100) / requests) / 100 } : {}),
  }
}

/** The ceiling: Node's own HTTP server answering every request with the same bytes. */
export async function bareServer(body: Buffer, contentType: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

export function report(title: string, rows: Measured[], ceiling?: Measured) {
  console.log(`\n${title}`)
  console.log('| scenario | requests/s | p50 ms | p99 ms | errors | non-2xx | share of ceiling |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of rows) {
    const share = ceiling && row !== ceiling ? `${((row.requestsPerSecond / ceiling.requestsPerSecond) * 100).toFixed(1)}%` : '—'
    console.log(`| ${row.name} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${share} |`)
  }
}

/**
 * Plain SQL on the bench's database, SQLite or PostgreSQL, to check what a page shows against the
 * rows themselves. Write identifiers in double quotes and parameters as `?` (turned into $1… for PostgreSQL).
 */
export interface BenchSql {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

export async function openBenchSql(databaseUrl: string): Promise<BenchSql> {
  if (databaseUrl.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3')
    const database = new Database(databaseUrl.slice('file:'.length).split('?')[0] ?? '')
    // Fold a bulk insert's write-ahead log into the database file, as a steady-state database would be.
    database.pragma('wal_checkpoint(TRUNCATE)')
    return {
      all: async <T>(sql: string, params: unknown[] = []) => database.prepare(sql).all(...params) as T[],
      close: async () => void database.close(),
    }
  }
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  // Fresh statistics after a bulk insert, as autovacuum would have gathered by then.
  await client.query('ANALYZE')
  return {
    all: async <T>(sql: string, params: unknown[] = []) => {
      let n = 0
      return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[]
    },
    close: () => client.end(),
  }
}
