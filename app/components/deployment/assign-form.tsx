import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FilterSelect } from '~/components/forms.tsx'
import { outsideHomeRegion } from '~/domain/assignments.ts'

interface Option {
  value: string
  label: string
}

interface ObserverOption {
  value: string
  fullName: string
  regionCode: string
  /** Region and settlement, as they applied. */
  place: string
  iinTail: string
  assignments: number
}

type ChoiceField = 'applicationId' | 'stationId' | 'shiftId' | 'idDocumentNumber'

interface Props {
  regionCode: string
  district: string
  q: string
  moving: { id: string; observer: string; regionCode: string; stationId: string; shiftId: string } | null
  chosenObserver: string
  regions: Option[]
  districts: string[]
  observers: ObserverOption[]
  stationGroups: Array<{ district: string; stations: Option[] }>
  shifts: Option[]
  /** The form as it was sent, when the server answered it: the choices, the errors per field, a refused region. */
  sent: { chosen: Record<ChoiceField, string>; fieldErrors: Partial<Record<ChoiceField, string[]>>; refusedOtherRegion: boolean } | null
}

/** "Серікова Айгерім — Алматы, Алмалинский р-н · ИИН …0424 · назначений: 2": namesakes told apart. */
function observerLabel(o: ObserverOption, t: (key: string, values?: Record<string, unknown>) => string): string {
  return [`${o.fullName} — ${o.place}`, t('deployment.assign.iinTail', { tail: o.iinTail }), o.assignments ? t('deployment.assign.assignmentCount', { count: o.assignments }) : ''].filter(Boolean).join(' · ')
}

/**
 * Two forms, both without JavaScript: the first (GET) narrows the stations to a region, a district or a
 * number or address, the second assigns (or moves) one observer to one of them for a shift. Every
 * choice starts empty, so nothing is sent by accident; stations come grouped by district. An observer
 * from another region than the stations' is warned about, and the box that confirms it must be
 * ticked (the server refuses it otherwise: `outsideHomeRegion`); with JavaScript the warning follows the
 * observer chosen, without it the page shows it for an observer it knows and after a refusal.
 */
