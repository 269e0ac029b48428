/**
 * Work that must finish even if the process that started it died, and personal data past its
 * retention: run at start-up by every app process and every few minutes by the background loop, under
 * a lease so one process does it at a time.
 */
import { finishInterruptedWork, type InterruptedWork } from '../exams/exams.server.ts'
import { withLease, type LeaseOutcome } from './job-lease.server.ts'
import { purgeExpiredPersonalData, type Purged } from './retention.server.ts'

export const SWEEP_EVERY_MS = 5 * 60 * 1000

export function sweepInterruptedWork(): Promise<LeaseOutcome<InterruptedWork & { purged: Purged }>> {
  // Held for a minute after it ends: servers starting together sweep once.
  return withLease('sweep.interrupted-work', { ttlMs: 10 * 60 * 1000, holdMs: 60 * 1000 }, async () => ({ ...(await finishInterruptedWork()), purged: await purgeExpiredPersonalData() }))
}
