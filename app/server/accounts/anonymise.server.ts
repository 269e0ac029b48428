/**
 * Anonymising a person after a campaign: a coalition admin's decision, written in one transaction so
 * a crash leaves the person either as they were or removed everywhere. What goes: the account's email
 * and name (replaced), its password, sessions, reset links and roles; the applications' personal
 * fields; lead notes, drafts, free-text reasons about them; their messages' contents and unsent
 * emails; audit details and other people's messages that name them; their rows in uploaded lists;
 * the certificate holder's name. What stays: ids, regions, NGOs, campaigns, states and dates (so
 * every count and dashboard keeps its numbers), lesson progress and exam answers (trainers'
 * statistics), and certificates' codes, courses, dates and validity (they verify as "holder
 * removed"). Running it again is harmless: it finds nothing left and records that it ran.
 */
import {
  anonymisedEmail,
  anonymiseRefusal,
  messageConcernsPerson,
  REMOVED_AUDIT_DETAILS,
  REMOVED_BIRTH_DATE,
  removedIin,
  scrubImport,
  scrubReportRows,
  traceNeedles,
  uploadNeedles,
  UNUSABLE_PASSWORD_HASH,
  type AnonymiseRefusal,
  type PersonTraces,
} from '~/domain/anonymise.ts'
import type { ImportRow } from '~/domain/import-file.ts'
import { parseStoredJson } from '~/domain/stored-json.ts'
import { guessColumns, readStoredMapping, type ImportMapping, type RowResult } from '~/domain/import.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, type Prisma, type Tx } from '../platform/db.server.ts'
import { removeOutboxMessages } from '../platform/email.server.ts'
import { cancelJobs } from '../jobs/queue.server.ts'
import { endAssignmentsIn } from '../deployment/ended-assignments.server.ts'
import { lockedAdminCount } from './people.server.ts'

/** What the confirmation page shows before an admin anonymises someone. */
export async function anonymisationPreview(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      isAdmin: true,
      deletionRequestedAt: true,
      anonymisedAt: true,
      _count: { select: { applications: true, certificates: true, memberships: true } },
    },
  })
  if (!user) return null
  const { _count, ...rest } = user
  return { ...rest, applications: _count.applications, certificates: _count.certificates, memberships: _count.memberships }
}

export type AnonymiseResult = { ok: true; repeated: boolean; outboxFiles: number } | { ok: false; error: AnonymiseRefusal | 'notFound' }

/**
 * Anonymises the person `userId` on behalf of the admin `actorId` (refused for oneself and for the
 * last admin), then deletes the dev outbox's emails to or about them: files are not part of the
 * transaction, so they go once the database no longer names the person.
 */
export async function anonymisePerson(actorId: string, userId: string, ip: string, now = new Date()): Promise<AnonymiseResult> {
  const outcome = await db.$transaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, isAdmin: true, anonymisedAt: true } })
      if (!user) return { ok: false, error: 'notFound' } as const
      const adminCount = user.isAdmin ? await lockedAdminCount(tx) : 0
      const refusal = anonymiseRefusal({ actorId, targetId: user.id, targetIsAdmin: user.isAdmin, adminCount })
      if (refusal) return { ok: false, error: refusal } as const
      const found = await findPerson(tx, user)
      const cleared = await clearPerson(tx, found, { actorId, ip }, now)
      const repeated = user.anonymisedAt !== null
      // Counts only: the record of the removal names nobody.
      await recordAudit({ actorId, action: 'user.anonymised', targetType: 'user', targetId: user.id, ip, details: { ...cleared, repeated } }, tx)
      return { ok: true, repeated, traces: found.traces } as const
    },
    // A long audit log takes a while to search; the write lock is held meanwhile either way.
    { maxWait: 30_000, timeout: 120_000 },
  )
  if (!outcome.ok) return outcome
  const outboxFiles = removeOutboxMessages((message) => messageConcernsPerson(message, outcome.traces))
  return { ok: true, repeated: outcome.repeated, outboxFiles }
}

