/**
 * The pipeline of one application, defined once:
 *   submitted → screening → accepted → in_training → certified,
 * and from any open stage to rejected or withdrawn; a certified observer may still withdraw (they
 * leave the roster; their certificate stays theirs). A closed application can be taken up again: by
 * the volunteer who withdrew, or by a lead. Each move says who may make it.
 */
export const applicationStates = ['submitted', 'screening', 'accepted', 'in_training', 'certified', 'rejected', 'withdrawn'] as const
export type ApplicationState = (typeof applicationStates)[number]

/** Who moves an application: the NGO's lead, the volunteer, or the system (lesson opened, exam passed). */
export type PipelineActor = 'lead' | 'volunteer' | 'system'

const OPEN: readonly ApplicationState[] = ['submitted', 'screening', 'accepted', 'in_training']

interface Move {
  from: readonly ApplicationState[]
  to: ApplicationState
  by: readonly PipelineActor[]
  /** A reason must be given: by whoever makes the move (true), or only by these actors. */
  reasonRequired?: boolean | readonly PipelineActor[]
}

export const moves: readonly Move[] = [
  { from: ['submitted'], to: 'screening', by: ['lead'] },
  { from: ['submitted', 'screening'], to: 'accepted', by: ['lead'] },
  // Training starts when the first lesson is opened.
  { from: ['accepted'], to: 'in_training', by: ['system'] },
  // Certification comes from the certification rule, never from a click.
  { from: ['accepted', 'in_training'], to: 'certified', by: ['system'] },
  // A revoked or expired certificate sends the recruit back to training.
  { from: ['certified'], to: 'in_training', by: ['system'] },
  { from: OPEN, to: 'rejected', by: ['lead'], reasonRequired: true },
  { from: OPEN, to: 'withdrawn', by: ['volunteer', 'lead'] },
  // An observer who can no longer go (moved away, ill, under pressure) steps down, or the lead records
  // that they did: off the roster, their polling-station shifts still to come ended.
  // The lead says why (the volunteer's own withdrawal may say nothing): one click must not end a roster place.
  { from: ['certified'], to: 'withdrawn', by: ['volunteer', 'lead'], reasonRequired: ['lead'] },
  // Someone who withdrew (by mistake, or free again) applies again while the campaign takes
  // applications: the same application, back among the NGO's new ones, its history kept.
  { from: ['withdrawn'], to: 'submitted', by: ['volunteer'] },
  // A lead reopens an application rejected by mistake, or one whose volunteer came back; saying why.
  { from: ['rejected', 'withdrawn'], to: 'screening', by: ['lead'], reasonRequired: true },
]

export type MoveCheck = { ok: true; reasonRequired: boolean } | { ok: false; error: 'sameState' | 'notAllowed' | 'notYours' }

export function checkMove(from: ApplicationState, to: ApplicationState, actor: PipelineActor): MoveCheck {
  if (from === to) return { ok: false, error: 'sameState' }
  const move = moves.find((m) => m.to === to && m.from.includes(from))
  if (!move) return { ok: false, error: 'notAllowed' }
  if (!move.by.includes(actor)) return { ok: false, error: 'notYours' }
  const reasonRequired = move.reasonRequired === true || (Array.isArray(move.reasonRequired) && move.reasonRequired.includes(actor))
  return { ok: true, reasonRequired }
}

export function isOpen(state: ApplicationState): boolean {
  return OPEN.includes(state)
}

/**
 * Accepted by the NGO and not withdrawn or rejected since: whom the NGO vouches for. Only these reach
 * its roster and a polling station (with the certification rule on top), never an application a lead
 * has not screened, whatever certificates its volunteer already holds.
 */
export const acceptedStates: readonly ApplicationState[] = ['accepted', 'in_training', 'certified']

/** Accepted and not yet certified: while the NGO trains the recruit (and its lead may give their exam extra time). */
const TRAINING: readonly ApplicationState[] = ['accepted', 'in_training']

export function isInTraining(state: ApplicationState): boolean {
  return TRAINING.includes(state)
}

/** Where an actor can take an application from here (for the buttons a lead or volunteer sees). */
export function nextStates(from: ApplicationState, actor: PipelineActor): ApplicationState[] {
  return applicationStates.filter((to) => checkMove(from, to, actor).ok)
}
