import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, validationTiming } from '~/components/forms.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { columnsToForm, TEMPLATE_HEADER_MAX, TEMPLATE_NAME_MAX, templateFormSchema, type TemplateColumn } from '~/domain/export-templates.ts'
import { rosterColumns } from '~/domain/roster.ts'

/**
 * The template editor. Works without JavaScript: a checkbox per column, a position number for the
 * order (1 first), and three optional headers; an empty header exports the standard column name.
 */
export function TemplateForm({ name, columns, lastResult, extraFields }: { name: string; columns: TemplateColumn[] | null; lastResult?: SubmissionResult<string[]>; extraFields?: ReactNode }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'export-template',
    lastResult,
    defaultValue: { name, col: columnsToForm(columns) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: templateFormSchema }),
    ...validationTiming,
  })
  const col = fields.col.getFieldset()
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      {extraFields}
      <Field label={t('exportTemplates.name')} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), maxLength: TEMPLATE_NAME_MAX }} errors={fields.name.errors} errorId={fields.name.errorId} />
      <fieldset aria-describedby="template-columns-help">
        <legend>{t('exportTemplates.columns')}</legend>
        <p id="template-columns-help" className="muted">
          {t('exportTemplates.columnsHelp')}
        </p>
        <ErrorList id={fields.col.errorId} errors={fields.col.errors} />
        <TableWrap label={t('exportTemplates.columns')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('exportTemplates.column')}</th>
                <th scope="col">{t('exportTemplates.include')}</th>
                <th scope="col">{t('exportTemplates.position')}</th>
                <th scope="col">{t('exportTemplates.headerRu')}</th>
                <th scope="col">{t('exportTemplates.headerKk')}</th>
                <th scope="col">{t('exportTemplates.headerEn')}</th>
              </tr>
            </thead>
            <tbody>
              {rosterColumns.map((column) => {
                const entry = col[column].getFieldset()
                const label = t(`rosters.columns.${column}`)
                const errors = [...(entry.position.errors ?? []), ...(entry.ru.errors ?? []), ...(entry.kk.errors ?? []), ...(entry.en.errors ?? [])]
                return (
                  <tr key={column}>
                    <th scope="row">
                      {label}
                      <ErrorList id={`template-${column}-errors`} errors={errors} />
                    </th>
                    <td>
                      <input {...getInputProps(entry.include, { type: 'checkbox', value: 'on' })} aria-label={t('exportTemplates.includeColumn', { column: label })} />
                    </td>
                    <td>
                      <input {...getInputProps(entry.position, { type: 'number' })} min={1} max={99} step={1} inputMode="numeric" aria-label={t('exportTemplates.positionOf', { column: label })} />
                    </td>
                    {(['ru', 'kk', 'en'] as const).map((lng) => (
                      <td key={lng}>
                        <input {...getInputProps(entry[lng], { type: 'text' })} maxLength={TEMPLATE_HEADER_MAX} placeholder={t('exportTemplates.placeholder')} aria-label={t(`exportTemplates.headerOf.${lng}`, { column: label })} />
                      </td>
                    ))}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableWrap>
      </fieldset>
      <button type="submit" className="btn btn-primary" name="intent" value="save">
        {t('common.save')}
      </button>
    </Form>
  )
}

/** One line per template: its columns in order, by their standard names. */
export function TemplateColumnsText({ columns }: { columns: TemplateColumn[] }) {
  const { t } = useTranslation()
  return <>{columns.map((c) => t(`rosters.columns.${c.column}`)).join(' · ')}</>
}

/** Deleting needs no confirmation page: the audit log keeps the name, and a template is quick to remake. */
export function DeleteTemplateForm({ name }: { name: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="stack">
      <button type="submit" className="btn btn-danger" name="intent" value="delete">
        {t('exportTemplates.delete', { name })}
      </button>
    </Form>
  )
}
