import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SessionForm } from '~/components/live/session-form.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { scheduleAction } from '~/http/live-sessions.server.ts'
import { loadActor, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { scheduleChoices } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.schedule' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo } = await requireNgoLead(request, params.ngo)
  return { ngoName: ngo.name, choices: await scheduleChoices(await getLocale(request), ngo.id) }
}

/** The NGO's own session, scheduled by its lead. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, ngo } = await requireNgoLead(request, params.ngo)
  return scheduleAction(request, await loadActor(user), { ngoId: ngo.id, sessionId: null }, await getLocale(request), clientIp(context), (id) => `/ngo/${ngo.slug}/sessions/${id}`)
}

export default function NewNgoSession() {
  const { ngoName, choices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('live.schedule')}</h1>
      <p className="muted">{t('live.ngo.ownNote', { ngo: ngoName })}</p>
      <SessionForm lastResult={actionData?.result} defaults={{}} choices={choices} submitLabel={t('live.form.create')} />
    </>
  )
}
