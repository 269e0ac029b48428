import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'

interface Row {
  id: string
  number: string
  region: string
  district: string
  address: string
  expectedVoters: number | null
  hasCoordinates: boolean
}

export function StationTable({ rows }: { rows: Row[] }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={t('deployment.stations.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">{t('deployment.region')}</th>
            <th scope="col">{t('deployment.district')}</th>
            <th scope="col">{t('deployment.mine.address')}</th>
            <th scope="col">{t('deployment.import.fields.expectedVoters')}</th>
            <th scope="col">{t('deployment.stations.onMap')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.number}</td>
              <td>{s.region}</td>
              <td>{s.district}</td>
              <td>{s.address}</td>
              <td>{s.expectedVoters ?? '—'}</td>
              <td>{s.hasCoordinates ? t('deployment.yes') : t('deployment.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
