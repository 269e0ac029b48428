import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { VerifyForm } from '~/components/verify-form.tsx'
import { normaliseCode } from '~/domain/certificates.ts'
import { verifySchema } from '~/domain/validation/admin.ts'
import { readForm } from '~/server/forms.server.ts'

export const handle = { titleKey: 'verify.title' }

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: verifySchema })
  const code = submission.status === 'success' ? normaliseCode(submission.value.code) : null
  if (!code) return data({ error: 'validation.certificateCode', typed: submission.payload.code?.toString().slice(0, 40) ?? '' }, { status: 400 })
  return redirect(`/verify/${code}`)
}

export default function Verify() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.lead')}</p>
      <VerifyForm defaultCode={actionData?.typed} error={actionData?.error} />
    </div>
  )
}
