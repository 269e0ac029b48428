import type { ReactNode } from 'react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { RosterFormat } from '~/domain/roster-rules.ts'

interface RosterViewData {
  campaigns: Array<{ slug: string; name: string; electionDay: string }>
  /** The campaign the form starts on before one is chosen (the nearest election day). */
  suggestedCampaign: string
  regions: Array<{ code: string; name: string }>
  selectedRegions: string[]
  query: string
  templates: Array<{ id: string; name: string }>
  selectedTemplate: string
  error: string | null
  roster: {
    campaign: { slug: string; name: string; electionDay: string }
    total: number
    byRegion: Array<{ code: string; name: string; count: number }>
    warnings: string[]
    fullIin: boolean
    page: number
    pageCount: number
    rows: Array<{ number: number; fullName: string; iin: string; birthDate: string; phone: string; regionName: string; settlement: string; pollingStation: string; assignedStation: string; shift: string; languages: string; certificateCode: string; validUntil: string; ngo: string }>
  } | null
}

/** The roster screen shared by the lead's and the admin's pages: one GET form, the table, the downloads. */
export function RosterView({ data, exportPath, templatesPath, showNgo, extraFields }: { data: RosterViewData; exportPath: string; templatesPath: string; showNgo: boolean; extraFields?: ReactNode }) {
  const { t } = useTranslation()
  const { roster } = data
  const download = (format: RosterFormat, extra = '') => {
    const params = new URLSearchParams(data.query)
    params.delete('page')
    params.set('format', format)
    return `${exportPath}?${params}${extra}`
  }
  return (
    <>
      <Form method="get" className="stack" aria-label={t('rosters.filters')}>
        {extraFields}
        <label htmlFor="roster-campaign">{t('rosters.campaign')}</label>
        <select id="roster-campaign" name="campaign" defaultValue={roster?.campaign.slug ?? data.suggestedCampaign} required>
          <option value="">{t('rosters.pickCampaign')}</option>
          {data.campaigns.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name} ({c.electionDay})
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('rosters.regions')}</legend>
          <p className="muted">{t('rosters.regionsHelp')}</p>
          <div className="checkbox-grid">
            {data.regions.map((r) => (
              <label key={r.code}>
                <input type="checkbox" name="region" value={r.code} defaultChecked={data.selectedRegions.includes(r.code)} /> {r.name}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('rosters.iinLegend')}</legend>
          <div className="checkbox-field">
            <input id="roster-full-iin" type="checkbox" name="fullIin" value="on" defaultChecked={roster?.fullIin} aria-describedby="roster-iin-help" />
            <label htmlFor="roster-full-iin">{t('rosters.fullIin')}</label>
          </div>
          <p id="roster-iin-help" className="muted">
            {t('rosters.fullIinHelp')}
          </p>
          <label htmlFor="roster-reason">{t('rosters.reason')}</label>
          <input id="roster-reason" type="text" name="reason" maxLength={500} aria-invalid={data.error ? true : undefined} aria-describedby={data.error ? 'roster-reason-error' : undefined} />
          {data.error ? (
            <p id="roster-reason-error" className="field-errors" role="alert">
              {data.error}
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('exportTemplates.pickLegend')}</legend>
          <label htmlFor="roster-template">{t('exportTemplates.pick')}</label>
          <select id="roster-template" name="template" defaultValue={data.selectedTemplate} aria-describedby="roster-template-help">
            <option value="">{t('exportTemplates.standard')}</option>
            {data.templates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          <p id="roster-template-help" className="muted">
            {t('exportTemplates.pickHelp')} <a href={templatesPath}>{t('exportTemplates.manage')}</a>
          </p>
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t('rosters.show')}
        </button>
      </Form>
      {roster ? (
        <section aria-labelledby="roster-title">
          <h2 id="roster-title">
            {roster.campaign.name} · {roster.campaign.electionDay}
          </h2>
          {roster.warnings.map((w) => (
            <p key={w} className="callout callout-warning" role="alert">
              {w}
            </p>
          ))}
          <p role="status">{t('rosters.total', { count: roster.total })}</p>
          {roster.byRegion.length ? (
            <p className="muted">{roster.byRegion.map((r) => `${r.name}: ${r.count}`).join(' · ')}</p>
          ) : null}
          {data.error ? null : (
            <p className="hero-actions">
              <a className="btn btn-secondary" href={download('csv')} download>
                {t('rosters.exportCsv')}
              </a>
              <a className="btn btn-secondary" href={download('xlsx')} download>
                {t('rosters.exportXlsx')}
              </a>
              <a className="btn btn-secondary" href={download('xlsx', '&sheets=region')} download>
                {t('rosters.exportXlsxPerRegion')}
              </a>
              <a className="btn btn-secondary" href={download('pdf')} download>
                {t('rosters.exportPdf')}
              </a>
            </p>
          )}
          {roster.rows.length ? (
            <TableWrap label={t('rosters.title')}>
              <table>
                <thead>
                  <tr>
                    {(['number', 'fullName', 'iin', 'birthDate', 'phone', 'region', 'settlement', 'pollingStation', 'assignedStation', 'shift', 'languages', 'certificateCode', 'validUntil'] as const).map((c) => (
                      <th key={c} scope="col">
                        {t(`rosters.columns.${c}`)}
                      </th>
                    ))}
                    {showNgo ? <th scope="col">{t('rosters.columns.ngo')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {roster.rows.map((r) => (
                    <tr key={r.number}>
                      <td>{r.number}</td>
                      <td>{r.fullName}</td>
                      <td>{r.iin}</td>
                      <td>{r.birthDate}</td>
                      <td>{r.phone}</td>
                      <td>{r.regionName}</td>
                      <td>{r.settlement}</td>
                      <td>{r.pollingStation}</td>
                      <td>{r.assignedStation}</td>
                      <td>{r.shift}</td>
                      <td>{r.languages}</td>
                      <td>{r.certificateCode}</td>
                      <td>{r.validUntil}</td>
                      {showNgo ? <td>{r.ngo}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p>{t('rosters.empty')}</p>
          )}
          <Pagination page={roster.page} pageCount={roster.pageCount} />
        </section>
      ) : null}
    </>
  )
}
