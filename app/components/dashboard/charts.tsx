import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { barLength } from '~/domain/dashboard.ts'
import { TableWrap } from '../table-wrap.tsx'
import './dashboard.css'

export interface BarRow {
  key: string
  label: string
  value: number
  /** The value as read out beside the bar ("120 (40%)"). */
  text: string
}

/**
 * Horizontal bars drawn with CSS, each with its label and number written beside it (the bars are
 * decoration for sighted readers), and the same figures as a table under "Show as table".
 */
export function BarChart({ caption, note, rows, max, columns }: { caption: string; note?: ReactNode; rows: BarRow[]; max?: number; columns: [string, string] }) {
  const longest = max ?? Math.max(0, ...rows.map((r) => r.value))
  return (
    <figure className="dash-chart">
      <figcaption className="dash-caption">{caption}</figcaption>
      {note ? <p className="dash-note">{note}</p> : null}
      <ul className="dash-bars">
        {rows.map((row) => (
          <li key={row.key} className="dash-bar-row">
            <span className="dash-bar-label">{row.label}</span>
            <span className="dash-bar-track" aria-hidden="true">
              <span className="dash-bar-fill" style={{ width: `${barLength(row.value, longest)}%` }} />
            </span>
            <span className="dash-bar-value">{row.text}</span>
          </li>
        ))}
      </ul>
      <ChartTable caption={caption} columns={columns} rows={rows.map((row) => ({ key: row.key, label: row.label, cells: [row.text] }))} />
    </figure>
  )
}

/** A chart's figures as a table under "Show as table": one row per bar, the label as the row header. */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: readonly string[]; rows: Array<{ key: string; label: string; cells: ReadonlyArray<string | number> }> }) {
  const { t } = useTranslation()
  return (
    <details className="dash-table">
      <summary>{t('dashboard.showTable')}</summary>
      <TableWrap label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={i} className="num">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  )
}
