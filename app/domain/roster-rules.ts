/**
 * The rules of a roster request that need no database: which filters a URL may carry, and whether an
 * NGO's accreditation covers a campaign's election day (domain.md: accreditation lasts a year and a
 * roster of a lapsed NGO carries a visible warning).
 */
import { z } from 'zod'
import { parsePage } from './paging.ts'
import { plainString } from './validation/fields.ts'

export const ROSTER_PAGE_SIZE = 50
export const rosterFormats = ['csv', 'xlsx', 'pdf'] as const
export type RosterFormat = (typeof rosterFormats)[number]

export type AccreditationProblem = 'missing' | 'notYetValid' | 'lapsed'

/** Null when the accreditation is valid on the election day (both ends inclusive, by calendar day). */
export function accreditationProblem(ngo: { accreditedFrom: Date | null; accreditedUntil: Date | null }, electionDay: Date): AccreditationProblem | null {
  if (!ngo.accreditedFrom || !ngo.accreditedUntil) return 'missing'
  const day = electionDay.toISOString().slice(0, 10)
  if (ngo.accreditedFrom.toISOString().slice(0, 10) > day) return 'notYetValid'
  if (ngo.accreditedUntil.toISOString().slice(0, 10) < day) return 'lapsed'
  return null
}

const regionCode = z.string().regex(/^KZ-\d{2}$/)

/** Region filter, page and the "full IIN" request, read from a query string; tampered values fall back. */
export function parseRosterQuery(params: URLSearchParams) {
  const regions = [...new Set(params.getAll('region').filter((r) => regionCode.safeParse(r).success))].sort()
  return { regions, page: parsePage(params), ngo: params.get('ngo') ?? '' }
}

/** Asking for full IINs needs a reason, which goes to the audit log. */
export const fullIinSchema = z.discriminatedUnion('fullIin', [
  z.object({ fullIin: z.literal('on'), reason: plainString().trim().min(5, 'rosters.reasonRequired').max(500) }),
  z.object({ fullIin: z.undefined(), reason: z.string().optional() }),
])

export type IinMode = { full: false } | { full: true; reason: string }

export function parseIinMode(params: URLSearchParams): { ok: true; mode: IinMode } | { ok: false; error: 'rosters.reasonRequired' } {
  const parsed = fullIinSchema.safeParse({ fullIin: params.get('fullIin') === 'on' ? 'on' : undefined, reason: params.get('reason') ?? undefined })
  if (!parsed.success) return { ok: false, error: 'rosters.reasonRequired' }
  return { ok: true, mode: parsed.data.fullIin === 'on' ? { full: true, reason: parsed.data.reason } : { full: false } }
}

/**
 * A download's file name, slugs only (ASCII, so any client keeps it): what it is, whose, which
 * campaign and regions, and the day, `roster_<ngo>_<campaign>_<regions>_<date>.<ext>`; the workbook
 * with a sheet per region is `…_<regions>_by-region_<date>.xlsx`, so the two workbooks of one roster
 * do not take each other's name in a downloads folder.
 */
export function rosterFileName(parts: { ngo: string; campaign: string; regions: readonly string[]; format: RosterFormat; sheetPerRegion?: boolean; template?: string | undefined; at: Date }): string {
  const region = parts.regions.length === 0 ? 'all-regions' : parts.regions.length <= 3 ? parts.regions.join('_') : `${parts.regions.length}-regions`
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-')
  const layout = parts.format === 'xlsx' && parts.sheetPerRegion ? '_by-region' : ''
  // A template's name, in any language's letters (the download's filename* carries UTF-8), tells two exports apart.
  const template = (parts.template ?? '').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '')
  return `roster_${safe(parts.ngo)}_${safe(parts.campaign)}_${safe(region)}${layout}${template ? `_${template}` : ''}_${parts.at.toISOString().slice(0, 10)}.${parts.format}`
}
