import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroupField, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { importFields, mappingSchema, requiredImportFields, type ImportField, type ImportMapping } from '~/domain/import.ts'
import { applicationLanguages, availabilityParts, experienceLevels } from '~/domain/validation/application.ts'
import { FileColumns, useFileColumns } from '~/components/import/file-columns.tsx'

const required = new Set<ImportField>(requiredImportFields)
const nameFields = ['fullName', 'lastName', 'firstName', 'middleName'] as const satisfies readonly ImportField[]
const requiredOrder = ['iin', 'phone', 'email', 'region', 'settlement'] as const satisfies readonly ImportField[]
const optionalOrder = importFields.filter((f) => !required.has(f) && !(nameFields as readonly string[]).includes(f))

interface Props {
  fileName: string
  headers: string[]
  samples: string[][]
  mapping: ImportMapping
  lastResult: SubmissionResult<string[]> | undefined
}

/** A select per field listing the file's columns (pre-filled by the guess), the file's columns with sample values, and what to record when the file does not say. */
export function MappingForm({ fileName, headers, samples, mapping, lastResult }: Props) {
  const { t } = useTranslation()
  const schema = useMemo(() => mappingSchema(headers.length), [headers.length])
  const [form, fields] = useForm({
    id: 'import-mapping',
    lastResult,
    defaultValue: {
      columns: Object.fromEntries(Object.entries(mapping.columns).map(([field, index]) => [field, String(index)])),
      defaults: { languages: mapping.defaults.languages, availability: mapping.defaults.availability, experience: mapping.defaults.experience ?? '' },
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...validationTiming,
  })
  const columns = fields.columns.getFieldset()
  const defaults = fields.defaults.getFieldset()
  const { options } = useFileColumns(headers)
  const select = (field: ImportField) => {
    const meta = columns[field]
    const label = required.has(field) ? `${t(`imports.fields.${field}`)} (${t('imports.mapping.requiredMark')})` : t(`imports.fields.${field}`)
    return <SelectField key={field} label={label} selectProps={getSelectProps(meta)} options={options} errors={meta.errors} errorId={meta.errorId} />
  }
  return (
    <>
      <p>{t('imports.mapping.intro', { file: fileName })}</p>
      <FileColumns headers={headers} samples={samples} />
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="map" />
        <FormMessage id={form.errorId} errors={form.errors} />
        <fieldset className="fieldset">
          <legend>{t('imports.mapping.nameLegend')}</legend>
          <p className="field-help">{t('imports.mapping.nameHint')}</p>
          {nameFields.map(select)}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('imports.mapping.requiredLegend')}</legend>
          {requiredOrder.map(select)}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('imports.mapping.optionalLegend')}</legend>
          {optionalOrder.map(select)}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('imports.mapping.defaults.heading')}</legend>
          <p className="field-help">{t('imports.mapping.defaults.intro')}</p>
          <CheckboxGroupField
            legend={t('imports.mapping.defaults.languages')}
            name={defaults.languages.name}
            options={applicationLanguages.map((l) => ({ value: l, label: t(`imports.language.${l}`) }))}
            checked={new Set(mapping.defaults.languages)}
            errors={defaults.languages.errors}
            errorId={defaults.languages.errorId}
          />
          <CheckboxGroupField
            legend={t('imports.mapping.defaults.availability')}
            name={defaults.availability.name}
            options={availabilityParts.map((p) => ({ value: p, label: t(`imports.availability.${p}`) }))}
            checked={new Set(mapping.defaults.availability)}
            errors={defaults.availability.errors}
            errorId={defaults.availability.errorId}
          />
          <SelectField
            label={t('imports.mapping.defaults.experience')}
            selectProps={getSelectProps(defaults.experience)}
            options={[{ value: '', label: t('imports.mapping.defaults.choose') }, ...experienceLevels.map((e) => ({ value: e, label: t(`imports.experience.${e}`) }))]}
            errors={defaults.experience.errors}
            errorId={defaults.experience.errorId}
          />
        </fieldset>
        <div>
          <button type="submit" className="btn btn-primary">
            {t('imports.mapping.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
