/**
 * GET /api/v1/rosters/<campaign>: an NGO's roster as JSON for its own tools, authorised by a per-NGO
 * API token (never a session). The same filters as the screen (`region`, repeated), an optional
 * `template` and `locale`; IIN always masked (a full IIN needs a person and a reason). Rate-limited,
 * audited as an export (format json, row count, token), and the token's last use recorded.
 */
import { isLocale } from '~/domain/locale.ts'
import { parseRosterQuery } from '~/domain/roster-rules.ts'
import { apiRetryAfter } from '../server/accounts/api-tokens.server.ts'
import { authenticateApiCall } from '../server/accounts/permissions.server.ts'
import { findRosterTemplate } from '../server/rosters/export-templates.server.ts'
import { rosterJson } from '../server/rosters/roster-exports.server.ts'
import { findRosterCampaign, recordRosterExport, rosterSummary, type RosterRequest } from '../server/rosters/rosters.server.ts'

function jsonError(status: number, error: string, headers: Record<string, string> = {}) {
  return Response.json({ error }, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}

export async function rosterApiResponse(request: Request, campaignSlug: string, ip: string): Promise<Response> {
  const retryAfter = await apiRetryAfter(ip)
  if (retryAfter > 0) return jsonError(429, 'rate_limited', { 'Retry-After': String(retryAfter) })
  const authorization = request.headers.get('Authorization')
  const call = await authenticateApiCall(authorization)
  if (!call) {
    const challenge = authorization ? 'Bearer realm="observer-school", error="invalid_token"' : 'Bearer realm="observer-school"'
    return jsonError(401, authorization ? 'invalid_token' : 'missing_token', { 'WWW-Authenticate': challenge })
  }
  const campaign = await findRosterCampaign(campaignSlug)
  if (!campaign) return jsonError(404, 'campaign_not_found')
  const { caller, scope } = call
  const url = new URL(request.url)
  const templateId = url.searchParams.get('template') ?? ''
  const template = templateId ? await findRosterTemplate(scope, templateId) : null
  if (templateId && !template) return jsonError(404, 'template_not_found')
  const locale = url.searchParams.get('locale')
  const roster: RosterRequest = { scope, campaign, regions: parseRosterQuery(url.searchParams).regions, locale: isLocale(locale) ? locale : 'ru', iin: { full: false }, template }
  const summary = await rosterSummary(roster)
  await recordRosterExport(roster, { format: 'json', rowCount: summary.total, ip, apiToken: { id: caller.tokenId, name: caller.tokenName } })
  const head = {
    ngo: { slug: caller.ngo.slug, name: caller.ngo.name },
    campaign: { slug: campaign.slug, electionDay: campaign.electionDay.toISOString().slice(0, 10) },
    regions: roster.regions,
    iin: 'masked',
    template: template ? { id: template.id, name: template.name } : null,
    warnings: summary.warnings,
  }
  return new Response(rosterJson(roster, summary, head), { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' } })
}
