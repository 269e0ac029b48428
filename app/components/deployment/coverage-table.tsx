import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'

/** Per region: stations, and how many are covered by no, one or several organisations. */
export function RegionCoverage({ totals }: { totals: Array<{ regionCode: string; name: string; stations: number; none: number; one: number; several: number }> }) {
  const { t } = useTranslation()
  if (totals.length === 0) return <p>{t('deployment.stations.none')}</p>
  return (
    <TableWrap label={t('deployment.coverage.byRegion')}>
      <table>
        <caption>{t('deployment.coverage.byRegion')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('deployment.region')}</th>
            <th scope="col">{t('deployment.coverage.stations')}</th>
            <th scope="col">{t('deployment.coverage.kind.none')}</th>
            <th scope="col">{t('deployment.coverage.kind.one')}</th>
            <th scope="col">{t('deployment.coverage.kind.several')}</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((r) => (
            <tr key={r.regionCode}>
              <th scope="row">{r.name}</th>
              <td>{r.stations}</td>
              <td>{r.none}</td>
              <td>{r.one}</td>
              <td>{r.several}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

export function CoverageTable({ rows }: { rows: Array<{ id: string; number: string; region: string; district: string; address: string; ngos: string[] }> }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={t('deployment.coverage.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">{t('deployment.region')}</th>
            <th scope="col">{t('deployment.mine.address')}</th>
            <th scope="col">{t('deployment.coverage.ngos')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.number}</td>
              <td>
                {r.region}
                <br />
                <span className="muted">{r.district}</span>
              </td>
              <td>{r.address}</td>
              <td>{r.ngos.length ? r.ngos.join(', ') : <strong>{t('deployment.coverage.uncovered')}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
