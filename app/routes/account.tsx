import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PasswordForm, ProfileForm } from '~/components/account/account-forms.tsx'
import { AccountRoles } from '~/components/account/account-roles.tsx'
import { AddressConfirmation } from '~/components/account/address-confirmation.tsx'
import { DeletionRequest } from '~/components/account/deletion-request.tsx'
import { formatDate } from '~/domain/format.ts'
import { accountActionSchema } from '~/domain/validation/auth.ts'
import { getLocale, localeCookie } from '~/i18n/i18next.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { changePassword, logoutEverywhere, updateProfile } from '~/server/accounts/accounts.server.ts'
import { cancelDeletion, deletionRequestOf, requestDeletion } from '~/server/accounts/deletion-requests.server.ts'
import { isAddressConfirmed, requestAddressConfirmation } from '~/server/accounts/address.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { listMembershipsOf } from '~/server/accounts/people.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { retryAfterHeaders } from '~/http/anonymous-forms.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'account.title' }

// Another confirmation link asked for too soon: 429, and when to ask again.
export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [memberships, deletionRequestedAt, locale, addressConfirmed] = await Promise.all([listMembershipsOf(user.id), deletionRequestOf(user.id), getLocale(request), isAddressConfirmed(user.id)])
  return { user, memberships, addressConfirmed, deletionRequestedOn: deletionRequestedAt ? formatDate(deletionRequestedAt, locale) : null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const ip = clientIp(context)
  const submission = await parseForm(request, accountActionSchema)
  const passwordFields = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') {
    const intent = submittedIntent(submission, ['profile', 'password', 'request-deletion'])
    if (!intent) return data({ intent: null, result: null }, { status: 400 })
    return data({ intent, result: submission.reply(intent === 'password' ? { resetForm: false, hideFields: passwordFields } : {}) }, { status: 400 })
  }
  const input = submission.value
  switch (input.intent) {
    case 'profile': {
      const { name, locale } = input
      await updateProfile(user.id, { name, locale }, ip)
      const headers = new Headers({ 'Set-Cookie': await localeCookie.serialize(locale) })
      return redirectWithToast('/account', { key: 'account.profileSaved', kind: 'success' }, { headers })
    }
    case 'password': {
      const result = await changePassword(user.id, input.currentPassword, input.newPassword, ip)
      if (!result.ok) {
        return data({ intent: input.intent, result: submission.reply({ fieldErrors: { currentPassword: ['account.wrongPassword'] }, hideFields: passwordFields }) }, { status: 400 })
      }
      return redirectWithToast('/account', { key: 'account.passwordChanged', kind: 'success' }, { headers: new Headers({ 'Set-Cookie': result.cookie }) })
    }
    case 'request-deletion': {
      await requestDeletion(user.id, ip)
      return redirectWithToast('/account', { key: 'account.deletion.requestedToast', kind: 'success' })
    }
    case 'send-confirmation': {
      const sent = await requestAddressConfirmation(user.id, ip)
      if (sent.ok) return redirectWithToast('/account', { key: 'account.address.sentToast', kind: 'success' })
      if (sent.error === 'confirmed') return redirectWithToast('/account', { key: 'confirmEmail.already', kind: 'success' })
      return data({ intent: input.intent, result: null, tooSoonMinutes: sent.minutes }, { status: 429, headers: { 'Retry-After': String(sent.minutes * 60) } })
    }
    case 'cancel-deletion': {
      await cancelDeletion(user.id, ip)
      return redirectWithToast('/account', { key: 'account.deletion.cancelledToast', kind: 'success' })
    }
    case 'logout-everywhere': {
      const cookie = await logoutEverywhere(user.id, ip)
      return redirect('/login', { headers: { 'Set-Cookie': cookie } })
    }
  }
}

export default function Account() {
  const { user, memberships, addressConfirmed, deletionRequestedOn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  return (
    <div className="container narrow">
      <h1>{t('account.title')}</h1>
      {searchParams.get('welcome') ? (
        <>
          <p className="toast toast-success" role="status">
            {t('account.welcome', { name: user.name })}
          </p>
          {/* A new account's next step (sign-up is email first: whatever page sent them here is behind the mail). */}
          <p>
            <Link to="/apply" className="btn btn-primary">
              {t('apply.title')}
            </Link>
          </p>
        </>
      ) : null}
      <AccountRoles isAdmin={user.isAdmin} memberships={memberships} />

      <AddressConfirmation email={user.email} confirmed={addressConfirmed} tooSoonMinutes={actionData && 'tooSoonMinutes' in actionData ? actionData.tooSoonMinutes : null} />

      <ProfileForm email={user.email} defaults={{ name: user.name, locale: user.locale }} lastResult={actionData?.intent === 'profile' ? actionData.result : undefined} />

      <PasswordForm lastResult={actionData?.intent === 'password' ? actionData.result : undefined} />

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('account.sessions')}</h2>
        <p>{t('account.sessionsHelp')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="btn btn-danger">
            {t('account.logoutEverywhere')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('account.myData')}</h2>
        <p>{t('account.myDataHelp')}</p>
        <a href="/account/data.json" className="btn" download>
          {t('account.downloadMyData')}
        </a>
      </section>

      <DeletionRequest requestedOn={deletionRequestedOn} lastResult={actionData?.intent === 'request-deletion' ? actionData.result : undefined} />
    </div>
  )
}
