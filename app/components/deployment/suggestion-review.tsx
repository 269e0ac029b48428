import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { RefusalMessage, type RefusalView } from './assignment-bits.tsx'

interface Row {
  applicationId: string
  stationId: string
  match: 'station' | 'district' | 'region'
  fullName: string
  stationNumber: string
  district: string
  address: string
  region: string
}

/** The proposed pairs, each ticked; the lead unticks what they do not want and confirms. */
export function SuggestionReview({ rows, shift }: { rows: Row[]; shift: { id: string; label: string } }) {
  const { t } = useTranslation()
  if (rows.length === 0) return <p>{t('deployment.suggest.none')}</p>
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="confirmSuggestion" />
      <input type="hidden" name="shiftId" value={shift.id} />
      <p role="status">{t('deployment.suggest.count', { count: rows.length, shift: shift.label })}</p>
      <TableWrap label={t('deployment.suggest.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('deployment.suggest.take')}</th>
              <th scope="col">{t('deployment.observer')}</th>
              <th scope="col">{t('deployment.station')}</th>
              <th scope="col">{t('deployment.suggest.why')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const id = `pair-${r.applicationId}`
              return (
                <tr key={r.applicationId}>
                  <td>
                    <input type="checkbox" id={id} name="pairs" value={`${r.applicationId}:${r.stationId}`} defaultChecked aria-label={t('deployment.suggest.takeOne', { name: r.fullName, station: r.stationNumber })} />
                  </td>
                  <td>
                    <label htmlFor={id}>{r.fullName}</label>
                  </td>
                  <td>
                    № {r.stationNumber}, {r.region}
                    <br />
                    <span className="muted">{[r.district, r.address].filter(Boolean).join(' · ')}</span>
                  </td>
                  <td>{t(`deployment.suggest.match.${r.match}`)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
      <div>
        <button type="submit" className="btn btn-primary">
          {t('deployment.suggest.confirm')}
        </button>
      </div>
    </Form>
  )
}

export function SuggestionResult({ result, shiftNames, listUrl }: { result: { created: number; refused: Array<{ applicationId: string; refusal: RefusalView }> }; shiftNames: Record<string, string>; listUrl: string }) {
  const { t } = useTranslation()
  return (
    <div className="card" role="status">
      <p>
        {t('deployment.suggest.created', { count: result.created })} <Link to={listUrl}>{t('deployment.assignments.title')}</Link>
      </p>
      {result.refused.length ? <p>{t('deployment.suggest.refused', { count: result.refused.length })}</p> : null}
      {result.refused.map((r) => (
        <RefusalMessage key={r.applicationId} refusal={r.refusal} shiftNames={shiftNames} />
      ))}
    </div>
  )
}
