import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { certificatePdf } from '~/server/exams/certificate-pdf.server.ts'
import { findCertificate } from '~/server/exams/certificates.server.ts'
import { certificatePaperUrl } from '~/server/papers/certificate-paper.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { forbidden, notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { attachment } from '~/http/downloads.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const certificate = await findCertificate(params.code ?? '', locale)
  if (!certificate) notFound()
  if (certificate.userId !== user.id && !user.isAdmin) forbidden()
  const origin = publicOrigin(request)
  const pdf = await certificatePdf(certificate, locale, `${origin}/verify/${certificate.code}`, await certificatePaperUrl(certificate, origin))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`certificate-${certificate.code}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
