import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { HONEYPOT_FIELD } from '~/domain/honeypot.ts'

/** Goes inside an anonymous form: see app/domain/honeypot.ts. Labelled, so even a tool that ignores aria-hidden says to leave it empty. */
export function Honeypot() {
  const { t } = useTranslation()
  const id = useId()
  return (
    <div className="visually-hidden" aria-hidden="true">
      <label htmlFor={id}>{t('common.honeypot')}</label>
      <input id={id} type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  )
}
