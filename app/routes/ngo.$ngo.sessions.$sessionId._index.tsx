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
import { forbidden, loadActor, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { ngoSessionDetail } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.ngo.title' }

/**
 * A session under the NGO's address: its own in full (attendance can be marked, the session
 * cancelled); a coalition-wide one with only the NGO's recruits, read-only; another NGO's: 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const locale = await getLocale(request)
  const { detail, own, limitToNgo } = await ngoSessionDetail(scope, params.sessionId ?? '', locale).catch(answerRefusal)
  return { ngo: { slug: ngo.slug }, own, detail, panel: await attendancePanel(detail, locale, limitToNgo, parsePage(new URL(request.url).searchParams)) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, ngo, scope } = await requireNgoLead(request, params.ngo)
  const id = params.sessionId ?? ''
  const { own } = await ngoSessionDetail(scope, id, 'ru').catch(answerRefusal)
  if (!own) forbidden()
  return overviewAction(request, await loadActor(user), id, clientIp(context), `/ngo/${ngo.slug}/sessions/${id}`)
}

export default function NgoSession() {
  const { ngo, own, detail, panel } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/sessions/${detail.id}`
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}/sessions`}>{t('live.ngo.title')}</Link>
      </p>
      <h1>{detail.title}</h1>
      {/* A refused mark or cancellation (a stale page, an unticked confirmation) says why, with or without JavaScript. */}
      <FormMessage id="session-errors" errors={Object.values(actionData?.result?.error ?? {}).flatMap((errors): string[] => (Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : []))} />
      {detail.cancelled ? <p className="form-message" role="status">{t('live.status.sessionCancelled')}</p> : null}
      <SessionFacts session={detail} linkNote={t('live.ngo.linkForOrganisers')} />
      {own && !detail.cancelled ? (
        <p className="actions">
          <Link to={`${base}/present`} className="btn btn-primary">
            {t('live.present.open')}
          </Link>{' '}
          <Link to={`${base}/edit`} className="btn btn-secondary">
            {t('live.edit')}
          </Link>{' '}
          <Link to={`/studio/sessions/${detail.id}/report`} className="btn btn-secondary">
            {t('liveRule.report.title')}
          </Link>
        </p>
      ) : null}
      {!own ? <p className="muted">{t('live.ngo.recruitsOnly')}</p> : null}
      <AttendancePanel data={panel} canMark={own} ended={detail.ended} opensText={detail.attendanceOpensText} />
      {own && !detail.cancelled && !detail.ended ? <CancelSessionForm /> : null}
    </>
  )
}
