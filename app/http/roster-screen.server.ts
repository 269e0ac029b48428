/**
 * What the roster pages (lead and admin) and their downloads share: reading the query string into a
 * RosterRequest, and the screen's data with dates formatted on the server.
 */
import { defaultDashboardCampaign } from '~/domain/dashboard.ts'
import { pageCount as pagesFor } from '~/domain/paging.ts'
import { formatDate } from '~/domain/format.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { scopeNgoId, type Scope } from '~/domain/permissions.ts'
import { parseIinMode, parseRosterQuery, ROSTER_PAGE_SIZE, rosterFileName, rosterFormats, type RosterFormat } from '~/domain/roster-rules.ts'
import { rosterPhone } from '~/domain/roster.ts'
import { getFixedT } from '~/i18n/i18next.server.ts'
import { recordAudit } from '../server/platform/audit.server.ts'
import { findRosterTemplate, templatesForRoster } from '../server/rosters/export-templates.server.ts'
import { listRegions } from '../server/recruitment/regions.server.ts'
import { rosterFile } from '../server/rosters/roster-exports.server.ts'
import { findRosterCampaign, rosterCampaigns, rosterPage, rosterSummary, waitingForLiveSessions } from '../server/rosters/rosters.server.ts'
import { attachment } from './downloads.server.ts'

export async function rosterScreen(url: URL, scope: Scope, locale: Locale, ip: string) {
  const query = parseRosterQuery(url.searchParams)
  const [campaigns, regions, templates] = await Promise.all([rosterCampaigns(), listRegions(), templatesForRoster(scope)])
  const base = {
    templates,
    selectedTemplate: templates.find((x) => x.id === url.searchParams.get('template'))?.id ?? '',
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale), electionDay: formatDate(c.electionDay, locale) })),
    // The form opens on the campaign whose election day is nearest (the one being worked on), as the dashboards do.
    suggestedCampaign: defaultDashboardCampaign(campaigns.map((c) => ({ ...c, applications: 1 })), new Date())?.slug ?? '',
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
    selectedRegions: query.regions,
    query: url.search,
  }
  const campaign = url.searchParams.get('campaign') ? await findRosterCampaign(url.searchParams.get('campaign') ?? '') : null
  if (!campaign) return { status: 200, data: { ...base, roster: null, error: null } }
  const iin = parseIinMode(url.searchParams)
  const request = { scope, campaign, regions: query.regions, locale, iin: iin.ok ? iin.mode : ({ full: false } as const) }
  const [summary, waiting] = await Promise.all([rosterSummary(request), waitingForLiveSessions(request)])
  const page = Math.min(query.page, pagesFor(summary.total, ROSTER_PAGE_SIZE))
  const { rows, pageCount } = await rosterPage(request, summary, page)
  if (request.iin.full) {
    await recordAudit({ actorId: scope.actorId, action: 'roster.viewed', targetType: 'campaign', targetId: campaign.id, ngoId: scopeNgoId(scope), ip, details: { scope: scope.kind, regions: query.regions, page, iin: 'full', reason: request.iin.reason } })
  }
  const t = await getFixedT(locale)
  return {
    status: iin.ok ? 200 : 400,
    data: {
      ...base,
      error: iin.ok ? null : t(iin.error),
      roster: {
        campaign: { slug: campaign.slug, name: localizedName(campaign, locale), electionDay: formatDate(campaign.electionDay, locale) },
        total: summary.total,
        byRegion: summary.byRegion.filter((r) => r.count > 0),
        warnings: [...summary.warnings.map((w) => t(`rosters.warnings.${w.problem}`, { ...w })), ...(waiting > 0 ? [t('liveRule.rosterWaiting', { count: waiting })] : [])],
        fullIin: request.iin.full,
        page,
        pageCount,
        rows: rows.map((r) => ({ ...r, birthDate: formatDate(r.birthDate, locale, 'medium'), phone: rosterPhone(r.phone), validUntil: formatDate(r.validUntil, locale, 'medium') })),
      },
    },
  }
}

/** A download: 404 without a campaign, 400 (translated) for a full-IIN request without a reason. */
export async function rosterExportResponse(url: URL, scope: Scope, locale: Locale, meta: { ngoSlug: string; ngoName: string | null; exporter: string; ip: string }) {
  const format = rosterFormats.find((f): f is RosterFormat => f === url.searchParams.get('format')) ?? null
  const campaign = await findRosterCampaign(url.searchParams.get('campaign') ?? '')
  if (!campaign || !format) return new Response('Not Found', { status: 404 })
  const iin = parseIinMode(url.searchParams)
  if (!iin.ok) return new Response((await getFixedT(locale))(iin.error), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const { regions } = parseRosterQuery(url.searchParams)
  // Another NGO's template (or a deleted one) is not found, whatever its id: its columns are not shown.
  const templateId = url.searchParams.get('template') ?? ''
  const template = templateId ? await findRosterTemplate(scope, templateId) : null
  if (templateId && !template) return new Response('Not Found', { status: 404 })
  const at = new Date()
  // A sheet per region is the workbook's choice alone; its file is named apart from the one-sheet workbook's.
  const sheetPerRegion = format === 'xlsx' && url.searchParams.get('sheets') === 'region'
  const body = await rosterFile(
    { scope, campaign, regions, locale, iin: iin.mode, template },
    { format, ngoName: meta.ngoName ?? (await getFixedT(locale))('rosters.coalition'), exporter: meta.exporter, ip: meta.ip, sheetPerRegion },
  )
  return new Response(body, {
    headers: {
      'Content-Type': contentTypes[format],
      'Content-Disposition': attachment(rosterFileName({ ngo: meta.ngoSlug, campaign: campaign.slug, regions, format, sheetPerRegion, template: template?.name, at })),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

const contentTypes: Record<RosterFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}
