/**
 * A PostgreSQL server in a temporary directory on a free loopback port, for tests and for writing
 * PostgreSQL migrations. Uses the machine's `initdb` and `pg_ctl`; as root it runs them as the
 * `postgres` user, because PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface ThrowawayPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  url: string
  urlFor(database: string): string
  createDatabase(name: string): Promise<string>
  stop(): void
}

function findBinary(name: string): string {
  return findPostgresBinary(name)
}

/** A PostgreSQL program: the newest installed major version first (Debian's /usr/lib/postgresql/<v>/bin), then PATH. */
export function findPostgresBinary(name: string): string {
  const versioned = fs.existsSync('/usr/lib/postgresql')
    ? fs
        .readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : []
  for (const dir of [...versioned, ...(process.env.PATH ?? '').split(':')]) {
    const candidate = path.join(dir, name)
    if (fs.existsSync(candidate)) return candidate
  }
  throw new Error(`${name} not found: install PostgreSQL (Debian: apt-get install -y postgresql)`)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * `durable`: fsync and synchronous commits on, as a production server runs (for benchmarks); by
 * default they are off, which tests do not need and which makes them faster.
 */
export async function startThrowawayPostgres(options: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  const initdb = findBinary('initdb')
  const pgCtl = findBinary('pg_ctl')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-pg-'))
  const dataDir = path.join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' })
      : execFileSync(bin, args, { stdio: 'pipe' })
  if (asRoot) execFileSync('chown', ['postgres', dir])
  fs.chmodSync(dir, 0o755)
  run(initdb, ['-D', dataDir, '-U', 'observer', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'])
  const port = await freePort()
  run(pgCtl, [
    '-D', dataDir, '-l', path.join(dir, 'log.txt'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'} -c max_connections=200`,
  ])
  const urlFor = (database: string) => `postgresql://observer@127.0.0.1:${port}/${database}`
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  return {
    url: urlFor('postgres'),
    urlFor,
    async createDatabase(name: string) {
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: urlFor('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
      } finally {
        await client.end()
      }
      return urlFor(name)
    },
    stop,
  }
}
