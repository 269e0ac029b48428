import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'

/** The NGO's roster as CSV or XLSX (`?format=`), with the screen's filters; audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ngo, scope, user } = await requireNgoLead(request, params.ngo)
  return rosterExportResponse(new URL(request.url), scope, await getLocale(request), { ngoSlug: ngo.slug, ngoName: ngo.name, exporter: `${user.name} <${user.email}>`, ip: clientIp(context) })
}
