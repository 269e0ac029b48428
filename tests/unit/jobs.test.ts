/** The job rules that need no database: retry waits, when a job counts as stuck, masked errors. */
import { describe, expect, it } from 'vitest'
import { describeJobError, IMPORT_RETRY_DELAYS_MINUTES, jobCondition, QUEUED_STUCK_AFTER_MS, retryAfter, retryJobSchema } from '~/domain/jobs.ts'
import { maskEmail } from '~/domain/masking.ts'

const now = new Date('2026-12-03T10:00:00Z')
const minutes = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 60_000 : null)

describe('retries', () => {
  it('an import run waits 1 and then 10 minutes, then gives up', () => {
    expect([1, 2, 3].map((attempts) => minutes(retryAfter(IMPORT_RETRY_DELAYS_MINUTES, attempts, now)))).toEqual([1, 10, null])
  })
})

describe('conditions', () => {
  const job = (state: string, { lease, runAfter = now }: { lease?: number; runAfter?: Date } = {}) => ({ state, leaseUntil: lease === undefined ? null : new Date(now.getTime() + lease), runAfter })

  it('failed, stalled once its lease has run out, waiting once queued long past its time; otherwise fine', () => {
    expect(jobCondition(job('failed'), now)).toBe('failed')
    expect(jobCondition(job('running', { lease: -1 }), now)).toBe('stalled')
    expect(jobCondition(job('running', { lease: 60_000 }), now)).toBeNull()
    expect(jobCondition(job('queued', { runAfter: new Date(now.getTime() - QUEUED_STUCK_AFTER_MS - 1) }), now)).toBe('waiting')
    expect(jobCondition(job('queued', { runAfter: new Date(now.getTime() - 60_000) }), now)).toBeNull()
    expect(jobCondition(job('done'), now)).toBeNull()
  })
})

describe('masking', () => {
  it('keeps the first letter and the domain of an address', () => {
    expect(maskEmail('aigul.n@example.org')).toBe('a•••@example.org')
    expect(maskEmail('@example.org')).toBe('•••')
    expect(maskEmail('nonsense')).toBe('•••')
  })

  it('masks every address a mail server quotes, and bounds the message', () => {
    expect(describeJobError('550 5.1.1 <aigul.n@example.org>: unknown; cc bolat@mail.kz rejected')).toBe('550 5.1.1 <a•••@example.org>: unknown; cc b•••@mail.kz rejected')
    expect(describeJobError('x'.repeat(600))).toHaveLength(500)
  })
})

describe('the retry form', () => {
  it('takes a job id and nothing else', () => {
    expect(retryJobSchema.safeParse({ intent: 'retry', jobId: 'email-ckx1' }).success).toBe(true)
    expect(retryJobSchema.safeParse({ intent: 'retry', jobId: '../x' }).success).toBe(false)
    expect(retryJobSchema.safeParse({ intent: 'cancel', jobId: 'email-ckx1' }).success).toBe(false)
  })
})
