import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, validationTiming } from '~/components/forms.tsx'
import { forgotPasswordSchema } from '~/domain/validation/auth.ts'
import { readForm } from '~/server/forms.server.ts'
import { requestPasswordReset } from '~/server/accounts.server.ts'
import { clientIp } from '~/server/context.server.ts'
import { publicOrigin } from '~/server/origin.server.ts'

export const handle = { titleKey: 'forgot.title' }

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: forgotPasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  await requestPasswordReset(submission.value.email, publicOrigin(request), clientIp(context))
  // The same answer whether or not the address has an account.
  return { result: submission.reply({ resetForm: true }), sent: true }
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
        <Field label={t('fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} errors={fields.email.errors} errorId={fields.email.errorId} />
        <button type="submit" className="btn btn-primary">
          {t('forgot.submit')}
        </button>
      </Form>
    </div>
  )
}
