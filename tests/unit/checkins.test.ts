import { describe, expect, it } from 'vitest'
import { afterSend, checkTap, enqueue, inTapOrder, presentAt, tapMoment, type QueuedTap, type RecordedTap } from '~/domain/checkins.ts'
import { currentShift, isLate, summariseCoverage, type BoardAssignment } from '~/domain/coverage.ts'
import { letterIdentity, letterReference, parseLetterLanguage } from '~/domain/letters.ts'

const at = (hhmm: string) => new Date(`2027-03-21T${hhmm}:00Z`)
const tap = (kind: 'arrived' | 'left', server: string, device?: string): RecordedTap => ({ kind, serverAt: at(server), deviceAt: device ? at(device) : null })
const shift = { startsAt: at('02:00'), endsAt: at('08:00') }

describe('check-in rules', () => {
  it('takes the device time for a queued tap, but never after the server received it', () => {
    expect(tapMoment({ deviceAt: at('02:05'), serverAt: at('03:00') })).toEqual(at('02:05'))
    expect(tapMoment({ deviceAt: at('04:00'), serverAt: at('03:00') })).toEqual(at('03:00'))
    expect(tapMoment({ deviceAt: null, serverAt: at('03:00') })).toEqual(at('03:00'))
  })

  it('refuses "left" before any "arrived", with its own reason', () => {
    expect(checkTap({ kind: 'left', times: { deviceAt: null, serverAt: at('03:00') }, earlier: [], shift, assignmentStatus: 'assigned' })).toEqual({ ok: false, error: 'leftBeforeArrived' })
  })

  it('takes "left" after "arrived", and refuses a second "left"', () => {
    const arrived = [tap('arrived', '02:10')]
    expect(checkTap({ kind: 'left', times: { deviceAt: null, serverAt: at('03:00') }, earlier: arrived, shift, assignmentStatus: 'confirmed' })).toEqual({ ok: true })
    const both = [...arrived, tap('left', '03:00')]
    expect(checkTap({ kind: 'left', times: { deviceAt: null, serverAt: at('03:30') }, earlier: both, shift, assignmentStatus: 'confirmed' }).ok).toBe(false)
  })

  it('judges a queued "left" by when it was tapped: a "left" tapped before the "arrived" is refused', () => {
    const arrived = [tap('arrived', '02:30', '02:30')]
    // Tapped at 02:20 offline, sent at 02:40: before the arrival.
    expect(checkTap({ kind: 'left', times: { deviceAt: at('02:20'), serverAt: at('02:40') }, earlier: arrived, shift, assignmentStatus: 'assigned' })).toEqual({ ok: false, error: 'leftBeforeArrived' })
  })

  it('an offline queue sent late, in order, gives the order it was tapped in', () => {
    // arrived 02:05, left 05:00, arrived again 05:30 — all queued, all reaching the server at 06:00 (in order).
    const taps = [tap('arrived', '06:00', '02:05'), tap('left', '06:00', '05:00'), tap('arrived', '06:00', '05:30')]
    expect(inTapOrder([taps[2]!, taps[0]!, taps[1]!]).map((t) => t.deviceAt)).toEqual([at('02:05'), at('05:00'), at('05:30')])
    expect(presentAt(taps, at('04:00'))).toBe(true)
    expect(presentAt(taps, at('05:10'))).toBe(false)
    expect(presentAt(taps, at('07:00'))).toBe(true)
  })

  it('takes taps from two hours before the shift to twelve hours after it, none for a declined assignment', () => {
    const ok = (server: Date, status = 'assigned') => checkTap({ kind: 'arrived', times: { deviceAt: null, serverAt: server }, earlier: [], shift, assignmentStatus: status })
    expect(ok(at('00:00'))).toEqual({ ok: true })
    expect(ok(at('00:00'), 'declined')).toEqual({ ok: false, error: 'declined' })
    expect(ok(new Date(at('00:00').getTime() - 60_000))).toEqual({ ok: false, error: 'outsideShift' })
    expect(ok(new Date(at('20:00').getTime() + 60_000))).toEqual({ ok: false, error: 'outsideShift' })
  })

  it('the device queue keeps the tapping order, holds a client id once, and keeps a tap that could not be sent', () => {
    const q = (clientId: string, kind: 'arrived' | 'left' = 'arrived'): QueuedTap => ({ assignmentId: 'a1', kind, clientId, deviceAt: '2027-03-21T02:00:00Z' })
    let queue: QueuedTap[] = []
    queue = enqueue(queue, q('first-tap'))
    queue = enqueue(queue, q('second-tap', 'left'))
    queue = enqueue(queue, q('first-tap'))
    expect(queue.map((t) => t.clientId)).toEqual(['first-tap', 'second-tap'])
    expect(afterSend('offline')).toBe('stop')
    expect(afterSend('serverError')).toBe('stop')
    expect(afterSend('recorded')).toBe('drop')
    expect(afterSend('refused')).toBe('drop')
  })
})

