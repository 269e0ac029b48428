import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BarChart } from '~/components/dashboard/charts.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { nameWithHint } from '~/domain/masking.ts'

export interface AttendancePanelData {
  counts: { registered: number; waitlisted: number; attended: number; noShows: number; walkIns: number }
  items: Array<{ userId: string; name: string; hint: string | null; status: string; attended: boolean; attendedText: string | null; source: string | null }>
  page: number
  pageCount: number
}

/**
 * A session's figures (a bar of attended against registered) and its people, with the trainer's
 * present/absent buttons when `canMark`. Before attendance opens (`opensText`, half an hour before the
 * start) nobody can be marked present yet: the page says from when instead of offering the button.
 */
export function AttendancePanel({ data, canMark, ended, opensText = null }: { data: AttendancePanelData; canMark: boolean; ended: boolean; opensText?: string | null }) {
  const { t } = useTranslation()
  const { counts } = data
  const rows = [
    { key: 'registered', label: t('live.counts.registered'), value: counts.registered, text: String(counts.registered) },
    { key: 'attended', label: t('live.counts.attended'), value: counts.attended, text: String(counts.attended) },
    ...(ended ? [{ key: 'noShows', label: t('live.counts.noShows'), value: counts.noShows, text: String(counts.noShows) }] : []),
    { key: 'waitlisted', label: t('live.counts.waitlisted'), value: counts.waitlisted, text: String(counts.waitlisted) },
    { key: 'walkIns', label: t('live.counts.walkIns'), value: counts.walkIns, text: String(counts.walkIns) },
  ]
  return (
    <section aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t('live.attendance.title')}</h2>
      <BarChart caption={t('live.attendance.chart')} rows={rows} columns={[t('live.attendance.what'), t('live.attendance.people')]} />
      {canMark && opensText ? <p className="muted">{t('live.attendance.opensAt', { time: opensText })}</p> : null}
      {data.items.length === 0 ? (
        <p className="card">{t('live.attendance.nobody')}</p>
      ) : (
        <TableWrap label={t('live.attendance.people')}>
          <table>
            <caption className="visually-hidden">{t('live.attendance.people')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('live.attendance.name')}</th>
                <th scope="col">{t('live.attendance.place')}</th>
                <th scope="col">{t('live.attendance.present')}</th>
                {canMark ? <th scope="col">{t('live.attendance.change')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.userId}>
                  <td>{nameWithHint(p)}</td>
                  <td>{t(`live.status.${p.status}`)}</td>
                  <td>{p.attended ? `${p.attendedText ?? ''} (${t(`live.source.${p.source ?? 'manual'}`)})` : ended && p.status === 'registered' ? t('live.attendance.noShow') : '—'}</td>
                  {canMark ? (
                    <td>
                      {!p.attended && opensText ? (
                        '—'
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="userId" value={p.userId} />
                          <button type="submit" name="intent" value={p.attended ? 'unmark' : 'mark'} className="btn btn-secondary btn-small" aria-label={t(p.attended ? 'live.attendance.unmarkNamed' : 'live.attendance.markNamed', { name: nameWithHint(p) })}>
                            {t(p.attended ? 'live.attendance.unmark' : 'live.attendance.mark')}
                          </button>
                        </Form>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} />
    </section>
  )
}

/** Cancelling a session: a confirmation box and a red button; everyone registered is told. */
export function CancelSessionForm() {
  const { t } = useTranslation()
  return (
    <Form method="post" className="card stack">
      <h2>{t('live.cancel.title')}</h2>
      <p>{t('live.cancel.explain')}</p>
      <label>
        <input type="checkbox" name="confirm" value="yes" required /> {t('live.cancel.confirm')}
      </label>
      <div>
        <button type="submit" name="intent" value="cancel" className="btn btn-danger">
          {t('live.cancel.button')}
        </button>
      </div>
    </Form>
  )
}
