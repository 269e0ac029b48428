/**
 * Builds one template database per run (migrations applied, regions seeded); every test file then
 * starts from a private copy of it (tests/support/fresh-database.ts). With TEST_POSTGRES_URL set
 * (tests/support/with-postgres.ts), the template is a PostgreSQL database instead of a SQLite file.
 *
 * Every test file's temporary folder lives in one folder of the run, removed when the run ends: a
 * file's own afterAll cannot be relied on for that, as Vitest runs no hook in a file whose tests are
 * all skipped (the PostgreSQL-only files on SQLite and the reverse), and each run left two folders,
 * one with a full database copy, in /tmp.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildTemplateDatabase } from './template-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string
    /** The run's temporary folder: each test file makes its own inside it. */
    testRunTmpdir: string
  }
}

export default async function setup(project: TestProject) {
  const artifacts = path.resolve('tests/.artifacts')
  fs.mkdirSync(artifacts, { recursive: true })
  const templateUrl = await buildTemplateDatabase(process.env.TEST_POSTGRES_URL)
  project.provide('templateDatabaseUrl', templateUrl)
  const runTmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-tests-'))
  project.provide('testRunTmpdir', runTmpdir)
  return () => {
    fs.rmSync(runTmpdir, { recursive: true, force: true })
    if (templateUrl.startsWith('file:')) fs.rmSync(templateUrl.slice('file:'.length), { force: true })
  }
}
