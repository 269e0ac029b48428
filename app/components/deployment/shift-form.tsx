import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage } from '~/components/forms.tsx'

interface Defaults {
  id: string
  nameRu: string
  nameKk: string
  nameEn: string
  startDate: string
  startTime: string
  endDate: string
  endTime: string
  sortOrder: string
}

/**
 * One shift: its names in three languages and its start and end in Kazakhstan time; a new one when
 * `id` is empty. `name` is the saved shift's name in the page's language (its heading).
 */
export function ShiftForm({ defaults, name = '', lastResult }: { defaults: Defaults; name?: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation()
  const isNew = !defaults.id
  const [form, fields] = useForm({ id: `shift-${defaults.id || 'new'}`, lastResult: lastResult ?? undefined, defaultValue: defaults })
  const input = (name: keyof Defaults, type: 'text' | 'date' | 'time' | 'number' = 'text') => {
    const { key, ...props } = getInputProps(fields[name], { type })
    return { key, props }
  }
  const field = (name: keyof Defaults, label: string, type: 'text' | 'date' | 'time' | 'number' = 'text') => {
    const { key, props } = input(name, type)
    return <Field key={key} label={label} inputProps={props} errors={fields[name].errors} errorId={fields[name].errorId} />
  }
  const heading = isNew ? t('deployment.shifts.add') : `${name} · ${defaults.startTime}–${defaults.endTime}`
  return (
    <section className="card" aria-label={heading}>
      <h2>{heading}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="save" />
        {isNew ? null : <input type="hidden" name="id" value={defaults.id} />}
        <FormMessage id={form.errorId} errors={form.errors} />
        <div className="grid-3">
          {field('nameRu', t('deployment.shifts.nameRu'))}
          {field('nameKk', t('deployment.shifts.nameKk'))}
          {field('nameEn', t('deployment.shifts.nameEn'))}
        </div>
        <div className="grid-3">
          {field('startDate', t('deployment.shifts.startDate'), 'date')}
          {field('startTime', t('deployment.shifts.startTime'), 'time')}
          {field('sortOrder', t('deployment.shifts.sortOrder'), 'number')}
          {field('endDate', t('deployment.shifts.endDate'), 'date')}
          {field('endTime', t('deployment.shifts.endTime'), 'time')}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {isNew ? t('deployment.shifts.add') : t('common.save')}
          </button>
        </div>
      </Form>
      {isNew ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={defaults.id} />
          <button type="submit" className="btn btn-secondary btn-small">
            {t('deployment.shifts.delete')}
          </button>
        </Form>
      )}
    </section>
  )
}
