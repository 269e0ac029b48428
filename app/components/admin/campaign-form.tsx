import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroupField, Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { declarationIds } from '~/domain/declarations.ts'
import { MAX_REQUIRED_LIVE_SESSIONS, campaignKinds, campaignSchema } from '~/domain/validation/admin.ts'

export interface CampaignFormDefaults {
  slug?: string
  nameRu?: string
  nameKk?: string
  nameEn?: string
  kind?: string
  electionDay?: string
  applicationDeadline?: string
  minimumAge?: string
  requiredLiveSessions?: string
  requiredCourses?: string[]
  declarations?: string[]
}

interface Props {
  lastResult: SubmissionResult<string[]> | undefined
  defaults: CampaignFormDefaults
  courses: Array<{ slug: string; title: string }>
  submitLabel: string
}

export function CampaignForm({ lastResult, defaults, courses, submitLabel }: Props) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'campaign',
    lastResult,
    defaultValue: { minimumAge: '18', requiredLiveSessions: '0', kind: 'PARLIAMENTARY', ...defaults },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: campaignSchema }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormMessage id={form.errorId} errors={form.errors} />
      <Field label={t('admin.campaigns.fields.nameRu')} inputProps={{ ...getInputProps(fields.nameRu, { type: 'text' }), lang: 'ru' }} errors={fields.nameRu.errors} errorId={fields.nameRu.errorId} />
      <Field label={t('admin.campaigns.fields.nameKk')} inputProps={{ ...getInputProps(fields.nameKk, { type: 'text' }), lang: 'kk' }} errors={fields.nameKk.errors} errorId={fields.nameKk.errorId} />
      <Field label={t('admin.campaigns.fields.nameEn')} inputProps={{ ...getInputProps(fields.nameEn, { type: 'text' }), lang: 'en' }} errors={fields.nameEn.errors} errorId={fields.nameEn.errorId} />
      <div className="grid-2">
        <Field label={t('admin.campaigns.fields.slug')} inputProps={getInputProps(fields.slug, { type: 'text' })} errors={fields.slug.errors} errorId={fields.slug.errorId} help={t('admin.ngos.fields.slugHelp')} />
        <SelectField
          label={t('admin.campaigns.fields.kind')}
          selectProps={getSelectProps(fields.kind)}
          options={campaignKinds.map((k) => ({ value: k, label: t(`campaign.kind.${k}`) }))}
          errors={fields.kind.errors}
          errorId={fields.kind.errorId}
        />
      </div>
      <div className="grid-3">
        <Field label={t('campaign.electionDay')} inputProps={getInputProps(fields.electionDay, { type: 'date' })} errors={fields.electionDay.errors} errorId={fields.electionDay.errorId} />
        <Field label={t('campaign.applicationDeadline')} inputProps={getInputProps(fields.applicationDeadline, { type: 'date' })} errors={fields.applicationDeadline.errors} errorId={fields.applicationDeadline.errorId} />
        <Field label={t('admin.campaigns.fields.minimumAge')} inputProps={{ ...getInputProps(fields.minimumAge, { type: 'number' }), min: 18, max: 99 }} errors={fields.minimumAge.errors} errorId={fields.minimumAge.errorId} />
      </div>
      <CheckboxGroupField
        legend={t('admin.campaigns.fields.requiredCourses')}
        help={t('admin.campaigns.fields.requiredCoursesHelp')}
        name={fields.requiredCourses.name}
        options={courses.map((c) => ({ value: c.slug, label: c.title }))}
        checked={new Set(defaults.requiredCourses ?? [])}
        errors={fields.requiredCourses.errors}
        errorId={fields.requiredCourses.errorId}
      />
      <Field
        label={t('liveRule.field.label')}
        help={t('liveRule.field.help')}
        inputProps={{ ...getInputProps(fields.requiredLiveSessions, { type: 'number' }), min: 0, max: MAX_REQUIRED_LIVE_SESSIONS }}
        errors={fields.requiredLiveSessions.errors}
        errorId={fields.requiredLiveSessions.errorId}
      />
      <CheckboxGroupField
        legend={t('admin.campaigns.fields.declarations')}
        help={t('admin.campaigns.fields.declarationsHelp')}
        name={fields.declarations.name}
        options={declarationIds.map((id) => ({ value: id, label: t(`declarations.${id}`) }))}
        checked={new Set(defaults.declarations ?? [])}
        errors={fields.declarations.errors}
        errorId={fields.declarations.errorId}
      />
      <div>
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
