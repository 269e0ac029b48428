import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CODE_ALPHABET, certificateExpiry, certificateStatus, codeFromBytes, courseEditionPhrase, normaliseCode } from '~/domain/certificates.ts'
import { isCertified, unmetRequirements } from '~/domain/certification.ts'

describe('certificate codes', () => {
  it('use 10 symbols without look-alikes, grouped 5-5', () => {
    for (let i = 0; i < 200; i++) {
      const code = codeFromBytes(crypto.randomBytes(32))
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
      expect(code).not.toMatch(/[01OIL]/)
    }
    expect(CODE_ALPHABET).toHaveLength(31)
  })
  it('skip bytes that would bias the symbols, and say when bytes run out', () => {
    expect(codeFromBytes(new Uint8Array([248, 249, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe('23456-789AB')
    expect(codeFromBytes(new Uint8Array([255, 255, 0]))).toBeNull()
  })
  it('are spread evenly over the alphabet', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 3000; i++) for (const ch of (codeFromBytes(crypto.randomBytes(32)) ?? '').replace('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    const expected = (3000 * 10) / 31
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15)
  })
  it('normalise what people type', () => {
    expect(normaliseCode(' abcde fghjk ')).toBe('ABCDE-FGHJK')
    expect(normaliseCode('ABCDE-FGHJK')).toBe('ABCDE-FGHJK')
    expect(normaliseCode('ABCDE-FGHJ0')).toBeNull()
    expect(normaliseCode('ABCD')).toBeNull()
    expect(normaliseCode("'; drop table")).toBeNull()
  })
})

describe('certificate status', () => {
  const now = new Date('2027-05-01T00:00:00Z')
  const base = { revokedAt: null, supersededAt: null, expiresAt: new Date('2027-06-01T00:00:00Z') }
  it.each([
    [base, 'valid'],
    [{ ...base, expiresAt: new Date('2027-04-30T23:59:59Z') }, 'expired'],
    [{ ...base, supersededAt: new Date('2027-03-01T00:00:00Z') }, 'superseded'],
    [{ ...base, revokedAt: new Date('2027-03-01T00:00:00Z'), supersededAt: new Date('2027-03-02T00:00:00Z'), expiresAt: new Date('2020-01-01T00:00:00Z') }, 'revoked'],
  ])('%j → %s', (input, status) => {
    expect(certificateStatus(input, now)).toBe(status)
  })
})

describe('certificate expiry', () => {
  const issued = new Date('2027-01-31T10:00:00Z')
  it('runs a number of months from issue', () => {
    expect(certificateExpiry({ validMonths: 12 }, issued, null).toISOString()).toBe('2028-01-31T10:00:00.000Z')
  })
  it('or through election day plus N days, to the end of that day', () => {
    expect(certificateExpiry({ validDaysAfterElection: 30 }, issued, new Date('2027-03-21T00:00:00Z')).toISOString()).toBe('2027-04-20T23:59:59.000Z')
  })
  it('falls back to 12 months when tied to an election that is not known', () => {
    expect(certificateExpiry({ validDaysAfterElection: 30 }, issued, null).toISOString()).toBe('2028-01-31T10:00:00.000Z')
  })
})

describe('certification rule', () => {
  const electionDay = new Date('2027-03-21T00:00:00Z')
  const valid = (courseSlug: string, expiresAt = new Date('2027-06-01T00:00:00Z'), revokedAt: Date | null = null) => ({ courseSlug, expiresAt, revokedAt })

  it('needs a certificate valid on election day for every required course', () => {
    const campaign = { id: 'c1', electionDay, requiredLiveSessions: 0, requiredCourses: ['basics', 'day'] }
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics')] })).toBe(false)
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics'), valid('day'), valid('extra')] })).toBe(true)
    expect(isCertified({ id: 'c1', electionDay, requiredLiveSessions: 0, requiredCourses: [] }, { liveSessions: [], certificates: [valid('basics')] })).toBe(false)
  })

  it('does not count a revoked certificate, or one that expires on or before election day', () => {
    const campaign = { id: 'c1', electionDay, requiredLiveSessions: 0, requiredCourses: ['basics'] }
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics', electionDay)] })).toBe(false)
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics', new Date(electionDay.getTime() + 1))] })).toBe(true)
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics', undefined, new Date('2027-01-01T00:00:00Z'))] })).toBe(false)
    // A revoked one does not hide a valid one of the same course.
    expect(isCertified(campaign, { liveSessions: [], certificates: [valid('basics', undefined, new Date()), valid('basics')] })).toBe(true)
  })

  it('says which requirements are unmet, and why', () => {
    const campaign = { id: 'c1', electionDay, requiredLiveSessions: 0, requiredCourses: ['basics', 'day', 'count'] }
    expect(unmetRequirements(campaign, { liveSessions: [], certificates: [valid('day'), valid('count', electionDay)] })).toEqual([
      { kind: 'certificate', courseSlug: 'basics', reason: 'noValidCertificate' },
      { kind: 'certificate', courseSlug: 'count', reason: 'noValidCertificate' },
    ])
  })

  describe('live sessions', () => {
    const session = (sessionId: string, links: { campaignIds?: string[]; courseSlugs?: string[]; cancelled?: boolean } = {}) => ({ sessionId, campaignIds: links.campaignIds ?? ['c1'], courseSlugs: links.courseSlugs ?? [], cancelled: links.cancelled ?? false })
    const campaign = { id: 'c1', electionDay, requiredCourses: ['basics'], requiredLiveSessions: 2 }

    it('need N attended sessions besides the courses', () => {
      expect(isCertified(campaign, { certificates: [valid('basics')], liveSessions: [session('s1')] })).toBe(false)
      expect(isCertified(campaign, { certificates: [valid('basics')], liveSessions: [session('s1'), session('s2')] })).toBe(true)
      expect(isCertified(campaign, { certificates: [], liveSessions: [session('s1'), session('s2'), session('s3')] })).toBe(false)
    })

    it('count sessions of the campaign or of one of its required courses, not cancelled ones, each once', () => {
      const person = (...liveSessions: ReturnType<typeof session>[]) => ({ certificates: [valid('basics')], liveSessions })
      expect(isCertified(campaign, person(session('s1'), session('s2', { campaignIds: [], courseSlugs: ['basics'] })))).toBe(true)
      expect(isCertified(campaign, person(session('s1'), session('s2', { campaignIds: ['other'] })))).toBe(false)
      expect(isCertified(campaign, person(session('s1'), session('s2', { campaignIds: [], courseSlugs: ['extra'] })))).toBe(false)
      expect(isCertified(campaign, person(session('s1'), session('s2', { cancelled: true })))).toBe(false)
      expect(isCertified(campaign, person(session('s1'), session('s1')))).toBe(false)
    })

    it('are asked only in addition to courses: a campaign without courses requires nothing', () => {
      const sessionsOnly = { id: 'c1', electionDay, requiredCourses: [], requiredLiveSessions: 1 }
      expect(isCertified(sessionsOnly, { certificates: [], liveSessions: [session('s1')] })).toBe(false)
      expect(unmetRequirements(sessionsOnly, { certificates: [], liveSessions: [] })).toEqual([])
    })

    it('say how many were attended of how many needed', () => {
      expect(unmetRequirements(campaign, { certificates: [], liveSessions: [session('s1'), session('x', { cancelled: true })] })).toEqual([
        { kind: 'certificate', courseSlug: 'basics', reason: 'noValidCertificate' },
        { kind: 'liveSessions', count: 2, attended: 1, reason: 'missingLiveSessions' },
      ])
      expect(unmetRequirements({ ...campaign, requiredLiveSessions: 0 }, { certificates: [valid('basics')], liveSessions: [] })).toEqual([])
    })
  })
})

describe('the course edition a certificate names', () => {
  it('is the studio’s number and publishing day, or "original" for the repository’s course, never its bare number 0', () => {
    const day = new Date('2026-03-12T09:00:00Z')
    expect(courseEditionPhrase({ number: 3, publishedAt: day }, 'en')).toEqual({ key: 'certificate.editionPublished', values: { number: 3, date: '12 March 2026' } })
    expect(courseEditionPhrase({ number: 3, publishedAt: day }, 'ru').values).toEqual({ number: 3, date: '12 марта 2026 г.' })
    expect(courseEditionPhrase({ number: 0, publishedAt: null }, 'kk')).toEqual({ key: 'certificate.editionOriginal', values: {} })
  })
})
