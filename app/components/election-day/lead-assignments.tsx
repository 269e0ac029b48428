import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { CheckInKind } from '~/domain/checkins.ts'
import type { LetterLanguage } from '~/domain/letters.ts'

export interface LeadAssignmentRow {
  id: string
  fullName: string
  status: string
  station: string
  region: string
  address: string
  shift: string
  hasDocument: boolean
  present: boolean
  arrived: boolean
  clientIds: Record<CheckInKind, string>
}

/**
 * The lead's election-day table: per assigned observer the letter (PDF in the chosen language), the
 * ID document number printed on it, and "arrived" / "left" recorded on the observer's behalf.
 */
export function LeadAssignments({ ngoSlug, rows, language }: { ngoSlug: string; rows: LeadAssignmentRow[]; language: LetterLanguage }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={t('electionDay.letters.tableLabel')}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('electionDay.letters.observer')}</th>
            <th scope="col">{t('electionDay.letters.station')}</th>
            <th scope="col">{t('electionDay.letters.shift')}</th>
            <th scope="col">{t('electionDay.letters.letter')}</th>
            <th scope="col">{t('electionDay.letters.document')}</th>
            <th scope="col">{t('electionDay.letters.checkin')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                {r.fullName}
                {r.status === 'declined' ? <span className="tag">{t('electionDay.letters.declined')}</span> : null}
              </td>
              <td>
                № {r.station} · {r.region}
                <br />
                <span className="muted">{r.address}</span>
              </td>
              <td>{r.shift}</td>
              <td>
                {r.status === 'declined' ? '—' : (
                  <a href={`/ngo/${ngoSlug}/letters/${r.id}?language=${language}`} download>
                    {t('electionDay.letters.pdf')}
                  </a>
                )}
              </td>
              <td>
                <Form method="post" className="ed-inline">
                  <input type="hidden" name="intent" value="document" />
                  <input type="hidden" name="assignmentId" value={r.id} />
                  <label className="visually-hidden" htmlFor={`doc-${r.id}`}>
                    {t('electionDay.letters.documentFor', { name: r.fullName })}
                  </label>
                  <input id={`doc-${r.id}`} name="number" maxLength={30} autoComplete="off" placeholder={r.hasDocument ? t('electionDay.letters.documentSet') : t('electionDay.letters.documentMasked')} />
                  <button type="submit" className="btn btn-secondary btn-small">
                    {t('common.save')}
                  </button>
                </Form>
              </td>
              <td>
                {/* The observer's state in the third person: the check-in page's "You are at the station" is the observer's own words. */}
                <strong>{r.present ? t('electionDay.letters.atStation') : r.arrived ? t('electionDay.letters.leftStation') : t('electionDay.letters.notCheckedIn')}</strong>
                <div className="ed-inline">
                  {(['arrived', 'left'] as const).map((kind) => (
                    <Form method="post" key={kind}>
                      <input type="hidden" name="intent" value="tap" />
                      <input type="hidden" name="assignmentId" value={r.id} />
                      <input type="hidden" name="kind" value={kind} />
                      <input type="hidden" name="clientId" value={r.clientIds[kind]} />
                      <button type="submit" className="btn btn-link" aria-label={`${t(`electionDay.checkin.${kind}`)}: ${r.fullName}`}>
                        {t(`electionDay.checkin.${kind}`)}
                      </button>
                    </Form>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/** Who signs the NGO's letters (name and position), printed on every letter. */
export function SignatoryForm({ name, title, errors }: { name: string; title: string; errors?: Record<string, string[] | null> }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="card stack">
      <h2>{t('electionDay.letters.signatory')}</h2>
      <input type="hidden" name="intent" value="signatory" />
      <div className="field">
        <label htmlFor="signatory-name">{t('electionDay.letters.signatoryName')}</label>
        <input id="signatory-name" name="name" defaultValue={name} maxLength={120} required aria-invalid={errors?.name ? true : undefined} aria-describedby={errors?.name ? 'signatory-name-error' : undefined} />
        {errors?.name ? <p id="signatory-name-error" className="field-error">{t(errors.name[0] ?? 'validation.invalid')}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="signatory-title">{t('electionDay.letters.signatoryTitle')}</label>
        <input id="signatory-title" name="title" defaultValue={title} maxLength={160} aria-describedby={errors?.title ? 'signatory-title-error' : undefined} />
        {errors?.title ? <p id="signatory-title-error" className="field-error">{t(errors.title[0] ?? 'validation.invalid')}</p> : null}
      </div>
      <p>
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </p>
    </Form>
  )
}
