/**
 * iCalendar (RFC 5545) for live sessions: one event per session, times in UTC (`…Z`), text escaped,
 * lines ended by CRLF and folded at 75 octets without splitting a UTF-8 character. Written here
 * rather than with the `ics` package because that one folds at 75 characters, so a Cyrillic or
 * Kazakh title makes lines of up to 150 octets, which strict readers refuse.
 */

export interface CalendarEvent {
  uid: string
  start: Date
  end: Date
  summary: string
  description?: string
  location?: string
  url?: string
  /** A cancelled session stays in a feed as CANCELLED, so calendars drop it. */
  cancelled?: boolean
  /** Bumped on every change so calendars replace their copy. */
  sequence?: number
  updated: Date
}

export interface CalendarOptions {
  name: string
  /** How often a subscribed calendar should read the feed again. */
  refreshMinutes?: number
}

/** 20261204T090000Z */
export function icsUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks as \n. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

const encoder = new TextEncoder()

/**
 * One content line folded (RFC 5545 3.1): no physical line longer than 75 octets, continuation lines
 * start with one space. Splits between characters, never inside one.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const ch of line) {
    const size = encoder.encode(ch).length
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = 74 // the leading space counts
    }
    current += ch
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

export function buildCalendar(events: readonly CalendarEvent[], options: CalendarOptions, now: Date): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Observer School//Live sessions//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`]
  if (options.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${options.refreshMinutes}M`)
  }
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${icsUtc(now)}`,
      `LAST-MODIFIED:${icsUtc(event.updated)}`,
      `SEQUENCE:${event.sequence ?? 0}`,
      `DTSTART:${icsUtc(event.start)}`,
      `DTEND:${icsUtc(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    )
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
    if (event.url) lines.push(`URL:${event.url}`)
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

/** The inverse of folding and escaping, for tests and for anyone checking a file: content lines as name → values. */
export function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '')
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** A calendar feed token: 32 random bytes, URL-safe. The caller supplies the bytes (no I/O here). */
export function calendarTokenFromBytes(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export const CALENDAR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/
