import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FilterSelect } from '~/components/forms.tsx'

interface Option {
  value: string
  label: string
}

interface Props {
  regionCode: string
  district: string
  moving: { id: string; observer: string; stationId: string; shiftId: string } | null
  chosenObserver: string
  regions: Option[]
  districts: string[]
  observers: Option[]
  stations: Option[]
  shifts: Option[]
}

/**
 * Two forms, both without JavaScript: the first (GET) narrows the stations to a region and district,
 * the second assigns (or moves) one observer to one of them for a shift.
 */
export function AssignForm({ regionCode, district, moving, chosenObserver, regions, districts, observers, stations, shifts }: Props) {
  const { t } = useTranslation()
  return (
    <>
      <Form method="get" className="filter-form" aria-label={t('deployment.assign.narrow')}>
        {moving ? <input type="hidden" name="move" value={moving.id} /> : null}
        {chosenObserver && !moving ? <input type="hidden" name="observer" value={chosenObserver} /> : null}
        <FilterSelect id="narrow-region" name="region" label={t('deployment.region')} value={regionCode} options={regions} any={false} />
        <FilterSelect id="narrow-district" name="district" label={t('deployment.district')} value={district} options={districts.map((d) => ({ value: d, label: d }))} />
        <div className="field filter-submit">
          <button type="submit" className="btn btn-secondary">
            {t('deployment.assign.showStations')}
          </button>
        </div>
      </Form>
      {stations.length === 0 ? <p>{t('deployment.assign.noStations')}</p> : null}
      {observers.length === 0 && !moving ? <p>{t('deployment.assign.noObservers')}</p> : null}
      <Form method="post" className="card stack">
        <input type="hidden" name="intent" value={moving ? 'move' : 'assign'} />
        {moving ? (
          <input type="hidden" name="assignmentId" value={moving.id} />
        ) : (
          <div className="field">
            <label htmlFor="assign-observer">{t('deployment.observer')}</label>
            <select id="assign-observer" name="applicationId" required defaultValue={chosenObserver}>
              {observers.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <p className="muted">{t('deployment.assign.observerHelp')}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="assign-station">{t('deployment.station')}</label>
          <select id="assign-station" name="stationId" required defaultValue={moving?.stationId}>
            {stations.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="assign-shift">{t('deployment.shift')}</label>
          <select id="assign-shift" name="shiftId" required defaultValue={moving?.shiftId}>
            {shifts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {moving ? null : (
          <div className="field">
            <label htmlFor="assign-id-document">{t('deployment.assign.idDocument')}</label>
            <input id="assign-id-document" name="idDocumentNumber" maxLength={30} autoComplete="off" aria-describedby="assign-id-document-help" />
            <p id="assign-id-document-help" className="muted">
              {t('deployment.assign.idDocumentHelp')}
            </p>
          </div>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={stations.length === 0 || (!moving && observers.length === 0)}>
            {moving ? t('deployment.assignments.move') : t('deployment.assignments.assign')}
          </button>
        </div>
      </Form>
    </>
  )
}
