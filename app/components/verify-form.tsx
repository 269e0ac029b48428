import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Type a certificate code (as printed under the QR code) to check it. Works without JavaScript. */
export function VerifyForm({ defaultCode, error }: { defaultCode?: string; error?: string | null }) {
  const { t } = useTranslation()
  return (
    <Form method="post" action="/verify" className="stack">
      <div className="field">
        <label htmlFor="verify-code">{t('verify.codeLabel')}</label>
        <input id="verify-code" name="code" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} defaultValue={defaultCode} aria-invalid={error ? true : undefined} aria-describedby={error ? 'verify-code-error' : 'verify-code-help'} />
        <p id="verify-code-help" className="field-help">
          {t('verify.codeHelp')}
        </p>
        {error ? (
          <p id="verify-code-error" className="field-errors" role="alert">
            {t(error)}
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
