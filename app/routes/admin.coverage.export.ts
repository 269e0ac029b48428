import { type LoaderFunctionArgs } from '@remix-run/node'
import { parseListFilters, shiftLabel } from '~/domain/assignments.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { campaignFromQuery } from '~/http/deployment.server.ts'
import { notFound, requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { coverageExport } from '~/server/deployment/coverage-exports.server.ts'
import { listShifts } from '~/server/deployment/shifts.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** The coverage list as CSV, XLSX or PDF, with the screen's filters; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope, user } = await requireAdminScope(request)
  const url = new URL(request.url)
  const [locale, { campaign }, regions] = await Promise.all([getLocale(request), campaignFromQuery(url), listRegions()])
  if (!campaign) notFound()
  const filters = parseListFilters(url.searchParams)
  const shift = (await listShifts(campaign.id)).find((s) => s.id === filters.shiftId)
  if (!shift) notFound()
  const requested = url.searchParams.get('format')
  const format = requested === 'xlsx' || requested === 'pdf' ? requested : 'csv'
  const names = { regions: new Map(regions.map((r) => [r.code, localizedName(r, locale)])), shift: shiftLabel(shift, locale), exporter: `${user.name} <${user.email}>` }
  const file = await coverageExport(scope, { ...campaign, name: localizedName(campaign, locale) }, { regionCode: filters.regionCode, district: filters.district, shiftId: shift.id, kind: filters.coverage }, format, locale, names, clientIp(context))
  return new Response(file.body as BodyInit, { headers: { 'Content-Type': file.contentType, 'Content-Disposition': attachment(file.fileName), 'Cache-Control': 'private, no-store' } })
}
