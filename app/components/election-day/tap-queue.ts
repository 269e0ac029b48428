/**
 * The check-in page's offline queue (browser only): taps wait in localStorage, oldest first, and are
 * sent one at a time, in order, whenever the device is online (on load, on the `online` event, every
 * few seconds, after each tap). A tap leaves the queue once the server recorded it (or refused it
 * for good, e.g. "left" before "arrived"); offline or a server error keeps it for the next try.
 * Each tap carries its own client id, so a tap the server recorded but whose answer was lost is
 * recorded once when it is sent again.
 */
import { afterSend, enqueue, type QueuedTap } from '~/domain/checkins.ts'

const KEY = 'observer-school.checkin-queue'

export type SendReport = { kind: 'recorded'; tap: QueuedTap } | { kind: 'refused'; tap: QueuedTap; message: string } | { kind: 'waiting'; count: number; offline: boolean } | { kind: 'idle' }

export function readQueue(): QueuedTap[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? (parsed as QueuedTap[]) : []
  } catch {
    return []
  }
}

function writeQueue(queue: readonly QueuedTap[]) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(queue))
  } catch {
    // Storage full or refused (private mode): the tap is still sent now if the device is online.
  }
}

/** A client id from the browser's random source (crypto.randomUUID needs a secure context; this does not). */
export function newClientId(): string {
  const bytes = new Uint8Array(16)
  window.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function queueTap(tap: Omit<QueuedTap, 'clientId' | 'deviceAt'>): QueuedTap {
  const queued: QueuedTap = { ...tap, clientId: newClientId(), deviceAt: new Date().toISOString() }
  writeQueue(enqueue(readQueue(), queued))
  return queued
}

let sending = false

/** Sends the queue in order; `report` hears about each tap and, at the end, what is left. */
export async function sendQueue(endpoint: string, report: (r: SendReport) => void): Promise<void> {
  if (sending) return
  sending = true
  try {
    for (;;) {
      const head = readQueue()[0]
      if (!head) {
        report({ kind: 'idle' })
        return
      }
      let outcome: 'recorded' | 'refused' | 'offline' | 'serverError'
      let message = ''
      if (!navigator.onLine) outcome = 'offline'
      else {
        try {
          const response = await fetch(endpoint, { method: 'POST', body: new URLSearchParams({ ...head }), headers: { Accept: 'application/json' }, credentials: 'same-origin' })
          if (response.ok) outcome = 'recorded'
          else if (response.status >= 500 || response.status === 429) outcome = 'serverError'
          else {
            outcome = 'refused'
            const body = (await response.json().catch(() => ({}))) as { message?: string }
            message = body.message ?? ''
          }
        } catch {
          outcome = 'offline'
        }
      }
      if (afterSend(outcome) === 'stop') {
        report({ kind: 'waiting', count: readQueue().length, offline: outcome === 'offline' })
        return
      }
      writeQueue(readQueue().filter((q) => q.clientId !== head.clientId))
      report(outcome === 'recorded' ? { kind: 'recorded', tap: head } : { kind: 'refused', tap: head, message })
    }
  } finally {
    sending = false
  }
}
