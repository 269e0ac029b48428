import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, validationTiming } from '~/components/forms.tsx'
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
        {rosterColumns.map((column) => {
          const entry = col[column].getFieldset()
          const label = t(`rosters.columns.${column}`)
          return (
            <fieldset key={column} className="card">
              <legend>{label}</legend>
              <div className="checkbox-grid">
                <label>
                  <input {...getInputProps(entry.include, { type: 'checkbox', value: 'on' })} /> {t('exportTemplates.includeColumn', { column: label })}
                </label>
              </div>
              <div className="stations-grid">
                <div className="field">
                  <label htmlFor={entry.position.id}>{t('exportTemplates.positionOf', { column: label })}</label>
                  <input {...getInputProps(entry.position, { type: 'number' })} min={1} max={99} step={1} inputMode="numeric" />
                  <ErrorList id={entry.position.errorId} errors={entry.position.errors} />
                </div>
                {(['ru', 'kk', 'en'] as const).map((lng) => (
                  <div key={lng} className="field">
                    <label htmlFor={entry[lng].id}>{t(`exportTemplates.headerOf.${lng}`, { column: label })}</label>
                    <input {...getInputProps(entry[lng], { type: 'text' })} maxLength={TEMPLATE_HEADER_MAX} placeholder={t('exportTemplates.placeholder')} />
                    <ErrorList id={entry[lng].errorId} errors={entry[lng].errors} />
                  </div>
                ))}
              </div>
            </fieldset>
          )
        })}
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
