/**
 * The server of `npm run demo`: `npm start` with what production insists on filled in for a demo on
 * this machine: a session secret made once and kept in data/session-secret (git-ignored), APP_URL
 * http://localhost:PORT, and email written to the outbox (data/outbox) unless SMTP_URL is set.
 * Anything already set in the environment wins. It then runs the same bundled server as `npm start`
 * (build/cli/serve.js, made by `npm run build`).
 */
import cluster from 'node:cluster'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

if (!process.env.SESSION_SECRET) {
  const file = path.resolve('data/session-secret')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  process.env.SESSION_SECRET = fs.readFileSync(file, 'utf8').trim()
}
process.env.APP_URL ||= `http://localhost:${process.env.PORT || 3000}`
if (!process.env.SMTP_URL) process.env.EMAIL_OUTBOX ||= 'true'

// The server logs JSON lines (for operators' tools); the one line a person needs is printed plainly.
// Workers run this file too (cluster forks the same entry): the primary alone says it.
if (cluster.isPrimary) {
  console.log(`\nOpen ${process.env.APP_URL} in a browser (Ctrl+C stops the demo).`)
  // Sign-up is email first: a new account's link to choose its password arrives by email.
  if (process.env.EMAIL_OUTBOX === 'true') console.log(`Email (sign-up links, password resets, notifications) is written to ${path.resolve(process.env.OUTBOX_DIR || 'data/outbox')}/, one JSON file a message.`)
  console.log('')
}
await import(pathToFileURL(path.resolve('build/cli/serve.js')).href)
