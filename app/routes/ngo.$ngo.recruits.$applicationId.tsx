import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ApplicationTimeline } from '~/components/recruitment/application-timeline.tsx'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { StateBadge } from '~/components/recruitment/state-badge.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDate, formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { recruitActionSchema } from '~/domain/validation/recruitment.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { revokeCertificate } from '~/server/exams/certificates.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { grantExtraTime } from '~/server/exams/exam-review.server.ts'
import { readForm } from '~/http/forms.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { addNote, attemptOfNgo, certificateOfNgo, correctRecruitName, moveRecruit, recruitDetail } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'

export const handle = { titleKey: 'recruit.title' }

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const recruit = await recruitDetail(scope, params.applicationId ?? '', clientIp(context))
  if (!recruit) notFound()
  const [locale, regions] = await Promise.all([getLocale(request), listRegions()])
  const region = regions.find((r) => r.code === recruit.regionCode)
  return {
    ngo: { slug: ngo.slug },
    pageTitle: recruit.fullName,
    recruit: {
      id: recruit.id,
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
      certificates: recruit.certificates.map((c) => ({ code: c.code, issuedAt: formatDate(c.issuedAt, locale), expiresAt: formatDate(c.expiresAt, locale), revoked: !!c.revokedAt, ofThisNgo: c.ngoId === scope.ngoId })),
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const applicationId = params.applicationId ?? ''
  const ip = clientIp(context)
  const submission = parseWithZod(await readForm(request), { schema: recruitActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, { status: 400 })
  const here = `/ngo/${ngo.slug}/recruits/${applicationId}`
  const value = submission.value
  switch (value.intent) {
    case 'move': {
      const result = await moveRecruit(scope, applicationId, value.to, value.reason, ip)
      if (!result.ok) {
        if (result.error === 'notFound') notFound()
        return data({ result: submission.reply(), error: `recruits.moveError.${result.error}` }, { status: 400 })
      }
      return redirectWithToast(here, { key: 'recruit.moved', kind: 'success' })
    }
    case 'note': {
      if (!(await addNote(scope, applicationId, value.body, ip))) notFound()
      return redirectWithToast(here, { key: 'recruit.noteAdded', kind: 'success' })
    }
    case 'revoke': {
      // Only a certificate earned for this NGO, of this recruit.
      const certificate = await certificateOfNgo(scope, value.code)
      if (!certificate) notFound()
      const result = await revokeCertificate(scope.actorId, certificate.code, value.reason, ip)
      if (!result.ok) return data({ result: submission.reply(), error: 'recruit.alreadyRevoked' }, { status: 400 })
      return redirectWithToast(here, { key: 'recruit.revoked', kind: 'success' })
    }
    case 'rename': {
      const renamed = await correctRecruitName(scope, applicationId, value.fullName, ip)
      if (!renamed.ok) notFound()
      return redirectWithToast(here, renamed.changed ? { key: 'recruit.rename.done', kind: 'success' } : { key: 'recruit.rename.same', kind: 'info' })
    }
    case 'extra-time': {
      const attempt = await attemptOfNgo(scope, value.attemptId)
      if (!attempt) notFound()
      if (attempt.status !== 'IN_PROGRESS') return data({ result: submission.reply(), error: 'recruit.attemptClosed' }, { status: 400 })
      await grantExtraTime(scope.actorId, attempt.id, value.minutes, value.reason, ip)
      return redirectWithToast(here, { key: 'recruit.extraTimeGranted', kind: 'success' })
    }
  }
}

export default function RecruitPage() {
  const { ngo, recruit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const fieldErrors = actionData?.result?.error ?? {}
  const firstError = Object.values(fieldErrors).flat()[0]
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
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t('recruit.details')}</h2>
        <p className="muted">{t('recruit.personalDataNotice')}</p>
        <dl className="recruit-facts">
          <Fact label={t('apply.fields.iin')} value={recruit.iin} mono />
          <Fact label={t('apply.fields.birthDate')} value={recruit.birthDate} />
          <Fact label={t('apply.fields.sex')} value={recruit.sex ? t(`apply.sex.${recruit.sex}`) : '—'} />
          <Fact label={t('apply.fields.phone')} value={recruit.phone} mono />
          <Fact label={t('apply.fields.email')} value={recruit.email} />
          <Fact label={t('apply.fields.region')} value={`${recruit.region}, ${recruit.settlement}`} />
          <Fact label={t('recruits.pollingStation')} value={recruit.pollingStation ?? '—'} />
          <Fact label={t('recruits.language')} value={recruit.languages.map((l) => t(`apply.language.${l}`)).join(', ')} />
          <Fact label={t('recruits.availability')} value={recruit.availability.map((a) => t(`apply.availability.${a}`)).join(', ')} />
          <Fact label={t('apply.fields.experience')} value={t(`apply.experience.${recruit.experience}`)} />
          <Fact label={t('recruit.consent')} value={recruit.consent} />
          <Fact label={t('recruit.account')} value={recruit.account.claimed ? t('recruit.accountClaimed') : t('recruit.accountInvited')} />
        </dl>
        {recruit.motivation ? (
          <>
            <h3>{t('apply.fields.motivation')}</h3>
            <p>{recruit.motivation}</p>
          </>
        ) : null}
        <details>
          <summary>{t('recruit.rename.heading')}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="rename" />
            <div className="field">
              <label htmlFor="rename-name">{t('recruit.rename.label')}</label>
              <input id="rename-name" name="fullName" type="text" defaultValue={recruit.fullName} maxLength={160} required aria-describedby="rename-help" autoComplete="off" />
              <p id="rename-help" className="field-help">
                {t('recruit.rename.help')}
              </p>
            </div>
            <div>
              <button type="submit" className="btn btn-secondary">
                {t('recruit.rename.submit')}
              </button>
            </div>
          </Form>
        </details>
      </section>
      {recruit.leadMoves.length ? (
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t('recruit.actions')}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="move" />
            <div className="field">
              <label htmlFor="move-reason">{t('recruit.reason')}</label>
              <textarea id="move-reason" name="reason" rows={2} maxLength={500} aria-describedby="move-reason-help" />
              <p id="move-reason-help" className="field-help">
                {t('recruit.reasonHelp')}
              </p>
            </div>
            <div className="form-actions">
              {recruit.leadMoves.map((to) => (
                <button key={to} type="submit" name="to" value={to} className={to === 'rejected' || to === 'withdrawn' ? 'btn btn-secondary' : 'btn btn-primary'}>
                  {t(`recruit.moveTo.${to}`)}
                </button>
              ))}
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="training-heading">
        <h2 id="training-heading">{t('recruit.training')}</h2>
        {recruit.courses.map((c) => (
          <div key={c.slug}>
            <ProgressBar done={c.done} total={c.total} label={c.title} />
            {c.lastSeen ? <p className="muted">{t('recruit.lastSeen', { time: c.lastSeen })}</p> : <p className="muted">{t('recruit.notStarted')}</p>}
          </div>
        ))}
        <h3>{t('recruit.attempts')}</h3>
        {recruit.attempts.length === 0 ? (
          <p className="muted">{t('recruit.noAttempts')}</p>
        ) : (
          <TableWrap label={t('recruit.attempts')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('recruit.started')}</th>
                  <th scope="col">{t('recruit.result')}</th>
                  <th scope="col">{t('recruit.extraTime')}</th>
                </tr>
              </thead>
              <tbody>
                {recruit.attempts.map((a) => (
                  <tr key={a.id}>
                    <td>{a.startedAt}</td>
                    <td>{a.inProgress ? t('recruit.inProgress') : a.percent === null ? '—' : `${Math.round(a.percent)}% · ${a.passed ? t('recruit.passed') : t('recruit.failed')}${a.overridden ? ` (${t('recruit.overridden')})` : ''}`}</td>
                    <td>
                      {a.inProgress ? (
                        <Form method="post" className="inline-grant">
                          <input type="hidden" name="intent" value="extra-time" />
                          <input type="hidden" name="attemptId" value={a.id} />
                          <label htmlFor={`minutes-${a.id}`}>{t('recruit.minutes')}</label>
                          <input id={`minutes-${a.id}`} name="minutes" type="number" min={1} max={240} defaultValue={10} />
                          <label htmlFor={`grant-reason-${a.id}`}>{t('recruit.reason')}</label>
                          <input id={`grant-reason-${a.id}`} name="reason" type="text" maxLength={500} required />
                          <button type="submit" className="btn btn-secondary btn-small">
                            {t('recruit.grant')}
                          </button>
                        </Form>
                      ) : a.extraMinutes ? (
                        `+${a.extraMinutes}`
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <h3>{t('recruit.certificates')}</h3>
        {recruit.certificates.length === 0 ? (
          <p className="muted">{t('recruit.noCertificates')}</p>
        ) : (
          <ul className="plain-list">
            {recruit.certificates.map((c) => (
              <li key={c.code}>
                <Link to={`/verify/${c.code}`}>
                  <code>{c.code}</code>
                </Link>{' '}
                {c.issuedAt} – {c.expiresAt} {c.revoked ? `· ${t('certificate.status.revoked')}` : ''}
                {c.ofThisNgo && !c.revoked ? (
                  <details>
                    <summary>{t('recruit.revoke')}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="code" value={c.code} />
                      <label htmlFor={`revoke-${c.code}`}>{t('recruit.reason')}</label>
                      <textarea id={`revoke-${c.code}`} name="reason" rows={2} maxLength={500} required minLength={3} />
                      <div>
                        <button type="submit" className="btn btn-danger">
                          {t('recruit.revokeConfirm')}
                        </button>
                      </div>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('applications.timeline')}</h2>
        <ApplicationTimeline events={recruit.timeline} />
      </section>
      <section className="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t('recruit.notes')}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="note" />
          <label htmlFor="note-body">{t('recruit.newNote')}</label>
          <textarea id="note-body" name="body" rows={3} maxLength={2000} required />
          <div>
            <button type="submit" className="btn btn-secondary">
              {t('recruit.addNote')}
            </button>
          </div>
        </Form>
        {recruit.notes.length ? (
          <ul className="note-list">
            {recruit.notes.map((n) => (
              <li key={n.id}>
                <p className="muted">
                  {n.createdAt} · {n.author ?? '—'}
                </p>
                {n.body}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('recruit.noNotes')}</p>
        )}
      </section>
    </>
  )
}

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{mono ? <code>{value}</code> : value}</dd>
    </div>
  )
}
