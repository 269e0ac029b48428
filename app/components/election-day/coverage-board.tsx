import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatClock } from '~/domain/checkins.ts'
import { percentOf, type BoardData } from '~/domain/coverage.ts'
import './coverage-board.css'

/** What the board shows: the server's answer (app/domain/coverage.ts). */
export type BoardView = BoardData

type Row = BoardView['byNgo'][number]

/** The same board (campaign, shift, region) in the other view. */
function viewHref(board: BoardView, view: 'chart' | 'table'): string {
  const params = new URLSearchParams()
  if (board.regionCode) params.set('region', board.regionCode)
  if (board.campaign) params.set('campaign', board.campaign.slug)
  if (board.shift) params.set('shift', board.shift.id)
  params.set('view', view)
  return `?${params}`
}

function Bars({ rows, label }: { rows: Row[]; label: string }) {
  const { t } = useTranslation()
  return (
    <figure className="board-bars">
      <figcaption>{label}</figcaption>
      <ul>
        {rows.map((r) => {
          const percent = percentOf(r.covered, r.assigned)
          return (
            <li key={r.key}>
              <span className="board-bar-name">{r.name}</span>
              <span className="board-bar" aria-hidden="true">
                <span className="board-bar-fill" style={{ width: `${percent}%` }} />
              </span>
              <span className="board-bar-value">
                {t('electionDay.board.coveredOf', { covered: r.covered, assigned: r.assigned })}
                {r.late > 0 ? <span className="board-late-tag"> · {t('electionDay.board.lateCount', { count: r.late })}</span> : null}
              </span>
            </li>
          )
        })}
      </ul>
    </figure>
  )
}

function BoardTable({ rows, label, first }: { rows: Row[]; label: string; first: string }) {
  const { t } = useTranslation()
  return (
    <TableWrap label={label}>
      <table className="board-table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="num">{t('electionDay.board.stations')}</th>
            <th scope="col" className="num">{t('electionDay.board.assigned')}</th>
            <th scope="col" className="num">{t('electionDay.board.covered')}</th>
            <th scope="col" className="num">%</th>
            <th scope="col" className="num">{t('electionDay.board.late')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td className="num">{r.stations}</td>
              <td className="num">{r.assigned}</td>
              <td className="num">{r.covered}</td>
              <td className="num">{percentOf(r.covered, r.assigned)}</td>
              <td className="num">{r.late}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/** The wall screen: pickers, the headline numbers, bars (or a table) per region or per NGO, late stations. */
export function CoverageBoard({ board, view, stale }: { board: BoardView; view: 'chart' | 'table'; stale: boolean }) {
  const { t } = useTranslation()
  const { totals } = board
  const regionName = board.regions.find((r) => r.code === board.regionCode)?.name
  const rows = board.regionCode ? board.byNgo : board.byRegion
  const rowsLabel = board.regionCode ? t('electionDay.board.byNgo', { region: regionName }) : t('electionDay.board.byRegion')
  return (
    <div className="board">
      <div className="board-head">
        <h1>
          {t('electionDay.board.title')}
          {regionName ? `: ${regionName}` : ''}
        </h1>
        {board.ngoOnly ? <p className="board-scope">{t('electionDay.board.ngoOnly', { ngo: board.ngoOnly })}</p> : null}
        <Form method="get" className="board-pickers">
          <label>
            {t('electionDay.board.region')}{' '}
            <select name="region" defaultValue={board.regionCode ?? ''}>
              <option value="">{t('electionDay.board.allRegions')}</option>
              {board.regions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
            </select>
          </label>
          {board.campaigns.length > 1 ? (
            <label>
              {t('electionDay.board.campaign')}{' '}
              <select name="campaign" defaultValue={board.campaign?.slug}>
                {board.campaigns.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
              </select>
            </label>
          ) : null}
          {board.shifts.length > 1 ? (
            <label>
              {t('electionDay.board.shift')}{' '}
              <select name="shift" defaultValue={board.shift?.id}>
                {board.shifts.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
          ) : null}
          <input type="hidden" name="view" value={view} />
          <button type="submit" className="btn btn-secondary btn-small">{t('electionDay.board.show')}</button>
        </Form>
      </div>
      {!board.campaign || !board.shift ? (
        <p className="board-empty">{t('electionDay.board.nothing')}</p>
      ) : (
        <>
          <p className="board-meta">
            {board.campaign.name} · {board.shift.name}, {formatClock(new Date(board.shift.startsAt))}–{formatClock(new Date(board.shift.endsAt))} ·{' '}
            <span role="status" aria-live="polite">
              {t('electionDay.board.updated', { time: formatClock(new Date(board.generatedAt)) })}
              {stale ? ` · ${t('electionDay.board.stale')}` : ''}
            </span>
          </p>
          <dl className="board-tiles">
            <div className="board-tile covered">
              <dt>{t('electionDay.board.coveredNow')}</dt>
              <dd>
                {totals.covered}
                <small> / {totals.assigned}</small>
              </dd>
              <dd className="board-tile-note">{t('electionDay.board.percentCovered', { percent: percentOf(totals.covered, totals.assigned) })}</dd>
            </div>
            <div className="board-tile late">
              <dt>{t('electionDay.board.late')}</dt>
              <dd>{totals.late}</dd>
              <dd className="board-tile-note">{t('electionDay.board.lateRule', { minutes: board.lateAfterMinutes })}</dd>
            </div>
            <div className="board-tile">
              <dt>{t('electionDay.board.stations')}</dt>
              <dd>{totals.stations}</dd>
              <dd className="board-tile-note">{t('electionDay.board.unassigned', { count: Math.max(0, totals.stations - totals.assigned) })}</dd>
            </div>
          </dl>
          <nav className="board-views" aria-label={t('electionDay.board.views')}>
            <a href={viewHref(board, 'chart')} aria-current={view === 'chart' ? 'page' : undefined}>
              {t('electionDay.board.chart')}
            </a>
            <a href={viewHref(board, 'table')} aria-current={view === 'table' ? 'page' : undefined}>
              {t('electionDay.board.table')}
            </a>
          </nav>
          {rows.length === 0 ? <p className="board-empty">{t('electionDay.board.noAssignments')}</p> : view === 'table' ? <BoardTable rows={rows} label={rowsLabel} first={board.regionCode ? t('electionDay.board.ngo') : t('electionDay.board.region')} /> : <Bars rows={rows} label={rowsLabel} />}
          {board.regionCode && board.lateList.length > 0 ? (
            <section className="board-late">
              <h2>{t('electionDay.board.lateList')}</h2>
              <ul>
                {board.lateList.map((l, i) => (
                  <li key={i}>{t('electionDay.board.lateStation', { station: l.station, ngo: l.ngo })}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  )
}
