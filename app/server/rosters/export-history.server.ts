/**
 * The admins' export history: every `roster.exported` record of the audit log, newest first, read
 * back into who, what and how. Filtering by format matches the JSON text of `details` (written by
 * recordRosterExport with JSON.stringify, so `"format":"csv"` has no spaces).
 */
import { pageCount } from '~/domain/paging.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { rosterFormats } from '~/domain/roster-rules.ts'
import { db, type Prisma } from '../platform/db.server.ts'
import { listRegions } from '../recruitment/regions.server.ts'

export const EXPORT_HISTORY_PAGE_SIZE = 50
/** Every downloadable format, and `json` for the API. */
export const exportHistoryFormats = [...rosterFormats, 'json'] as const

export interface ExportHistoryFilter {
  page: number
  /** An NGO's slug, `coalition` for coalition-wide exports, or empty for all. */
  ngo: string
  format: string
}

interface ExportDetails {
  scope?: string
  campaign?: string
  regions?: string[]
  format?: string
  rowCount?: number
  iin?: string
  reason?: string
  template?: { id: string; name: string } | null
  tokenId?: string
  tokenName?: string
}

function readDetails(json: string): ExportDetails {
  try {
    const parsed: unknown = JSON.parse(json)
    return parsed && typeof parsed === 'object' ? (parsed as ExportDetails) : {}
  } catch {
    return {}
  }
}

export async function listRosterExports(filter: ExportHistoryFilter, locale: Locale) {
  const ngos = await db.ngo.findMany({ select: { id: true, slug: true, name: true }, orderBy: { name: 'asc' } })
  const ngo = ngos.find((n) => n.slug === filter.ngo)
  const format = exportHistoryFormats.find((f) => f === filter.format)
  const where: Prisma.AuditEventWhereInput = {
    action: 'roster.exported',
    ...(filter.ngo === 'coalition' ? { ngoId: null } : ngo ? { ngoId: ngo.id } : filter.ngo ? { id: { in: [] } } : {}),
    ...(format ? { details: { contains: `"format":"${format}"` } } : {}),
  }
  const [total, events, campaigns, regions] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (filter.page - 1) * EXPORT_HISTORY_PAGE_SIZE,
      take: EXPORT_HISTORY_PAGE_SIZE,
      select: { id: true, at: true, ngoId: true, details: true, actor: { select: { name: true, email: true } } },
    }),
    db.campaign.findMany({ select: { slug: true, nameRu: true, nameKk: true, nameEn: true } }),
    listRegions(),
  ])
  const ngoName = new Map(ngos.map((n) => [n.id, n.name]))
  const campaignName = new Map(campaigns.map((c) => [c.slug, localizedName(c, locale)]))
  const regionName = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    ngos: ngos.map((n) => ({ slug: n.slug, name: n.name })),
    total,
    pageCount: pageCount(total, EXPORT_HISTORY_PAGE_SIZE),
    exports: events.map((e) => {
      const d = readDetails(e.details)
      return {
        id: e.id,
        at: e.at,
        actor: e.actor ? `${e.actor.name} <${e.actor.email}>` : null,
        apiToken: d.tokenId ? { id: d.tokenId, name: d.tokenName ?? '' } : null,
        ngo: e.ngoId ? (ngoName.get(e.ngoId) ?? null) : null,
        campaign: d.campaign ? (campaignName.get(d.campaign) ?? d.campaign) : '',
        regions: (d.regions ?? []).map((code) => regionName.get(code) ?? code),
        format: d.format ?? '',
        rowCount: d.rowCount ?? null,
        fullIin: d.iin === 'full',
        reason: d.reason ?? null,
        template: d.template?.name ?? null,
      }
    }),
  }
}
