/**
 * One SQLite connection per process, shared by every request: a statement outside a transaction must
 * never run inside another request's open transaction, or it would see that transaction's uncommitted
 * rows and be rolled back with it after it was acknowledged (prisma/scripts/database-url.ts).
 */
import { describe, expect, it } from 'vitest'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { inRequestScope, newRequestScope } from '~/server/platform/request-scope.server.ts'
import { createUser, uncommittedUser } from '../support/factories.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the shared database connection', () => {
  it('keeps a write made outside a transaction when another request’s open transaction rolls back', async () => {
    const email = `outside-${Date.now()}@example.org`
    let opened!: () => void
    const open = new Promise<void>((resolve) => (opened = resolve))
    const failing = db.$transaction(async (tx) => {
      await tx.user.create({ data: { email: `inside-${Date.now()}@example.org`, name: 'Inside', passwordHash: '' } })
      opened()
      // Another request's work happens while this transaction is open, then it fails.
      await sleep(150)
      throw new Error('the decision failed')
    })
    // Its failure is awaited below, after the write it overlaps; caught here so it is never unhandled meanwhile.
    const failure = failing.then(() => null, (error: unknown) => error)
    await open
    const outside = await createUser({ email })
    expect(await failure).toEqual(new Error('the decision failed'))
    expect(await db.user.findUnique({ where: { id: outside.id } })).not.toBeNull()
  })

  it('does not show another request’s uncommitted rows to a read outside its transaction', async () => {
    const email = `uncommitted-${Date.now()}@example.org`
    const held = await uncommittedUser(email)
    const read = db.user.findUnique({ where: { email } })
    // The read waits for the transaction (SQLite) or reads the last committed state (PostgreSQL).
    await sleep(50)
    expect(await held.rollBack()).toEqual(new Error('rolled back'))
    expect(await read).toBeNull()
    expect(databaseProvider()).toMatch(/sqlite|postgresql/)
  })
})

describe.runIf(databaseProvider() === 'sqlite')('another process holding SQLite’s write lock', () => {
  /** A second connection to the same file: another worker, or a command run beside the server. */
  async function otherProcess() {
    const { default: Database } = await import('better-sqlite3')
    const { sqlitePath } = await import('../../prisma/scripts/database-url.ts')
    return new Database(sqlitePath(process.env.DATABASE_URL ?? ''))
  }

  it('is waited for on a timer: this process keeps serving, then its writes commit', async () => {
    const other = await otherProcess()
    try {
      other.prepare('BEGIN IMMEDIATE').run()
      const plain = createUser({ email: `plain-${Date.now()}@example.org` })
      const decided = db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: `decided-${Date.now()}@example.org`, name: 'Decided', passwordHash: '' } })
        return tx.user.update({ where: { id: user.id }, data: { name: 'Decided, then renamed' } })
      })
      // While the lock is held elsewhere, timers fire and reads are answered (SQLite's busy handler
      // would sleep in this thread: no timer, no read, until its timeout failed the writes).
      let ticks = 0
      const timer = setInterval(() => ticks++, 5)
      await sleep(150)
      clearInterval(timer)
      expect(ticks).toBeGreaterThanOrEqual(10)
      expect(await db.user.count({ where: { name: 'Decided, then renamed' } })).toBe(0)
      other.prepare('COMMIT').run()
      const [written, renamed] = await Promise.all([plain, decided])
      expect(await db.user.findUnique({ where: { id: written.id } })).not.toBeNull()
      expect((await db.user.findUniqueOrThrow({ where: { id: renamed.id } })).name).toBe('Decided, then renamed')
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run()
      other.close()
    }
  })

  it('a request that starts waiting for it leaves its turn once, so the worker computes others meanwhile', async () => {
    const other = await otherProcess()
    try {
      other.prepare('BEGIN IMMEDIATE').run()
      let left = 0
      const scope = { ...newRequestScope('POST'), leaveTurn: () => left++ }
      // Prisma runs a query when it is awaited: `then` inside the scope starts it there.
      const write = inRequestScope(scope, () => db.user.create({ data: { email: `turn-${Date.now()}@example.org`, name: 'In turn', passwordHash: '' } }).then((user) => user))
      await sleep(60)
      expect(left).toBe(1)
      other.prepare('COMMIT').run()
      expect((await write).name).toBe('In turn')
      expect(left).toBe(1)
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run()
      other.close()
    }
  })

  it('a plain write that fails changes nothing and frees the lock for the next one', async () => {
    const taken = await createUser({ email: `taken-${Date.now()}@example.org` })
    await expect(createUser({ email: taken.email })).rejects.toThrow()
    const other = await otherProcess()
    try {
      // The failed write's transaction is over: another process can take the lock at once.
      other.prepare('BEGIN IMMEDIATE').run()
      other.prepare('COMMIT').run()
    } finally {
      other.close()
    }
    expect(await db.user.count({ where: { email: taken.email } })).toBe(1)
  })
})

describe.runIf(databaseProvider() === 'sqlite')('SQLite’s page cache', () => {
  it('is SQLITE_CACHE_MB (2 MiB by default) on the client’s connection, not better-sqlite3’s 16 MiB', async () => {
    const { plainRead } = await import('~/server/platform/db.server.ts')
    const { env, SQLITE_CACHE_DEFAULT_MB } = await import('~/server/platform/env.server.ts')
    expect(env().SQLITE_CACHE_MB).toBe(SQLITE_CACHE_DEFAULT_MB)
    expect(SQLITE_CACHE_DEFAULT_MB).toBe(2)
    const [row] = await plainRead<{ cache_size: number }>`PRAGMA cache_size`
    // Negative: a size in KiB rather than in pages.
    expect(row?.cache_size).toBe(-2048)
  })
})
