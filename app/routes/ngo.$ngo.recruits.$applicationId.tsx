import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ApplicationTimeline } from '~/components/recruitment/application-timeline.tsx'
import { RecruitMoves, RecruitNotes } from '~/components/recruitment/recruit-actions.tsx'
import { RecruitDetails } from '~/components/recruitment/recruit-details.tsx'
import { RecruitReadiness } from '~/components/recruitment/recruit-readiness.tsx'
import { RecruitTraining } from '~/components/recruitment/recruit-training.tsx'
import { RemovedRecruit } from '~/components/recruitment/removed-recruit.tsx'
import { StateBadge } from '~/components/recruitment/state-badge.tsx'
import { formatDate, formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { isInTraining } from '~/domain/pipeline.ts'
import { recruitActionSchema } from '~/domain/validation/recruitment.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { readinessFor, revokeCertificate } from '~/server/exams/certificates.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { grantExtraTime } from '~/server/exams/exam-review.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { addNote, attemptOfRecruit, certificateOfRecruit, correctRecruitName, moveRecruit, recruitDetail } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'recruit.title' }

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const recruit = await recruitDetail(scope, params.applicationId ?? '', clientIp(context))
  if (!recruit) notFound()
  const [locale, regions] = await Promise.all([getLocale(request), listRegions()])
  const readiness = (await readinessFor(recruit.campaign.id, [recruit.userId], locale))?.get(recruit.userId) ?? null
  const region = regions.find((r) => r.code === recruit.regionCode)
  return {
    ngo: { slug: ngo.slug },
    pageTitle: recruit.fullName,
    readiness,
    recruit: {
      id: recruit.id,
      removedOn: recruit.anonymisedAt ? formatDate(recruit.anonymisedAt, locale) : null,
      fullName: recruit.fullName,
      state: recruit.state,
      iin: recruit.iin,
      birthDate: formatDate(recruit.birthDate, locale),
      sex: recruit.sex,
      phone: recruit.phone,
      email: recruit.email,
      region: region ? localizedName(region, locale) : recruit.regionCode,
      settlement: recruit.settlement,
      pollingStation: recruit.pollingStation,
      languages: recruit.languages,
      availability: recruit.availability,
      experience: recruit.experience,
      motivation: recruit.motivation,
      source: recruit.source,
      consent: `${recruit.consentVersion} · ${formatDateTime(recruit.consentedAt, locale)}`,
      account: recruit.account,
      campaign: { slug: recruit.campaign.slug, name: localizedName(recruit.campaign, locale) },
      leadMoves: recruit.leadMoves,
      timeline: recruit.timeline.map((e) => ({ id: e.id, toState: e.toState, actorRole: e.actorRole, actorName: e.actorName, reason: e.reason, at: e.at.toISOString(), atText: formatDateTime(e.at, locale) })),
      notes: recruit.notes.map((n) => ({ ...n, createdAt: formatDateTime(n.createdAt, locale) })),
      courses: recruit.courses.map((c) => ({ slug: c.slug, title: c.title[locale], done: c.done, total: c.total, lastSeen: c.lastSeen ? formatDateTime(c.lastSeen, locale) : null })),
      attempts: recruit.attempts.map((a) => ({ id: a.id, status: a.status, startedAt: formatDateTime(a.startedAt, locale), percent: a.percent, passed: a.passed, overridden: a.overridden, extraMinutes: a.extraMinutes, inProgress: a.status === 'IN_PROGRESS' })),
      // Extra time only while the NGO trains them (the action refuses it otherwise).
      canGrantTime: isInTraining(recruit.state),
      certificates: recruit.certificates.map((c) => ({ code: c.code, issuedAt: formatDate(c.issuedAt, locale), expiresAt: formatDate(c.expiresAt, locale), revoked: !!c.revokedAt, ofThisNgo: c.ngoId === scope.ngoId })),
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const applicationId = params.applicationId ?? ''
  const ip = clientIp(context)
  const submission = await parseForm(request, recruitActionSchema)
  if (submission.status !== 'success') return data({ intent: submittedIntent(submission, ['move']), result: submission.reply(), error: null }, { status: 400 })
  const here = `/ngo/${ngo.slug}/recruits/${applicationId}`
  const value = submission.value
  switch (value.intent) {
    case 'move': {
      const result = await moveRecruit(scope, applicationId, value.to, value.reason, ip)
      if (!result.ok) {
        if (result.error === 'notFound') notFound()
        // A reject (or a certified observer taken off the roster, or a closed application reopened) without a reason: said under the reason field, not at the top of the page.
        if (result.error === 'reasonRequired') {
          const message = value.to === 'withdrawn' ? 'recruit.reasonRequiredWithdraw' : value.to === 'screening' ? 'recruit.reasonRequiredReopen' : 'recruit.reasonRequired'
          return data({ intent: 'move' as const, result: submission.reply({ fieldErrors: { reason: [message] } }), error: null }, { status: 400 })
        }
        return data({ intent: 'move' as const, result: submission.reply(), error: `recruits.moveError.${result.error}` }, { status: 400 })
      }
      return redirectWithToast(here, { key: 'recruit.moved', kind: 'success' })
    }
    case 'note': {
      if (!(await addNote(scope, applicationId, value.body, ip))) notFound()
      return redirectWithToast(here, { key: 'recruit.noteAdded', kind: 'success' })
    }
    case 'revoke': {
      // Only a certificate earned for this NGO, of this recruit.
      const certificate = await certificateOfRecruit(scope, applicationId, value.code)
      if (!certificate) notFound()
      const result = await revokeCertificate(scope.actorId, certificate.code, value.reason, ip)
      if (!result.ok) return data({ intent: null, result: submission.reply(), error: 'recruit.alreadyRevoked' }, { status: 400 })
      return redirectWithToast(here, { key: 'recruit.revoked', kind: 'success' })
    }
    case 'rename': {
      const renamed = await correctRecruitName(scope, applicationId, value.fullName, ip)
      if (!renamed.ok) notFound()
      return redirectWithToast(here, renamed.changed ? { key: 'recruit.rename.done', kind: 'success' } : { key: 'recruit.rename.same', kind: 'info' })
    }
    case 'extra-time': {
      const found = await attemptOfRecruit(scope, applicationId, value.attemptId)
      if (!found.ok && found.error === 'notInTraining') return data({ intent: null, result: submission.reply(), error: 'recruit.extraTimeNotInTraining' }, { status: 403 })
      if (!found.ok) notFound()
      const { attempt } = found
      if (attempt.status !== 'IN_PROGRESS') return data({ intent: null, result: submission.reply(), error: 'recruit.attemptClosed' }, { status: 400 })
      const granted = await grantExtraTime(scope.actorId, attempt.id, value.minutes, value.reason, ip)
      // A lead who is also this recruit: another lead or an admin grants it.
      if (!granted.ok && granted.error === 'ownAttempt') return data({ intent: null, result: submission.reply(), error: 'review.error.ownAttempt' }, { status: 403 })
      // Its time ran out though nothing had closed it yet: closed and graded now, no time given.
      if (!granted.ok && granted.error === 'closed') return data({ intent: null, result: submission.reply(), error: 'recruit.attemptClosed' }, { status: 409 })
      if (!granted.ok) notFound()
      return redirectWithToast(here, { key: 'recruit.extraTimeGranted', kind: 'success' })
    }
  }
}

export default function RecruitPage() {
  const { ngo, recruit, readiness } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const moveResult = actionData?.intent === 'move' ? actionData.result : undefined
  // The move form shows its reason's error under the field; any other refusal is said at the top.
  const fieldErrors = Object.entries(actionData?.result?.error ?? {}).filter(([name]) => !(moveResult && name === 'reason'))
  const firstError = fieldErrors.flatMap(([, messages]) => messages ?? [])[0]
  if (recruit.removedOn) return <RemovedRecruit campaign={recruit.campaign} ngoSlug={ngo.slug} state={recruit.state} removedOn={recruit.removedOn} timeline={recruit.timeline} />
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}/campaigns/${recruit.campaign.slug}`}>{recruit.campaign.name}</Link>
      </p>
      <div className="page-head">
        <h1>{recruit.fullName}</h1>
        <StateBadge state={recruit.state} />
      </div>
      {actionData?.error || firstError ? (
        <p className="form-message" role="alert">
          {t(actionData?.error ?? firstError ?? 'validation.invalid')}
        </p>
      ) : null}
      <RecruitDetails recruit={recruit} />
      {recruit.leadMoves.length ? <RecruitMoves moves={recruit.leadMoves} lastResult={moveResult} /> : null}
      {readiness ? <RecruitReadiness {...readiness} /> : null}
      <RecruitTraining courses={recruit.courses} attempts={recruit.attempts} certificates={recruit.certificates} canGrantTime={recruit.canGrantTime} />
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('applications.timeline')}</h2>
        <ApplicationTimeline events={recruit.timeline} />
      </section>
      <RecruitNotes notes={recruit.notes} />
    </>
  )
}
