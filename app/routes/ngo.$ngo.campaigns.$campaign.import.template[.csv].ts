import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { importTemplate } from '~/server/recruitment/imports.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { findCampaignBySlug } from '~/server/recruitment/recruitment.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** An empty list with the column names in the lead's language, ready to fill in and import. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireNgoLead(request, params.ngo)
  if (!params.campaign || !(await findCampaignBySlug(params.campaign))) notFound()
  const { fileName, body } = await importTemplate(await getLocale(request))
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(fileName),
      'Cache-Control': 'private, no-store',
    },
  })
}
