import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** Translates validation message keys (with `values` for placeholders); anything unknown shows the generic message. */
export function ErrorList({ id, errors, values }: { id?: string; errors?: ReadonlyArray<string> | null; values?: Record<string, string | number> }) {
  const { t } = useTranslation()
  const list = errors?.filter(Boolean) ?? []
  if (list.length === 0) return null
  return (
    <ul id={id} className="field-errors">
      {[...new Set(list)].map((e) => (
        <li key={e}>{t(e, { ...values, defaultValue: t('validation.invalid') })}</li>
      ))}
    </ul>
  )
}

type InputProps = React.InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string | undefined }

export function Field({ label, inputProps, errors, errorId, help }: { label: ReactNode; inputProps: InputProps; errors?: string[]; errorId: string; help?: ReactNode }) {
  const { key, ...props } = inputProps
  const helpId = help ? `${props.id}-help` : undefined
  const describedBy = [helpId, errors?.length ? errorId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <input key={key} {...props} aria-describedby={describedBy} />
      {help ? (
        <p id={helpId} className="field-help">
          {help}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type TextareaProps = React.TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; key?: string | undefined }

export function TextareaField({ label, textareaProps, errors, errorId }: { label: ReactNode; textareaProps: TextareaProps; errors?: string[]; errorId: string }) {
  const { key, ...props } = textareaProps
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <textarea key={key} {...props} aria-describedby={errors?.length ? errorId : undefined} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type SelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & { id: string; key?: string | undefined }

export function SelectField({ label, selectProps, options, errors, errorId }: { label: ReactNode; selectProps: SelectProps; options: Array<{ value: string; label: string }>; errors?: string[]; errorId: string }) {
  const { key, ...props } = selectProps
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <select key={key} {...props} aria-describedby={errors?.length ? errorId : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** A set of checkboxes under one legend (regions of an NGO, courses of a campaign). */
export function CheckboxGroupField({
  legend,
  help,
  name,
  options,
  checked,
  errors,
  errorId,
}: {
  legend: ReactNode
  help?: ReactNode
  name: string
  options: Array<{ value: string; label: string }>
  checked: ReadonlySet<string>
  errors?: string[]
  errorId: string
}) {
  return (
    <fieldset className="fieldset" aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      {help ? <p className="field-help">{help}</p> : null}
      <ul className="checkbox-grid">
        {options.map((option) => (
          <li key={option.value}>
            <label>
              <input type="checkbox" name={name} value={option.value} defaultChecked={checked.has(option.value)} /> {option.label}
            </label>
          </li>
        ))}
      </ul>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}

/** A message about the whole form (e.g. "wrong email or password"), announced when it appears. */
export function FormMessage({ id, errors, values }: { id: string; errors?: ReadonlyArray<string> | null; values?: Record<string, string | number> }) {
  if (!errors?.length) return null
  return (
    <div className="form-message" role="alert">
      <ErrorList id={id} errors={errors} values={values} />
    </div>
  )
}

/**
 * When forms check themselves in the browser: on submit, then on every keystroke. Not on blur: an
 * error line appearing or vanishing as focus leaves a field moves the submit button under the
 * pointer, and the click is lost.
 */
export const validationTiming = { shouldValidate: 'onSubmit', shouldRevalidate: 'onInput' } as const

/**
 * A field of a submission in flight (`navigation.formData`, `shouldRevalidate`'s `formData`), read in
 * the browser only to adjust the page: a busy button, a reload skipped after a background save. The
 * server never reads forms this way: actions parse them with zod (app/http/forms.server.ts).
 */
export function pendingField(formData: FormData | undefined, name: string): string | null {
  const value = formData?.get(name)
  return typeof value === 'string' ? value : null
}

/** A select of a GET filter form (recruit list, election-day lists): "any" first unless `any` is false. */
export function FilterSelect({ id, name, label, value, options, any = true }: { id: string; name: string; label: string; value: string | undefined; options: Array<{ value: string; label: string }>; any?: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        {any ? <option value="">{t('recruits.any')}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
