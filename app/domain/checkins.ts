/**
 * Election-day check-in: an observer's "arrived" / "left" taps at their polling station. Pure rules,
 * shared by the server (which records taps) and the coverage board (which reads them).
 *
 * A tap's moment is the device's time when the device sent one, since a tap queued offline reaches
 * the server late; but never after the server received it (a device clock running fast cannot put
 * a tap in the future), and the server's time when the device sent none (a form without JavaScript).
 */
export const checkInKinds = ['arrived', 'left'] as const
export type CheckInKind = (typeof checkInKinds)[number]

export function isCheckInKind(value: unknown): value is CheckInKind {
  return value === 'arrived' || value === 'left'
}

export interface TapTimes {
  deviceAt: Date | null
  serverAt: Date
}

export interface RecordedTap extends TapTimes {
  kind: string
}

/** When a tap happened, as far as the server can tell (see the module's comment). */
export function tapMoment(tap: TapTimes): Date {
  if (!tap.deviceAt || Number.isNaN(tap.deviceAt.getTime())) return tap.serverAt
  return tap.deviceAt.getTime() > tap.serverAt.getTime() ? tap.serverAt : tap.deviceAt
}

/** Taps in the order they happened (ties: the order the server received them). */
export function inTapOrder<T extends TapTimes>(taps: readonly T[]): T[] {
  return [...taps].sort((a, b) => tapMoment(a).getTime() - tapMoment(b).getTime() || a.serverAt.getTime() - b.serverAt.getTime())
}

/** Present at the station at `at`: the last tap up to then was "arrived". */
export function presentAt(taps: readonly RecordedTap[], at: Date): boolean {
  let present = false
  for (const tap of inTapOrder(taps)) {
    if (tapMoment(tap).getTime() > at.getTime()) break
    present = tap.kind === 'arrived'
  }
  return present
}

/** Whether any tap says the observer arrived (at any time). */
export function everArrived(taps: readonly RecordedTap[]): boolean {
  return taps.some((t) => t.kind === 'arrived')
}

/**
 * How long around a shift a tap is taken: from two hours before it starts (observers come before
 * the station opens) to twelve hours after it ends (the count runs into the night, and a queued tap
 * may come late).
 */
export const TAP_WINDOW = { beforeStartMinutes: 120, afterEndMinutes: 12 * 60 }

export type TapRefusal = 'leftBeforeArrived' | 'outsideShift' | 'declined'

/**
 * Whether a new tap may be recorded, given the assignment's earlier taps: "left" only while present
 * (an "arrived" before it with no "left" since), any tap only around its shift, none for a declined
 * assignment. A second "arrived" while present is taken (a double tap does no harm).
 */
export function checkTap(input: { kind: CheckInKind; times: TapTimes; earlier: readonly RecordedTap[]; shift: { startsAt: Date; endsAt: Date }; assignmentStatus: string }): { ok: true } | { ok: false; error: TapRefusal } {
  if (input.assignmentStatus === 'declined') return { ok: false, error: 'declined' }
  const at = tapMoment(input.times).getTime()
  if (at < input.shift.startsAt.getTime() - TAP_WINDOW.beforeStartMinutes * 60_000 || at > input.shift.endsAt.getTime() + TAP_WINDOW.afterEndMinutes * 60_000) {
    return { ok: false, error: 'outsideShift' }
  }
  if (input.kind === 'left' && !presentAt(input.earlier, new Date(at))) return { ok: false, error: 'leftBeforeArrived' }
  return { ok: true }
}

/** A client id as devices make them (and the page does for forms without JavaScript): 8 to 64 safe characters. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

/**
 * The taps a device holds while offline, sent oldest first. Pure so the order rule is tested here;
 * the page's script keeps the queue in localStorage and calls these.
 */
export interface QueuedTap {
  assignmentId: string
  kind: CheckInKind
  clientId: string
  deviceAt: string
}

/** What to do with the head of the queue after one send: drop it (recorded, or refused for good) or keep it and stop (offline, server trouble). */
export function afterSend(outcome: 'recorded' | 'refused' | 'offline' | 'serverError'): 'drop' | 'stop' {
  return outcome === 'recorded' || outcome === 'refused' ? 'drop' : 'stop'
}

/** Adds a tap to the end of the queue unless a tap with its client id is already there. */
export function enqueue(queue: readonly QueuedTap[], tap: QueuedTap): QueuedTap[] {
  return queue.some((q) => q.clientId === tap.clientId) ? [...queue] : [...queue, tap]
}

/** "07:30": a time of day in Kazakhstan time (shifts, taps), the same in every language. */
export function formatClock(date: Date): string {
  const shifted = new Date(date.getTime() + 5 * 3_600_000)
  return `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`
}
