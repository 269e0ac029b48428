import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ApplicationTimeline } from '~/components/recruitment/application-timeline.tsx'
import { StateBadge } from '~/components/recruitment/state-badge.tsx'
import { formatDate, formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { checkMove } from '~/domain/pipeline.ts'
import { idField, plainString } from '~/domain/validation/fields.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { myApplications, reapplyOwnApplication, withdrawOwnApplication } from '~/server/recruitment/applications.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'applications.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const rows = await myApplications(user.id)
  return {
    applications: rows.map((a) => ({
      id: a.id,
      state: a.state,
      /** Open applications, and a certified one (off the roster): the withdraw form. */
      withdrawable: checkMove(a.state, 'withdrawn', 'volunteer').ok,
      /** Withdrawn, while the campaign takes applications: the "apply again" button. */
      reapplyable: checkMove(a.state, 'submitted', 'volunteer').ok && a.campaignOpen,
      submitted: formatDate(a.createdAt, locale),
      campaign: localizedName(a.campaign, locale),
      electionDay: formatDate(a.campaign.electionDay, locale),
      ngo: a.ngo,
      trainingPercent: a.trainingPercent,
      timeline: a.timeline.map((e) => ({ id: e.id, toState: e.toState, actorRole: e.actorRole, actorName: null, reason: e.reason, at: e.at.toISOString(), atText: formatDateTime(e.at, locale) })),
    })),
  }
}

const applicationActionSchema = z.object({ intent: z.enum(['withdraw', 'reapply']).default('withdraw'), applicationId: idField, reason: plainString().trim().max(500).optional() })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, applicationActionSchema)
  if (submission.status !== 'success') return data({ error: 'validation.invalid' }, { status: 400 })
  if (submission.value.intent === 'reapply') {
    const again = await reapplyOwnApplication(user.id, submission.value.applicationId, clientIp(context))
    if (!again.ok) return data({ error: again.error === 'notFound' ? 'application.notFound' : again.error === 'closed' ? 'application.deadlinePassed' : 'applications.cannotReapply' }, { status: again.error === 'notFound' ? 404 : 400 })
    return redirectWithToast('/applications', { key: 'applications.reapplied', kind: 'success' })
  }
  const result = await withdrawOwnApplication(user.id, submission.value.applicationId, submission.value.reason || undefined, clientIp(context))
  if (!result.ok) return data({ error: result.error === 'notFound' ? 'application.notFound' : 'applications.cannotWithdraw' }, { status: result.error === 'notFound' ? 404 : 400 })
  return redirectWithToast('/applications', { key: 'applications.withdrawn', kind: 'success' })
}

export default function MyApplications() {
  const { applications } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow-wide">
      <h1>{t('applications.title')}</h1>
      {actionData?.error ? (
        <p className="form-message" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {applications.length === 0 ? (
        <p>
          {t('applications.none')} <Link to="/apply">{t('apply.title')}</Link>
        </p>
      ) : (
        <ul className="card-list">
          {applications.map((a) => (
            <li key={a.id} className="card">
              <div className="page-head">
                <h2>{a.campaign}</h2>
                <StateBadge state={a.state} />
              </div>
              <dl className="facts">
                <div>
                  <dt>{t('applications.ngo')}</dt>
                  <dd>{a.ngo.name}</dd>
                </div>
                <div>
                  <dt>{t('campaign.electionDay')}</dt>
                  <dd>{a.electionDay}</dd>
                </div>
                <div>
                  <dt>{t('applications.submitted')}</dt>
                  <dd>{a.submitted}</dd>
                </div>
              </dl>
              <p>{t(`applications.next.${a.state}`)}</p>
              {a.state === 'accepted' || a.state === 'in_training' ? (
                <p>
                  <Link to="/courses" className="btn btn-primary">
                    {t('applications.goToCourses')}
                  </Link>
                </p>
              ) : null}
              {a.state === 'certified' ? (
                <p>
                  <Link to="/certificates">{t('nav.certificates')}</Link>
                </p>
              ) : null}
              {a.ngo.contactEmail || a.ngo.contactPhone ? (
                <p className="muted">
                  {t('applications.contact')}: {[a.ngo.contactEmail, a.ngo.contactPhone].filter(Boolean).join(' · ')}
                </p>
              ) : null}
              <h3>{t('applications.timeline')}</h3>
              <ApplicationTimeline events={a.timeline} />
              {a.withdrawable ? (
                <details>
                  <summary>{t('applications.withdraw')}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="withdraw" />
                    {a.state === 'certified' ? <p>{t('applications.withdrawCertifiedNote', { ngo: a.ngo.name })}</p> : null}
                    <input type="hidden" name="applicationId" value={a.id} />
                    <label htmlFor={`reason-${a.id}`}>{t('applications.withdrawReason')}</label>
                    <textarea id={`reason-${a.id}`} name="reason" rows={2} maxLength={500} />
                    <div>
                      <button type="submit" className="btn btn-danger">
                        {t('applications.withdrawConfirm')}
                      </button>
                    </div>
                  </Form>
                </details>
              ) : null}
              {a.reapplyable ? (
                <Form method="post" className="stack">
                  <p>{t('applications.reapplyNote', { ngo: a.ngo.name })}</p>
                  <input type="hidden" name="intent" value="reapply" />
                  <input type="hidden" name="applicationId" value={a.id} />
                  <div>
                    <button type="submit" className="btn btn-primary">
                      {t('applications.reapply')}
                    </button>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
