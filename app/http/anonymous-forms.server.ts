/**
 * How a route answers throttling: the refusal of a form anyone can post (429 with Retry-After, or
 * 400 for a filled honeypot), and the `headers` export that passes Retry-After on. The counting is
 * app/server/platform/throttle.server.ts's.
 */
import type { HeadersFunction } from '@remix-run/node'
import { honeypotFilled } from '~/domain/honeypot.ts'
import { throttleForm, type FormLimit, type Throttled } from '../server/platform/throttle.server.ts'

/** Why an anonymous form post is refused before it is read, and how to answer. */
export interface FormRefusal {
  formError: 'auth.tooManyRequests' | 'validation.formRejected'
  retryAfterMinutes: number
  init: ResponseInit
}

/**
 * The checks every form anyone can post goes through first: the address's limit (429 with
 * Retry-After; the submission counts), then the honeypot in the parsed form's fields as posted
 * (conform's `payload`; 400). Null when the post may be read.
 */
export async function refuseAnonymousPost(kind: FormLimit, payload: Record<string, unknown>, ip: string): Promise<FormRefusal | null> {
  const throttled = await throttleForm(kind, ip)
  if (throttled) return { formError: 'auth.tooManyRequests', retryAfterMinutes: throttled.retryAfterMinutes, init: throttledInit(throttled) }
  if (honeypotFilled(payload)) return { formError: 'validation.formRejected', retryAfterMinutes: 0, init: { status: 400 } }
  return null
}

/** A throttled answer: 429, and in how many seconds to try again. */
export function throttledInit({ retryAfterSeconds }: Pick<Throttled, 'retryAfterSeconds'>): ResponseInit {
  return { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } }
}

/**
 * A route's `headers`: a throttled answer (429) tells clients when to try again, whether an action
 * returned it or a loader threw it (Remix keeps a thrown response's headers only where a route says so).
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, errorHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After') ?? errorHeaders?.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}