export function AssignForm({ regionCode, district, q, moving, chosenObserver, regions, districts, observers, stationGroups, shifts, sent }: Props) {
  const { t } = useTranslation()
  const [observerId, setObserverId] = useState(sent?.chosen.applicationId ?? chosenObserver)
  const observer = moving ? { fullName: moving.observer, regionCode: moving.regionCode } : observers.find((o) => o.value === observerId)
  const otherRegion = sent?.refusedOtherRegion || (observer !== undefined && outsideHomeRegion(observer, { regionCode }))
  const regionName = (code: string) => regions.find((r) => r.value === code)?.label ?? code
  const stationCount = stationGroups.reduce((n, g) => n + g.stations.length, 0)
  // An observer's error goes once another is chosen (with JavaScript); the others stay until the form is sent again.
  const errors = { ...sent?.fieldErrors, ...(observerId !== (sent?.chosen.applicationId ?? '') ? { applicationId: undefined } : {}) }
  const invalid = (name: ChoiceField) => (errors[name]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `assign-${name}-error` } : {})
  return (
    <>
      <Form method="get" className="filter-form" aria-label={t('deployment.assign.narrow')}>
        {moving ? <input type="hidden" name="move" value={moving.id} /> : null}
        {observerId && !moving ? <input type="hidden" name="observer" value={observerId} /> : null}
        <FilterSelect id="narrow-region" name="region" label={t('deployment.region')} value={regionCode} options={regions} any={false} />
        <FilterSelect id="narrow-district" name="district" label={t('deployment.district')} value={district} options={districts.map((d) => ({ value: d, label: d }))} />
        <div className="field">
          <label htmlFor="narrow-q">{t('deployment.assign.findStation')}</label>
          <input id="narrow-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <div className="field filter-submit">
          <button type="submit" className="btn btn-secondary">
            {t('deployment.assign.showStations')}
          </button>
        </div>
      </Form>
      {stationCount === 0 ? <p>{q ? t('deployment.assign.noStationsFound') : t('deployment.assign.noStations')}</p> : null}
      {observers.length === 0 && !moving ? <p>{t('deployment.assign.noObservers')}</p> : null}
      <Form method="post" className="card stack" noValidate>
        <input type="hidden" name="intent" value={moving ? 'move' : 'assign'} />
        {moving ? (
          <input type="hidden" name="assignmentId" value={moving.id} />
        ) : (
          <div className="field">
            <label htmlFor="assign-observer">{t('deployment.observer')}</label>
            <select id="assign-observer" name="applicationId" required value={observerId} onChange={(event) => setObserverId(event.currentTarget.value)} {...invalid('applicationId')}>
              <option value="">{t('deployment.assign.chooseObserver')}</option>
              {observers.map((o) => (
                <option key={o.value} value={o.value}>
                  {observerLabel(o, t)}
                </option>
              ))}
            </select>
            <ErrorList id="assign-applicationId-error" errors={errors.applicationId} />
            <p className="muted">{t('deployment.assign.observerHelp')}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="assign-station">{t('deployment.assign.stationIn', { region: regionName(regionCode) })}</label>
          <select id="assign-station" name="stationId" required defaultValue={sent?.chosen.stationId || moving?.stationId || ''} {...invalid('stationId')}>
            <option value="">{t('deployment.assign.chooseStation')}</option>
            {stationGroups.map((group) => (
              <optgroup key={group.district} label={group.district || t('deployment.assign.noDistrict')}>
                {group.stations.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <ErrorList id="assign-stationId-error" errors={errors.stationId} />
        </div>
        {otherRegion && observer ? (
          <div className="callout callout-warning stack" role="status">
            <p>{t('deployment.assign.otherRegionWarning', { observer: observer.fullName, home: regionName(observer.regionCode), region: regionName(regionCode) })}</p>
            <div className="checkbox-field">
              <input id="assign-other-region" type="checkbox" name="otherRegion" value="yes" {...(sent?.refusedOtherRegion ? { 'data-focus-on-error': true } : {})} />
              <label htmlFor="assign-other-region">{t('deployment.assign.otherRegionConfirm')}</label>
            </div>
            <p>
              <a href={`?${new URLSearchParams({ region: observer.regionCode, ...(moving ? { move: moving.id } : { observer: observerId }) })}`}>{t('deployment.assign.showHomeStations', { home: regionName(observer.regionCode) })}</a>
            </p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="assign-shift">{t('deployment.shift')}</label>
          <select id="assign-shift" name="shiftId" required defaultValue={sent?.chosen.shiftId || moving?.shiftId || ''} {...invalid('shiftId')}>
            <option value="">{t('deployment.assign.chooseShift')}</option>
            {shifts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <ErrorList id="assign-shiftId-error" errors={errors.shiftId} />
        </div>
        {moving ? null : (
          <div className="field">
            <label htmlFor="assign-id-document">{t('deployment.assign.idDocument')}</label>
            <input
              id="assign-id-document"
              type="text"
              name="idDocumentNumber"
              maxLength={30}
              autoComplete="off"
              defaultValue={sent?.chosen.idDocumentNumber ?? ''}
              aria-invalid={errors.idDocumentNumber?.length ? true : undefined}
              aria-describedby={errors.idDocumentNumber?.length ? 'assign-id-document-help assign-idDocumentNumber-error' : 'assign-id-document-help'}
            />
            <p id="assign-id-document-help" className="muted">
              {t('deployment.assign.idDocumentHelp')}
            </p>
            <ErrorList id="assign-idDocumentNumber-error" errors={errors.idDocumentNumber} />
          </div>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={stationCount === 0 || (!moving && observers.length === 0)}>
            {moving ? t('deployment.assignments.move') : t('deployment.assignments.assign')}
          </button>
        </div>
      </Form>
    </>
  )
}
