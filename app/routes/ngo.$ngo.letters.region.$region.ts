import { type LoaderFunctionArgs } from '@remix-run/node'
import { parseLetterLanguage } from '~/domain/letters.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { letterPdf } from '~/server/deployment/letter-pdf.server.ts'
import { letterQr } from '~/server/deployment/letter-paper.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { findCampaignRef, recordLetterDownload, regionLetterCount, regionLetters } from '~/server/deployment/letters.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/**
 * A region's letters of a campaign (`?campaign=`), one per page, for printing: the NGO's lead only,
 * streamed, audited with the number of letters.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope } = await requireNgoLead(request, params.ngo)
  const url = new URL(request.url)
  const language = parseLetterLanguage(url.searchParams.get('language'), await getLocale(request))
  const region = (await listRegions()).find((r) => r.code === params.region)
  const campaign = await findCampaignRef(url.searchParams.get('campaign'))
  if (!region || !campaign) notFound()
  const count = await regionLetterCount(scope, campaign.id, region.code)
  if (count === 0) notFound()
  await recordLetterDownload(scope, { campaignId: campaign.id, regionCode: region.code, count }, language, clientIp(context))
  return new Response(await letterPdf(regionLetters(scope, campaign.id, region.code, language), language, { qrFor: (l) => letterQr(l, publicOrigin(request)) }), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`letters-${campaign.slug}-${region.code}-${language}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
