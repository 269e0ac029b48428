import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PresentNotYet, PresentScreen } from '~/components/live/present-screen.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { presentData } from '~/http/live-sessions.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { forbidden, loadActor, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { ngoSessionDetail } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.present.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ngo, scope } = await requireNgoLead(request, params.ngo)
  const locale = await getLocale(request)
  const { detail, own } = await ngoSessionDetail(scope, params.sessionId ?? '', locale).catch(answerRefusal)
  if (!own) forbidden()
  return { title: detail.title, back: `/ngo/${ngo.slug}/sessions/${detail.id}`, present: await presentData(request, await loadActor(user), detail, locale) }
}

export default function NgoPresent() {
  const { title, back, present } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{title}</h1>
      {present.cancelled ? (
        <p>{t('live.status.sessionCancelled')}</p>
      ) : present.opensText !== null ? (
        <PresentNotYet opensText={present.opensText} backHref={back} />
      ) : (
        <PresentScreen data={present} backHref={back} />
      )}
    </>
  )
}
