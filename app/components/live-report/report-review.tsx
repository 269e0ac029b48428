import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { OutcomeSummary } from '~/components/import/outcome-summary.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { attends, participantOutcomes, type ParticipantOutcome } from '~/domain/attendance-report.ts'
import { nameWithHint } from '~/domain/masking.ts'

export interface ReviewView {
  counts: Record<ParticipantOutcome, number>
  attending: number
  minimumMinutes: number
  rows: Array<{ key: string; name: string; email: string; minutes: number; rows: number[]; outcome: ParticipantOutcome; personName: string | null }>
  choices: Array<{ userId: string; name: string; hint: string | null }>
  page: number
  pageCount: number
}

/**
 * The dry run of a mapped report: counts per outcome, the import button, and each participant with
 * who they were matched to; an unmatched or ambiguous one can be matched by hand to someone registered.
 */
export function ReportReview({ review, show, imported }: { review: ReviewView; show: ParticipantOutcome | undefined; imported: boolean }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="report-review">
      <h2 id="report-review">{t('liveRule.report.reviewHeading')}</h2>
      <p>{t('liveRule.report.reviewIntro', { minutes: review.minimumMinutes })}</p>
      <OutcomeSummary outcomes={participantOutcomes} counts={review.counts} kind="preview" show={show} heading={t('imports.preview.summary')} labelOf={(o) => t(`liveRule.report.outcome.${o}`)} />
      <div className="card stack">
        <Form method="post">
          <input type="hidden" name="intent" value="run" />
          <input type="hidden" name="minimumMinutes" value={review.minimumMinutes} />
          <p id="report-run-hint">{t(imported ? 'liveRule.report.runAgainHint' : 'liveRule.report.runHint', { count: review.attending })}</p>
          <button type="submit" className="btn btn-primary" aria-describedby="report-run-hint">
            {t('imports.preview.run')}
          </button>
        </Form>
        <p>
          <Link to="?step=map">{t('imports.preview.changeMapping')}</Link>
        </p>
      </div>
      <h3>{t('liveRule.report.participants')}</h3>
      <TableWrap label={t('liveRule.report.participants')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('liveRule.report.participant')}</th>
              <th scope="col">{t('liveRule.report.minutes')}</th>
              <th scope="col">{t('liveRule.report.outcomeHeading')}</th>
              <th scope="col">{t('liveRule.report.person')}</th>
            </tr>
          </thead>
          <tbody>
            {review.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  {r.name || '—'}
                  {r.email ? <div className="muted">{r.email}</div> : null}
                  <div className="muted">{t('liveRule.report.fileRows', { rows: r.rows.join(', ') })}</div>
                </th>
                <td>{r.minutes}</td>
                <td>
                  <span className={attends(r.outcome) ? 'status-cert-valid' : undefined}>{t(`liveRule.report.outcome.${r.outcome}`)}</span>
                </td>
                <td>
                  {r.personName ? <span>{r.personName}</span> : null}
                  {r.outcome === 'matchedManual' ? <HandMatch participantKey={r.key} choices={[]} undo /> : null}
                  {(r.outcome === 'unmatched' || r.outcome === 'ambiguous') && review.choices.length ? <HandMatch participantKey={r.key} choices={review.choices} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={review.page} pageCount={review.pageCount} />
    </section>
  )
}

function HandMatch({ participantKey, choices, undo = false }: { participantKey: string; choices: ReviewView['choices']; undo?: boolean }) {
  const { t } = useTranslation()
  const id = `match-${participantKey.replace(/[^a-z0-9]/gi, '').slice(0, 40)}-${participantKey.length}`
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="match" />
      <input type="hidden" name="key" value={participantKey} />
      {undo ? (
        <button type="submit" className="btn btn-secondary btn-small">
          {t('liveRule.report.undoMatch')}
        </button>
      ) : (
        <>
          <label htmlFor={id} className="visually-hidden">
            {t('liveRule.report.matchLabel')}
          </label>
          <select id={id} name="userId" required defaultValue="">
            <option value="" disabled>
              {t('liveRule.report.matchChoose')}
            </option>
            {choices.map((c) => (
              <option key={c.userId} value={c.userId}>
                {nameWithHint(c)}
              </option>
            ))}
          </select>{' '}
          <button type="submit" className="btn btn-secondary btn-small">
            {t('liveRule.report.match')}
          </button>
        </>
      )}
    </Form>
  )
}
