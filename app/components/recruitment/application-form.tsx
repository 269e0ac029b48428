import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useRef, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { ErrorList, Field, FormMessage, SelectField, TextareaField, validationTiming } from '~/components/forms.tsx'
import { applicationLanguages, availabilityParts, experienceLevels, type applicationSchema } from '~/domain/validation/application.ts'

export interface ApplicationFormProps {
  /** `volunteer` applies for themself (NGO choice, consent); `lead` types in a paper application. */
  mode: 'volunteer' | 'lead'
  schema: ReturnType<typeof applicationSchema>
  lastResult: SubmissionResult<string[]> | undefined
  defaults: Record<string, string | string[]>
  regions: Array<{ code: string; name: string }>
  ngos?: Array<{ slug: string; name: string }>
  declarations: Array<{ id: string; text: string }>
  /** The consent in the reader's language, naming the NGO chosen so far (null: none yet). */
  consentText: (ngoName: string | null) => string
  /** Reads birth date and sex off a valid IIN, to fill those fields as the person types. */
  deriveFromIin: (iin: string) => { birthDate: string; sex: 'male' | 'female' } | null
  draftSavedAt?: string | null
  submitLabel: string
  /** Values for the form-level message (a throttled submission's minutes). */
  messageValues?: Record<string, string | number> | undefined
}

type ApplicationFormValues = z.input<ReturnType<typeof applicationSchema>>

const DRAFT_DELAY_MS = 1200

