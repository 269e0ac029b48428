/**
 * No drift: a database built from the committed migrations has exactly the structure of the Prisma
 * schema (built from the schema's full create script). Runs on SQLite and, under test:pg, PostgreSQL.
 */
import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { applyMigrations, fullCreateScript, listMigrations } from '../../prisma/scripts/migrations.ts'
import { providerOf } from '../../prisma/scripts/database-url.ts'
import { databaseFromScript, describeDatabase } from '../support/catalogue.ts'

const migratedUrl = process.env.DATABASE_URL ?? ''

describe(`migrations on ${providerOf(migratedUrl)}`, () => {
  it('the committed migrations produce exactly the schema', async () => {
    const script = await fullCreateScript(migratedUrl)
    expect(script).toContain('CREATE TABLE')
    const fromSchemaUrl = await databaseFromScript(migratedUrl, script, `from_schema_${crypto.randomBytes(4).toString('hex')}`)
    const [migrated, fromSchema] = await Promise.all([describeDatabase(migratedUrl), describeDatabase(fromSchemaUrl)])
    expect(Object.keys(migrated.tables).length).toBeGreaterThanOrEqual(10)
    expect(migrated).toEqual(fromSchema)
  })

  it('applying again changes nothing', async () => {
    expect(listMigrations(providerOf(migratedUrl)).migrationDirectories.length).toBeGreaterThan(0)
    expect(await applyMigrations(migratedUrl)).toEqual([])
  })
})
