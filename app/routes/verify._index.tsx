import { data, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { VerifyForm } from '~/components/verify-form.tsx'
import { normaliseCode } from '~/domain/certificates.ts'
import { verifySchema } from '~/domain/validation/admin.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { refuseAnonymousPost, retryAfterHeaders } from '~/http/anonymous-forms.server.ts'

export const handle = { titleKey: 'verify.title' }

export const headers = retryAfterHeaders

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, verifySchema)
  const typed = submission.payload.code?.toString().slice(0, 40) ?? ''
  const refused = await refuseAnonymousPost('anonymousForm', submission.payload, clientIp(context))
  if (refused) return data({ error: refused.formError, typed, retryAfterMinutes: refused.retryAfterMinutes }, refused.init)
  const code = submission.status === 'success' ? normaliseCode(submission.value.code) : null
  if (!code) return data({ error: 'validation.certificateCode', typed, retryAfterMinutes: 0 }, { status: 400 })
  return redirect(`/verify/${code}`)
}

export default function Verify() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.lead')}</p>
      <VerifyForm defaultCode={actionData?.typed} error={actionData?.error} minutes={actionData?.retryAfterMinutes} />
    </div>
  )
}
