/**
 * An observer of an earlier election whose certificate is still valid on this campaign's election day:
 * not on the NGO's roster nor at a polling station before a lead has accepted the application, and
 * certified the moment one does (in the acceptance's transaction, told so instead of "start training").
 * Someone whose certificate ends before the election day, or who still owes live sessions, is only accepted.
 */
import { describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { moveApplication } from '~/server/recruitment/applications.server.ts'
import { certifiedObservers } from '~/server/deployment/assignments.server.ts'
import { findRosterCampaign, rosterSummary } from '~/server/rosters/rosters.server.ts'
import { createNgo, createUser } from '../support/factories.ts'
import { afterElection, recruit, rosterCampaign } from '../support/roster-fixture.ts'

async function setting(options: { expiresAt?: Date; liveSessions?: number } = {}) {
  const campaign = await rosterCampaign(undefined, ['observer-basics'])
  if (options.liveSessions) await db.campaign.update({ where: { id: campaign.id }, data: { requiredLiveSessions: options.liveSessions } })
  const ngo = await createNgo()
  const lead = await createUser()
  const { user, application } = await recruit(8101, campaign, ngo.id, { state: 'screening', certificates: [{ course: 'observer-basics', expiresAt: options.expiresAt }] })
  const scope = { kind: 'ngo' as const, actorId: lead.id, ngoId: ngo.id }
  const onRoster = async () => (await rosterSummary({ scope, campaign: (await findRosterCampaign(campaign.slug))!, regions: [], locale: 'en' })).total
  const assignable = async () => (await certifiedObservers(scope, campaign.id)).map((o) => o.id)
  const accept = () => moveApplication(application.id, 'accepted', { id: lead.id, role: 'lead' }, undefined, '127.0.0.1')
  const state = async () => (await db.application.findUniqueOrThrow({ where: { id: application.id } })).state
  const told = async () => (await db.notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } })).map((n) => n.kind)
  const history = async () => (await db.applicationEvent.findMany({ where: { applicationId: application.id }, orderBy: { at: 'asc' } })).map((e) => `${e.fromState}→${e.toState} by ${e.actorRole}`)
  return { application, onRoster, assignable, accept, state, told, history }
}

describe('an observer who already holds a valid certificate', () => {
  it('is on no roster and at no station before a lead accepts the application', async () => {
    const { application, onRoster, assignable } = await setting()
    expect(await onRoster()).toBe(0)
    expect(await assignable()).toEqual([])
    await db.application.update({ where: { id: application.id }, data: { state: 'submitted' } })
    expect(await onRoster()).toBe(0)
    expect(await assignable()).toEqual([])
  })

  it('is certified when accepted, in the same move, and told so rather than sent to train', async () => {
    const { application, onRoster, assignable, accept, state, told, history } = await setting()
    expect(await accept()).toEqual({ ok: true })
    expect(await state()).toBe('certified')
    expect(await history()).toEqual(['screening→accepted by lead', 'accepted→certified by system'])
    expect(await told()).toEqual(['application.certified'])
    expect(await onRoster()).toBe(1)
    expect(await assignable()).toEqual([application.id])
    // Still enrolled in the campaign's course (its lessons stay theirs to revise).
    expect(await db.courseEnrollment.count({ where: { userId: application.userId, courseSlug: 'observer-basics', campaignId: application.campaignId } })).toBe(1)
  })

  it('whose certificate ends before this election day is only accepted, and sent to train', async () => {
    const { accept, state, told, onRoster } = await setting({ expiresAt: afterElection(-1) })
    expect(await accept()).toEqual({ ok: true })
    expect(await state()).toBe('accepted')
    expect(await told()).toEqual(['application.accepted'])
    expect(await onRoster()).toBe(0)
  })

  it('who still owes the live sessions the campaign requires is only accepted', async () => {
    const { accept, state, told } = await setting({ liveSessions: 1 })
    expect(await accept()).toEqual({ ok: true })
    expect(await state()).toBe('accepted')
    expect(await told()).toEqual(['application.accepted'])
  })
})
