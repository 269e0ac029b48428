/** NGOs of the coalition and the people who lead or train in them. Admin-only mutations. */
import { pageCount } from '~/domain/paging.ts'
import type { NgoInput, NgoRoleValue } from '~/domain/validation/admin.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, plainRead } from '../platform/db.server.ts'
import { isUniqueViolation } from '../accounts/accounts.server.ts'
import { addressUnproven } from '../accounts/address.server.ts'

export const NGO_PAGE_SIZE = 25

export async function listNgos({ page, query }: { page: number; query?: string }) {
  const where = query ? { OR: [{ name: { contains: query } }, { slug: { contains: query.toLowerCase() } }] } : {}
  const [total, ngos] = await Promise.all([
    db.ngo.count({ where }),
    db.ngo.findMany({
      where,
      orderBy: { name: 'asc' },
      skip: (page - 1) * NGO_PAGE_SIZE,
      take: NGO_PAGE_SIZE,
      include: { _count: { select: { memberships: true, regions: true } } },
    }),
  ])
  return { total, ngos, pageCount: pageCount(total, NGO_PAGE_SIZE) }
}

export type NgoRef = { id: string; slug: string; name: string }

/** An NGO by its address: read by every page of a lead's workspace, as one plain statement (plainRead). */
export async function findNgoBySlug(slug: string): Promise<NgoRef | null> {
  const [row] = await plainRead<NgoRef>`SELECT "id", "slug", "name" FROM "Ngo" WHERE "slug" = ${slug}`
  return row ?? null
}

/** An NGO's short address (its slug) by id; null for none. */
export async function ngoSlugOf(id: string): Promise<string | null> {
  return (await db.ngo.findUnique({ where: { id }, select: { slug: true } }))?.slug ?? null
}

export function getNgo(id: string) {
  return db.ngo.findUnique({
    where: { id },
    include: {
      regions: { select: { regionCode: true } },
      memberships: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: 'asc' } },
    },
  })
}

function ngoData(input: NgoInput) {
  return {
    name: input.name,
    slug: input.slug,
    description: input.description ?? '',
    contactEmail: input.contactEmail ?? null,
    contactPhone: input.contactPhone ?? null,
    website: input.website ?? null,
    accreditationBody: input.accreditationBody ?? null,
    accreditationIssuer: input.accreditationIssuer ?? null,
    accreditationNumber: input.accreditationNumber ?? null,
    accreditedFrom: input.accreditedFrom ?? null,
    accreditedUntil: input.accreditedUntil ?? null,
  }
}

export type NgoSaveResult = { ok: true; id: string } | { ok: false; error: 'slugTaken' | 'unknownRegion' }

/** Form errors for a refused save, as validation message keys. */
export function ngoFieldErrors(error: 'slugTaken' | 'unknownRegion'): Record<string, string[]> {
  return error === 'slugTaken' ? { slug: ['validation.slugTaken'] } : { regions: ['validation.region'] }
}

async function unknownRegions(codes: string[]): Promise<boolean> {
  if (codes.length === 0) return false
  const found = await db.region.count({ where: { code: { in: codes } } })
  return found !== new Set(codes).size
}

export async function createNgo(actorId: string, input: NgoInput, ip: string): Promise<NgoSaveResult> {
  if (await unknownRegions(input.regions)) return { ok: false, error: 'unknownRegion' }
  try {
    const ngo = await db.$transaction(async (tx) => {
      const created = await tx.ngo.create({
        data: { ...ngoData(input), regions: { create: [...new Set(input.regions)].map((regionCode) => ({ regionCode })) } },
      })
      await recordAudit({ actorId, action: 'ngo.created', targetType: 'ngo', targetId: created.id, ngoId: created.id, ip, details: { name: input.name, slug: input.slug, regions: input.regions } }, tx)
      return created
    })
    return { ok: true, id: ngo.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}

export async function updateNgo(actorId: string, id: string, input: NgoInput, ip: string): Promise<NgoSaveResult> {
  if (await unknownRegions(input.regions)) return { ok: false, error: 'unknownRegion' }
  try {
    await db.$transaction(async (tx) => {
      await tx.ngo.update({ where: { id }, data: ngoData(input) })
      await tx.ngoRegion.deleteMany({ where: { ngoId: id } })
      await tx.ngoRegion.createMany({ data: [...new Set(input.regions)].map((regionCode) => ({ ngoId: id, regionCode })) })
      await recordAudit({ actorId, action: 'ngo.updated', targetType: 'ngo', targetId: id, ngoId: id, ip, details: { ...ngoData(input), regions: input.regions } }, tx)
    })
    return { ok: true, id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'slugTaken' }
    throw error
  }
}

export type AssignResult = { ok: true } | { ok: false; error: 'noSuchUser' | 'alreadyMember' | 'unconfirmed' }

/** A role for an account by its address; not while whoever can log in to it has not confirmed the address is theirs. */
export async function assignMember(actorId: string, ngoId: string, email: string, role: NgoRoleValue, ip: string): Promise<AssignResult> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, emailConfirmedAt: true } })
  if (!user) return { ok: false, error: 'noSuchUser' }
  if (addressUnproven(user)) return { ok: false, error: 'unconfirmed' }
  try {
    await db.$transaction(async (tx) => {
      const membership = await tx.membership.create({ data: { userId: user.id, ngoId, role } })
      await recordAudit({ actorId, action: 'ngo.member_assigned', targetType: 'membership', targetId: membership.id, ngoId, ip, details: { userId: user.id, email, role } }, tx)
    })
    return { ok: true }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'alreadyMember' }
    throw error
  }
}

export async function removeMember(actorId: string, ngoId: string, membershipId: string, ip: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: membershipId, ngoId }, include: { user: { select: { email: true } } } })
    if (!membership) return false
    await tx.membership.delete({ where: { id: membership.id } })
    await recordAudit({ actorId, action: 'ngo.member_removed', targetType: 'membership', targetId: membership.id, ngoId, ip, details: { userId: membership.userId, email: membership.user.email, role: membership.role } }, tx)
    return true
  })
}
