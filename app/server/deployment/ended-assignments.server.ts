/**
 * Assignments end with the observer's right to go. An application that leaves "certified" (its
 * certificate revoked, the recruit rejected or withdrawn) or a person anonymised no longer sends
 * anyone to a station: the shifts still to come are removed inside the transaction of the decision
 * that caused it, each with its audit record, so no letter is printed, no confirmation taken and no
 * station counted as covered for someone who is not an observer any more. A shift already over stays
 * as what happened (its check-ins with it).
 */
import { recordAudit } from '../platform/audit.server.ts'
import type { RawClient } from '../platform/db.server.ts'
import { notify } from '../jobs/notifications.server.ts'

export interface EndCause {
  actorId: string | null
  ip: string
  /** What ended them, in the audit record: the application's new state, or `anonymised`. */
  because: string
  /** Whether the observer is told (not when the person is being anonymised). */
  tellObserver: boolean
}

/** Removes the application's assignments whose shift has not ended; the numbers of the stations they were at. */
export async function endAssignmentsIn(tx: RawClient, applicationId: string, cause: EndCause, now = new Date()): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string; ngoId: string; campaignId: string; stationId: string; shiftId: string; status: string; number: string; regionCode: string; userId: string }>>`
    SELECT s."id", s."ngoId", s."campaignId", s."stationId", s."shiftId", s."status", p."number", p."regionCode", a."userId"
    FROM "Assignment" s
    JOIN "CampaignShift" h ON h."id" = s."shiftId"
    JOIN "PollingStation" p ON p."id" = s."stationId"
    JOIN "Application" a ON a."id" = s."applicationId"
    WHERE s."applicationId" = ${applicationId} AND h."endsAt" > ${now}`
  for (const row of rows) {
    await tx.$executeRaw`DELETE FROM "Assignment" WHERE "id" = ${row.id}`
    await recordAudit(
      {
        actorId: cause.actorId,
        action: 'assignment.removed',
        targetType: 'assignment',
        targetId: row.id,
        ngoId: row.ngoId,
        ip: cause.ip || undefined,
        details: { campaignId: row.campaignId, applicationId, stationId: row.stationId, regionCode: row.regionCode, shiftId: row.shiftId, status: row.status, because: cause.because },
      },
      tx,
    )
    if (cause.tellObserver) await notify(row.userId, 'assignment.removed', { campaignId: row.campaignId, ngoId: row.ngoId, station: row.number }, tx)
  }
  return rows.map((row) => row.number)
}
