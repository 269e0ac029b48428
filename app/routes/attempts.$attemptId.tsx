import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, TextareaField, validationTiming } from '~/components/forms.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { extraTimeSchema, overrideSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { attemptDetail, grantExtraTime, overrideScore } from '~/server/exams/exam-review.server.ts'
import { readForm } from '~/http/forms.server.ts'
import { forbidden, notFound, requireTrainer } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'

export const handle = { titleKey: 'review.attempt' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireTrainer(request)
  const detail = await attemptDetail(params.attemptId ?? '')
  if (!detail) notFound()
  const locale = await getLocale(request)
  const { attempt } = detail
  return {
    // Extra time is an accommodation decided for a person: coalition admins (and, once applications
    // link learners to NGOs, their NGO's lead) grant it.
    canGrantTime: user.isAdmin,
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
    certificate: detail.certificate && { code: detail.certificate.code, revoked: detail.certificate.revokedAt !== null },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireTrainer(request)
  const attemptId = params.attemptId ?? ''
  if (!(await attemptDetail(attemptId))) notFound()
  const form = await readForm(request)
  const ip = clientIp(context)
  const self = `/attempts/${attemptId}`
  if (form.get('intent') === 'extra-time') {
    if (!user.isAdmin) forbidden()
    const submission = parseWithZod(form, { schema: extraTimeSchema })
    if (submission.status !== 'success') return data({ intent: 'extra-time', result: submission.reply() }, { status: 400 })
    await grantExtraTime(user.id, attemptId, submission.value.minutes, submission.value.reason, ip)
    return redirectWithToast(self, { key: 'review.timeGranted', kind: 'success' })
  }
  const submission = parseWithZod(form, { schema: overrideSchema })
  if (submission.status !== 'success') return data({ intent: 'override', result: submission.reply() }, { status: 400 })
  const result = await overrideScore(user.id, attemptId, submission.value.percent, submission.value.reason, ip)
  if (!result.ok) return data({ intent: 'override', result: submission.reply({ formErrors: [`review.error.${result.error}`] }) }, { status: 400 })
  return redirectWithToast(self, { key: 'review.overrideSaved', kind: 'success' })
}

export default function AttemptReview() {
  const { attempt, accommodation, certificate, canGrantTime } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [overrideForm, overrideFields] = useForm({ id: 'override', lastResult: actionData?.intent === 'override' ? actionData.result : undefined, onValidate: ({ formData }) => parseWithZod(formData, { schema: overrideSchema }), ...validationTiming })
  const [timeForm, timeFields] = useForm({ id: 'extra-time', lastResult: actionData?.intent === 'extra-time' ? actionData.result : undefined, onValidate: ({ formData }) => parseWithZod(formData, { schema: extraTimeSchema }), ...validationTiming })
  return (
    <div className="container narrow-wide">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/attempts">{t('review.title')}</Link>
      </nav>
      <h1>
        {attempt.learner.name} · {attempt.courseSlug}
      </h1>
      <dl className="facts card">
        <div>
          <dt>{t('exam.started')}</dt>
          <dd>{attempt.startedAt}</dd>
        </div>
        <div>
          <dt>{t('review.deadline')}</dt>
          <dd>
            {attempt.deadline}
            {attempt.extraMinutes ? ` (+${attempt.extraMinutes} min)` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('review.submitted')}</dt>
          <dd>{attempt.submittedAt ?? t('exam.inProgress')}</dd>
        </div>
        <div>
          <dt>{t('review.graded')}</dt>
          <dd>{attempt.percent === null ? '—' : `${attempt.percent}%`}</dd>
        </div>
        {attempt.overridePercent !== null ? (
          <div>
            <dt>{t('review.override')}</dt>
            <dd>
              {attempt.overridePercent}% — {attempt.overrideReason} ({attempt.overriderName}, {attempt.overrideAt})
            </dd>
          </div>
        ) : null}
        {certificate ? (
          <div>
            <dt>{t('certificate.code')}</dt>
            <dd>
              <Link to={`/certificates/${certificate.code}`}>{certificate.code}</Link>
              {certificate.revoked ? ` (${t('certificate.status.revoked')})` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {attempt.status === 'SUBMITTED' ? (
        <section className="card" aria-labelledby="override-heading">
          <h2 id="override-heading">{t('review.overrideTitle')}</h2>
          <p className="field-help">{t('review.overrideHelp')}</p>
          <Form method="post" {...getFormProps(overrideForm)} className="stack">
            <FormMessage id={overrideForm.errorId} errors={overrideForm.errors} />
            <input type="hidden" name="intent" value="override" />
            <Field label={t('review.percent')} inputProps={{ ...getInputProps(overrideFields.percent, { type: 'number' }), min: 0, max: 100, step: 0.1 }} errors={overrideFields.percent.errors} errorId={overrideFields.percent.errorId} />
            <TextareaField label={t('review.reason')} textareaProps={{ ...getTextareaProps(overrideFields.reason), rows: 2 }} errors={overrideFields.reason.errors} errorId={overrideFields.reason.errorId} />
            <div>
              <button type="submit" className="btn btn-primary">
                {t('review.saveOverride')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {canGrantTime ? (
        <section className="card" aria-labelledby="time-heading">
          <h2 id="time-heading">{t('review.timeTitle')}</h2>
          {accommodation ? <p>{t('review.timeCurrent', { minutes: accommodation.minutes, reason: accommodation.reason })}</p> : null}
          <Form method="post" {...getFormProps(timeForm)} className="stack">
            <input type="hidden" name="intent" value="extra-time" />
            <Field label={t('review.minutes')} inputProps={{ ...getInputProps(timeFields.minutes, { type: 'number' }), min: 1, max: 240 }} errors={timeFields.minutes.errors} errorId={timeFields.minutes.errorId} />
            <TextareaField label={t('review.reason')} textareaProps={{ ...getTextareaProps(timeFields.reason), rows: 2 }} errors={timeFields.reason.errors} errorId={timeFields.reason.errorId} />
            <div>
              <button type="submit" className="btn btn-secondary">
                {t('review.grantTime')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
