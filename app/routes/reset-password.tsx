import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, validationTiming } from '~/components/forms.tsx'
import { Honeypot } from '~/components/honeypot.tsx'
import { PASSWORD_MIN_LENGTH } from '~/domain/validation/fields.ts'
import { resetPasswordSchema, safeRedirect } from '~/domain/validation/auth.ts'
import { parseForm } from '~/http/forms.server.ts'
import { resetPassword, usableTokenPurpose } from '~/server/accounts/accounts.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { refuseAnonymousPost, retryAfterHeaders } from '~/http/anonymous-forms.server.ts'
import { getFixedT, getLocale } from '~/i18n/i18next.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'reset.title' }

/**
 * The page's address holds a one-time token and its form repeats it: no cache keeps it, even for a
 * visitor without a session (whose pages the edge leaves to the route; see Security notes).
 */
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(retryAfterHeaders(args))
  headers.set('Cache-Control', 'no-store')
  return headers
}

export async function loader({ request }: LoaderFunctionArgs) {
  const token = (new URL(request.url).searchParams.get('token') ?? '').slice(0, 200)
  const purpose = token.length > 0 ? await usableTokenPurpose(token) : null
  // An invitation (an account a lead created) and a sign-up's link are greeted as such; the form is the same.
  const titleKey = purposeTitles[purpose ?? 'reset']
  const pageTitle = titleKey === 'reset.title' ? undefined : (await getFixedT(await getLocale(request)))(titleKey)
  // A sign-up's link leads back to the page that sent them to sign up (an apply form).
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '')
  return { token, usable: purpose !== null, purpose: purpose ?? 'reset', pageTitle, redirectTo }
}

/** Opening the link changes nothing (mail scanners open links): only the form's post sets the password. */
const purposeTitles = { reset: 'reset.title', invite: 'reset.inviteTitle', signup: 'reset.signupTitle' } as const
const purposeIntros = { reset: null, invite: 'reset.inviteIntro', signup: 'reset.signupIntro' } as const

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, resetPasswordSchema)
  const hideFields = ['password', 'confirmPassword']
  const refused = await refuseAnonymousPost('anonymousForm', submission.payload, clientIp(context))
  if (refused) return data({ result: submission.reply({ formErrors: [refused.formError], hideFields }), retryAfterMinutes: refused.retryAfterMinutes }, refused.init)
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields }), retryAfterMinutes: 0 }, { status: 400 })
  const result = await resetPassword(submission.value.token, submission.value.password, clientIp(context))
  if (!result.ok) return data({ result: submission.reply({ formErrors: ['reset.invalidToken'], hideFields }), retryAfterMinutes: 0 }, { status: 400 })
  // A new account's first page greets its person.
  const back = safeRedirect(submission.value.redirectTo, '')
  return redirect(back || (result.purpose === 'signup' ? '/account?welcome=1' : '/account'), { headers: { 'Set-Cookie': result.cookie } })
}

export default function ResetPassword() {
  const { token, usable, purpose, redirectTo } = useLoaderData<typeof loader>()
  const intro = purposeIntros[purpose]
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { token },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    ...validationTiming,
  })
  if (!usable) {
    return (
      <div className="container narrow">
        <h1>{t('reset.title')}</h1>
        <p role="alert">{t('reset.invalidToken')}</p>
        <p>
          <Link className="btn btn-primary" to="/forgot-password">
            {t('reset.requestNew')}
          </Link>
        </p>
      </div>
    )
  }
  return (
    <div className="container narrow">
      <h1>{t(purposeTitles[purpose])}</h1>
      {intro ? <p>{t(intro)}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormMessage id={form.errorId} errors={form.errors} values={{ minutes: actionData?.retryAfterMinutes ?? 1 }} />
        <input type="hidden" name={fields.token.name} value={token} />
        {redirectTo ? <input type="hidden" name={fields.redirectTo.name} value={redirectTo} /> : null}
        <Honeypot />
        <Field label={t(purpose === 'signup' ? 'fields.password' : 'fields.newPassword')} inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }} errors={fields.password.errors} errorId={fields.password.errorId} help={t('signup.passwordHelp', { min: PASSWORD_MIN_LENGTH })} />
        <Field label={t('fields.confirmPassword')} inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }} errors={fields.confirmPassword.errors} errorId={fields.confirmPassword.errorId} />
        <button type="submit" className="btn btn-primary">
          {t(purpose === 'signup' ? 'reset.choose' : 'reset.submit')}
        </button>
      </Form>
    </div>
  )
}
