/**
 * plainRead (db.server.ts): a read sent straight to the driver adapter the client connected, on both
 * databases. It must read what Prisma wrote, take every kind of parameter Prisma's raw queries take,
 * find nothing for a NUL character, and on SQLite never read inside another request's open transaction.
 */
import { describe, expect, it } from 'vitest'
import { asDate, databaseProvider, db, plainRead, Prisma } from '~/server/platform/db.server.ts'
import { createUser, uncommittedUser } from '../support/factories.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('plainRead', () => {
  it('reads what the client wrote, with dates, booleans and counts readable on either database', async () => {
    const user = await createUser({ email: `plain-${Date.now()}@example.org`, name: 'Айгерім Plain', isAdmin: true })
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    const rows = await plainRead<{ id: string; name: string; isAdmin: unknown; createdAt: unknown; n: unknown }>`
      SELECT "id", "name", "isAdmin", "createdAt", (SELECT COUNT(*) FROM "User" WHERE "id" = ${user.id}) AS "n" FROM "User" WHERE "id" = ${user.id}`
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row?.name).toBe('Айгерім Plain')
    expect(row?.isAdmin === true || row?.isAdmin === 1).toBe(true)
    expect(asDate(row?.createdAt).getTime()).toBe(stored.createdAt.getTime())
    expect(Number(row?.n)).toBe(1)
  })

  it('compares dates, numbers, booleans and lists as Prisma’s raw queries do', async () => {
    const user = await createUser({ email: `plain-params-${Date.now()}@example.org` })
    const { createdAt } = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id)
    expect(ids(await plainRead<{ id: string }>`SELECT "id" FROM "User" WHERE "id" = ${user.id} AND "createdAt" = ${createdAt}`)).toEqual([user.id])
    expect(ids(await plainRead<{ id: string }>`SELECT "id" FROM "User" WHERE "id" = ${user.id} AND "createdAt" > ${new Date(createdAt.getTime() + 1)}`)).toEqual([])
    expect(ids(await plainRead<{ id: string }>`SELECT "id" FROM "User" WHERE "id" = ${user.id} AND "isAdmin" = ${false}`)).toEqual([user.id])
    expect(ids(await plainRead<{ id: string }>`SELECT "id" FROM "User" WHERE "id" IN (${Prisma.join([user.id, 'nobody'])}) LIMIT ${1}`)).toEqual([user.id])
  })

  it('finds nothing for a parameter holding a NUL character, on either database', async () => {
    await createUser({ email: `plain-nul-${Date.now()}@example.org` })
    expect(await plainRead`SELECT "id" FROM "User" WHERE "email" = ${'a\u0000b@example.org'}`).toEqual([])
    expect(await plainRead`SELECT "id" FROM "User" WHERE "email" LIKE ${'%\u0000%'}`).toEqual([])
  })

  it('reads again after the client disconnected: the next read connects it', async () => {
    const user = await createUser({ email: `plain-reconnect-${Date.now()}@example.org` })
    await db.$disconnect()
    expect(await plainRead<{ id: string }>`SELECT "id" FROM "User" WHERE "id" = ${user.id}`).toEqual([{ id: user.id }])
    expect(await db.user.count({ where: { id: user.id } })).toBe(1)
  })

  it('does not read another request’s uncommitted rows', async () => {
    const email = `plain-uncommitted-${Date.now()}@example.org`
    const held = await uncommittedUser(email)
    // SQLite: the read waits until the transaction ends; PostgreSQL: it reads the last committed state.
    const read = plainRead`SELECT "id" FROM "User" WHERE "email" = ${email}`
    let settled = false
    void read.then(() => (settled = true))
    await sleep(50)
    if (databaseProvider() === 'sqlite') expect(settled).toBe(false)
    expect(await held.rollBack()).toEqual(new Error('rolled back'))
    expect(await read).toEqual([])
  })
})
