import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { Honeypot } from '~/components/honeypot.tsx'
import { locales } from '~/domain/locale.ts'
import { signupSchema } from '~/domain/validation/auth.ts'
import { getLocale, localeCookie } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { signup } from '~/server/accounts/accounts.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { requireAnonymous } from '~/server/accounts/permissions.server.ts'
import { refuseAnonymousPost, retryAfterHeaders } from '~/http/anonymous-forms.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

// The same page for every visitor without an account cookie: kept for a few minutes (app/cli/public-page-cache.ts).
export const handle = { titleKey: 'signup.title', publicPage: { maxAgeSeconds: 300 } }

export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { locale: await getLocale(request) }
}

/**
 * Email first: a valid post gets one answer, "check your inbox", whether the address is new, has an
 * account, or signed up before without finishing (app/server/accounts/accounts.server.ts `signup`);
 * the email says which. The password is chosen on the page its link opens.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = await parseForm(request, signupSchema)
  const refused = await refuseAnonymousPost('signup', submission.payload, clientIp(context))
  if (refused) return data({ result: submission.reply({ formErrors: [refused.formError] }), retryAfterMinutes: refused.retryAfterMinutes, sentTo: null }, refused.init)
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), retryAfterMinutes: 0, sentTo: null }, { status: 400 })
  }
  await signup(submission.value, clientIp(context))
  return data(
    { result: submission.reply({ resetForm: true }), retryAfterMinutes: 0, sentTo: submission.value.email },
    { headers: { 'Set-Cookie': await localeCookie.serialize(submission.value.locale) } },
  )
}

const languageLabels = { ru: 'Русский', kk: 'Қазақша', en: 'English' } as const

export default function Signup() {
  const { locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  // Where they were going (an apply form): the emailed link leads back there, and so does "Log in".
  const redirectTo = useSearchParams()[0].get('redirectTo') ?? ''
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
    ...validationTiming,
  })
  if (actionData?.sentTo) {
    return (
      <div className="container narrow">
        <h1>{t('signup.checkInboxTitle')}</h1>
        <p className="lead" role="status">{t('signup.checkInbox', { email: actionData.sentTo })}</p>
        <p>{t('signup.checkInboxMore')}</p>
      </div>
    )
  }
  return (
    <div className="container narrow">
      <h1>{t('signup.title')}</h1>
      <p className="lead">{t('signup.lead')}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormMessage id={form.errorId} errors={form.errors} values={{ minutes: actionData?.retryAfterMinutes ?? 1 }} />
        <Honeypot />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label={t('fields.name')} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }} errors={fields.name.errors} errorId={fields.name.errorId} help={t('signup.nameHelp')} />
        <Field label={t('fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} errors={fields.email.errors} errorId={fields.email.errorId} />
        <SelectField
          label={t('fields.language')}
          selectProps={getSelectProps(fields.locale)}
          options={locales.map((l) => ({ value: l, label: languageLabels[l] }))}
          errors={fields.locale.errors}
          errorId={fields.locale.errorId}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('signup.submit')}
        </button>
      </Form>
      <p>
        {t('signup.haveAccount')} <Link to={redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : '/login'}>{t('nav.login')}</Link>
      </p>
    </div>
  )
}
