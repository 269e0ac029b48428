/** Which failures the edge answers 503 "try again" (app/server/platform/database-busy.server.ts), and which stay 500s. */
import { describe, expect, it } from 'vitest'
import { isDatabaseBusy } from '~/server/platform/database-busy.server.ts'

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code })

describe('isDatabaseBusy', () => {
  it('recognises SQLite’s busy error, as thrown and as wrapped', () => {
    expect(isDatabaseBusy(withCode('SQLITE_BUSY', 'database is locked'))).toBe(true)
    expect(isDatabaseBusy(withCode('SQLITE_BUSY_SNAPSHOT'))).toBe(true)
    expect(isDatabaseBusy(new Error('Invalid `prisma.user.create()` invocation: database is locked'))).toBe(true)
    expect(isDatabaseBusy(new Error('the write failed', { cause: withCode('SQLITE_BUSY') }))).toBe(true)
    // Prisma's known error for the driver adapter's SocketTimeout (SQLite's busy error through the adapter).
    expect(isDatabaseBusy(withCode('P1008', 'Operations timed out after `N/A`.'))).toBe(true)
    expect(isDatabaseBusy(Object.assign(withCode('P2010'), { meta: { driverAdapterError: { cause: { kind: 'SocketTimeout' } } } }))).toBe(true)
  })

  it('recognises transactions that could not start or finish in time, pool waits, deadlocks and conflicts', () => {
    expect(isDatabaseBusy(withCode('P2028', 'Transaction API error: Unable to start a transaction in the given time.'))).toBe(true)
    expect(isDatabaseBusy(withCode('P2028', 'Transaction API error: Transaction already closed: A query cannot be executed on an expired transaction. The timeout for this transaction was 15000 ms'))).toBe(true)
    expect(isDatabaseBusy(withCode('P2024'))).toBe(true)
    expect(isDatabaseBusy(withCode('P2034', 'Transaction failed due to a write conflict or a deadlock. Please retry your transaction'))).toBe(true)
    for (const sqlState of ['40001', '40P01', '55P03']) {
      expect(isDatabaseBusy(withCode(sqlState))).toBe(true)
      expect(isDatabaseBusy(Object.assign(withCode('P2010'), { meta: { driverAdapterError: { cause: { originalCode: sqlState, kind: 'postgres' } } } }))).toBe(true)
    }
  })

  it('leaves every other failure a server error', () => {
    expect(isDatabaseBusy(withCode('P2002', 'Unique constraint failed on the fields: (`email`)'))).toBe(false)
    expect(isDatabaseBusy(withCode('P2028', 'Transaction API error: Transaction not found.'))).toBe(false)
    expect(isDatabaseBusy(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false)
    expect(isDatabaseBusy(withCode('23505'))).toBe(false)
    expect(isDatabaseBusy(new TypeError('Cannot read properties of undefined'))).toBe(false)
    expect(isDatabaseBusy(new Response(null, { status: 404 }))).toBe(false)
    for (const value of [null, undefined, 'database is locked', 42]) expect(isDatabaseBusy(value)).toBe(false)
  })

  it('stops on an error that is its own cause', () => {
    const looped: Error & { cause?: unknown } = new Error('looped')
    looped.cause = looped
    expect(isDatabaseBusy(looped)).toBe(false)
  })
})
