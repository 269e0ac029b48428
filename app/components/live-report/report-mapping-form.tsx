import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { MAX_MINIMUM_MINUTES, reportFields, reportMappingSchema, type ReportMapping } from '~/domain/attendance-report.ts'
import { columnLetter } from '~/domain/import-file.ts'

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
  const headerOf = (index: number) => headers[index] || t('imports.mapping.untitled')
  const options = [{ value: '', label: t('imports.mapping.notInFile') }, ...headers.map((_, index) => ({ value: String(index), label: t('imports.mapping.option', { letter: columnLetter(index), header: headerOf(index) }) }))]
  return (
    <>
      <p>{t('liveRule.report.mappingIntro')}</p>
      <TableWrap label={t('imports.upload.columnsCaption')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.upload.column')}</th>
              <th scope="col">{t('imports.mapping.samplesHeading')}</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((_, index) => (
              <tr key={index}>
                <th scope="row">{t('imports.mapping.option', { letter: columnLetter(index), header: headerOf(index) })}</th>
                <td>{samples[index]?.length ? samples[index].join(' · ') : <span className="muted">{t('imports.mapping.noSamples')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
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
