import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/**
 * The account page's "Email address": confirmed, or not yet, with why it matters and a button that
 * sends the link again (app/server/accounts/address.server.ts). `tooSoonMinutes`: the last link was
 * sent less than five minutes ago, and another may be asked for in that many minutes.
 */
export function AddressConfirmation({ email, confirmed, tooSoonMinutes }: { email: string; confirmed: boolean; tooSoonMinutes: number | null }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="address-heading">
      <h2 id="address-heading">{t('account.address.title')}</h2>
      {confirmed ? (
        <p>{t('account.address.confirmed', { email })}</p>
      ) : (
        <>
          <p>{t('account.address.unconfirmed', { email })}</p>
          <p className="field-help">{t('account.address.why')}</p>
          {tooSoonMinutes !== null ? (
            <p className="field-errors" role="alert">
              {t('account.address.tooSoon', { count: tooSoonMinutes })}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="send-confirmation" />
            <button type="submit" className="btn btn-secondary">
              {t('account.address.send')}
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
