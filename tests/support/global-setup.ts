/**
 * Builds one template database per run (migrations applied, regions seeded); every test file then
 * starts from a private copy of it (tests/support/fresh-database.ts). With TEST_POSTGRES_URL set
 * (tests/support/with-postgres.ts), the template is a PostgreSQL database instead of a SQLite file.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildTemplateDatabase } from './template-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string
  }
}

export default async function setup(project: TestProject) {
  const artifacts = path.resolve('tests/.artifacts')
  fs.mkdirSync(artifacts, { recursive: true })
  const templateUrl = await buildTemplateDatabase(process.env.TEST_POSTGRES_URL)
  project.provide('templateDatabaseUrl', templateUrl)
}
