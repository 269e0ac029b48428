import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export type BulkOutcomeView = { id: string; name: string; ok: true } | { id: string; name: string; ok: false; error: string }

/** What a bulk action did: how many it moved, and each recruit it could not move with the reason. */
export function BulkOutcomes({ outcomes }: { outcomes: BulkOutcomeView[] }) {
  const { t } = useTranslation()
  const done = outcomes.filter((o) => o.ok).length
  const failed = outcomes.filter((o) => !o.ok)
  return (
    <div className={failed.length ? 'toast toast-info' : 'toast toast-success'} role="status">
      <p>{t('recruits.bulk.done', { count: done })}</p>
      {failed.length ? (
        <ul>
          {failed.map((o) => (
            <li key={o.id}>
              {o.name || o.id}: {t(`recruits.moveError.${o.ok ? 'notFound' : o.error}`)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** The bulk action on the recruits ticked in the table (their checkboxes belong to this form by its id). */
export function BulkForm({ errors }: { errors: Record<string, string[] | null | undefined> }) {
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" id="bulk" className="bulk-form card">
      <input type="hidden" name="intent" value="bulk" />
      <fieldset className="bulk-fields">
        <legend>{t('recruits.bulk.title')}</legend>
        <div className="field">
          <label htmlFor="bulk-action">{t('recruits.bulk.action')}</label>
          <select id="bulk-action" name="action" defaultValue="" aria-invalid={errors.action ? true : undefined} aria-describedby={errors.action ? 'bulk-action-error' : undefined}>
            <option value="">{t('recruits.bulk.chooseAction')}</option>
            <option value="screening">{t('recruits.bulk.toScreening')}</option>
            <option value="accepted">{t('recruits.bulk.accept')}</option>
            <option value="rejected">{t('recruits.bulk.reject')}</option>
            <option value="message">{t('recruits.bulk.message')}</option>
          </select>
          {errors.action ? (
            <p id="bulk-action-error" className="field-errors">
              {t(errors.action[0] ?? '')}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="bulk-text">{t('recruits.bulk.text')}</label>
          <textarea id="bulk-text" name="text" rows={2} maxLength={1000} aria-invalid={errors.text ? true : undefined} aria-describedby={errors.text ? 'bulk-text-help bulk-text-error' : 'bulk-text-help'} />
          <p id="bulk-text-help" className="field-help">
            {t('recruits.bulk.textHelp')}
          </p>
          {errors.text ? (
            <p id="bulk-text-error" className="field-errors">
              {t(errors.text[0] ?? '')}
            </p>
          ) : null}
        </div>
        {/* Not a control of this form (the ticks are in the table): announced, and focused when no control is in error. */}
        {errors.ids ? (
          <p id="bulk-ids-error" className="field-errors" role="alert" tabIndex={-1} data-focus-on-error="">
            {t(errors.ids[0] ?? '')}
          </p>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('recruits.bulk.apply')}
          </button>
        </div>
      </fieldset>
    </Form>
  )
}
