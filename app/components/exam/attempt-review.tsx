import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, TextareaField, validationTiming } from '~/components/forms.tsx'
import { extraTimeSchema, overrideSchema } from '~/domain/validation/admin.ts'

/** An attempt as the trainer reviews it; times come formatted from the server. */
export interface ReviewedAttempt {
  startedAt: string
  deadline: string
  submittedAt: string | null
  extraMinutes: number
  percent: number | null
  overridePercent: number | null
  overrideReason: string | null
  overrideAt: string | null
  overriderName: string | null
}

/**
 * When the attempt ran, its graded score, any override and the certificate it earned, linked to the
 * page the reader may open for it (`href`: its own page for an admin, the public check for a trainer).
 */
export function AttemptFacts({ attempt, certificate }: { attempt: ReviewedAttempt; certificate: { code: string; revoked: boolean; href: string } | null }) {
  const { t } = useTranslation()
  return (
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
            <Link to={certificate.href}>{certificate.code}</Link>
            {certificate.revoked ? ` (${t('certificate.status.revoked')})` : ''}
          </dd>
        </div>
      ) : null}
    </dl>
  )
}

/** The trainer's override of a submitted attempt's score, with the reason (audited). */
export function OverrideForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [overrideForm, overrideFields] = useForm({ id: 'override', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: overrideSchema }), ...validationTiming })
  return (
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
  )
}

/** Extra time for the learner (an accommodation), with the one already granted. */
export function ExtraTimeForm({ lastResult, accommodation }: { lastResult: SubmissionResult<string[]> | undefined; accommodation: { minutes: number; reason: string } | null }) {
  const { t } = useTranslation()
  const [timeForm, timeFields] = useForm({ id: 'extra-time', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: extraTimeSchema }), ...validationTiming })
  return (
    <section className="card" aria-labelledby="time-heading">
      <h2 id="time-heading">{t('review.timeTitle')}</h2>
      {accommodation ? <p>{t('review.timeCurrent', { minutes: accommodation.minutes, reason: accommodation.reason })}</p> : null}
      <Form method="post" {...getFormProps(timeForm)} className="stack">
        <FormMessage id={timeForm.errorId} errors={timeForm.errors} />
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
  )
}
