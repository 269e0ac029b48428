import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroupField, Field, FormMessage, SelectField, TextareaField, validationTiming } from '~/components/forms.tsx'
import { liveFormats, sessionSchema } from '~/domain/live-sessions.ts'

export interface SessionFormDefaults {
  format?: string
  titleRu?: string
  titleKk?: string
  titleEn?: string
  descriptionRu?: string
  descriptionKk?: string
  descriptionEn?: string
  date?: string
  startTime?: string
  endTime?: string
  meetingUrl?: string
  address?: string
  room?: string
  capacity?: string
  waitlist?: boolean
  campaigns?: string[]
  courses?: string[]
  trainers?: string[]
}

interface Props {
  lastResult: SubmissionResult<string[]> | undefined
  defaults: SessionFormDefaults
  choices: { campaigns: Array<{ id: string; name: string }>; courses: Array<{ slug: string; title: string }>; trainers: Array<{ id: string; name: string }> }
  submitLabel: string
}

/** Scheduling a session (new or edit), for trainers in the studio and leads in their workspace. Times in Kazakhstan time. */
export function SessionForm({ lastResult, defaults, choices, submitLabel }: Props) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'live-session',
    lastResult,
    defaultValue: { format: 'ONLINE', ...defaults, waitlist: defaults.waitlist === false ? undefined : 'on' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionSchema }),
    ...validationTiming,
  })
  const [format, setFormat] = useState(defaults.format ?? 'ONLINE')
  const text = (name: 'titleRu' | 'titleKk' | 'titleEn', lang: string) => (
    <Field label={t(`live.form.${name}`)} inputProps={{ ...getInputProps(fields[name], { type: 'text' }), lang }} errors={fields[name].errors} errorId={fields[name].errorId} />
  )
  const description = (name: 'descriptionRu' | 'descriptionKk' | 'descriptionEn', lang: string) => (
    <TextareaField label={t(`live.form.${name}`)} textareaProps={{ ...getTextareaProps(fields[name]), lang, rows: 3 }} errors={fields[name].errors} errorId={fields[name].errorId} />
  )
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormMessage id={form.errorId} errors={form.errors} />
      {text('titleRu', 'ru')}
      {text('titleKk', 'kk')}
      {text('titleEn', 'en')}
      <details>
        <summary>{t('live.form.descriptions')}</summary>
        {description('descriptionRu', 'ru')}
        {description('descriptionKk', 'kk')}
        {description('descriptionEn', 'en')}
      </details>
      <SelectField
        label={t('live.form.format')}
        selectProps={{ ...getSelectProps(fields.format), onChange: (e) => setFormat(e.currentTarget.value) }}
        options={liveFormats.map((f) => ({ value: f, label: t(`live.format.${f}`) }))}
        errors={fields.format.errors}
        errorId={fields.format.errorId}
      />
      <div className="grid-3">
        <Field label={t('live.form.date')} inputProps={getInputProps(fields.date, { type: 'date' })} errors={fields.date.errors} errorId={fields.date.errorId} help={t('live.form.timeZone')} />
        <Field label={t('live.form.startTime')} inputProps={getInputProps(fields.startTime, { type: 'time' })} errors={fields.startTime.errors} errorId={fields.startTime.errorId} />
        <Field label={t('live.form.endTime')} inputProps={getInputProps(fields.endTime, { type: 'time' })} errors={fields.endTime.errors} errorId={fields.endTime.errorId} />
      </div>
      {/* Both sets stay in the page without JavaScript; the server keeps only the chosen format's fields. */}
      <fieldset className="fieldset" hidden={format === 'OFFLINE'}>
        <legend>{t('live.format.ONLINE')}</legend>
        <Field label={t('live.form.meetingUrl')} inputProps={{ ...getInputProps(fields.meetingUrl, { type: 'url' }), placeholder: 'https://' }} errors={fields.meetingUrl.errors} errorId={fields.meetingUrl.errorId} help={t('live.form.meetingUrlHelp')} />
      </fieldset>
      <fieldset className="fieldset" hidden={format === 'ONLINE'}>
        <legend>{t('live.format.OFFLINE')}</legend>
        <Field label={t('live.form.address')} inputProps={getInputProps(fields.address, { type: 'text' })} errors={fields.address.errors} errorId={fields.address.errorId} />
        <Field label={t('live.form.room')} inputProps={getInputProps(fields.room, { type: 'text' })} errors={fields.room.errors} errorId={fields.room.errorId} />
      </fieldset>
      <div className="grid-2">
        <Field label={t('live.form.capacity')} inputProps={{ ...getInputProps(fields.capacity, { type: 'number' }), min: 1 }} errors={fields.capacity.errors} errorId={fields.capacity.errorId} help={t('live.form.capacityHelp')} />
        <div className="field">
          <label>
            <input {...getInputProps(fields.waitlist, { type: 'checkbox' })} /> {t('live.form.waitlist')}
          </label>
        </div>
      </div>
      <CheckboxGroupField
        legend={t('live.form.campaigns')}
        name={fields.campaigns.name}
        options={choices.campaigns.map((c) => ({ value: c.id, label: c.name }))}
        checked={new Set(defaults.campaigns ?? [])}
        errors={fields.campaigns.errors}
        errorId={fields.campaigns.errorId}
      />
      <CheckboxGroupField
        legend={t('live.form.courses')}
        name={fields.courses.name}
        options={choices.courses.map((c) => ({ value: c.slug, label: c.title }))}
        checked={new Set(defaults.courses ?? [])}
        errors={fields.courses.errors}
        errorId={fields.courses.errorId}
      />
      <CheckboxGroupField
        legend={t('live.form.trainers')}
        name={fields.trainers.name}
        options={choices.trainers.map((c) => ({ value: c.id, label: c.name }))}
        checked={new Set(defaults.trainers ?? [])}
        errors={fields.trainers.errors}
        errorId={fields.trainers.errorId}
      />
      <div>
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
