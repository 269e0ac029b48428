/**
 * A field hidden from people (visually and from assistive technology, out of the tab order, never
 * autofilled) on every form an anonymous visitor can post. Scripts that fill every input fill it;
 * a submission with a value in it is refused like any invalid form, and nothing is written.
 */
export const HONEYPOT_FIELD = 'website'

/** Whether a parsed form (conform's payload, as posted) has anything in the honeypot. */
export function honeypotFilled(payload: Record<string, unknown>): boolean {
  const value = payload[HONEYPOT_FIELD]
  return value !== undefined && value !== ''
}
