import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'
import { adminRosterScope } from '~/server/rosters/rosters.server.ts'

/** Any NGO's roster, or the whole coalition's (`?ngo=` empty), as CSV or XLSX; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  const url = new URL(request.url)
  const { scope, ngo } = await adminRosterScope(user.id, url.searchParams.get('ngo') ?? '')
  return rosterExportResponse(url, scope, await getLocale(request), { ngoSlug: ngo?.slug ?? 'coalition', ngoName: ngo?.name ?? null, exporter: `${user.name} <${user.email}>`, ip: clientIp(context) })
}