interface FoundPerson {
  userId: string
  alreadyAnonymised: boolean
  traces: PersonTraces
  applications: Array<{ id: string; ngoId: string; campaignId: string; anonymisedAt: Date | null }>
  certificates: Array<{ id: string; code: string }>
  attemptIds: string[]
  membershipIds: string[]
}

/** Everything that identifies the person, and the records that are theirs. */
async function findPerson(tx: Tx, user: { id: string; email: string; name: string; anonymisedAt: Date | null }): Promise<FoundPerson> {
  const applications = await tx.application.findMany({ where: { userId: user.id }, select: { id: true, ngoId: true, campaignId: true, anonymisedAt: true, fullName: true, iin: true, phone: true, email: true } })
  const certificates = await tx.certificate.findMany({ where: { userId: user.id }, select: { id: true, code: true, holderName: true } })
  const attempts = await tx.examAttempt.findMany({ where: { userId: user.id }, select: { id: true } })
  const memberships = await tx.membership.findMany({ where: { userId: user.id }, select: { id: true } })
  const removed = anonymisedEmail(user.id)
  return {
    userId: user.id,
    alreadyAnonymised: user.anonymisedAt !== null,
    traces: {
      userId: user.id,
      emails: [user.email, ...applications.map((a) => a.email)].filter((e) => e && e !== removed),
      names: [user.name, ...applications.map((a) => a.fullName), ...certificates.map((c) => c.holderName)].filter(Boolean),
      iins: applications.map((a) => a.iin),
      phones: applications.map((a) => a.phone).filter(Boolean),
    },
    applications: applications.map(({ id, ngoId, campaignId, anonymisedAt }) => ({ id, ngoId, campaignId, anonymisedAt })),
    certificates: certificates.map(({ id, code }) => ({ id, code })),
    attemptIds: attempts.map((a) => a.id),
    membershipIds: memberships.map((m) => m.id),
  }
}

