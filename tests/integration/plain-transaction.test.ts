/**
 * plainTransaction (db.server.ts): a write transaction of plain statements straight on the driver
 * adapter, on both databases, and the plain INSERTs written through it (recordAudit, notify and its
 * job). Everything in it commits together or not at all; Prisma reads back what it wrote; on SQLite
 * nothing outside it reads its uncommitted rows; it waits for the connection only so long.
 */
import { describe, expect, it } from 'vitest'
import type { AuditAction } from '~/domain/audit.ts'
import { recordAudit } from '~/server/platform/audit.server.ts'
import { isDatabaseBusy } from '~/server/platform/database-busy.server.ts'
import { databaseProvider, db, isUniqueViolation, newId, plainRead, plainTransaction } from '~/server/platform/db.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { createUser, uncommittedUser } from '../support/factories.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('plainTransaction', () => {
  it('commits every statement together, in rows Prisma reads back with their dates, defaults and job', async () => {
    const user = await createUser({ email: `plain-tx-${Date.now()}@example.org` })
    const before = new Date()
    const renamed = await plainTransaction(async (tx) => {
      await recordAudit({ actorId: user.id, action: 'test.plain' as AuditAction, targetType: 'user', targetId: user.id, details: { n: 1 } }, tx)
      await notify(user.id, 'certificate.issued', { code: 'PLAIN-1' }, tx)
      return tx.$executeRaw`UPDATE "User" SET "name" = ${'Plain Renamed'} WHERE "id" = ${user.id}`
    })
    expect(renamed).toBe(1)
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Plain Renamed')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'test.plain', targetId: user.id } })
    expect(audit).toMatchObject({ actorId: user.id, targetType: 'user', ngoId: null, ip: null, details: '{"n":1}' })
    expect(audit.at.getTime()).toBeGreaterThanOrEqual(before.getTime())
    expect(audit.at.getTime()).toBeLessThanOrEqual(Date.now())
    const notification = await db.notification.findFirstOrThrow({ where: { userId: user.id, kind: 'certificate.issued' } })
    expect(notification).toMatchObject({ params: '{"code":"PLAIN-1"}', readAt: null })
    const job = await db.job.findUniqueOrThrow({ where: { kind_subjectId: { kind: 'notification.email', subjectId: notification.id } } })
    expect(job).toMatchObject({ state: 'queued', attempts: 0, itemsDone: 0, itemsTotal: null, payload: '{}', leaseUntil: null, holder: null })
    expect(job.runAfter.getTime()).toBe(job.createdAt.getTime())
    expect(job.runAfter.getTime()).toBeGreaterThanOrEqual(before.getTime())
    // Found by the same queries as Prisma's own rows: newest first, by time then id.
    const newest = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id }, orderBy: [{ at: 'desc' }, { id: 'desc' }] })
    expect(newest.id).toBe(audit.id)
  })

  it('writes nothing when its work fails, and hands back the work’s own error', async () => {
    const user = await createUser({ email: `plain-tx-fail-${Date.now()}@example.org` })
    const failure = await plainTransaction(async (tx) => {
      await recordAudit({ actorId: user.id, action: 'test.plain.failed' as AuditAction, targetId: user.id }, tx)
      await notify(user.id, 'certificate.issued', { code: 'PLAIN-2' }, tx)
      await tx.$executeRaw`UPDATE "User" SET "name" = ${'Never'} WHERE "id" = ${user.id}`
      throw new Error('the decision failed')
    }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(failure).toEqual(new Error('the decision failed'))
    expect(await db.auditEvent.count({ where: { action: 'test.plain.failed' } })).toBe(0)
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(0)
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Test Person')
    // The connection is free again: the next transaction and read go on.
    await plainTransaction((tx) => tx.$executeRaw`UPDATE "User" SET "name" = ${'After'} WHERE "id" = ${user.id}`)
    expect(await plainRead<{ name: string }>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`).toEqual([{ name: 'After' }])
  })

  it('refuses a statement after it ended (a client kept past its transaction)', async () => {
    const kept = await plainTransaction(async (tx) => tx)
    await expect(kept.$queryRaw`SELECT 1`).rejects.toThrow(/after its plain transaction ended/)
  })

  it('reads its own writes, finds nothing for a NUL parameter, and keeps them from reads outside until it commits', async () => {
    const email = `plain-tx-uncommitted-${Date.now()}@example.org`
    const user = await createUser({ email })
    let opened!: () => void
    const open = new Promise<void>((resolve) => (opened = resolve))
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const writing = plainTransaction(async (tx) => {
      await tx.$executeRaw`UPDATE "User" SET "name" = ${'Uncommitted'} WHERE "id" = ${user.id}`
      expect(await tx.$queryRaw<Array<{ name: string }>>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`).toEqual([{ name: 'Uncommitted' }])
      expect(await tx.$queryRaw`SELECT "id" FROM "User" WHERE "email" = ${'a\u0000b'}`).toEqual([])
      opened()
      await held
    })
    await open
    const read = plainRead<{ name: string }>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`
    let settled = false
    void read.then(() => (settled = true))
    await sleep(50)
    // SQLite: the read waits for the transaction; PostgreSQL: it reads the last committed state.
    if (databaseProvider() === 'sqlite') expect(settled).toBe(false)
    else expect(await read).toEqual([{ name: 'Test Person' }])
    release()
    await writing
    if (databaseProvider() === 'sqlite') expect(await read).toEqual([{ name: 'Uncommitted' }])
    expect(await plainRead<{ name: string }>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`).toEqual([{ name: 'Uncommitted' }])
  })

  it('says a unique violation is one, in a plain transaction and through Prisma’s raw statements', async () => {
    const user = await createUser({ email: `plain-tx-unique-${Date.now()}@example.org` })
    const id = newId()
    const insert = (client: { $executeRaw: typeof db.$executeRaw }) =>
      client.$executeRaw`INSERT INTO "Notification" ("id", "userId", "kind", "params", "createdAt") VALUES (${id}, ${user.id}, 'certificate.issued', '{}', ${new Date()})`
    await plainTransaction((tx) => insert(tx as typeof db))
    const plain = await plainTransaction((tx) => insert(tx as typeof db)).then(() => null, (error: unknown) => error)
    const viaPrisma = await insert(db).then(() => null, (error: unknown) => error)
    expect(isUniqueViolation(plain)).toBe(true)
    expect(isUniqueViolation(viaPrisma)).toBe(true)
    expect(isUniqueViolation(new Error('something else'))).toBe(false)
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(1)
  })

  it('runs the work again, up to `tries`, when a unique constraint refuses it, and nothing of a refused run stays', async () => {
    const user = await createUser({ email: `plain-tx-tries-${Date.now()}@example.org` })
    const taken = newId()
    await plainTransaction((tx) => tx.$executeRaw`INSERT INTO "Notification" ("id", "userId", "kind", "params", "createdAt") VALUES (${taken}, ${user.id}, 'certificate.issued', '{}', ${new Date()})`)
    let runs = 0
    // The first run writes an audit record, then takes an id already taken; the second a fresh one.
    const work = (tx: Parameters<Parameters<typeof plainTransaction>[0]>[0]) => {
      runs++
      const id = runs === 1 ? taken : newId()
      return recordAudit({ actorId: user.id, action: 'test.plain.tries' as AuditAction, targetId: user.id }, tx).then(
        () => tx.$executeRaw`INSERT INTO "Notification" ("id", "userId", "kind", "params", "createdAt") VALUES (${id}, ${user.id}, 'certificate.issued', '{}', ${new Date()})`,
      )
    }
    const once = await plainTransaction(work).then(() => null, (error: unknown) => error)
    expect(isUniqueViolation(once)).toBe(true)
    expect(await db.auditEvent.count({ where: { action: 'test.plain.tries' } })).toBe(0)
    runs = 0
    expect(await plainTransaction(work, { tries: 2 })).toBe(1)
    expect(runs).toBe(2)
    expect(await db.auditEvent.count({ where: { action: 'test.plain.tries' } })).toBe(1)
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(2)
  })
})

