import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SessionForm } from '~/components/live/session-form.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { scheduleAction, scheduleDefaults } from '~/http/live-sessions.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { scheduleChoices, sessionNgoId } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.edit' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const sessionId = params.sessionId ?? ''
  const defaults = await scheduleDefaults(actor, sessionId)
  // A trainer of an NGO's own session edits it here too: its trainers are still that NGO's.
  return { id: sessionId, defaults, choices: await scheduleChoices(await getLocale(request), await sessionNgoId(sessionId)) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const sessionId = params.sessionId ?? ''
  return scheduleAction(request, actor, { ngoId: null, sessionId }, await getLocale(request), clientIp(context), (id) => `/studio/sessions/${id}`)
}

export default function EditStudioSession() {
  const { defaults, choices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('live.edit')}</h1>
      <SessionForm lastResult={actionData?.result} defaults={defaults} choices={choices} submitLabel={t('live.form.save')} />
    </>
  )
}
