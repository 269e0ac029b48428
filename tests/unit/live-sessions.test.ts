/** The rules of live sessions: Kazakhstan time, seats and the waitlist, reminders, attendance codes, who runs a session, and the calendar files. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { kzParts } from '~/domain/assignments.ts'
import { buildCalendar, calendarTokenFromBytes, CALENDAR_TOKEN_PATTERN, escapeText, foldLine, unescapeText, unfold } from '~/domain/ics.ts'
import {
  ATTENDANCE_OPENS_BEFORE_MS,
  attendanceCounts,
  attendanceWindow,
  canManageSession,
  CODE_ALPHABET,
  CODE_LENGTH,
  CODE_ROTATE_MS,
  CODE_TTL_MS,
  codeFromBytes,
  dueReminder,
  judgeCode,
  kazakhstanInstant,
  needsNewCode,
  normaliseCode,
  placeFor,
  promotions,
  sessionSchema,
} from '~/domain/live-sessions.ts'

const MIN = 60_000
const HOUR = 60 * MIN

describe('Kazakhstan time', () => {
  it('reads a typed date and time as UTC+5, all year (no daylight saving)', () => {
    expect(kazakhstanInstant('2026-12-04', '19:00')?.toISOString()).toBe('2026-12-04T14:00:00.000Z')
    expect(kazakhstanInstant('2027-07-01', '03:30')?.toISOString()).toBe('2027-06-30T22:30:00.000Z')
    expect(kzParts(new Date('2026-12-04T14:00:00Z'))).toEqual({ date: '2026-12-04', time: '19:00' })
  })
  it('refuses dates and times that do not exist', () => {
    expect(kazakhstanInstant('2026-02-30', '10:00')).toBeNull()
    expect(kazakhstanInstant('2026-12-04', '24:00')).toBeNull()
    expect(kazakhstanInstant('2026-12-04', '7pm')).toBeNull()
  })
  it('round-trips any minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), (minutes) => {
        const instant = new Date(Date.UTC(2026, 0, 1) + minutes * MIN)
        const { date, time } = kzParts(instant)
        expect(kazakhstanInstant(date, time)?.getTime()).toBe(instant.getTime())
      }),
    )
  })
})

describe('the scheduling form', () => {
  const base = { titleRu: 'Занятие', titleKk: 'Сабақ', titleEn: 'Session', date: '2026-12-04', startTime: '19:00', endTime: '20:30', campaigns: ['c1'], waitlist: 'on' }
  const parse = (extra: Record<string, unknown>) => sessionSchema.safeParse({ ...base, ...extra })
  it('takes an online session with an https link, times in Kazakhstan time', () => {
    const r = parse({ format: 'ONLINE', meetingUrl: 'https://zoom.us/j/123' })
    expect(r.success && r.data.startsAt.toISOString()).toBe('2026-12-04T14:00:00.000Z')
    expect(r.success && r.data.endsAt.toISOString()).toBe('2026-12-04T15:30:00.000Z')
    expect(r.success && r.data.address).toBeNull()
  })
  it('refuses an online session without a link, or with a plain http or javascript one', () => {
    for (const meetingUrl of [undefined, 'http://zoom.us/j/1', 'javascript:alert(1)', 'zoom.us/j/1']) expect(parse({ format: 'ONLINE', meetingUrl }).success).toBe(false)
  })
  it('needs an address offline, drops a link, keeps capacity', () => {
    expect(parse({ format: 'OFFLINE' }).success).toBe(false)
    const r = parse({ format: 'OFFLINE', address: 'Алматы, Абая 10', room: '305', capacity: '20', meetingUrl: 'https://x.example' })
    expect(r.success && [r.data.meetingUrl, r.data.room, r.data.capacity]).toEqual([null, '305', 20])
  })
  it('an evening session past midnight ends the next day; more than 12 hours is refused', () => {
    const r = parse({ format: 'ONLINE', meetingUrl: 'https://meet.jit.si/x', startTime: '23:00', endTime: '01:00' })
    expect(r.success && r.data.endsAt.toISOString()).toBe('2026-12-04T20:00:00.000Z')
    expect(parse({ format: 'ONLINE', meetingUrl: 'https://meet.jit.si/x', startTime: '06:00', endTime: '19:00' }).success).toBe(false)
  })
  it('names the field that is wrong, in words that fit it', () => {
    const issue = (extra: Record<string, unknown>) => {
      const r = parse({ format: 'ONLINE', meetingUrl: 'https://meet.jit.si/x', ...extra })
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    }
    expect(issue({ startTime: '25:00' })).toEqual(['startTime:live.errors.time'])
    expect(issue({ endTime: '10:75' })).toEqual(['endTime:live.errors.time'])
    expect(issue({ date: '2026-02-30' })).toEqual(['date:validation.date'])
    // A date that exists but is surely a typo.
    expect(issue({ date: '9999-12-31' })).toEqual(['date:validation.dateRange'])
    expect(issue({ date: '1999-12-31' })).toEqual(['date:validation.dateRange'])
    expect(issue({ date: '2099-12-31' })).toBeNull()
    // An end typed before the start reads as a 23-hour session past midnight: said as what it is.
    expect(issue({ startTime: '10:00', endTime: '09:00' })).toEqual(['endTime:live.errors.endBeforeStart'])
    expect(issue({ startTime: '06:00', endTime: '19:00' })).toEqual(['endTime:live.errors.tooLong'])
  })
  it('needs a campaign, and a capacity from 1', () => {
    expect(parse({ format: 'ONLINE', meetingUrl: 'https://a.example', campaigns: [] }).success).toBe(false)
    expect(parse({ format: 'ONLINE', meetingUrl: 'https://a.example', capacity: '0' }).success).toBe(false)
  })
})

describe('seats and the waitlist', () => {
  it('seats while there is room, then waitlists, or refuses without a waitlist', () => {
    expect(placeFor({ capacity: 2, waitlist: true }, 1)).toBe('registered')
    expect(placeFor({ capacity: 2, waitlist: true }, 2)).toBe('waitlisted')
    expect(placeFor({ capacity: 2, waitlist: false }, 2)).toBe('full')
    expect(placeFor({ capacity: null, waitlist: false }, 10_000)).toBe('registered')
  })
  it('promotes first come, first served, as many as there are free seats', () => {
    const w = [
      { id: 'c', registeredAt: new Date('2026-12-01T10:02:00Z') },
      { id: 'a', registeredAt: new Date('2026-12-01T10:00:00Z') },
      { id: 'b', registeredAt: new Date('2026-12-01T10:01:00Z') },
    ]
    expect(promotions({ capacity: 5 }, 4, w)).toEqual(['a'])
    expect(promotions({ capacity: 5 }, 3, w)).toEqual(['a', 'b'])
    expect(promotions({ capacity: 5 }, 5, w)).toEqual([])
    expect(promotions({ capacity: null }, 5, w)).toEqual(['a', 'b', 'c'])
  })
  it('counts attended, no-shows (only once the session ended) and walk-ins', () => {
    const rows = [
      { status: 'registered', attendedAt: new Date() },
      { status: 'registered', attendedAt: null },
      { status: 'waitlisted', attendedAt: null },
      { status: 'walk-in', attendedAt: new Date() },
    ]
    expect(attendanceCounts(rows, false)).toEqual({ registered: 2, waitlisted: 1, attended: 2, noShows: 0, walkIns: 1 })
    expect(attendanceCounts(rows, true).noShows).toBe(1)
  })
})

describe('reminders', () => {
  const start = new Date('2026-12-04T14:00:00Z')
  const at = (msBefore: number) => new Date(start.getTime() - msBefore)
  const none = { day: false, hour: false }
  it('the day one from 24 hours before until the last hour, then the hour one', () => {
    expect(dueReminder(start, at(25 * HOUR), none)).toBeNull()
    expect(dueReminder(start, at(24 * HOUR), none)).toBe('day')
    expect(dueReminder(start, at(2 * HOUR), none)).toBe('day')
    expect(dueReminder(start, at(HOUR), none)).toBe('hour')
    expect(dueReminder(start, at(1), none)).toBe('hour')
    expect(dueReminder(start, at(0), none)).toBeNull()
  })
  it('each once: a sent one is not due again; a missed day one is skipped in the last hour', () => {
    expect(dueReminder(start, at(3 * HOUR), { day: true, hour: false })).toBeNull()
    expect(dueReminder(start, at(30 * MIN), { day: false, hour: true })).toBeNull()
    expect(dueReminder(start, at(30 * MIN), none)).toBe('hour')
  })
})

describe('attendance codes', () => {
  const now = new Date('2026-12-04T14:10:00Z')
  const live = { expiresAt: new Date(now.getTime() + MIN), sessionCancelled: false, sessionStartsAt: new Date('2026-12-04T14:00:00Z') }
  it('are five characters of an alphabet without look-alikes', () => {
    const code = codeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5]))
    expect(code).toHaveLength(CODE_LENGTH)
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL5S2Z8B]/)
    // Bytes the alphabet cannot take evenly are skipped, not folded (no bias).
    expect(codeFromBytes(new Uint8Array([250, 251, 255, 0, 0, 0, 0, 0]))).toBe('AAAAA')
    expect(codeFromBytes(new Uint8Array([255, 255]))).toBeNull()
  })
  it('are read forgivingly (case, spaces, a dash) and strictly (length, alphabet)', () => {
    expect(normaliseCode(' ac-d e f ')).toBe('ACDEF')
    expect(normaliseCode('ACDE')).toBeNull()
    expect(normaliseCode('ACDE0')).toBeNull()
    expect(normaliseCode("A' OR 1")).toBeNull()
  })
  it('rotate every minute and live for a few', () => {
    expect(CODE_ROTATE_MS).toBe(60_000)
    expect(CODE_TTL_MS).toBeGreaterThanOrEqual(3 * MIN)
    expect(CODE_TTL_MS).toBeLessThanOrEqual(5 * MIN)
    expect(needsNewCode(null, now)).toBe(true)
    expect(needsNewCode({ createdAt: new Date(now.getTime() - 59_000) }, now)).toBe(false)
    expect(needsNewCode({ createdAt: new Date(now.getTime() - 60_000) }, now)).toBe(true)
  })
  it('expiry: a code past its lifetime is refused, at the very millisecond', () => {
    expect(judgeCode({ ...live, expiresAt: now }, null, now)).toBe('expired')
    expect(judgeCode({ ...live, expiresAt: new Date(now.getTime() + 1) }, null, now)).toBe('recorded')
  })
  it("someone with no seat outside the session's audience (another NGO's volunteer) is refused; a seat or the audience records", () => {
    expect(judgeCode(live, null, now, false)).toBe('otherNgo')
    expect(judgeCode(live, null, now, true)).toBe('recorded')
    expect(judgeCode(live, { attendedAt: null }, now, false)).toBe('recorded')
    expect(judgeCode(live, { attendedAt: now }, now, false)).toBe('alreadyRecorded')
    // The code's own refusals come first.
    expect(judgeCode({ ...live, sessionCancelled: true }, null, now, false)).toBe('cancelled')
  })
  it('unknown codes and cancelled sessions are refused', () => {
    expect(judgeCode(null, null, now)).toBe('unknown')
    expect(judgeCode({ ...live, sessionCancelled: true }, null, now)).toBe('cancelled')
  })
  it('once per person, and a replay (same or later code) records nothing new', () => {
    expect(judgeCode(live, { attendedAt: null }, now)).toBe('recorded')
    expect(judgeCode(live, { attendedAt: new Date(now.getTime() - MIN) }, now)).toBe('alreadyRecorded')
    // A replay of an expired code by someone already present is still an expired code.
    expect(judgeCode({ ...live, expiresAt: new Date(now.getTime() - 1) }, { attendedAt: new Date() }, now)).toBe('expired')
  })
})

describe('when attendance can be recorded', () => {
  const startsAt = new Date('2026-12-13T06:00:00Z')
  const at = (offset: number) => new Date(startsAt.getTime() + offset)
  it('opens half an hour before the start, to the millisecond, and stays open after the end', () => {
    expect(ATTENDANCE_OPENS_BEFORE_MS).toBe(30 * MIN)
    expect(attendanceWindow({ startsAt, cancelledAt: null }, at(-6 * 24 * HOUR))).toBe('notStarted')
    expect(attendanceWindow({ startsAt, cancelledAt: null }, at(-30 * MIN - 1))).toBe('notStarted')
    expect(attendanceWindow({ startsAt, cancelledAt: null }, at(-30 * MIN))).toBe('open')
    expect(attendanceWindow({ startsAt, cancelledAt: null }, at(3 * 24 * HOUR))).toBe('open')
  })
  it('never opens for a cancelled session', () => {
    expect(attendanceWindow({ startsAt, cancelledAt: at(-HOUR) }, at(HOUR))).toBe('cancelled')
  })
  it('a code of a session that has not opened (shown early, or the session moved later) records nothing', () => {
    const code = { expiresAt: at(-6 * 24 * HOUR + 4 * MIN), sessionCancelled: false, sessionStartsAt: startsAt }
    expect(judgeCode(code, null, at(-6 * 24 * HOUR))).toBe('notStarted')
    expect(judgeCode({ ...code, expiresAt: at(-28 * MIN) }, null, at(-30 * MIN))).toBe('recorded')
  })
})

describe('who runs a session', () => {
  const trainerA = { id: 't', isAdmin: false, memberships: [{ ngoId: 'A', role: 'TRAINER' as const }] }
  const leadA = { id: 'la', isAdmin: false, memberships: [{ ngoId: 'A', role: 'LEAD' as const }] }
  const leadB = { id: 'lb', isAdmin: false, memberships: [{ ngoId: 'B', role: 'LEAD' as const }] }
  const admin = { id: 'x', isAdmin: true, memberships: [] }
  const volunteer = { id: 'v', isAdmin: false, memberships: [] }
  it('coalition-wide: any trainer and admins, not leads', () => {
    const s = { ngoId: null, trainerIds: [] }
    expect([trainerA, leadA, leadB, admin, volunteer].map((a) => canManageSession(a, s))).toEqual([true, false, false, true, false])
  })
  it("an NGO's own: its lead, the trainers named on it, admins; never another NGO's lead", () => {
    const s = { ngoId: 'A', trainerIds: ['t'] }
    expect([trainerA, leadA, leadB, admin, volunteer].map((a) => canManageSession(a, s))).toEqual([true, true, false, true, false])
    expect(canManageSession(trainerA, { ngoId: 'A', trainerIds: [] })).toBe(false)
  })
})

describe('calendar files (RFC 5545)', () => {
  const event = {
    uid: 'live-abc@observer-school',
    start: new Date('2026-12-04T14:00:00Z'),
    end: new Date('2026-12-04T15:30:00Z'),
    summary: 'Права и обязанности наблюдателя; подсчёт голосов, протоколы — очень длинное название, чтобы строка переносилась',
    description: 'Строка 1\nСтрока 2, с запятой; и точкой с запятой \\ обратной чертой\n\nhttps://zoom.us/j/0000000000?pwd=demo',
    location: 'Алматы, пр. Абая, 10, ауд. 305',
    url: 'https://school.example.org/sessions/abc',
    updated: new Date('2026-12-01T00:00:00Z'),
  }
  const text = buildCalendar([event], { name: 'Школа наблюдателя: занятия', refreshMinutes: 60 }, new Date('2026-12-02T10:00:00Z'))
  const physical = text.split('\r\n')

  it('ends every line with CRLF, and no physical line is longer than 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of physical) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(physical.some((l) => l.startsWith(' '))).toBe(true)
  })
  it('writes times in UTC', () => {
    const lines = unfold(text)
    expect(lines).toContain('DTSTART:20261204T140000Z')
    expect(lines).toContain('DTEND:20261204T153000Z')
    expect(lines.filter((l) => /^DT(START|END|STAMP)/.test(l)).every((l) => /T\d{6}Z$/.test(l))).toBe(true)
  })
  it('parses back: unfolded and unescaped, the values are what went in', () => {
    const lines = unfold(text)
    const value = (name: string) => unescapeText((lines.find((l) => l.startsWith(`${name}:`)) ?? '').slice(name.length + 1))
    expect(value('SUMMARY')).toBe(event.summary)
    expect(value('DESCRIPTION')).toBe(event.description)
    expect(value('LOCATION')).toBe(event.location)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines.at(-1)).toBe('END:VCALENDAR')
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1)
    // Every content line is NAME[;params]:value.
    for (const l of lines) expect(l).toMatch(/^[A-Z-]+(;[A-Z-]+=[^:;]+)*:/)
  })
  it('folds between characters, never inside a multi-byte one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ж', 'ә', '€', '😀', ' ', ','), maxLength: 300 }), (s) => {
        const folded = foldLine(`SUMMARY:${s}`)
        for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
        expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${s}`)
      }),
    )
  })
  it('escapes what TEXT must', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
  })
  it('feed tokens are 43 URL-safe characters', () => {
    const token = calendarTokenFromBytes(new Uint8Array(32).fill(251))
    expect(token).toMatch(CALENDAR_TOKEN_PATTERN)
  })
})
