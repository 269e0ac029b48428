import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormMessage } from '~/components/forms.tsx'
import { AttendancePanel, CancelSessionForm } from '~/components/live/attendance-panel.tsx'
import { SessionFacts } from '~/components/live/session-facts.tsx'
import { parsePage } from '~/domain/paging.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { attendancePanel, overviewAction } from '~/http/live-sessions.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { managedSessionDetail } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.studio.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const locale = await getLocale(request)
  const { detail } = await managedSessionDetail(actor, params.sessionId ?? '', locale).catch(answerRefusal)
  return { detail, panel: await attendancePanel(detail, locale, null, parsePage(new URL(request.url).searchParams)) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const id = params.sessionId ?? ''
  return overviewAction(request, actor, id, clientIp(context), `/studio/sessions/${id}`)
}

export default function StudioSession() {
  const { detail, panel } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/studio/sessions/${detail.id}`
  return (
    <>
      <p className="breadcrumb">
        <Link to="/studio/sessions">{t('live.studio.title')}</Link>
      </p>
      <h1>{detail.title}</h1>
      {/* A refused mark or cancellation (a stale page, an unticked confirmation) says why, with or without JavaScript. */}
      <FormMessage id="session-errors" errors={Object.values(actionData?.result?.error ?? {}).flatMap((errors): string[] => (Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : []))} />
      {detail.cancelled ? <p className="form-message" role="status">{t('live.status.sessionCancelled')}</p> : null}
      <SessionFacts session={detail} />
      <p className="actions">
        {!detail.cancelled ? (
          <>
            <Link to={`${base}/present`} className="btn btn-primary">
              {t('live.present.open')}
            </Link>{' '}
            <Link to={`${base}/edit`} className="btn btn-secondary">
              {t('live.edit')}
            </Link>{' '}
            <Link to={`/studio/sessions/${detail.id}/report`} className="btn btn-secondary">
              {t('liveRule.report.title')}
            </Link>{' '}
          </>
        ) : null}
        <a href={`/sessions/${detail.id}/calendar.ics`} className="btn btn-link" download>
          {t('live.calendar.download')}
        </a>
      </p>
      <AttendancePanel data={panel} canMark ended={detail.ended} opensText={detail.attendanceOpensText} />
      {!detail.cancelled && !detail.ended ? <CancelSessionForm /> : null}
    </>
  )
}
