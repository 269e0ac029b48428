/**
 * The server the browser tests talk to: the production build (build/cli/serve.js, as `npm start`
 * runs it) on a fresh SQLite database with the demo data and a signing key, and a private mail outbox (tests read
 * reset links from it).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const artifacts = path.resolve('tests/.artifacts')
const database = path.join(artifacts, 'e2e.db')
export const E2E_OUTBOX = path.join(artifacts, 'e2e-outbox')

fs.mkdirSync(artifacts, { recursive: true })
for (const file of [database, `${database}-wal`, `${database}-shm`]) fs.rmSync(file, { force: true })
fs.rmSync(E2E_OUTBOX, { recursive: true, force: true })

const env = {
  ...process.env,
  DATABASE_URL: `file:${database}`,
  OUTBOX_DIR: E2E_OUTBOX,
  PORT: process.env.E2E_PORT ?? '3100',
  NODE_ENV: 'production' as const,
  // One process: workers would re-run this file (and reset the database) as their entry point.
  WEB_CONCURRENCY: '1',
  APP_URL: `http://localhost:${process.env.E2E_PORT ?? '3100'}`,
  SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
  EMAIL_OUTBOX: 'true',
  // A short cooldown so the browser test can fail, wait and pass the exam.
  EXAM_COOLDOWN_SECONDS: '15',
  // The busy page's test holds the write lock: a write gives up after 3 s, not production's 10 s.
  SQLITE_LOCK_WAIT_MS: '3000',
}
execFileSync(process.execPath, ['build/cli/migrate.js', 'deploy'], { env, stdio: 'inherit' })
execFileSync(process.execPath, ['build/cli/seed.js'], { env, stdio: 'inherit' })
// As `npm run setup` does: the signing key for papers that verify themselves.
execFileSync(process.execPath, ['build/cli/keys.js', '--if-missing'], { env, stdio: 'inherit' })
Object.assign(process.env, env)
await import(pathToFileURL(path.resolve('build/cli/serve.js')).href)
