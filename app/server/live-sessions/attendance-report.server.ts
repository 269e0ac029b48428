/**
 * A live session's participant report (Zoom's CSV first) turned into attendance, through the same
 * steps as a volunteer import: upload (the file is read and kept in AttendanceReport), mapping (which
 * column is what, and the minimum minutes), review (the dry run: who is matched, by what, who is too
 * short or unmatched, with matching by hand), import (attendance set in one transaction, the
 * certification rule applied again to each person who gained one). Importing the same report again
 * changes nothing. Only who may manage the session reaches any of it (canManageSession).
 */
import type { AuditAction } from '~/domain/audit.ts'
import { attends, countOutcomes, groupParticipants, guessReportColumns, looksLikeParticipantHeader, matchParticipants, participantOutcomes, type Candidate, type MatchedParticipant, type ParticipantOutcome, type ReportMapping, DEFAULT_MINIMUM_MINUTES } from '~/domain/attendance-report.ts'
import type { FileError, ImportRow } from '~/domain/import-file.ts'
import { attendanceWindow, canManageSession } from '~/domain/live-sessions.ts'
import { tellNamesakesApart } from '~/domain/masking.ts'
import type { Actor } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { cleanFileName, readTable } from '../recruitment/imports.server.ts'
import { attendanceChanged } from './attendance.server.ts'

/** Who acts on which session's reports: made only by `reportAccess` after the check. */
export interface ReportAccess {
  actorId: string
  sessionId: string
  ngoId: string | null
}

export type ManagedSession = NonNullable<Awaited<ReturnType<typeof findSession>>>

function findSession(sessionId: string) {
  return db.liveSession.findUnique({
    where: { id: sessionId },
    select: { id: true, ngoId: true, format: true, titleRu: true, titleKk: true, titleEn: true, startsAt: true, cancelledAt: true, trainers: { select: { userId: true } }, campaigns: { select: { campaignId: true } } },
  })
}

/** The session and the access to its reports, 'notFound', or 'forbidden' for someone who may not manage it. */
export async function reportAccess(actor: Actor, sessionId: string): Promise<{ session: ManagedSession; access: ReportAccess } | 'notFound' | 'forbidden'> {
  const session = await findSession(sessionId)
  if (!session) return 'notFound'
  if (!canManageSession(actor, { ngoId: session.ngoId, trainerIds: session.trainers.map((t) => t.userId) })) return 'forbidden'
  return { session, access: { actorId: actor.id, sessionId: session.id, ngoId: session.ngoId } }
}

const audit = (access: ReportAccess, action: AuditAction, reportId: string, ip: string, details: Record<string, unknown>) => ({
  actorId: access.actorId,
  action,
  targetType: 'attendance_report',
  targetId: reportId,
  ngoId: access.ngoId ?? undefined,
  ip,
  details: { sessionId: access.sessionId, ...details },
})

export type ReportUploadResult = { ok: true; reportId: string } | { ok: false; error: FileError }

/** Reads the file (a summary block above the participant header is skipped) and keeps it; nothing is imported yet. */
export async function uploadReport(access: ReportAccess, file: { name: string; bytes: Uint8Array }, ip: string): Promise<ReportUploadResult> {
  const read = await readTable(file.bytes, looksLikeParticipantHeader)
  if (!read.ok) return read
  const { headers, rows } = read.table
  const mapping: ReportMapping = { columns: guessReportColumns(headers), minimumMinutes: DEFAULT_MINIMUM_MINUTES, manual: {} }
  const fileName = cleanFileName(file.name)
  const created = await db.$transaction(async (tx) => {
    const row = await tx.attendanceReport.create({
      data: { sessionId: access.sessionId, actorId: access.actorId, fileName, headers: JSON.stringify(headers), rows: JSON.stringify(rows), mapping: JSON.stringify(mapping) },
      select: { id: true },
    })
    await recordAudit(audit(access, 'attendance_report.uploaded', row.id, ip, { fileName, rows: rows.length, bytes: file.bytes.length }), tx)
    return row
  })
  return { ok: true, reportId: created.id }
}

export async function listReports(access: ReportAccess) {
  const rows = await db.attendanceReport.findMany({ where: { sessionId: access.sessionId }, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, fileName: true, createdAt: true, importedAt: true } })
  return rows
}

interface StoredReport {
  id: string
  fileName: string
  createdAt: Date
  importedAt: Date | null
  headers: string[]
  rows: ImportRow[]
  mapping: ReportMapping
  imported: ImportCounts | null
}

export interface ImportCounts {
  /** People whose attendance this import recorded. */
  recorded: number
  /** Matched people whose attendance was already recorded (by code, by hand, by an earlier import). */
  already: number
  outcomes: Record<ParticipantOutcome, number>
}

