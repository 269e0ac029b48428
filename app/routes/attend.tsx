import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { attendSchema } from '~/domain/live-sessions.ts'
import { retryAfterHeaders, throttledInit } from '~/http/anonymous-forms.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { confirmCode } from '~/server/live-sessions/attendance.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.attend.title' }
export const headers = retryAfterHeaders

/** /attend?code=… (from the QR) fills the code in; the person confirms with one tap. A plain form: no JavaScript needed. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const code = (new URL(request.url).searchParams.get('code') ?? '').slice(0, 20).replace(/[^A-Za-z0-9 -]/g, '')
  return { code }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, attendSchema)
  if (submission.status !== 'success') return data({ message: 'live.attend.unknown', minutes: 0, code: '' }, { status: 400 })
  const result = await confirmCode(user.id, submission.value.code, clientIp(context))
  if (result.outcome === 'recorded' || result.outcome === 'alreadyRecorded') {
    const key = result.outcome === 'alreadyRecorded' ? 'live.attend.already' : result.walkIn ? 'live.attend.recordedWalkIn' : 'live.attend.recorded'
    return redirectWithToast(`/sessions/${result.sessionId ?? ''}`, { key, kind: 'success' })
  }
  // Guessing codes is throttled per person: 429, and when to try again.
  return data({ message: `live.attend.${result.outcome}`, minutes: result.throttled?.retryAfterMinutes ?? 0, code: submission.value.code }, result.throttled ? throttledInit(result.throttled) : { status: 400 })
}

export default function Attend() {
  const { code } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow">
      <h1>{t('live.attend.title')}</h1>
      <p className="lead">{t('live.attend.explain')}</p>
      {actionData ? (
        <div className="form-message" role="alert">
          <p id="attend-error">{t(actionData.message, { minutes: actionData.minutes })}</p>
        </div>
      ) : null}
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="attend-code">{t('live.attend.code')}</label>
          <input
            id="attend-code"
            name="code"
            type="text"
            className="attend-code-input"
            defaultValue={actionData?.code ?? code}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            maxLength={20}
            aria-describedby={actionData ? 'attend-error' : undefined}
          />
        </div>
        <div>
          <button type="submit" className="btn btn-primary btn-large">
            {t('live.attend.confirm')}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/sessions">{t('live.title')}</Link>
      </p>
    </div>
  )
}
