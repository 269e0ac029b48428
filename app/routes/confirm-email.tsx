import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { confirmAddressSchema } from '~/domain/validation/auth.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { confirmAddress, confirmationLinkState, isAddressConfirmed } from '~/server/accounts/address.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'confirmEmail.title' }

/**
 * The link emailed on signing up (app/server/accounts/address.server.ts). Opening it changes
 * nothing: the person logged in to the account it was sent for confirms with the button, so a mail
 * scanner following links, or the address's owner who never signed up, confirms nothing.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const token = (new URL(request.url).searchParams.get('token') ?? '').slice(0, 200)
  const link = await confirmationLinkState(user.id, token)
  // Another account's link says so even to a person whose own address is confirmed.
  const state = link !== 'otherAccount' && (await isAddressConfirmed(user.id)) ? 'already' : link
  return { email: user.email, token: state === 'usable' ? token : '', state }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, confirmAddressSchema)
  if (submission.status === 'success' && (await confirmAddress(user.id, submission.value.token, clientIp(context)))) {
    return redirectWithToast('/account', { key: 'confirmEmail.done', kind: 'success' })
  }
  return data({ refused: true }, { status: 400 })
}

export default function ConfirmEmail() {
  const { email, token, state } = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()?.refused ?? false
  const busy = useNavigation().state === 'submitting'
  const { t } = useTranslation()
  const message = refused ? 'confirmEmail.unusable' : state === 'already' ? 'confirmEmail.already' : state === 'otherAccount' ? 'confirmEmail.otherAccount' : state === 'unusable' ? 'confirmEmail.unusable' : null
  return (
    <div className="container narrow">
      <h1>{t('confirmEmail.title')}</h1>
      {message ? (
        <>
          <p role={state === 'already' && !refused ? 'status' : 'alert'}>{t(message)}</p>
          <p>
            <Link className="btn" to="/account">
              {t('confirmEmail.toAccount')}
            </Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <p>{t('confirmEmail.lead', { email })}</p>
          <input type="hidden" name="token" value={token} />
          <p>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('confirmEmail.submit')}
            </button>
          </p>
        </Form>
      )}
    </div>
  )
}