/** One report of the session (never another session's), its JSON read back. */
export async function getReport(access: ReportAccess, reportId: string): Promise<StoredReport | null> {
  const row = await db.attendanceReport.findFirst({ where: { id: reportId, sessionId: access.sessionId } })
  if (!row) return null
  const mapping = JSON.parse(row.mapping ?? 'null') as ReportMapping | null
  return {
    id: row.id,
    fileName: row.fileName,
    createdAt: row.createdAt,
    importedAt: row.importedAt,
    headers: JSON.parse(row.headers) as string[],
    rows: JSON.parse(row.rows) as ImportRow[],
    mapping: mapping ?? { columns: {}, minimumMinutes: DEFAULT_MINIMUM_MINUTES, manual: {} },
    imported: row.result ? (JSON.parse(row.result) as ImportCounts) : null,
  }
}

/** Up to three values of each column, for the mapping step. */
export function columnSamples(report: StoredReport): string[][] {
  return report.headers.map((_, i) => [...new Set(report.rows.map((r) => (r.cells[i] ?? '').trim()).filter(Boolean))].slice(0, 3))
}

export async function saveReportMapping(access: ReportAccess, reportId: string, input: Pick<ReportMapping, 'columns' | 'minimumMinutes'>, ip: string): Promise<boolean> {
  const report = await getReport(access, reportId)
  if (!report) return false
  const mapping: ReportMapping = { ...report.mapping, columns: input.columns, minimumMinutes: input.minimumMinutes }
  await db.$transaction(async (tx) => {
    await tx.attendanceReport.update({ where: { id: reportId }, data: { mapping: JSON.stringify(mapping) } })
    await recordAudit(audit(access, 'attendance_report.mapped', reportId, ip, { columns: input.columns, minimumMinutes: input.minimumMinutes }), tx)
  })
  return true
}

/**
 * Who may have attended: everyone registered for the session (any status), and the volunteers of its
 * campaigns (open applications; of the session's NGO when it has one), with their account and legal names and emails.
 */
async function candidates(session: ManagedSession): Promise<{ all: Candidate[]; registered: Set<string>; names: Map<string, string> }> {
  const [registrations, applications] = await Promise.all([
    db.liveSessionRegistration.findMany({ where: { sessionId: session.id }, select: { userId: true, user: { select: { name: true, email: true } } } }),
    session.campaigns.length
      ? db.application.findMany({
          where: { campaignId: { in: session.campaigns.map((c) => c.campaignId) }, state: { in: ['submitted', 'screening', 'accepted', 'in_training', 'certified'] }, anonymisedAt: null, ...(session.ngoId ? { ngoId: session.ngoId } : {}) },
          select: { userId: true, fullName: true, email: true, user: { select: { name: true, email: true } } },
        })
      : Promise.resolve([]),
  ])
  const byUser = new Map<string, { names: Set<string>; emails: Set<string> }>()
  const add = (userId: string, names: string[], emails: string[]) => {
    const entry = byUser.get(userId) ?? { names: new Set(), emails: new Set() }
    for (const n of names) if (n) entry.names.add(n)
    for (const e of emails) if (e) entry.emails.add(e)
    byUser.set(userId, entry)
  }
  for (const r of registrations) add(r.userId, [r.user.name], [r.user.email])
  for (const a of applications) add(a.userId, [a.fullName, a.user.name], [a.email, a.user.email])
  const all = [...byUser].map(([userId, e]) => ({ userId, names: [...e.names], emails: [...e.emails] }))
  // The name a screen shows for a person: the legal one when known (the last added), else the account's.
  const names = new Map(all.map((c) => [c.userId, c.names.at(-1) ?? c.names[0] ?? '']))
  for (const a of applications) names.set(a.userId, a.fullName)
  return { all, registered: new Set(registrations.map((r) => r.userId)), names }
}

export interface ReviewRow {
  key: string
  name: string
  email: string
  minutes: number
  rows: number[]
  outcome: ParticipantOutcome
  personName: string | null
  userId: string | null
}

export const REVIEW_PAGE_SIZE = 50

