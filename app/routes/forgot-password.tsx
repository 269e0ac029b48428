import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, validationTiming } from '~/components/forms.tsx'
import { Honeypot } from '~/components/honeypot.tsx'
import { forgotPasswordSchema } from '~/domain/validation/auth.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requestPasswordReset } from '~/server/accounts/accounts.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { refuseAnonymousPost, retryAfterHeaders } from '~/http/anonymous-forms.server.ts'

// The same page for every visitor without an account cookie: kept for a few minutes (app/cli/public-page-cache.ts).
export const handle = { titleKey: 'forgot.title', publicPage: { maxAgeSeconds: 300 } }

export const headers = retryAfterHeaders

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, forgotPasswordSchema)
  const refused = await refuseAnonymousPost('passwordReset', submission.payload, clientIp(context))
  if (refused) return data({ result: submission.reply({ formErrors: [refused.formError] }), sent: false, retryAfterMinutes: refused.retryAfterMinutes }, refused.init)
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false, retryAfterMinutes: 0 }, { status: 400 })
  await requestPasswordReset(submission.value.email, clientIp(context))
  // The same answer whether or not the address has an account.
  return { result: submission.reply({ resetForm: true }), sent: true, retryAfterMinutes: 0 }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
    ...validationTiming,
  })
  return (
    <div className="container narrow">
      <h1>{t('forgot.title')}</h1>
      <p className="lead">{t('forgot.lead')}</p>
      {actionData?.sent ? (
        <p className="toast toast-success" role="status">
          {t('forgot.sent')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormMessage id={form.errorId} errors={form.errors} values={{ minutes: actionData?.retryAfterMinutes ?? 1 }} />
        <Honeypot />
        <Field label={t('fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} errors={fields.email.errors} errorId={fields.email.errorId} />
        <button type="submit" className="btn btn-primary">
          {t('forgot.submit')}
        </button>
      </Form>
    </div>
  )
}
