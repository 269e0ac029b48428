/** Certified and uncertified recruits of two NGOs for one campaign, built straight in the database. */
import crypto from 'node:crypto'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { recruitSearchText } from '~/domain/recruits.ts'
import { db } from '~/server/platform/db.server.ts'
import { syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { createNgo, createUser } from './factories.ts'

export const ELECTION_DAY = new Date('2027-03-21T00:00:00Z')
const DAY = 86_400_000

export async function rosterCampaign(slug = `roster-${crypto.randomBytes(3).toString('hex')}`, courses = ['observer-basics', 'counting']) {
  return db.campaign.create({
    data: {
      slug, nameRu: 'Выборы в Курултай', nameKk: 'Құрылтай сайлауы', nameEn: 'Kurultai election', kind: 'PARLIAMENTARY',
      electionDay: ELECTION_DAY, applicationDeadline: new Date(ELECTION_DAY.getTime() - 30 * DAY),
      courses: { create: courses.map((courseSlug) => ({ courseSlug })) },
    },
  })
}

export async function accreditedNgo(overrides: { slug?: string; name?: string; from?: Date | null; until?: Date | null } = {}) {
  const ngo = await createNgo({ slug: overrides.slug, name: overrides.name })
  return db.ngo.update({
    where: { id: ngo.id },
    data: { accreditationBody: 'CENTRAL', accreditedFrom: overrides.from === undefined ? new Date('2026-09-01T00:00:00Z') : overrides.from, accreditedUntil: overrides.until === undefined ? new Date('2027-08-31T00:00:00Z') : overrides.until },
  })
}

type CertificateSpec = { course: string; expiresAt?: Date; revoked?: boolean }

let counter = 0

/** One recruit of `ngoId`, with the given certificates (default: both courses, valid a year after the vote). */
export async function recruit(
  n: number,
  campaign: { id: string },
  ngoId: string,
  options: { fullName?: string; regionCode?: string; state?: ApplicationState; certificates?: CertificateSpec[]; pollingStation?: string; phone?: string; birthDate?: Date } = {},
) {
  const p = { ...syntheticRecruit(n), ...(options.phone ? { phone: options.phone } : {}), ...(options.birthDate ? { birthDate: options.birthDate } : {}) }
  const fullName = options.fullName ?? p.fullName
  const user = await createUser({ email: `roster-${n}-${crypto.randomBytes(3).toString('hex')}@example.org` })
  const application = await db.application.create({
    data: {
      campaignId: campaign.id, ngoId, userId: user.id, state: options.state ?? 'certified', fullName, iin: p.iin, birthDate: p.birthDate, phone: p.phone,
      email: user.email, regionCode: options.regionCode ?? p.regionCode, settlement: 'Алматы', pollingStation: options.pollingStation ?? '101', languages: '["kk","ru"]', availability: '["voting"]',
      declarations: '[]', experience: 'none', consentVersion: 'test', consentedAt: new Date(), searchText: recruitSearchText({ fullName, phone: p.phone, iin: p.iin }),
    },
  })
  const certificates = options.certificates ?? [{ course: 'observer-basics' }, { course: 'counting' }]
  for (const c of certificates) {
    counter++
    await db.certificate.create({
      data: {
        code: `R${String(counter).padStart(4, '0')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`, userId: user.id, holderName: application.fullName, courseSlug: c.course, courseVersion: '1', courseTitle: '{}',
        attemptId: `attempt-${crypto.randomBytes(6).toString('hex')}`, percent: 90, campaignId: campaign.id, ngoId,
        expiresAt: c.expiresAt ?? new Date(ELECTION_DAY.getTime() + 365 * DAY), revokedAt: c.revoked ? new Date() : null,
      },
    })
  }
  return { user, application, iin: p.iin }
}

export const afterElection = (days: number) => new Date(ELECTION_DAY.getTime() + days * DAY)