describe.runIf(databaseProvider() === 'sqlite')('plainTransaction waiting for the connection (SQLite)', () => {
  it('gives up after maxWait with an error answered as “busy”, and the transaction that starts later is ended at once', async () => {
    const email = `plain-tx-wait-${Date.now()}@example.org`
    const held = await uncommittedUser(email)
    const started = Date.now()
    const waited = await plainTransaction((tx) => tx.$executeRaw`UPDATE "User" SET "name" = 'x' WHERE "email" = ${email}`, { maxWait: 100 }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    expect(isDatabaseBusy(waited)).toBe(true)
    expect(await held.rollBack()).toEqual(new Error('rolled back'))
    // The late transaction was rolled back and gave the connection up: others go on, nothing was written.
    const user = await createUser({ email })
    expect(await plainTransaction((tx) => tx.$executeRaw`UPDATE "User" SET "name" = ${'Later'} WHERE "id" = ${user.id}`)).toBe(1)
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Later')
  })

  it('runs two transactions of one process one after the other: the second sees the first’s writes', async () => {
    const user = await createUser({ email: `plain-tx-queue-${Date.now()}@example.org` })
    const order: string[] = []
    const first = plainTransaction(async (tx) => {
      order.push('first begins')
      await sleep(30)
      await tx.$executeRaw`UPDATE "User" SET "name" = ${'First'} WHERE "id" = ${user.id}`
      order.push('first ends')
    })
    const second = plainTransaction(async (tx) => {
      order.push('second begins')
      return tx.$queryRaw<Array<{ name: string }>>`SELECT "name" FROM "User" WHERE "id" = ${user.id}`
    })
    const [, seen] = await Promise.all([first, second])
    expect(order).toEqual(['first begins', 'first ends', 'second begins'])
    expect(seen).toEqual([{ name: 'First' }])
  })
})
