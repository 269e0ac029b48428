import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { stationTemplate } from '~/server/deployment/station-imports.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** The polling-station list's template: the column names in the admin's language and two example rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const { fileName, body } = await stationTemplate(await getLocale(request))
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(fileName), 'Cache-Control': 'private, no-store' } })
}
