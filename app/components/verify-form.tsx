import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Honeypot } from '~/components/honeypot.tsx'

/** Type a certificate code (as printed under the QR code) to check it. Works without JavaScript. */
export function VerifyForm({ defaultCode, error, minutes }: { defaultCode?: string; error?: string | null; minutes?: number | undefined }) {
  const { t } = useTranslation()
  return (
    <Form method="post" action="/verify" className="stack">
      <Honeypot />
      <div className="field">
        <label htmlFor="verify-code">{t('verify.codeLabel')}</label>
        <input id="verify-code" name="code" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} defaultValue={defaultCode} aria-invalid={error ? true : undefined} aria-describedby={error ? 'verify-code-error' : 'verify-code-help'} />
        <p id="verify-code-help" className="field-help">
          {t('verify.codeHelp')}
        </p>
        {error ? (
          <p id="verify-code-error" className="field-errors" role="alert">
            {t(error, { minutes: minutes ?? 1 })}
          </p>
        ) : null}
      </div>
      <div>
        <button type="submit" className="btn btn-primary">
          {t('verify.submit')}
        </button>
      </div>
    </Form>
  )
}
