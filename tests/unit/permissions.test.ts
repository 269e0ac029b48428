import { describe, expect, it } from 'vitest'
import { coversNgo, hasNgoRole, isTrainer, ledNgoIds, scopeNgoId, workHome, type Actor, type Scope } from '~/domain/permissions.ts'

const volunteer: Actor = { id: 'v', isAdmin: false, memberships: [] }
const leadA: Actor = { id: 'l', isAdmin: false, memberships: [{ ngoId: 'A', role: 'LEAD' }] }
const trainerA: Actor = { id: 't', isAdmin: false, memberships: [{ ngoId: 'A', role: 'TRAINER' }] }
const admin: Actor = { id: 'x', isAdmin: true, memberships: [] }

describe('hasNgoRole', () => {
  it('a lead acts in their own NGO only', () => {
    expect(hasNgoRole(leadA, 'A', ['LEAD'])).toBe(true)
    expect(hasNgoRole(leadA, 'B', ['LEAD'])).toBe(false)
  })
  it('a trainer is not a lead', () => {
    expect(hasNgoRole(trainerA, 'A', ['LEAD'])).toBe(false)
    expect(hasNgoRole(trainerA, 'A', ['LEAD', 'TRAINER'])).toBe(true)
  })
  it('a volunteer has no NGO role; an admin has every one', () => {
    expect(hasNgoRole(volunteer, 'A', ['LEAD', 'TRAINER'])).toBe(false)
    expect(hasNgoRole(admin, 'B', ['LEAD'])).toBe(true)
  })
})

describe('isTrainer and ledNgoIds', () => {
  it('tells trainers and led NGOs apart', () => {
    expect(isTrainer(trainerA)).toBe(true)
    expect(isTrainer(leadA)).toBe(false)
    expect(isTrainer(admin)).toBe(true)
    expect(ledNgoIds({ id: 'm', isAdmin: false, memberships: [{ ngoId: 'A', role: 'LEAD' }, { ngoId: 'B', role: 'TRAINER' }, { ngoId: 'C', role: 'LEAD' }] })).toEqual(['A', 'C'])
  })
})

describe('Scope', () => {
  const ofA: Scope = { kind: 'ngo', actorId: 'l', ngoId: 'A' }
  const coalition: Scope = { kind: 'coalition', actorId: 'x' }

  it('names its NGO for the audit log, and none for the coalition', () => {
    expect(scopeNgoId(ofA)).toBe('A')
    expect(scopeNgoId(coalition)).toBeUndefined()
  })
  it('an NGO scope covers only its own NGO; the coalition covers every NGO and its own things', () => {
    expect(coversNgo(ofA, 'A')).toBe(true)
    expect(coversNgo(ofA, 'B')).toBe(false)
    expect(coversNgo(ofA, null)).toBe(false)
    expect(coversNgo(coalition, 'A')).toBe(true)
    expect(coversNgo(coalition, null)).toBe(true)
  })
})

describe('workHome: where a login without its own target goes', () => {
  const roles = (ledNgo: string | null, trainer: boolean) => ({ isAdmin: false, ledNgo, trainer })
  it('a volunteer to their applications', () => {
    expect(workHome(roles(null, false))).toBe('/applications')
  })
  it('a trainer to the studio', () => {
    expect(workHome(roles(null, true))).toBe('/studio')
  })
  it("a lead to the dashboard of the NGO the header links (headerRoles: the first when several), also when they train too", () => {
    expect(workHome(roles('dala', false))).toBe('/ngo/dala/dashboard')
    expect(workHome(roles('dala', true))).toBe('/ngo/dala/dashboard')
  })
  it('an admin to the admin overview, whatever else they are', () => {
    expect(workHome({ isAdmin: true, ledNgo: 'dala', trainer: false })).toBe('/admin')
  })
})
