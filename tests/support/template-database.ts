import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { applyMigrations } from '../../prisma/scripts/migrations.ts'

export const PG_TEMPLATE = 'observer_template'

/** Applies the committed migrations and the region seed to a new template database; returns its URL. */
export async function buildTemplateDatabase(postgresAdminUrl: string | undefined): Promise<string> {
  let url: string
  if (postgresAdminUrl) {
    const client = new pg.Client({ connectionString: postgresAdminUrl })
    await client.connect()
    await client.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE}`)
    await client.query(`CREATE DATABASE ${PG_TEMPLATE}`)
    await client.end()
    url = postgresAdminUrl.replace(/\/[^/]*$/, `/${PG_TEMPLATE}`)
  } else {
    const file = path.resolve('tests/.artifacts', `template-${process.pid}.db`)
    fs.rmSync(file, { force: true })
    url = `file:${file}`
  }
  await applyMigrations(url)
  // Seeding runs in its own process: the app's db module binds to DATABASE_URL once per process.
  execFileSync(process.execPath, ['--import', 'tsx', '-e', "const { seedRegions } = await import('./prisma/seed.ts'); const { db } = await import('./app/server/platform/db.server.ts'); await seedRegions(); await db.$disconnect()"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  })
  return url
}
