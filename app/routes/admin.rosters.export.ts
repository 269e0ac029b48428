import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'

/** Any NGO's roster, or the whole coalition's (`?ngo=` empty), as CSV or XLSX; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { user, scope, ngo } = await requireAdminScope(request, url.searchParams.get('ngo') ?? '')
  return rosterExportResponse(url, scope, await getLocale(request), { ngoSlug: ngo?.slug ?? 'coalition', ngoName: ngo?.name ?? null, exporter: `${user.name} <${user.email}>`, ip: clientIp(context) })
}
