import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormMessage } from '~/components/forms.tsx'
import { SessionFacts } from '~/components/live/session-facts.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { loadActor, requireUser } from '~/server/accounts/permissions.server.ts'
import { cancelRegistration, register, sessionForPerson } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const view = await sessionForPerson(await loadActor(user), params.sessionId ?? '', await getLocale(request)).catch(answerRefusal)
  return view
}

const registrationSchema = z.object({ intent: z.enum(['register', 'unregister']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const actor = await loadActor(user)
  const id = params.sessionId ?? ''
  const submission = await parseForm(request, registrationSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'unregister') {
    await cancelRegistration(actor, id, clientIp(context))
    return redirectWithToast(`/sessions/${id}`, { key: 'live.toast.unregistered', kind: 'success' })
  }
  const outcome = await register(actor, id, clientIp(context)).catch(answerRefusal)
  if (outcome === 'full' || outcome === 'closed') return data({ result: submission.reply({ formErrors: [`live.errors.${outcome}`] }) }, { status: 409 })
  return redirectWithToast(`/sessions/${id}`, { key: outcome === 'waitlisted' ? 'live.toast.waitlisted' : 'live.toast.registered', kind: 'success' })
}

export default function SessionPage() {
  const { detail, myStatus, attended, seatsLeft, open, manager } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const holding = myStatus === 'registered' || myStatus === 'waitlisted'
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to="/sessions">{t('live.title')}</Link>
      </p>
      <h1>{detail.title}</h1>
      {detail.cancelled ? <p className="form-message" role="status">{t('live.status.sessionCancelled')}</p> : null}
      {detail.description ? <p className="lead">{detail.description}</p> : null}
      <SessionFacts session={detail} seatsLeft={seatsLeft} linkNote={t(myStatus === 'waitlisted' ? 'live.facts.linkWaitlisted' : 'live.facts.linkHidden')} />
      {myStatus && myStatus !== 'cancelled' ? <p className="card">{t(`live.mine.${myStatus}`)}</p> : null}
      {attended ? <p className="card">{t('live.mine.attended')}</p> : null}
      <FormMessage id="registration-error" errors={actionData?.result.error?.[''] ?? null} />
      {open ? (
        <Form method="post" className="actions">
          {holding ? (
            <button type="submit" name="intent" value="unregister" className="btn btn-secondary">
              {t('live.unregister')}
            </button>
          ) : (
            <button type="submit" name="intent" value="register" className="btn btn-primary">
              {seatsLeft === 0 ? t('live.joinWaitlist') : t('live.register')}
            </button>
          )}
        </Form>
      ) : null}
      <p className="actions">
        {holding || manager ? (
          <a href={`/sessions/${detail.id}/calendar.ics`} className="btn btn-link" download>
            {t('live.calendar.download')}
          </a>
        ) : null}{' '}
        {open && myStatus === 'registered' ? (
          <Link to="/attend" className="btn btn-link">
            {t('live.attend.link')}
          </Link>
        ) : null}
      </p>
    </div>
  )
}
