/**
 * What the audit log records: every action's identifier (recordAudit's `action`, kept in the log as
 * written here) and the kinds of thing an entry names. Admins read them by their labels in every
 * language (audit.actions.<action> and audit.targets.<kind>: a group of its own, so only the log's
 * page ships them); the identifiers stay in the log, the API and the filter's address.
 */
export const auditActions = [
  'account.data_exported',
  'account.deletion_cancelled',
  'account.deletion_requested',
  'apiToken.created',
  'apiToken.revoked',
  'application.duplicate_attempt',
  'application.moved',
  'application.name_corrected',
  'application.submitted',
  'assignment.confirmed',
  'assignment.created',
  'assignment.declined',
  'assignment.idDocumentSet',
  'assignment.moved',
  'assignment.removed',
  'attendance_report.imported',
  'attendance_report.mapped',
  'attendance_report.matched',
  'attendance_report.unmatched',
  'attendance_report.uploaded',
  'campaign.created',
  'campaign.updated',
  'certificate.issued',
  'certificate.reinstated',
  'certificate.revoked',
  'certificate.verified',
  'checkin.recorded',
  'checkin.recordedForObserver',
  'content.downloaded',
  'content.draft_discarded',
  'content.published',
  'content.rolled_back',
  'coverage.exported',
  'exam.extra_time_granted',
  'exam.score_overridden',
  'exportTemplate.created',
  'exportTemplate.deleted',
  'exportTemplate.updated',
  'import.mapped',
  'import.run',
  'import.started',
  'import.uploaded',
  'job.retried',
  'letter.verified',
  'letters.downloaded',
  'letters.regionDownloaded',
  'live.attend.code',
  'live.attend.mark',
  'live.attend.unmark',
  'live.calendar.regenerate',
  'live.register',
  'live.session.cancel',
  'live.session.create',
  'live.session.update',
  'live.unregister',
  'ngo.created',
  'ngo.letterSignatorySet',
  'ngo.member_assigned',
  'ngo.member_removed',
  'ngo.updated',
  'recruit.added',
  'recruit.contacts_updated',
  'recruit.messaged',
  'recruit.note_added',
  'recruit.viewed',
  'region.polling_stations_updated',
  'roster.exported',
  'roster.viewed',
  'seed.demo',
  'shift.created',
  'shift.deleted',
  'shift.updated',
  'signingKey.created',
  'stations.imported',
  'stations.mapped',
  'stations.uploaded',
  'user.admin_granted',
  'user.admin_revoked',
  'user.anonymised',
  'user.confirmation_requested',
  'user.email_confirmed',
  'user.invited',
  'user.login',
  'user.login_failed',
  'user.logout_everywhere',
  'user.password_changed',
  'user.password_reset',
  'user.password_reset_requested',
  'user.profile_updated',
  'user.reclaimed',
  'user.signup',
  'user.signup_completed',
] as const

export type AuditAction = (typeof auditActions)[number]

/** A type guard for "one of these listed values" (an action, a detail's name, a field). */
function memberOf<const T extends string>(list: readonly T[]): (value: string) => value is T {
  return (value: string): value is T => (list as readonly string[]).includes(value)
}

export const isAuditAction = memberOf(auditActions)

/**
 * The kinds of thing an entry names, as the log holds them: older entries wrote some with a capital
 * (Assignment, LiveSession), so a kind is looked up without case.
 */
export const auditTargetKinds = ['apitoken', 'application', 'assignment', 'attendance_report', 'campaign', 'certificate', 'course', 'examattempt', 'exporttemplate', 'import', 'job', 'livesession', 'membership', 'ngo', 'region', 'shift', 'signingkey', 'stationimport', 'user'] as const

export type AuditTargetKind = (typeof auditTargetKinds)[number]

const isAuditTargetKind = memberOf(auditTargetKinds)

export function auditTargetKind(targetType: string): AuditTargetKind | null {
  const kind = targetType.toLowerCase()
  return isAuditTargetKind(kind) ? kind : null
}

/**
 * Detail names an admin reads in their language (`audit.detailNames.<name>`); any other name shows as
 * written. Values that are an application's state (`from`, `to`, `because`) read as the state's label,
 * and the personal fields a view revealed (`fields`) as the fields' labels.
 */
export const auditDetailNames = [
  'from',
  'to',
  'reason',
  'because',
  'status',
  'fields',
  'format',
  'regions',
  'region',
  'regionCode',
  'rowCount',
  'count',
  'language',
  'locale',
  'campaignId',
  'applicationId',
  'stationId',
  'shiftId',
  'userId',
  'sessionId',
  'code',
  'role',
  'email',
  'name',
  'percent',
  'minutes',
  'kind',
  'fileName',
  'note',
  'title',
] as const
export type AuditDetailName = (typeof auditDetailNames)[number]

export const isAuditDetailName = memberOf(auditDetailNames)

/** The personal fields a `recruit.viewed` entry can name. */
export const auditFieldValues = ['iin', 'phone', 'birthDate', 'email', 'fullName'] as const
export type AuditFieldValue = (typeof auditFieldValues)[number]

export const isAuditFieldValue = memberOf(auditFieldValues)

/** An entry's details as the log shows them: none, an older version's text as written, or fields by name. */
export type AuditDetails = { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'fields'; fields: Array<[string, string]> }

/**
 * An entry's details (stored as JSON) as the log shows them: one `[name, value]` field per property,
 * in the order written, a list's items joined with commas, a nested object as compact JSON, a missing
 * value as "—". Details that are not a JSON object (an older version's text) are text.
 */
export function auditDetails(details: string | null): AuditDetails {
  if (details === null || details === '') return { kind: 'none' }
  let parsed: unknown
  try {
    parsed = JSON.parse(details)
  } catch {
    return { kind: 'text', text: details }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'text', text: detailText(parsed) }
  const fields = Object.entries(parsed).map(([name, value]): [string, string] => [name, detailText(value)])
  return fields.length ? { kind: 'fields', fields } : { kind: 'none' }
}

function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) return value.length ? value.map((item) => detailText(item)).join(', ') : '—'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
