/**
 * Personal data kept no longer than it is needed, purged by the periodic sweep (sweeps.server.ts):
 * the rows of uploaded volunteer lists after RETENTION_IMPORT_DAYS (the import's outcome per row
 * stays), email files in the dev outbox after RETENTION_OUTBOX_DAYS, and expired sessions, used or
 * expired password-reset and invitation tokens, and expired rate-limiter counters at once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../platform/db.server.ts'
import { outboxDir } from '../platform/email.server.ts'
import { env } from '../platform/env.server.ts'

const DAY = 86_400_000

export interface Purged {
  sessions: number
  tokens: number
  limiterRows: number
  importFiles: number
  outboxFiles: number
}

export async function purgeExpiredPersonalData(now = new Date()): Promise<Purged> {
  const { RETENTION_IMPORT_DAYS, RETENTION_OUTBOX_DAYS } = env()
  const sessions = await db.session.deleteMany({ where: { expiresAt: { lte: now } } })
  const tokens = await db.passwordResetToken.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } })
  const limiterRows = await db.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } })
  // The file's cells go; what the import did with each row (its result) stays for the lead's records.
  const importFiles = await db.recruitImport.updateMany({
    where: { createdAt: { lt: new Date(now.getTime() - RETENTION_IMPORT_DAYS * DAY) }, NOT: { rows: '[]' } },
    data: { rows: '[]' },
  })
  return { sessions: sessions.count, tokens: tokens.count, limiterRows: limiterRows.count, importFiles: importFiles.count, outboxFiles: purgeOutbox(now.getTime() - RETENTION_OUTBOX_DAYS * DAY) }
}

function purgeOutbox(before: number): number {
  const dir = outboxDir()
  if (!fs.existsSync(dir)) return 0
  let removed = 0
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue
    const file = path.join(dir, name)
    if (fs.statSync(file).mtimeMs < before) {
      fs.rmSync(file, { force: true })
      removed++
    }
  }
  return removed
}
