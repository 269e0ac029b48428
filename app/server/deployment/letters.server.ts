/**
 * Authorisation letters: what each assigned observer's letter prints, for one assignment or a whole
 * region of a campaign (the batch a lead prints), the ID document numbers and the signatory a lead
 * types for them, and the audit of every download. Every function takes the acting Scope and writes
 * its own `where`, so NGO B's lead never reaches NGO A's observers.
 */
import { normaliseCode } from '~/domain/certificates.ts'
import { localizedName } from '~/domain/locale.ts'
import { letterIdentity, letterReference, type LetterLanguage, type LetterView } from '~/domain/letters.ts'
import type { NgoScope, Scope } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'
import { newPaperCode } from '../papers/codes.server.ts'
import { listRegions } from '../recruitment/regions.server.ts'

const letterSelect = {
  id: true,
  idDocumentNumber: true,
  letterCode: true,
  application: { select: { fullName: true, iin: true } },
  station: { select: { number: true, address: true, district: true, regionCode: true } },
  shift: { select: { nameRu: true, nameKk: true, nameEn: true, startsAt: true, endsAt: true } },
  campaign: { select: { nameRu: true, nameKk: true, nameEn: true, electionDay: true } },
  ngo: { select: { name: true, accreditationNumber: true, accreditationBody: true, accreditationIssuer: true, letterSignatory: true, letterSignatoryTitle: true } },
} as const

/** The letters a scope may print: its own NGO's, never a declined assignment's or an anonymised person's. */
function letterWhere(scope: Scope) {
  return { status: { not: 'declined' }, application: { anonymisedAt: null }, ...(scope.kind === 'ngo' ? { ngoId: scope.ngoId } : {}) }
}

type LetterRow = NonNullable<Awaited<ReturnType<typeof findLetterRow>>>

function findLetterRow(scope: Scope, assignmentId: string) {
  return db.assignment.findFirst({ where: { id: assignmentId, ...letterWhere(scope) }, select: letterSelect })
}

/**
 * The rows with their letter codes, giving a code to each row printed for the first time (since its
 * assignment was made or moved), in one transaction per batch. A code is taken only if the row still
 * has none, so two printings at once agree on one; a row gone meanwhile prints without a code.
 */
async function withLetterCodes(rows: LetterRow[]): Promise<Array<LetterRow & { code: string }>> {
  const missing = rows.filter((row) => !row.letterCode)
  const made = new Map<string, string>()
  if (missing.length > 0) {
    await db.$transaction(async (tx) => {
      for (const row of missing) {
        const code = newPaperCode()
        const taken = await tx.assignment.updateMany({ where: { id: row.id, letterCode: null }, data: { letterCode: code } })
        if (taken.count === 1) made.set(row.id, code)
      }
      const raced = missing.filter((row) => !made.has(row.id)).map((row) => row.id)
      if (raced.length > 0) {
        for (const row of await tx.assignment.findMany({ where: { id: { in: raced } }, select: { id: true, letterCode: true } })) if (row.letterCode) made.set(row.id, row.letterCode)
      }
    })
  }
  return rows.map((row) => ({ ...row, code: row.letterCode ?? made.get(row.id) ?? '' }))
}

async function toView(row: LetterRow & { code: string }, language: LetterLanguage, issuedAt: Date): Promise<LetterView> {
  const regions = await listRegions()
  const region = regions.find((r) => r.code === row.station.regionCode)
  return {
    reference: letterReference(row.station.number, row.id),
    code: row.code,
    fullName: row.application.fullName,
    identity: letterIdentity(row.idDocumentNumber, row.application.iin),
    station: { number: row.station.number, address: row.station.address, district: row.station.district },
    regionName: region ? localizedName(region, language) : row.station.regionCode,
    campaignName: localizedName(row.campaign, language),
    electionDay: row.campaign.electionDay,
    shift: { name: localizedName(row.shift, language), startsAt: row.shift.startsAt, endsAt: row.shift.endsAt },
    ngo: { name: row.ngo.name, accreditationNumber: row.ngo.accreditationNumber, accreditationBody: row.ngo.accreditationBody, accreditationIssuer: row.ngo.accreditationIssuer },
    signatory: { name: row.ngo.letterSignatory, title: row.ngo.letterSignatoryTitle },
    issuedAt,
  }
}

/** One observer's letter, or null when the assignment is unknown, declined or outside the scope. */
export async function letterFor(scope: Scope, assignmentId: string, language: LetterLanguage, issuedAt = new Date()): Promise<LetterView | null> {
  const row = await findLetterRow(scope, assignmentId)
  if (!row) return null
  const [coded] = await withLetterCodes([row])
  return toView(coded!, language, issuedAt)
}

