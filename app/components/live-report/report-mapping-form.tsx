import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { MAX_MINIMUM_MINUTES, reportFields, reportMappingSchema, type ReportMapping } from '~/domain/attendance-report.ts'
import { FileColumns, useFileColumns } from '~/components/import/file-columns.tsx'

interface Props {
  headers: string[]
  samples: string[][]
  mapping: Pick<ReportMapping, 'columns' | 'minimumMinutes'>
  lastResult: SubmissionResult<string[]> | undefined
}

/** Which column of the report is the name, email, join and leave times and duration (pre-filled by the guess), and the minimum minutes. */
export function ReportMappingForm({ headers, samples, mapping, lastResult }: Props) {
  const { t } = useTranslation()
  const schema = useMemo(() => reportMappingSchema(headers.length), [headers.length])
  const [form, fields] = useForm({
    id: 'report-mapping',
    lastResult,
    defaultValue: { columns: Object.fromEntries(Object.entries(mapping.columns).map(([field, index]) => [field, String(index)])), minimumMinutes: String(mapping.minimumMinutes) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...validationTiming,
  })
  const columns = fields.columns.getFieldset()
  const { options } = useFileColumns(headers)
  return (
    <>
      <p>{t('liveRule.report.mappingIntro')}</p>
      <FileColumns headers={headers} samples={samples} />
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="map" />
        <FormMessage id={form.errorId} errors={form.errors} />
        <fieldset className="fieldset">
          <legend>{t('liveRule.report.columnsLegend')}</legend>
          {reportFields.map((field) => {
            const meta = columns[field]
            return <SelectField key={field} label={t(`liveRule.report.field.${field}`)} selectProps={getSelectProps(meta)} options={options} errors={meta.errors} errorId={meta.errorId} />
          })}
        </fieldset>
        <Field
          label={t('liveRule.report.minimumMinutes')}
          help={t('liveRule.report.minimumMinutesHelp')}
          inputProps={{ ...getInputProps(fields.minimumMinutes, { type: 'number' }), min: 1, max: MAX_MINIMUM_MINUTES }}
          errors={fields.minimumMinutes.errors}
          errorId={fields.minimumMinutes.errorId}
        />
        <div>
          <button type="submit" className="btn btn-primary">
            {t('imports.mapping.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
