import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useEffect, useRef, useState } from 'react'
import { Field, FormMessage } from '~/components/forms.tsx'
import { Honeypot } from '~/components/honeypot.tsx'
import { honeypotFilled } from '~/domain/honeypot.ts'
import { loginSchema, safeRedirect } from '~/domain/validation/auth.ts'
import { loginFormErrors } from '~/domain/validation/login-check.ts'
import { localeCookie } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { login } from '~/server/accounts/accounts.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { getUser, workHomeOf } from '~/server/accounts/permissions.server.ts'
import { retryAfterHeaders, throttledInit } from '~/http/anonymous-forms.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

// The same page for every visitor without an account cookie: kept for a few minutes (app/cli/public-page-cache.ts).
export const handle = { titleKey: 'login.title', publicPage: { maxAgeSeconds: 300 } }

// A throttled login tells clients when to try again.
export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '') || (await workHomeOf(user)))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, loginSchema)
  if (honeypotFilled(submission.payload)) return data({ result: submission.reply({ formErrors: ['validation.formRejected'], hideFields: ['password'] }), retryAfterMinutes: 0 }, { status: 400 })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), retryAfterMinutes: 0 }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const result = await login(email, password, clientIp(context))
  if (!result.ok) {
    if (result.error === 'throttled') {
      const retryAfterMinutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60))
      return data(
        { result: submission.reply({ formErrors: ['auth.throttled'], hideFields: ['password'] }), retryAfterMinutes },
        throttledInit(result),
      )
    }
    return data({ result: submission.reply({ formErrors: ['auth.invalidCredentials'], hideFields: ['password'] }), retryAfterMinutes: 0 }, { status: 400 })
  }
  const headers = new Headers()
  headers.append('Set-Cookie', result.cookie)
  headers.append('Set-Cookie', await localeCookie.serialize(result.locale))
  // A safe target of the visitor's own wins; else the page their work starts on.
  return redirect(safeRedirect(redirectTo, '') || (await workHomeOf({ id: result.userId, isAdmin: result.isAdmin })), { headers })
}

/**
 * The form without conform or zod in the browser (together a third of the page's bytes): the
 * action parses with `loginSchema` and answers with conform's reply (errors per field, the email to
 * show again); in the browser `loginFormErrors` answers before a submission leaves, on submit and then
 * on every keystroke (as `validationTiming` does elsewhere), and FocusFirstInvalid moves focus.
 */
export default function Login() {
  const actionData = useActionData<typeof action>()
  const redirectTo = useSearchParams()[0].get('redirectTo') ?? ''
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [checked, setChecked] = useState<{ errors: Record<string, string[]> | null } | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    // A new answer from the server: its errors are shown, and the password is not kept.
    setChecked(null)
    const password = formRef.current?.elements.namedItem('password')
    if (actionData && password instanceof HTMLInputElement) password.value = ''
  }, [actionData])
  const serverErrors = (actionData?.result.error ?? {}) as Record<string, string[] | null | undefined>
  const errors = (name: string) => (checked ? checked.errors?.[name] : serverErrors[name]) ?? undefined
  const initialEmail = actionData?.result.initialValue?.email
  const check = (form: HTMLFormElement) => loginFormErrors(Object.fromEntries(new FormData(form)))
  const field = (name: 'email' | 'password') => ({ id: `login-${name}`, name, 'aria-invalid': errors(name)?.length ? true : undefined })
  return (
    <div className="container narrow">
      <h1>{t('login.title')}</h1>
      <Form
        method="post"
        ref={formRef}
        id="login"
        noValidate
        className="stack"
        onSubmit={(event) => {
          const found = check(event.currentTarget)
          setChecked({ errors: found })
          if (found) event.preventDefault()
        }}
        onInput={(event) => {
          if (checked) setChecked({ errors: check(event.currentTarget) })
        }}
      >
        <FormMessage id="login-error" errors={checked ? null : serverErrors['']} values={{ minutes: actionData?.retryAfterMinutes ?? 1 }} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Honeypot />
        <Field label={t('fields.email')} inputProps={{ ...field('email'), type: 'email', defaultValue: typeof initialEmail === 'string' ? initialEmail : undefined, autoComplete: 'email' }} errors={errors('email')} errorId="login-email-error" />
        <Field label={t('fields.password')} inputProps={{ ...field('password'), type: 'password', autoComplete: 'current-password' }} errors={errors('password')} errorId="login-password-error" />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to={redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : '/signup'}>{t('nav.signup')}</Link>
      </p>
    </div>
  )
}
