import { useTranslation } from 'react-i18next'
import { useListLinks } from '~/components/list-links.ts'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { stateBadge } from './state-badge.tsx'

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

/**
 * One page of the campaign's recruits, each with a checkbox for the bulk form; IIN and phone masked.
 * A row's checkbox and progress meter are named by two labels, the table's once and the row's name
 * ("Select" + name): no translation with the name put in, twice per row. The names are plain links
 * moved through by one listener on the table (useListLinks), not a `<Link>` each.
 */
export function RecruitTable({ ngoSlug, rows }: { ngoSlug: string; rows: RecruitRow[] }) {
  const { t } = useTranslation()
  const removed = t('recruits.removed')
  const links = useListLinks<HTMLTableElement>()
  return (
    <TableWrap label={t('recruits.title')}>
      <span id="recruit-progress-label" className="visually-hidden">
        {t('recruits.progressLabel')}
      </span>
      <table className="recruit-table" ref={links}>
        <thead>
          <tr>
            <th scope="col">
              <span id="recruit-select-label" className="visually-hidden">
                {t('recruits.select')}
              </span>
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
                <input type="checkbox" name="ids" value={r.id} form="bulk" aria-labelledby={`recruit-select-label name-${r.id}`} className="row-check" />
              </td>
              <th scope="row">
                <a href={`/ngo/${ngoSlug}/recruits/${r.id}`} id={`name-${r.id}`} data-discover="true">
                  {r.fullName || removed}
                </a>
                {r.source !== 'form' ? <span className="muted"> · {t(`recruits.source.${r.source}`, { defaultValue: r.source })}</span> : null}
              </th>
              <td>{stateBadge(r.state, t)}</td>
              <td>
                {r.region}
                <br />
                <span className="muted">{r.settlement}</span>
              </td>
              <td>
                <meter min={0} max={100} value={r.trainingPercent} aria-labelledby={`recruit-progress-label name-${r.id}`} />
                {` ${r.trainingPercent}%`}
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
