/**
 * Named leases in the database, so that of several app processes (workers, servers on one
 * PostgreSQL) one runs a job at a time. A holder that dies leaves a lease that expires after `ttlMs`.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { db } from '../platform/db.server.ts'

const processId = `${os.hostname()}:${process.pid}`

export type LeaseOutcome<T> = { ran: true; result: T } | { ran: false }

/**
 * Runs `work` if this process takes the lease `name` (free, or expired); else does nothing. When the
 * work ends the lease is kept for `holdMs` more, so other processes starting meanwhile skip it.
 */
export async function withLease<T>(name: string, { ttlMs, holdMs = 0 }: { ttlMs: number; holdMs?: number }, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
  const holder = `${processId}:${crypto.randomBytes(4).toString('hex')}`
  const now = new Date()
  const expiresAt = new Date(now.getTime() + ttlMs)
  let taken = false
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } })
    taken = true
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    taken = (await db.jobLease.updateMany({ where: { name, expiresAt: { lt: now } }, data: { holder, expiresAt } })).count === 1
  }
  if (!taken) return { ran: false }
  try {
    return { ran: true, result: await work() }
  } finally {
    await db.jobLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(Date.now() + holdMs) } })
  }
}
