/**
 * Personal data kept no longer than it is needed, purged by the periodic sweep (sweeps.server.ts):
 * the rows of uploaded volunteer lists after RETENTION_IMPORT_DAYS (the import's outcome per row
 * stays) and of uploaded meeting participant reports (names, emails) after RETENTION_IMPORT_DAYS too,
 * email files in the dev outbox after RETENTION_OUTBOX_DAYS, finished jobs (done or cancelled; their
 * payloads may name who asked and from which address) after RETENTION_JOB_DAYS, and expired sessions,
 * used or expired password-reset and invitation tokens, and expired rate-limiter counters at once.
 * Failed jobs stay until an admin retries them (the operations page).
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
  reportFiles: number
  outboxFiles: number
  jobs: number
}

export async function purgeExpiredPersonalData(now = new Date()): Promise<Purged> {
  const { RETENTION_IMPORT_DAYS, RETENTION_OUTBOX_DAYS, RETENTION_JOB_DAYS } = env()
  const sessions = await db.session.deleteMany({ where: { expiresAt: { lte: now } } })
  const tokens = await db.passwordResetToken.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } })
  const limiterRows = await db.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } })
  // The file's cells go; what the import did with each row (its result) stays for the lead's records.
  const uploadsBefore = new Date(now.getTime() - RETENTION_IMPORT_DAYS * DAY)
  const importFiles = await db.recruitImport.updateMany({ where: { createdAt: { lt: uploadsBefore }, NOT: { rows: '[]' } }, data: { rows: '[]' } })
  const reportFiles = await db.attendanceReport.updateMany({ where: { createdAt: { lt: uploadsBefore }, NOT: { rows: '[]' } }, data: { rows: '[]' } })
  const jobs = await db.job.deleteMany({ where: { state: { in: ['done', 'cancelled'] }, finishedAt: { lt: new Date(now.getTime() - RETENTION_JOB_DAYS * DAY) } } })
  return {
    sessions: sessions.count,
    tokens: tokens.count,
    limiterRows: limiterRows.count,
    importFiles: importFiles.count,
    reportFiles: reportFiles.count,
    outboxFiles: purgeOutbox(now.getTime() - RETENTION_OUTBOX_DAYS * DAY),
    jobs: jobs.count,
  }
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
