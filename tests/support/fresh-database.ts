/**
 * Runs before each integration test file: points DATABASE_URL at a private copy of the template
 * database, and OUTBOX_DIR at a private mail folder, before any app module is imported.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { PG_TEMPLATE } from './template-database.ts'

const templateUrl = inject('templateDatabaseUrl')
const id = crypto.randomBytes(6).toString('hex')

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
