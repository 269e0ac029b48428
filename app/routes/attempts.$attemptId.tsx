import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AttemptFacts, ExtraTimeForm, OverrideForm } from '~/components/exam/attempt-review.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { attemptReviewSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { attemptDetail, grantExtraTime, overrideScore, type OverrideCertificate } from '~/server/exams/exam-review.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { forbidden, notFound, requireTrainer } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'review.attempt' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireTrainer(request)
  const detail = await attemptDetail(params.attemptId ?? '')
  if (!detail) notFound()
  const locale = await getLocale(request)
  const { attempt } = detail
  // Nobody reviews their own attempt (a trainer or admin who took the exam): the page says so instead of offering the forms.
  const ownAttempt = attempt.userId === user.id
  return {
    ownAttempt,
    // Extra time is an accommodation decided for a person: coalition admins (and, once applications
    // link learners to NGOs, their NGO's lead) grant it.
    canGrantTime: user.isAdmin && !ownAttempt,
    attempt: {
      id: attempt.id,
      learner: attempt.user,
      courseSlug: attempt.courseSlug,
      status: attempt.status,
      startedAt: formatDateTime(attempt.startedAt, locale),
      deadline: formatDateTime(attempt.deadline, locale),
      submittedAt: attempt.submittedAt ? formatDateTime(attempt.submittedAt, locale) : null,
      late: attempt.late,
      extraMinutes: attempt.extraMinutes,
      percent: attempt.percent,
      overridePercent: attempt.overridePercent,
      overrideReason: attempt.overrideReason,
      overrideAt: attempt.overrideAt ? formatDateTime(attempt.overrideAt, locale) : null,
      overriderName: detail.overriderName,
    },
    accommodation: detail.accommodation && { minutes: detail.accommodation.extraMinutes, reason: detail.accommodation.reason },
    // The certificate's own page is its holder's and the admins'; a trainer follows the public check.
    certificate: detail.certificate && { code: detail.certificate.code, revoked: detail.certificate.revokedAt !== null, href: `/${user.isAdmin ? 'certificates' : 'verify'}/${detail.certificate.code}` },
  }
}

/** The message after an override, by what it did to the attempt's certificate. */
const OVERRIDE_TOAST: Record<OverrideCertificate, { key: string; kind: 'success' | 'info' }> = {
  issued: { key: 'review.overrideSaved', kind: 'success' },
  revoked: { key: 'review.overrideSaved', kind: 'success' },
  unchanged: { key: 'review.overrideSaved', kind: 'success' },
  reinstated: { key: 'review.overrideReinstated', kind: 'success' },
  // A revocation the score cannot undo: said as information, not as a success.
  staysRevoked: { key: 'review.overrideStaysRevoked', kind: 'info' },
}

/** A 403 with the page and its message: nobody overrides or grants extra time on their own attempt. */
function ownAttemptRefusal<Result>(intent: 'override' | 'extra-time', result: Result) {
  return data({ intent, result, error: 'review.error.ownAttempt' }, { status: 403 })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireTrainer(request)
  const attemptId = params.attemptId ?? ''
  const detail = await attemptDetail(attemptId)
  if (!detail) notFound()
  const ip = clientIp(context)
  const self = `/attempts/${attemptId}`
  const submission = await parseForm(request, attemptReviewSchema)
  // Extra time is for admins only, whatever else the post says.
  const intent = submission.status === 'success' ? submission.value.intent : (submittedIntent(submission, ['extra-time']) ?? 'override')
  if (intent === 'extra-time' && !user.isAdmin) forbidden()
  // One's own attempt is refused whatever the post says (the server functions refuse it too).
  if (detail.attempt.userId === user.id) return ownAttemptRefusal(intent, submission.reply())
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  const input = submission.value
  if (input.intent === 'extra-time') {
    const granted = await grantExtraTime(user.id, attemptId, input.minutes, input.reason, ip)
    if (!granted.ok && granted.error === 'ownAttempt') return ownAttemptRefusal(input.intent, submission.reply())
    if (!granted.ok && granted.error === 'closed') return data({ intent: input.intent, result: submission.reply({ formErrors: ['review.error.closed'] }) }, { status: 409 })
    if (!granted.ok) notFound()
    return redirectWithToast(self, { key: 'review.timeGranted', kind: 'success' })
  }
  const result = await overrideScore(user.id, attemptId, input.percent, input.reason, ip)
  if (!result.ok && result.error === 'ownAttempt') return ownAttemptRefusal(input.intent, submission.reply())
  if (!result.ok) return data({ intent: input.intent, result: submission.reply({ formErrors: [`review.error.${result.error}`] }) }, { status: 400 })
  // What became of the certificate is said with it: a revocation the score cannot undo especially.
  return redirectWithToast(self, OVERRIDE_TOAST[result.certificate])
}

export default function AttemptReview() {
  const { attempt, accommodation, certificate, canGrantTime, ownAttempt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const refused = actionData !== undefined && 'error' in actionData
  return (
    <div className="container narrow-wide">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/attempts">{t('review.title')}</Link>
      </nav>
      <h1>
        {attempt.learner.name} · {attempt.courseSlug}
      </h1>
      <AttemptFacts attempt={attempt} certificate={certificate} />
      {ownAttempt ? (
        <p className={refused ? 'form-message' : 'callout'} role={refused ? 'alert' : undefined}>
          {t('review.error.ownAttempt')}
        </p>
      ) : null}
      {attempt.status === 'SUBMITTED' && !ownAttempt ? <OverrideForm lastResult={actionData?.intent === 'override' ? actionData.result : undefined} /> : null}
      {canGrantTime ? <ExtraTimeForm lastResult={actionData?.intent === 'extra-time' ? actionData.result : undefined} accommodation={accommodation} /> : null}
    </div>
  )
}
