/**
 * What the two migrations that brought in confirmed addresses count as confirmed in a database that
 * already has people: an address whose reset or invitation link was used, and an account holding a
 * role (vouched for by the admin who gave it). Their UPDATE statements run here on rows written as an
 * older version left them (no confirmation), on SQLite and, under test:pg, PostgreSQL.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { providerOf } from '../../prisma/scripts/database-url.ts'
import { db } from '~/server/platform/db.server.ts'
import { addMember, createNgo, createUser } from '../support/factories.ts'

const provider = providerOf(process.env.DATABASE_URL ?? '')
const MIGRATIONS = ['20261207084703_email_confirmed', '20261207093500_email_confirmed_staff']

/** The migrations' UPDATE statements (their ALTER TABLE has already run: the test database is migrated). */
function backfills(): string[] {
  return MIGRATIONS.flatMap((name) =>
    fs
      .readFileSync(path.join('prisma/migrations', provider, name, 'migration.sql'), 'utf8')
      .split(';')
      .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
      .filter((statement) => statement.startsWith('UPDATE')),
  )
}

describe(`the confirmed-address migrations on ${provider}`, () => {
  it('confirm addresses whose emailed link was used and accounts with a role; nobody else', async () => {
    const unconfirmed = { confirmed: false } as const
    const [plain, resetUsed, resetUnused, lead, admin, invited] = await Promise.all([
      createUser(unconfirmed),
      createUser(unconfirmed),
      createUser(unconfirmed),
      createUser(unconfirmed),
      createUser({ ...unconfirmed, isAdmin: true }),
      db.user.create({ data: { email: 'invited-unclaimed@example.org', name: 'Invited', passwordHash: '' } }),
    ])
    const usedAt = new Date('2026-11-01T10:00:00Z')
    await db.passwordResetToken.create({ data: { userId: resetUsed.id, tokenHash: 'used', purpose: 'reset', expiresAt: new Date('2026-11-01T11:00:00Z'), usedAt } })
    await db.passwordResetToken.create({ data: { userId: resetUnused.id, tokenHash: 'unused', purpose: 'reset', expiresAt: new Date('2099-01-01T00:00:00Z') } })
    await addMember(lead.id, (await createNgo()).id, 'LEAD')
    // An invited account nobody has claimed: a role is allowed (only the address's owner can open it), no confirmation.
    await addMember(invited.id, (await createNgo()).id, 'TRAINER')

    const statements = backfills()
    expect(statements).toHaveLength(2)
    for (const statement of statements) await db.$executeRawUnsafe(statement)

    const confirmedAt = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { emailConfirmedAt: true } })).emailConfirmedAt
    expect(await confirmedAt(plain.id)).toBeNull()
    expect(await confirmedAt(resetUnused.id)).toBeNull()
    expect(await confirmedAt(invited.id)).toBeNull()
    expect(await confirmedAt(resetUsed.id)).toEqual(usedAt)
    expect(await confirmedAt(lead.id)).toEqual(lead.createdAt)
    expect(await confirmedAt(admin.id)).toEqual(admin.createdAt)
  })
})
