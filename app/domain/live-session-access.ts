/**
 * Who may manage a live session (its participant reports here): a coalition admin; a lead or trainer
 * of the session's NGO; a trainer named on the session. A lead of another NGO may not, nor may anyone
 * but admins and named trainers manage a coalition-wide session (no NGO).
 */
import { hasNgoRole, type Actor } from './permissions.ts'

export type { Actor }

export function mayManageSession(actor: Actor, session: { ngoId: string | null; trainerIds: readonly string[] }): boolean {
  if (actor.isAdmin || session.trainerIds.includes(actor.id)) return true
  return session.ngoId !== null && hasNgoRole(actor, session.ngoId, ['LEAD', 'TRAINER'])
}