async function clearPerson(tx: Tx, person: FoundPerson, by: { actorId: string; ip: string }, now: Date) {
  const { userId } = person
  const needles = traceNeedles(person.traces)
  const applicationIds = person.applications.map((a) => a.id)

  // The account: nobody can sign in to it or be reached through it.
  await tx.user.update({
    where: { id: userId },
    data: { email: anonymisedEmail(userId), name: '', passwordHash: UNUSABLE_PASSWORD_HASH, isAdmin: false, anonymisedAt: person.alreadyAnonymised ? undefined : now },
  })
  await tx.session.deleteMany({ where: { userId } })
  await tx.passwordResetToken.deleteMany({ where: { userId } })
  await tx.membership.deleteMany({ where: { userId } })
  await tx.applicationDraft.deleteMany({ where: { userId } })
  if (person.traces.emails.length) {
    // Login throttling counters are keyed by the typed email.
    await tx.rateLimiterFlexible.deleteMany({ where: { OR: person.traces.emails.map((email) => ({ key: { contains: email } })) } })
    await tx.ngo.updateMany({ where: { contactEmail: { in: [...person.traces.emails] } }, data: { contactEmail: null } })
  }
  if (person.traces.phones.length) await tx.ngo.updateMany({ where: { contactPhone: { in: [...person.traces.phones] } }, data: { contactPhone: null } })

  // Applications keep what counts (region, NGO, campaign, state, dates) and lose who.
  for (const application of person.applications) {
    await tx.application.update({
      where: { id: application.id },
      data: {
        fullName: '',
        iin: removedIin(application.id),
        birthDate: REMOVED_BIRTH_DATE,
        sex: null,
        phone: '',
        email: '',
        settlement: '',
        pollingStation: null,
        experience: '',
        motivation: null,
        declarations: '[]',
        searchText: '',
        anonymisedAt: application.anonymisedAt ?? now,
      },
    })
  }
  // A lead's reason may name the person; the markers of how a recruit arrived ("manual", "import") do not.
  await tx.applicationEvent.updateMany({ where: { applicationId: { in: applicationIds }, reason: { not: null, notIn: ['manual', 'import'] } }, data: { reason: null } })
  const notes = await tx.applicationNote.deleteMany({ where: { applicationId: { in: applicationIds } } })

  // Nobody goes to a station in their name: shifts still to come are removed (each audited); those
  // already over stay as what happened, without the ID document number typed for the letter.
  let assignments = 0
  for (const applicationId of applicationIds) assignments += (await endAssignmentsIn(tx, applicationId, { ...by, because: 'anonymised', tellObserver: false }, now)).length
  await tx.assignment.updateMany({ where: { applicationId: { in: applicationIds }, idDocumentNumber: { not: null } }, data: { idDocumentNumber: null } })

  // Certificates still verify (code, course, dates, validity), without a holder.
  await tx.certificate.updateMany({ where: { userId }, data: { holderName: '', revokeReason: null } })
  await tx.examAttempt.updateMany({ where: { userId, overrideReason: { not: null } }, data: { overrideReason: null } })
  await tx.examAccommodation.updateMany({ where: { userId }, data: { reason: '' } })

  // Their messages keep kind and dates; unsent emails are not sent. Others' messages naming them lose their values.
  const theirNotifications = (await tx.notification.findMany({ where: { userId }, select: { id: true } })).map((n) => n.id)
  await cancelJobs(tx, 'notification.email', theirNotifications)
  // A delivery error of an email already sent or cancelled may quote the address (stored masked, but it goes too).
  await tx.job.updateMany({ where: { kind: 'notification.email', subjectId: { in: theirNotifications }, lastError: { not: null } }, data: { lastError: null } })
  const notifications = await tx.notification.updateMany({ where: { userId, NOT: { params: '{}' } }, data: { params: '{}' } })
  const others = [...needles, ...applicationIds]
  const otherNotifications = others.length ? await tx.notification.updateMany({ where: { userId: { not: userId }, OR: others.map((value) => ({ params: { contains: value } })) }, data: { params: '{}' } }) : { count: 0 }

  // The audit log keeps every record's action, time and ids; details that name the person go, and
  // so does the address they acted from. The records of earlier anonymisations name nobody.
  const theirs: Prisma.AuditEventWhereInput[] = [
    { targetType: 'user', targetId: userId },
    { targetType: 'application', targetId: { in: applicationIds } },
    { targetType: 'certificate', targetId: { in: person.certificates.flatMap((c) => [c.id, c.code]) } },
    { targetType: 'examAttempt', targetId: { in: person.attemptIds } },
    { targetType: 'membership', targetId: { in: person.membershipIds } },
  ]
  const audit = await tx.auditEvent.updateMany({
    where: { OR: [...theirs, ...needles.map((value) => ({ details: { contains: value } }))], NOT: [{ details: REMOVED_AUDIT_DETAILS }, { action: 'user.anonymised' }] },
    data: { details: REMOVED_AUDIT_DETAILS },
  })
  await tx.auditEvent.updateMany({ where: { actorId: userId, ip: { not: null } }, data: { ip: null } })

  // Uploaded volunteer lists: the person's rows are blanked, the import's per-row result forgets them.
  const pairs = person.applications.map((a) => ({ ngoId: a.ngoId, campaignId: a.campaignId }))
  const uploads = await tx.recruitImport.findMany({ where: { OR: [...pairs, ...uploadNeedles(person.traces).flatMap((value) => [{ rows: { contains: value } }, { result: { contains: value } }])] }, select: { id: true, headers: true, rows: true, result: true, mapping: true } })
  let imports = 0
  for (const upload of uploads) {
    const stored = readUpload(upload)
    const scrubbed = scrubImport(stored.rows, stored.result?.rows ?? null, person.traces, uploadColumns(upload))
    if (!scrubbed.changed) continue
    imports++
    await tx.recruitImport.update({
      where: { id: upload.id },
      data: { rows: JSON.stringify(scrubbed.rows), ...(stored.result && scrubbed.result ? { result: JSON.stringify({ ...stored.result, rows: scrubbed.result }) } : {}) },
    })
  }

  // Uploaded meeting reports: their rows (names, emails) blanked, hand matches to them forgotten. The
  // reports of sessions they registered for or whose campaigns they applied to are read too: the
  // matching finds a person under a name in another order or form, which no needle contains.
  const campaignIds = [...new Set(person.applications.map((a) => a.campaignId))]
  const reports = await tx.attendanceReport.findMany({
    where: {
      OR: [
        { mapping: { contains: userId } },
        { session: { registrations: { some: { userId } } } },
        ...(campaignIds.length ? [{ session: { campaigns: { some: { campaignId: { in: campaignIds } } } } }] : []),
        ...needles.map((value) => ({ rows: { contains: value } })),
      ],
    },
    select: { id: true, rows: true, mapping: true },
  })
  let meetingReports = 0
  for (const report of reports) {
    const scrubbed = scrubReport(report, person.traces)
    if (!scrubbed) continue
    meetingReports++
    await tx.attendanceReport.update({ where: { id: report.id }, data: scrubbed })
  }

  return {
    applications: person.applications.length,
    assignments,
    meetingReports,
    certificates: person.certificates.length,
    notes: notes.count,
    notifications: notifications.count + otherNotifications.count,
    auditEvents: audit.count,
    imports,
  }
}

