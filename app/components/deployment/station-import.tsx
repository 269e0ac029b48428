import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormMessage, SelectField } from '~/components/forms.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { requiredStationFields, stationFields, type StationField, type StationMapping } from '~/domain/stations.ts'
import { FileColumns, useFileColumns } from '~/components/import/file-columns.tsx'

const required = new Set<StationField>(requiredStationFields)

/** A select per station field listing the file's columns (pre-filled by the guess), with sample values. */
export function StationMappingForm({ headers, samples, mapping, lastResult }: { headers: string[]; samples: string[][]; mapping: StationMapping; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm<{ columns: Record<StationField, string> }>({ id: 'station-mapping', lastResult, defaultValue: { columns: Object.fromEntries(Object.entries(mapping).map(([f, i]) => [f, String(i)])) } })
  const columns = fields.columns.getFieldset()
  const { options } = useFileColumns(headers)
  return (
    <section aria-labelledby="station-map">
      <h2 id="station-map">{t('imports.mapping.heading')}</h2>
      <FileColumns headers={headers} samples={samples} />
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="map" />
        <FormMessage id={form.errorId} errors={form.errors} />
        {stationFields.map((field) => {
          const meta = columns[field]
          const label = required.has(field) ? `${t(`deployment.import.fields.${field}`)} (${t('imports.mapping.requiredMark')})` : t(`deployment.import.fields.${field}`)
          return <SelectField key={field} label={label} selectProps={getSelectProps(meta)} options={options} errors={meta.errors} errorId={meta.errorId} />
        })}
        <div>
          <button type="submit" className="btn btn-primary">
            {t('imports.mapping.submit')}
          </button>
        </div>
      </Form>
    </section>
  )
}

interface Row {
  row: number
  outcome: string
  label: string
  errors: Array<{ field: string; key: string; values?: Record<string, string | number> }>
}

/** The dry run (with the button that runs it) or the result: counts per outcome, then the rows, errors first. */
export function StationRows({ kind, counts, rows, pageCount, actionable }: { kind: 'preview' | 'result'; counts: Record<string, number>; rows: Row[]; pageCount: number; actionable: number }) {
  const { t } = useTranslation()
  const location = useLocation()
  const page = Number(new URLSearchParams(location.search).get('page') ?? '1') || 1
  const step = kind === 'preview' ? '?step=preview&' : '?'
  return (
    <section aria-labelledby="station-rows">
      <h2 id="station-rows">{t(`deployment.import.${kind}`)}</h2>
      <ul className="subnav-inline">
        {Object.entries(counts).map(([outcome, count]) => (
          <li key={outcome}>
            <Link to={`${step}show=${outcome}`}>{t(`deployment.import.outcome.${outcome}`, { count })}</Link>
          </li>
        ))}
      </ul>
      {kind === 'preview' ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="run" />
          <p>{t('deployment.import.runHelp', { count: actionable })}</p>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('deployment.import.run')}
            </button>
            <Link to="?step=map" className="btn btn-secondary">
              {t('deployment.import.remap')}
            </Link>
          </div>
        </Form>
      ) : null}
      <TableWrap label={t(`deployment.import.${kind}`)}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('deployment.import.row')}</th>
              <th scope="col">{t('deployment.station')}</th>
              <th scope="col">{t('deployment.import.outcomeLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                <td>{r.label}</td>
                <td>
                  {t(`deployment.import.outcome.${r.outcome}`, { count: 1 })}
                  {r.errors.length ? (
                    <ul className="plain-list">
                      {r.errors.map((e, i) => (
                        <li key={i}>{t(e.key, e.values)}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
