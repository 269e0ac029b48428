/**
 * Runs before each integration test file: points DATABASE_URL at a private copy of the template
 * database, and OUTBOX_DIR at a private mail folder, before any app module is imported.
 *
 * Everything a test file puts in the temporary directory goes into a folder of its own (TMPDIR, which
 * os.tmpdir() reads on each call and spawned servers and commands inherit): the database copy, the
 * outbox, course fixtures, PDFs, backups. The folder is removed when the file's tests are done (this
 * hook is registered first, so it runs after the file's own afterAll hooks have stopped its servers);
 * each run used to leave about 400 files and folders in /tmp. It lies in the run's folder
 * (tests/support/global-setup.ts), which the run's end removes in case no hook of the file ran.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { PG_TEMPLATE } from './template-database.ts'

const templateUrl = inject('templateDatabaseUrl')
const id = crypto.randomBytes(6).toString('hex')

// A short name: paths under it must stay within a Unix socket's 107 characters (gpg-agent's, in the backup tests).
const scratch = fs.mkdtempSync(path.join(inject('testRunTmpdir'), 'file-'))
process.env.TMPDIR = scratch
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

if (templateUrl.startsWith('file:')) {
  const file = path.join(os.tmpdir(), `observer-test-${id}.db`)
  fs.copyFileSync(templateUrl.slice('file:'.length), file)
  process.env.DATABASE_URL = `file:${file}`
} else {
  const admin = templateUrl.replace(/\/[^/]*$/, '/postgres')
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`CREATE DATABASE test_${id} TEMPLATE ${PG_TEMPLATE}`)
  await client.end()
  process.env.DATABASE_URL = templateUrl.replace(/\/[^/]*$/, `/test_${id}`)
}
process.env.OUTBOX_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-outbox-'))
process.env.NODE_ENV = 'test'
