/** Who may do what. Pure rules; app/server/accounts/permissions.server.ts applies them to requests. */
import type { NgoRoleValue } from './validation/admin.ts'

export interface Actor {
  id: string
  isAdmin: boolean
  memberships: ReadonlyArray<{ ngoId: string; role: NgoRoleValue }>
}

/** A coalition admin acts in every NGO; anyone else only where they hold one of the roles. */
export function hasNgoRole(actor: Actor, ngoId: string, roles: readonly NgoRoleValue[]): boolean {
  if (actor.isAdmin) return true
  return actor.memberships.some((m) => m.ngoId === ngoId && roles.includes(m.role))
}

export function isTrainer(actor: Actor): boolean {
  return actor.isAdmin || actor.memberships.some((m) => m.role === 'TRAINER')
}

export function ledNgoIds(actor: Actor): string[] {
  return actor.memberships.filter((m) => m.role === 'LEAD').map((m) => m.ngoId)
}
