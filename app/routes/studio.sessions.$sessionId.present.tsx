import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PresentNotYet, PresentScreen } from '~/components/live/present-screen.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { presentData } from '~/http/live-sessions.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { managedSessionDetail } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.present.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const locale = await getLocale(request)
  const { detail } = await managedSessionDetail(actor, params.sessionId ?? '', locale).catch(answerRefusal)
  return { title: detail.title, id: detail.id, present: await presentData(request, actor, detail, locale) }
}

export default function StudioPresent() {
  const { title, id, present } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{title}</h1>
      {present.cancelled ? (
        <p>{t('live.status.sessionCancelled')}</p>
      ) : present.opensText !== null ? (
        <PresentNotYet opensText={present.opensText} backHref={`/studio/sessions/${id}`} />
      ) : (
        <PresentScreen data={present} backHref={`/studio/sessions/${id}`} />
      )}
    </>
  )
}