/** The dry run: each participant's outcome, with counts; and the registered people one may match by hand. */
export async function reviewReport(session: ManagedSession, report: StoredReport, options: { page: number; show?: ParticipantOutcome }) {
  const { all, registered, names } = await candidates(session)
  const matched = matchParticipants(groupParticipants(report.rows, report.mapping.columns), all, report.mapping)
  const counts = countOutcomes(matched)
  const order = (m: MatchedParticipant) => participantOutcomes.length - participantOutcomes.indexOf(m.outcome)
  const listed = matched.filter((m) => !options.show || m.outcome === options.show).sort((a, b) => order(a) - order(b))
  const pages = Math.max(1, Math.ceil(listed.length / REVIEW_PAGE_SIZE))
  const page = Math.min(options.page, pages)
  const rows: ReviewRow[] = listed.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE).map((m) => ({
    key: m.key, name: m.name, email: m.email, minutes: m.minutes, rows: m.rows, outcome: m.outcome, userId: m.userId, personName: m.userId ? (names.get(m.userId) ?? null) : null,
  }))
  const taken = new Set(matched.filter((m) => m.userId).map((m) => m.userId))
  const emails = new Map(all.map((c) => [c.userId, c.emails[0] ?? '']))
  // Two registered people of one name (an "ambiguous" participant is exactly that) read apart by their addresses' ends.
  const choices = tellNamesakesApart([...registered].filter((id) => !taken.has(id)).map((id) => ({ userId: id, name: names.get(id) ?? '', email: emails.get(id) ?? '' })))
    .map(({ email: _email, ...choice }) => choice)
    .sort((a, b) => a.name.localeCompare(b.name, 'ru') || (a.hint ?? '').localeCompare(b.hint ?? ''))
  return { counts, attending: matched.filter((m) => attends(m.outcome)).length, rows, page, pageCount: pages, choices, minimumMinutes: report.mapping.minimumMinutes }
}

export type MatchResult = { ok: true } | { ok: false; error: 'notFound' | 'notCandidate' }

/** Matches a participant by hand to someone registered (or undoes it, `userId` empty). */
export async function matchByHand(session: ManagedSession, access: ReportAccess, reportId: string, key: string, userId: string, ip: string): Promise<MatchResult> {
  const report = await getReport(access, reportId)
  if (!report) return { ok: false, error: 'notFound' }
  if (userId && !(await db.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId: session.id, userId } }, select: { id: true } }))) return { ok: false, error: 'notCandidate' }
  const manual = { ...report.mapping.manual }
  if (userId) manual[key] = userId
  else delete manual[key]
  await db.$transaction(async (tx) => {
    await tx.attendanceReport.update({ where: { id: reportId }, data: { mapping: JSON.stringify({ ...report.mapping, manual }) } })
    await recordAudit(audit(access, userId ? 'attendance_report.matched' : 'attendance_report.unmatched', reportId, ip, { participant: key.slice(0, 120), userId: userId || null }), tx)
  })
  return { ok: true }
}

/**
 * The import: for each matched person with enough minutes, attendance (source `report`, their
 * minutes) unless already recorded, and the certification rule applied again — all in one
 * transaction with its audit record. A second import of the same report records nothing new.
 * Refused, recording nothing, before attendance opens (half an hour before the start: no meeting
 * has taken place to report on) and for a cancelled session.
 */
export async function importReport(session: ManagedSession, access: ReportAccess, reportId: string, ip: string, now = new Date()): Promise<ImportCounts | null | 'notStarted' | 'cancelled'> {
  const report = await getReport(access, reportId)
  if (!report) return null
  const window = attendanceWindow(session, now)
  if (window !== 'open') return window
  const { all } = await candidates(session)
  const matched = matchParticipants(groupParticipants(report.rows, report.mapping.columns), all, report.mapping)
  const minutes = new Map<string, number>()
  for (const m of matched) if (m.userId && attends(m.outcome)) minutes.set(m.userId, (minutes.get(m.userId) ?? 0) + m.minutes)
  return db.$transaction(async (tx) => {
    let recorded = 0
    let already = 0
    for (const [userId, present] of minutes) {
      const existing = await tx.liveSessionRegistration.findUnique({ where: { sessionId_userId: { sessionId: session.id, userId } }, select: { id: true, attendedAt: true } })
      if (existing?.attendedAt) {
        already += 1
        continue
      }
      const attendance = { attendedAt: now, attendanceSource: 'report', attendanceMarkedById: access.actorId, minutesPresent: present }
      // A walk-in (a volunteer of the campaign who never registered) gets a registration row too.
      if (existing) await tx.liveSessionRegistration.update({ where: { id: existing.id }, data: attendance })
      else await tx.liveSessionRegistration.create({ data: { sessionId: session.id, userId, ...attendance } })
      recorded += 1
      await attendanceChanged(tx, userId)
    }
    const counts: ImportCounts = { recorded, already, outcomes: countOutcomes(matched) }
    await tx.attendanceReport.update({ where: { id: reportId }, data: { importedAt: now, result: JSON.stringify(counts) } })
    await recordAudit(audit(access, 'attendance_report.imported', reportId, ip, { recorded, already, outcomes: counts.outcomes, minimumMinutes: report.mapping.minimumMinutes }), tx)
    return counts
  })
}
