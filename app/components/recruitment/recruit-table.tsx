import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { StateBadge } from './state-badge.tsx'

export interface RecruitRow {
  id: string
  fullName: string
  state: ApplicationState
  source: string
  region: string
  settlement: string
  trainingPercent: number
  iinMasked: string
  phoneMasked: string
  createdAt: string
}

/** One page of the campaign's recruits, each with a checkbox for the bulk form; IIN and phone masked. */
export function RecruitTable({ ngoSlug, rows }: { ngoSlug: string; rows: RecruitRow[] }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={t('recruits.title')}>
      <table className="recruit-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('recruits.select')}</span>
            </th>
            <th scope="col">{t('recruits.name')}</th>
            <th scope="col">{t('recruits.state')}</th>
            <th scope="col">{t('apply.fields.region')}</th>
            <th scope="col">{t('recruits.progress')}</th>
            <th scope="col">{t('apply.fields.iin')}</th>
            <th scope="col">{t('apply.fields.phone')}</th>
            <th scope="col">{t('recruits.applied')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <input type="checkbox" name="ids" value={r.id} form="bulk" id={`select-${r.id}`} aria-label={t('recruits.selectOne', { name: r.fullName || t('recruits.removed') })} className="row-check" />
              </td>
              <th scope="row">
                <Link to={`/ngo/${ngoSlug}/recruits/${r.id}`}>{r.fullName || t('recruits.removed')}</Link>
                {r.source !== 'form' ? <span className="muted"> · {t(`recruits.source.${r.source}`, { defaultValue: r.source })}</span> : null}
              </th>
              <td>
                <StateBadge state={r.state} />
              </td>
              <td>
                {r.region}
                <br />
                <span className="muted">{r.settlement}</span>
              </td>
              <td>
                <meter min={0} max={100} value={r.trainingPercent} aria-label={t('recruits.progressOf', { name: r.fullName || t('recruits.removed') })} /> {r.trainingPercent}%
              </td>
              <td>
                <code>{r.iinMasked}</code>
              </td>
              <td>
                <code>{r.phoneMasked}</code>
              </td>
              <td>{r.createdAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
