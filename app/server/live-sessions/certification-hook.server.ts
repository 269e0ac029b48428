/**
 * What a change of live-session attendance does to certification: the rule (app/domain/certification.ts)
 * is applied again to the person's applications, in the transaction that recorded or removed the
 * attendance, so an application becomes "certified" (with its event, audit record and notification)
 * the moment the last missing session is recorded, and goes back to training when it is removed.
 * Every writer of attendance calls this: the attendance code, the trainer's hand, the participant report.
 */
import { certificationFacts } from '../exams/certification.server.ts'
import type { Tx } from '../platform/db.server.ts'
import { reevaluateApplications } from '../recruitment/applications.server.ts'

export async function reevaluateCertification(tx: Tx, userId: string): Promise<{ certified: string[]; uncertified: string[] }> {
  return reevaluateApplications(tx, userId, await certificationFacts(tx, userId))
}
