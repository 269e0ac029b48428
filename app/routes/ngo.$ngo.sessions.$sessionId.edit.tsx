import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SessionForm } from '~/components/live/session-form.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { scheduleAction, scheduleDefaults } from '~/http/live-sessions.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { forbidden, loadActor, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { ngoSessionDetail, scheduleChoices } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.edit' }

/** Only the NGO's own sessions are edited here (404 for another NGO's, 403 for a coalition-wide one). */
async function ownSession(request: Request, params: { ngo?: string; sessionId?: string }) {
  const { user, ngo, scope } = await requireNgoLead(request, params.ngo)
  const { own } = await ngoSessionDetail(scope, params.sessionId ?? '', await getLocale(request)).catch(answerRefusal)
  if (!own) forbidden()
  return { actor: await loadActor(user), ngo, sessionId: params.sessionId ?? '' }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ngo, sessionId } = await ownSession(request, params)
  return { defaults: await scheduleDefaults(actor, sessionId), choices: await scheduleChoices(await getLocale(request), ngo.id) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, ngo, sessionId } = await ownSession(request, params)
  return scheduleAction(request, actor, { ngoId: ngo.id, sessionId }, await getLocale(request), clientIp(context), (id) => `/ngo/${ngo.slug}/sessions/${id}`)
}

export default function EditNgoSession() {
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
