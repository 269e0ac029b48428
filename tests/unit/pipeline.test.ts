import { describe, expect, it } from 'vitest'
import { acceptedStates, applicationStates, checkMove, moves, isInTraining, isOpen, nextStates, type ApplicationState, type PipelineActor } from '~/domain/pipeline.ts'

const allowed: Array<[ApplicationState, ApplicationState, PipelineActor]> = [
  ['submitted', 'screening', 'lead'],
  ['submitted', 'accepted', 'lead'],
  ['screening', 'accepted', 'lead'],
  ['accepted', 'in_training', 'system'],
  ['accepted', 'certified', 'system'],
  ['in_training', 'certified', 'system'],
  ['certified', 'in_training', 'system'],
  // Off the roster: the observer steps down, or the lead records that they did.
  ['certified', 'withdrawn', 'volunteer'],
  ['certified', 'withdrawn', 'lead'],
  // Taken up again: by whoever withdrew, or reopened by a lead.
  ['withdrawn', 'submitted', 'volunteer'],
  ['withdrawn', 'screening', 'lead'],
  ['rejected', 'screening', 'lead'],
  ...(['submitted', 'screening', 'accepted', 'in_training'] as const).flatMap((from) => [
    [from, 'rejected', 'lead'] as [ApplicationState, ApplicationState, PipelineActor],
    [from, 'withdrawn', 'lead'] as [ApplicationState, ApplicationState, PipelineActor],
    [from, 'withdrawn', 'volunteer'] as [ApplicationState, ApplicationState, PipelineActor],
  ]),
]

describe('application pipeline', () => {
  it.each(allowed)('%s → %s by %s is allowed', (from, to, actor) => {
    expect(checkMove(from, to, actor).ok).toBe(true)
  })

  it('allows nothing else (every pair of states, every actor)', () => {
    for (const from of applicationStates) {
      for (const to of applicationStates) {
        for (const actor of ['lead', 'volunteer', 'system'] as const) {
          const expected = allowed.some(([f, t, a]) => f === from && t === to && a === actor)
          expect(checkMove(from, to, actor).ok, `${from} → ${to} by ${actor}`).toBe(expected)
        }
      }
    }
  })

  it('says why a move is refused', () => {
    expect(checkMove('accepted', 'accepted', 'lead')).toEqual({ ok: false, error: 'sameState' })
    expect(checkMove('rejected', 'accepted', 'lead')).toEqual({ ok: false, error: 'notAllowed' })
    expect(checkMove('rejected', 'submitted', 'volunteer')).toEqual({ ok: false, error: 'notAllowed' })
    expect(checkMove('withdrawn', 'submitted', 'lead')).toEqual({ ok: false, error: 'notYours' })
    expect(checkMove('in_training', 'certified', 'lead')).toEqual({ ok: false, error: 'notYours' })
    expect(checkMove('submitted', 'accepted', 'volunteer')).toEqual({ ok: false, error: 'notYours' })
  })

  it('needs a lead to say why a certified observer leaves the roster; the volunteer need not', () => {
    expect(checkMove('certified', 'withdrawn', 'lead')).toEqual({ ok: true, reasonRequired: true })
    expect(checkMove('certified', 'withdrawn', 'volunteer')).toEqual({ ok: true, reasonRequired: false })
    expect(checkMove('in_training', 'withdrawn', 'lead')).toEqual({ ok: true, reasonRequired: false })
  })

  it('needs a lead to say why a closed application is reopened; not a volunteer applying again', () => {
    expect(checkMove('rejected', 'screening', 'lead')).toEqual({ ok: true, reasonRequired: true })
    expect(checkMove('withdrawn', 'screening', 'lead')).toEqual({ ok: true, reasonRequired: true })
    expect(checkMove('withdrawn', 'submitted', 'volunteer')).toEqual({ ok: true, reasonRequired: false })
  })

  it('needs a reason to reject, not to accept', () => {
    expect(checkMove('screening', 'rejected', 'lead')).toEqual({ ok: true, reasonRequired: true })
    expect(checkMove('screening', 'accepted', 'lead')).toEqual({ ok: true, reasonRequired: false })
  })

  it('closed applications are not open; each state lists its next steps', () => {
    expect(['rejected', 'withdrawn', 'certified'].map((s) => isOpen(s as ApplicationState))).toEqual([false, false, false])
    expect(nextStates('submitted', 'lead')).toEqual(['screening', 'accepted', 'rejected', 'withdrawn'])
    expect(nextStates('in_training', 'volunteer')).toEqual(['withdrawn'])
    expect(nextStates('rejected', 'lead')).toEqual(['screening'])
    expect(nextStates('rejected', 'volunteer')).toEqual([])
    expect(nextStates('withdrawn', 'volunteer')).toEqual(['submitted'])
    expect(nextStates('withdrawn', 'lead')).toEqual(['screening'])
    expect(nextStates('certified', 'volunteer')).toEqual(['withdrawn'])
    expect(nextStates('certified', 'lead')).toEqual(['withdrawn'])
  })

  it('is in training only once accepted and until certified (the NGO gives extra time then)', () => {
    expect(applicationStates.filter(isInTraining)).toEqual(['accepted', 'in_training'])
  })
})

describe('the states of an application its NGO has accepted (roster, polling stations)', () => {
  it('are accepted and every state the pipeline reaches from it without being rejected or withdrawn', () => {
    const reached = new Set<ApplicationState>(['accepted'])
    for (let grew = true; grew; ) {
      grew = false
      for (const move of moves) {
        if (move.to === 'rejected' || move.to === 'withdrawn' || reached.has(move.to) || !move.from.some((from) => reached.has(from))) continue
        reached.add(move.to)
        grew = true
      }
    }
    expect([...acceptedStates].sort()).toEqual([...reached].sort())
    for (const unscreened of ['submitted', 'screening', 'rejected', 'withdrawn'] as const) expect(acceptedStates).not.toContain(unscreened)
  })
})
