/**
 * A form posted twice (a double click, a phone sending it again on a bad link) must not do its work
 * twice. Where a post creates something a person would see twice (a live session, a note, a message to
 * recruits), the server looks, in the writing transaction, for the same thing the same person made this
 * recently and answers with it instead.
 */
export const RESUBMIT_WINDOW_MS = 2 * 60_000

/** The earliest moment a post's twin can date from. */
export function resubmitSince(now = new Date()): Date {
  return new Date(now.getTime() - RESUBMIT_WINDOW_MS)
}
