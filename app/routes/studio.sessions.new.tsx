import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SessionForm } from '~/components/live/session-form.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { scheduleAction } from '~/http/live-sessions.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { scheduleChoices } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.schedule' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireTrainer(request)
  return { choices: await scheduleChoices(await getLocale(request), null) }
}

/** A coalition-wide session, scheduled by a trainer or an admin. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireTrainer(request)
  return scheduleAction(request, actor, { ngoId: null, sessionId: null }, await getLocale(request), clientIp(context), (id) => `/studio/sessions/${id}`)
}

export default function NewStudioSession() {
  const { choices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('live.schedule')}</h1>
      <p className="muted">{t('live.studio.coalitionNote')}</p>
      <SessionForm lastResult={actionData?.result} defaults={{}} choices={choices} submitLabel={t('live.form.create')} />
    </>
  )
}
