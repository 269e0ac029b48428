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

/**
 * Who acts, over what: one NGO's data, or the whole coalition's (a coalition admin). Made only by
 * app/server/accounts/permissions.server.ts (its require… functions return one); every NGO-scoped
 * server function takes it and writes its own `where` from it, so a route cannot forget the scope.
 * `actorId` is who the audit log names (through the API, the token's creator).
 */
export type Scope = { kind: 'coalition'; actorId: string } | { kind: 'ngo'; actorId: string; ngoId: string }

/** A scope over one NGO: what the lead's workspace (recruits, imports, API tokens) works in. */
export type NgoScope = Extract<Scope, { kind: 'ngo' }>

/** The NGO a scope is limited to; undefined for the coalition (audit records name no NGO then). */
export function scopeNgoId(scope: Scope): string | undefined {
  return scope.kind === 'ngo' ? scope.ngoId : undefined
}

/** Whether the scope covers what belongs to `ngoId` (null: the coalition's own): the coalition covers all, an NGO only its own. */
export function coversNgo(scope: Scope, ngoId: string | null): boolean {
  return scope.kind === 'coalition' || ngoId === scope.ngoId
}

/**
 * Where a person's work is: the page a login without its own `redirectTo` opens. A coalition admin's
 * overview; else the dashboard of the NGO they lead (the header's, `headerRoles`: the first they were
 * made lead of; every NGO is listed on /account); else the trainer's studio; else a volunteer's
 * applications, which show the status and the way into the training.
 */
export function workHome(person: { isAdmin: boolean; ledNgo: string | null; trainer: boolean }): string {
  if (person.isAdmin) return '/admin'
  if (person.ledNgo) return `/ngo/${encodeURIComponent(person.ledNgo)}/dashboard`
  if (person.trainer) return '/studio'
  return '/applications'
}