export function ApplicationForm({ mode, schema, lastResult, defaults, regions, ngos, declarations, consentText, deriveFromIin, draftSavedAt, submitLabel, messageValues }: ApplicationFormProps) {
  const { t } = useTranslation()
  const [form, fields] = useForm<ApplicationFormValues>({
    id: 'application',
    lastResult,
    // A draft or a returned form: strings as typed, checked boxes as arrays.
    defaultValue: defaults as Partial<ApplicationFormValues>,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...validationTiming,
  })
  const draft = useFetcher<{ draftSavedAt?: string }>({ key: 'application-draft' })
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  function onChange(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement
    if (target.name === fields.iin.name) {
      const derived = deriveFromIin(target.value)
      const formElement = event.currentTarget
      if (derived) {
        const birth = formElement.elements.namedItem(fields.birthDate.name) as HTMLInputElement | null
        const sex = formElement.elements.namedItem(fields.sex.name) as HTMLSelectElement | null
        if (birth && !birth.value) birth.value = derived.birthDate
        if (sex && !sex.value) sex.value = derived.sex
      }
    }
    if (mode !== 'volunteer') return
    const formElement = event.currentTarget
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      const body = new FormData(formElement)
      body.set('intent', 'draft')
      body.delete('consent')
      draft.submit(body, { method: 'post' })
    }, DRAFT_DELAY_MS)
  }

  const savedAt = draft.data?.draftSavedAt ?? draftSavedAt
  // The volunteer's own details: named for the browser's autofill and for assistive tools (WCAG 1.3.5).
  // A lead types someone else's, where autofill would offer the lead's own name, phone and address.
  const autofill = (token: string) => (mode === 'volunteer' ? token : 'off')

  return (
    <Form method="post" {...getFormProps(form)} onChange={onChange} className="stack application-form">
      <FormMessage id={form.errorId} errors={form.errors} values={messageValues} />
      {mode === 'volunteer' && ngos ? (
        <SelectField label={t('apply.fields.ngo')} selectProps={getSelectProps(fields.ngo)} options={[{ value: '', label: t('apply.chooseNgo') }, ...ngos.map((n) => ({ value: n.slug, label: n.name }))]} errors={fields.ngo.errors} errorId={fields.ngo.errorId} />
      ) : null}
      <fieldset className="fieldset">
        <legend>{t('apply.sections.person')}</legend>
        <Field label={t('apply.fields.fullName')} inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: autofill('name') }} errors={fields.fullName.errors} errorId={fields.fullName.errorId} help={t('apply.help.fullName')} />
        <Field label={t('apply.fields.iin')} inputProps={{ ...getInputProps(fields.iin, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off', maxLength: 20 }} errors={fields.iin.errors} errorId={fields.iin.errorId} help={t('apply.help.iin')} />
        <div className="grid-2">
          <Field label={t('apply.fields.birthDate')} inputProps={{ ...getInputProps(fields.birthDate, { type: 'date' }), autoComplete: autofill('bday') }} errors={fields.birthDate.errors} errorId={fields.birthDate.errorId} />
          <SelectField
            label={t('apply.fields.sex')}
            selectProps={{ ...getSelectProps(fields.sex), autoComplete: autofill('sex') }}
            options={[{ value: '', label: t('apply.sexFromIin') }, { value: 'male', label: t('apply.sex.male') }, { value: 'female', label: t('apply.sex.female') }]}
            errors={fields.sex.errors}
            errorId={fields.sex.errorId}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('apply.sections.contacts')}</legend>
        <div className="grid-2">
          <Field label={t('apply.fields.phone')} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: autofill('tel'), inputMode: 'tel' }} errors={fields.phone.errors} errorId={fields.phone.errorId} help={t('apply.help.phone')} />
          <Field label={t('apply.fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: autofill('email') }} errors={fields.email.errors} errorId={fields.email.errorId} />
        </div>
        <SelectField label={t('apply.fields.region')} selectProps={getSelectProps(fields.regionCode)} options={[{ value: '', label: t('apply.chooseRegion') }, ...regions.map((r) => ({ value: r.code, label: r.name }))]} errors={fields.regionCode.errors} errorId={fields.regionCode.errorId} />
        <div className="grid-2">
          <Field label={t('apply.fields.settlement')} inputProps={{ ...getInputProps(fields.settlement, { type: 'text' }), autoComplete: autofill('address-level2') }} errors={fields.settlement.errors} errorId={fields.settlement.errorId} help={t('apply.help.settlement')} />
          <Field label={t('apply.fields.pollingStation')} inputProps={{ ...getInputProps(fields.pollingStation, { type: 'text' }), inputMode: 'numeric' }} errors={fields.pollingStation.errors} errorId={fields.pollingStation.errorId} help={t('apply.help.pollingStation')} />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('apply.sections.observing')}</legend>
        <ChoiceGroup legend={t('apply.fields.languages')} errors={fields.languages.errors} errorId={fields.languages.errorId} inputs={getCollectionProps(fields.languages, { type: 'checkbox', options: [...applicationLanguages] })} label={(v) => t(`apply.language.${v}`)} />
        <ChoiceGroup legend={t('apply.fields.availability')} help={t('apply.help.availability')} errors={fields.availability.errors} errorId={fields.availability.errorId} inputs={getCollectionProps(fields.availability, { type: 'checkbox', options: [...availabilityParts] })} label={(v) => t(`apply.availability.${v}`)} />
        <ChoiceGroup legend={t('apply.fields.experience')} errors={fields.experience.errors} errorId={fields.experience.errorId} inputs={getCollectionProps(fields.experience, { type: 'radio', options: [...experienceLevels] })} label={(v) => t(`apply.experience.${v}`)} />
        <TextareaField label={t('apply.fields.motivation')} textareaProps={{ ...getTextareaProps(fields.motivation), rows: 3, maxLength: 1000 }} errors={fields.motivation.errors} errorId={fields.motivation.errorId} />
      </fieldset>
      {declarations.length ? (
        <ChoiceGroup
          legend={mode === 'volunteer' ? t('apply.fields.declarations') : t('apply.fields.declarationsPaper')}
          errors={fields.declarations.errors}
          errorId={fields.declarations.errorId}
          inputs={getCollectionProps(fields.declarations, { type: 'checkbox', options: declarations.map((d) => d.id) })}
          label={(id) => declarations.find((d) => d.id === id)?.text ?? id}
        />
      ) : null}
      <div className="consent">
        {mode === 'volunteer' ? (
          <details>
            <summary>{t('apply.consentSummary')}</summary>
            <p>{consentText(ngos?.find((n) => n.slug === fields.ngo.value)?.name ?? null)}</p>
          </details>
        ) : null}
        <div className="checkbox-field">
          <input {...getInputProps(fields.consent, { type: 'checkbox' })} key={fields.consent.key} />
          <label htmlFor={fields.consent.id}>{mode === 'volunteer' ? t('apply.fields.consent') : t('apply.fields.consentPaper')}</label>
        </div>
        <ErrorList id={fields.consent.errorId} errors={fields.consent.errors} />
      </div>
      <div className="form-actions">
        <button type="submit" name="intent" value="apply" className="btn btn-primary btn-large">
          {submitLabel}
        </button>
        {mode === 'volunteer' ? (
          <button type="submit" name="intent" value="draft" formNoValidate className="btn btn-secondary">
            {t('apply.saveDraft')}
          </button>
        ) : null}
      </div>
      {mode === 'volunteer' ? (
        <p className="muted draft-status" role="status" aria-live="polite">
          {draft.state !== 'idle' ? t('apply.draftSaving') : savedAt ? t('apply.draftSaved', { time: savedAt }) : t('apply.draftHint')}
        </p>
      ) : null}
    </Form>
  )
}

function ChoiceGroup({ legend, help, inputs, label, errors, errorId }: { legend: string; help?: string; inputs: Array<ReturnType<typeof getCollectionProps>[number]>; label: (value: string) => string; errors?: string[]; errorId: string }) {
  return (
    <fieldset className="fieldset choice-group" aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      {help ? <p className="field-help">{help}</p> : null}
      <ul className="checkbox-grid">
        {inputs.map(({ key, ...props }) => (
          <li key={key} className="checkbox-field">
            <input {...props} />
            <label htmlFor={props.id}>{label(props.value)}</label>
          </li>
        ))}
      </ul>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}
