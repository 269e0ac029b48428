import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroupField, Field, FormMessage, SelectField, TextareaField, validationTiming } from '~/components/forms.tsx'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { ngoSchema } from '~/domain/validation/admin.ts'

export interface NgoFormDefaults {
  name?: string
  slug?: string
  description?: string
  contactEmail?: string
  contactPhone?: string
  website?: string
  regions?: string[]
  accreditationBody?: string
  accreditationIssuer?: string
  accreditationNumber?: string
  accreditedFrom?: string
  accreditedUntil?: string
}

interface Props {
  lastResult: SubmissionResult<string[]> | undefined
  defaults: NgoFormDefaults
  regions: Array<{ code: string; nameRu: string; nameKk: string; nameEn: string }>
  locale: Locale
  submitLabel: string
}

export function NgoForm({ lastResult, defaults, regions, locale, submitLabel }: Props) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'ngo',
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ngoSchema }),
    ...validationTiming,
  })
  // One ticked box comes back as a string, several as an array.
  const current = fields.regions.value ?? defaults.regions ?? []
  const selected = new Set((Array.isArray(current) ? current : [current]).filter((v): v is string => typeof v === 'string'))
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormMessage id={form.errorId} errors={form.errors} />
      <div className="grid-2">
        <Field label={t('admin.ngos.fields.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} errorId={fields.name.errorId} />
        <Field label={t('admin.ngos.fields.slug')} inputProps={getInputProps(fields.slug, { type: 'text' })} errors={fields.slug.errors} errorId={fields.slug.errorId} help={t('admin.ngos.fields.slugHelp')} />
      </div>
      <TextareaField label={t('admin.ngos.fields.description')} textareaProps={{ ...getTextareaProps(fields.description), rows: 3 }} errors={fields.description.errors} errorId={fields.description.errorId} />
      <div className="grid-3">
        <Field label={t('admin.ngos.fields.contactEmail')} inputProps={getInputProps(fields.contactEmail, { type: 'email' })} errors={fields.contactEmail.errors} errorId={fields.contactEmail.errorId} />
        <Field label={t('admin.ngos.fields.contactPhone')} inputProps={getInputProps(fields.contactPhone, { type: 'tel' })} errors={fields.contactPhone.errors} errorId={fields.contactPhone.errorId} />
        <Field label={t('admin.ngos.fields.website')} inputProps={getInputProps(fields.website, { type: 'url' })} errors={fields.website.errors} errorId={fields.website.errorId} />
      </div>
      <CheckboxGroupField
        legend={t('admin.ngos.fields.regions')}
        name={fields.regions.name}
        options={regions.map((r) => ({ value: r.code, label: localizedName(r, locale) }))}
        checked={selected}
        errors={fields.regions.errors}
        errorId={fields.regions.errorId}
      />
      <fieldset className="fieldset">
        <legend>{t('admin.ngos.fields.accreditation')}</legend>
        <p className="field-help">{t('admin.ngos.fields.accreditationHelp')}</p>
        <div className="grid-2">
          <SelectField
            label={t('admin.ngos.fields.accreditationBody')}
            selectProps={getSelectProps(fields.accreditationBody)}
            options={[
              { value: '', label: t('admin.ngos.accreditationBody.none') },
              { value: 'CENTRAL', label: t('admin.ngos.accreditationBody.CENTRAL') },
              { value: 'TERRITORIAL', label: t('admin.ngos.accreditationBody.TERRITORIAL') },
            ]}
            errors={fields.accreditationBody.errors}
            errorId={fields.accreditationBody.errorId}
          />
          <Field label={t('admin.ngos.fields.accreditationIssuer')} inputProps={getInputProps(fields.accreditationIssuer, { type: 'text' })} errors={fields.accreditationIssuer.errors} errorId={fields.accreditationIssuer.errorId} />
          <Field label={t('admin.ngos.fields.accreditationNumber')} inputProps={getInputProps(fields.accreditationNumber, { type: 'text' })} errors={fields.accreditationNumber.errors} errorId={fields.accreditationNumber.errorId} />
          <div className="grid-2">
            <Field label={t('admin.ngos.fields.accreditedFrom')} inputProps={getInputProps(fields.accreditedFrom, { type: 'date' })} errors={fields.accreditedFrom.errors} errorId={fields.accreditedFrom.errorId} />
            <Field label={t('admin.ngos.fields.accreditedUntil')} inputProps={getInputProps(fields.accreditedUntil, { type: 'date' })} errors={fields.accreditedUntil.errors} errorId={fields.accreditedUntil.errorId} />
          </div>
        </div>
      </fieldset>
      <div>
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
