import { type LoaderFunctionArgs } from '@remix-run/node'
import { parseLetterLanguage } from '~/domain/letters.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { letterPdf } from '~/server/deployment/letter-pdf.server.ts'
import { letterQr } from '~/server/deployment/letter-paper.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { letterFor, recordLetterDownload } from '~/server/deployment/letters.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** One observer's authorisation letter as a PDF (`?language=ru|kk|en`), for their NGO's lead; audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope } = await requireNgoLead(request, params.ngo)
  const language = parseLetterLanguage(new URL(request.url).searchParams.get('language'), await getLocale(request))
  const letter = await letterFor(scope, params.assignmentId ?? '', language)
  if (!letter) notFound()
  await recordLetterDownload(scope, { assignmentId: params.assignmentId ?? '' }, language, clientIp(context))
  return new Response(await letterPdf([letter], language, { qrFor: (l) => letterQr(l, publicOrigin(request)) }), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`letter-${letter.reference}-${language}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
