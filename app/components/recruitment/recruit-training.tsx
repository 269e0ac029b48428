import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'

export interface RecruitCourse {
  slug: string
  title: string
  done: number
  total: number
  lastSeen: string | null
}

export interface RecruitAttempt {
  id: string
  startedAt: string
  percent: number | null
  passed: boolean | null
  overridden: boolean
  extraMinutes: number
  inProgress: boolean
}

export interface RecruitCertificate {
  code: string
  issuedAt: string
  expiresAt: string
  revoked: boolean
  /** Only a certificate earned for this NGO can be revoked from here. */
  ofThisNgo: boolean
}

/**
 * Progress in the required courses, exam attempts (with extra time for one in progress, while the
 * recruit is in training: `canGrantTime`) and certificates (revocable).
 */
export function RecruitTraining({ courses, attempts, certificates, canGrantTime }: { courses: RecruitCourse[]; attempts: RecruitAttempt[]; certificates: RecruitCertificate[]; canGrantTime: boolean }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="training-heading">
      <h2 id="training-heading">{t('recruit.training')}</h2>
      {courses.map((c) => (
        <div key={c.slug}>
          <ProgressBar done={c.done} total={c.total} label={c.title} />
          {c.lastSeen ? <p className="muted">{t('recruit.lastSeen', { time: c.lastSeen })}</p> : <p className="muted">{t('recruit.notStarted')}</p>}
        </div>
      ))}
      <h3>{t('recruit.attempts')}</h3>
      {attempts.length === 0 ? (
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
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{a.startedAt}</td>
                  <td>{a.inProgress ? t('recruit.inProgress') : a.percent === null ? '—' : `${Math.round(a.percent)}% · ${a.passed ? t('recruit.passed') : t('recruit.failed')}${a.overridden ? ` (${t('recruit.overridden')})` : ''}`}</td>
                  <td>
                    {a.inProgress && canGrantTime ? (
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
      {certificates.length === 0 ? (
        <p className="muted">{t('recruit.noCertificates')}</p>
      ) : (
        <ul className="plain-list">
          {certificates.map((c) => (
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
  )
}