/** How many letters a region's batch holds (0: nothing to print). */
export function regionLetterCount(scope: Scope, campaignId: string, regionCode: string): Promise<number> {
  return db.assignment.count({ where: { campaignId, station: { regionCode }, ...letterWhere(scope) } })
}

/** A region's letters in print order (station number, shift), a few hundred at a time. */
export async function* regionLetters(scope: Scope, campaignId: string, regionCode: string, language: LetterLanguage, issuedAt = new Date()): AsyncGenerator<LetterView[]> {
  const batch = 200
  for (let skip = 0; ; skip += batch) {
    const rows = await db.assignment.findMany({
      where: { campaignId, station: { regionCode }, ...letterWhere(scope) },
      orderBy: [{ station: { number: 'asc' } }, { shift: { startsAt: 'asc' } }, { id: 'asc' }],
      skip,
      take: batch,
      select: letterSelect,
    })
    if (rows.length === 0) return
    yield await Promise.all((await withLetterCodes(rows)).map((row) => toView(row, language, issuedAt)))
    if (rows.length < batch) return
  }
}

/** Every letter download is audited: who took whose letter (or which region's batch), in which language. */
export async function recordLetterDownload(scope: NgoScope, what: { assignmentId: string } | { campaignId: string; regionCode: string; count: number }, language: LetterLanguage, ip: string): Promise<void> {
  await recordAudit({
    actorId: scope.actorId,
    action: 'assignmentId' in what ? 'letters.downloaded' : 'letters.regionDownloaded',
    targetType: 'assignmentId' in what ? 'Assignment' : 'Campaign',
    targetId: 'assignmentId' in what ? what.assignmentId : what.campaignId,
    ngoId: scope.ngoId,
    ip,
    details: 'assignmentId' in what ? { language } : { language, region: what.regionCode, count: what.count },
  })
}

/** The ID document number printed on the letter (empty: the masked IIN is printed); false when out of scope. */
export async function setIdDocumentNumber(scope: NgoScope, assignmentId: string, value: string | null, ip: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const found = await tx.assignment.findFirst({ where: { id: assignmentId, ngoId: scope.ngoId }, select: { id: true, idDocumentNumber: true } })
    if (!found) return false
    await tx.assignment.update({ where: { id: found.id }, data: { idDocumentNumber: value } })
    // The number itself is personal data: the log says it changed, not what it is.
    await recordAudit({ actorId: scope.actorId, action: 'assignment.idDocumentSet', targetType: 'Assignment', targetId: found.id, ngoId: scope.ngoId, ip, details: { cleared: value === null } }, tx)
    return true
  })
}

export async function letterSignatory(scope: NgoScope) {
  return db.ngo.findUniqueOrThrow({ where: { id: scope.ngoId }, select: { letterSignatory: true, letterSignatoryTitle: true, accreditationNumber: true, accreditationBody: true } })
}

export async function setLetterSignatory(scope: NgoScope, input: { name: string | null; title: string | null }, ip: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.ngo.update({ where: { id: scope.ngoId }, data: { letterSignatory: input.name, letterSignatoryTitle: input.title } })
    await recordAudit({ actorId: scope.actorId, action: 'ngo.letterSignatorySet', targetType: 'Ngo', targetId: scope.ngoId, ngoId: scope.ngoId, ip, details: { name: input.name, title: input.title } }, tx)
  })
}

export function findCampaignRef(slug: string | null) {
  return slug ? db.campaign.findUnique({ where: { slug }, select: { id: true, slug: true } }) : Promise.resolve(null)
}

/**
 * The online half of checking a printed letter (/v): is the assignment its code names still in
 * force? Not when it was moved to another station or shift (the code is cleared), declined, removed
 * (the observer withdrew, lost the certificate or was anonymised), or when the code names nothing.
 * A signed letter's code is never unknown to its issuer, so any of these reads as "no longer in
 * force". Audited like a certificate's check; the caller throttles.
 */
export async function verifyLetterCode(code: string, ip: string): Promise<'valid' | 'cancelled'> {
  const normalised = normaliseCode(code)
  const found = normalised
    ? await db.assignment.findFirst({ where: { letterCode: normalised, status: { not: 'declined' }, application: { anonymisedAt: null, state: 'certified' } }, select: { id: true } })
    : null
  const result = found ? 'valid' : 'cancelled'
  await recordAudit({ actorId: null, action: 'letter.verified', targetType: 'Assignment', targetId: found?.id ?? (normalised ?? code).slice(0, 20), ip, details: { result } })
  return result
}
