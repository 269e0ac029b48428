import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificateFacts } from '~/components/certificate-facts.tsx'
import { FormMessage, TextareaField, validationTiming } from '~/components/forms.tsx'
import { courseEditionPhrase } from '~/domain/certificates.ts'
import { formatDate } from '~/domain/format.ts'
import { revokeSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { findCertificate, revokeCertificate } from '~/server/exams/certificates.server.ts'
import { certificatePaperUrl } from '~/server/papers/certificate-paper.server.ts'
import { paperQrSvg } from '~/server/papers/signing.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { forbidden, notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'certificate.title' }

/** The holder and coalition admins may open a certificate's page (anyone may verify it at /verify). */
async function allowed(request: Request, code: string) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const certificate = await findCertificate(code, locale)
  if (!certificate) notFound()
  if (certificate.userId !== user.id && !user.isAdmin) forbidden()
  return { user, locale, certificate }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, certificate } = await allowed(request, params.code ?? '')
  const signedUrl = await certificatePaperUrl(certificate, publicOrigin(request))
  return {
    signedUrl,
    signedQr: signedUrl ? `data:image/svg+xml;base64,${Buffer.from(await paperQrSvg(signedUrl)).toString('base64')}` : null,
    pageTitle: certificate.courseTitle,
    canRevoke: user.isAdmin && certificate.status !== 'revoked',
    verifyUrl: `${publicOrigin(request)}/verify/${certificate.code}`,
    certificate: {
      code: certificate.code,
      holderName: certificate.holderName,
      holderRemoved: certificate.holderRemoved,
      course: certificate.courseTitle,
      percent: certificate.percent,
      status: certificate.status,
      ngo: certificate.ngoName,
      campaign: certificate.campaignName,
      issued: formatDate(certificate.issuedAt, locale),
      validUntil: formatDate(certificate.expiresAt, locale),
      edition: courseEditionPhrase(certificate.courseEdition, locale),
      revokeReason: certificate.revokeReason,
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, certificate } = await allowed(request, params.code ?? '')
  if (!user.isAdmin) forbidden()
  const submission = await parseForm(request, revokeSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await revokeCertificate(user.id, certificate.code, submission.value.reason, clientIp(context))
  if (!result.ok) return data({ result: submission.reply({ formErrors: [`certificate.revokeError.${result.error}`] }) }, { status: 400 })
  return redirectWithToast(`/certificates/${certificate.code}`, { key: 'certificate.revoked', kind: 'success' })
}

export default function CertificatePage() {
  const { certificate, verifyUrl, signedUrl, signedQr, canRevoke } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({ id: 'revoke', lastResult: actionData?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: revokeSchema }), ...validationTiming })
  return (
    <div className="container narrow-wide">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/certificates">{t('certificate.mine')}</Link>
      </nav>
      <div className={`card certificate certificate-${certificate.status}`}>
        <p className="quiz-kicker">{t('certificate.title')}</p>
        <h1>{certificate.holderRemoved ? t('certificate.holderRemoved') : certificate.holderName}</h1>
        <p className="lead">{t('certificate.pdf.passed', { course: certificate.course, percent: certificate.percent })}</p>
        <p className={`status status-cert-${certificate.status}`}>{t(`certificate.status.${certificate.status}`)}</p>
        {certificate.revokeReason ? <p>{t('certificate.revokeReasonShown', { reason: certificate.revokeReason })}</p> : null}
        <CertificateFacts certificate={{ ...certificate, holderName: undefined, holderRemoved: false, course: undefined }} />
        <p className="hero-actions print-hidden">
          <a className="btn btn-primary" href={`/certificates/${certificate.code}/pdf`} download>
            {t('certificate.downloadPdf')}
          </a>
          <a className="btn btn-secondary" href={verifyUrl}>
            {t('certificate.openVerify')}
          </a>
        </p>
        {signedUrl && signedQr ? (
          <figure className="paper-qr">
            <img src={signedQr} alt={t('papers.qrAlt')} width={240} height={240} />
            <figcaption>
              {t('papers.qrCaption')} <a href={signedUrl}>{t('papers.openSigned')}</a>
            </figcaption>
          </figure>
        ) : null}
      </div>
      {canRevoke ? (
        <section className="card print-hidden" aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">{t('certificate.revokeTitle')}</h2>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormMessage id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="revoke" />
            <TextareaField label={t('certificate.revokeReason')} textareaProps={{ ...getTextareaProps(fields.reason), rows: 3 }} errors={fields.reason.errors} errorId={fields.reason.errorId} />
            <div>
              <button type="submit" className="btn btn-danger">
                {t('certificate.revoke')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