describe('coverage board', () => {
  const a = (ngoId: string, stationId: string, taps: RecordedTap[], extra: Partial<BoardAssignment> = {}): BoardAssignment => ({ ngoId, stationId, regionCode: 'KZ-75', status: 'assigned', taps, ...extra })

  it('counts a station covered when any observer is present now, once however many NGOs are there', () => {
    const now = at('03:00')
    const summary = summariseCoverage(
      [
        a('n1', 's1', [tap('arrived', '02:01')]),
        a('n2', 's1', [tap('arrived', '02:02')]),
        a('n1', 's2', [tap('arrived', '02:01'), tap('left', '02:30')]),
        a('n2', 's3', []),
        a('n1', 's4', [], { status: 'declined' }),
        a('n2', 's5', [], { regionCode: 'KZ-19' }),
      ],
      shift.startsAt,
      now,
    )
    expect({ assigned: summary.assigned, covered: summary.covered, late: summary.late }).toEqual({ assigned: 4, covered: 1, late: 2 })
    expect(summary.byNgo.get('n1')).toEqual({ assigned: 2, covered: 1, late: 0 })
    expect(summary.byNgo.get('n2')).toEqual({ assigned: 3, covered: 1, late: 2 })
    expect(summary.byRegion.get('KZ-75')).toEqual({ assigned: 3, covered: 1, late: 1 })
    expect(summary.byRegion.get('KZ-19')).toEqual({ assigned: 1, covered: 0, late: 1 })
  })

  it('is late only some minutes after the shift started, and not after an arrival however brief', () => {
    expect(isLate({ status: 'assigned', taps: [] }, shift.startsAt, at('02:14'))).toBe(false)
    expect(isLate({ status: 'assigned', taps: [] }, shift.startsAt, at('02:15'))).toBe(true)
    expect(isLate({ status: 'assigned', taps: [tap('arrived', '02:20'), tap('left', '02:25')] }, shift.startsAt, at('03:00'))).toBe(false)
  })

  it('shows the running shift, else the last started, else the first to come', () => {
    const s1 = { id: 1, startsAt: at('02:00'), endsAt: at('08:00') }
    const s2 = { id: 2, startsAt: at('08:00'), endsAt: at('15:00') }
    expect(currentShift([s1, s2], at('09:00'))?.id).toBe(2)
    expect(currentShift([s1, s2], at('16:00'))?.id).toBe(2)
    expect(currentShift([s1, s2], at('01:00'))?.id).toBe(1)
    expect(currentShift([], at('01:00'))).toBeUndefined()
  })
})

describe('letters', () => {
  it('print the typed ID document, else the IIN masked', () => {
    expect(letterIdentity(' N12345678 ', '900515300424')).toEqual({ kind: 'document', value: 'N12345678' })
    expect(letterIdentity(null, '900515300424')).toEqual({ kind: 'iin', value: '••••••••0424' })
    expect(letterIdentity('  ', '900515300424').kind).toBe('iin')
  })

  it('have a reference from the station and the assignment, and a language that falls back', () => {
    expect(letterReference('145', 'clxyz0000abc8f3k2q')).toBe('145-8F3K2Q')
    expect(parseLetterLanguage('kk')).toBe('kk')
    expect(parseLetterLanguage('de', 'en')).toBe('en')
  })
})