/** A meeting report without the person: their rows' cells empty, hand matches to them (or keyed by their email) gone; null when it never named them. */
function scrubReport(report: { rows: string; mapping: string | null }, person: PersonTraces): { rows: string; mapping?: string } | null {
  const { rows } = readUpload({ rows: report.rows, result: null })
  const stored = parseStoredJson(report.mapping)
  const mapping = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : null
  const manual = mapping && typeof mapping.manual === 'object' && mapping.manual ? (mapping.manual as Record<string, unknown>) : null
  const columns = mapping && typeof mapping.columns === 'object' && mapping.columns ? (mapping.columns as Record<string, unknown>) : {}
  const column = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined)
  const handMatched = new Set(Object.entries(manual ?? {}).flatMap(([key, userId]) => (userId === person.userId ? [key] : [])))
  const scrubbed = scrubReportRows(rows, { name: column(columns.name), email: column(columns.email) }, handMatched, person)
  const emails = new Set(person.emails.map((e) => `email:${e.toLowerCase()}`))
  const kept = manual ? Object.fromEntries(Object.entries(manual).filter(([key, userId]) => userId !== person.userId && !emails.has(key))) : null
  const mappingChanged = manual !== null && kept !== null && Object.keys(kept).length !== Object.keys(manual).length
  if (!scrubbed.changed && !mappingChanged) return null
  return { rows: JSON.stringify(scrubbed.rows), ...(mappingChanged && mapping ? { mapping: JSON.stringify({ ...mapping, manual: kept }) } : {}) }
}

/** An upload's columns: the lead's mapping, else what its header names (a list never mapped). */
function uploadColumns(upload: { headers: string; mapping: string | null }): ImportMapping['columns'] {
  const headers = parseStoredJson(upload.headers)
  const names = Array.isArray(headers) ? headers.map((h) => (typeof h === 'string' ? h : '')) : []
  return readStoredMapping(upload.mapping, names.length)?.columns ?? guessColumns(names)
}

function readUpload(upload: { rows: string; result: string | null }): { rows: ImportRow[]; result: { rows: RowResult[] } | null } {
  const rows = parseStoredJson(upload.rows)
  const result = parseStoredJson(upload.result)
  return {
    rows: Array.isArray(rows) ? (rows as ImportRow[]).filter((r) => r && Array.isArray(r.cells)) : [],
    // A run under way keeps a marker here instead ({"running": …}): left alone.
    result: result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows) ? (result as { rows: RowResult[] }) : null,
  }
}
