import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BarChart } from '~/components/dashboard/charts.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { barLength } from '~/domain/dashboard.ts'
import { numberLocale } from '~/domain/format.ts'
import { MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS, MIN_ATTEMPTS_FOR_DISCRIMINATION_FLAG, TOO_EASY_ABOVE, TOO_HARD_BELOW, type ItemSortKey, type LessonStat, type QuestionStat } from '~/domain/item-stats.ts'
import '~/components/dashboard/dashboard.css'

/** The page's filters and sort, as the loader read them from the address ('' when not set). */
export interface ItemStatsQuery {
  campaign: string
  from: string
  to: string
  sort: ItemSortKey
  dir: 'asc' | 'desc'
}

function useFormat() {
  const { i18n } = useTranslation()
  const decimal = new Intl.NumberFormat(numberLocale(i18n.language), { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const whole = new Intl.NumberFormat(numberLocale(i18n.language), { maximumFractionDigits: 0 })
  const oneDecimal = new Intl.NumberFormat(numberLocale(i18n.language), { maximumFractionDigits: 1 })
  return {
    figure: (value: number | null) => (value === null ? '—' : decimal.format(value)),
    percent: (value: number | null) => (value === null ? '—' : whole.format(value * 100)),
    minutes: (value: number | null) => (value === null ? '—' : oneDecimal.format(value)),
  }
}

/** Campaign and date range; the sort rides along in hidden fields. A GET form: works without JavaScript. */
export function StatsFilters({ campaigns, query }: { campaigns: Array<{ slug: string; name: string }>; query: ItemStatsQuery }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="inline-form dash-picker" aria-label={t('itemStats.filters')}>
      <label htmlFor="stats-campaign">{t('itemStats.campaign')}</label>
      <select id="stats-campaign" name="campaign" defaultValue={query.campaign}>
        <option value="">{t('itemStats.allCampaigns')}</option>
        {campaigns.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
      <label htmlFor="stats-from">{t('itemStats.from')}</label>
      <input id="stats-from" type="date" name="from" defaultValue={query.from} />
      <label htmlFor="stats-to">{t('itemStats.to')}</label>
      <input id="stats-to" type="date" name="to" defaultValue={query.to} />
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <button type="submit" className="btn btn-secondary">
        {t('itemStats.apply')}
      </button>
    </Form>
  )
}

/** A column header that sorts by its figure: a link (works without JavaScript), aria-sort on the current one. */
function SortHeader({ query, column, label }: { query: ItemStatsQuery; column: ItemSortKey; label: string }) {
  const { t } = useTranslation()
  const current = query.sort === column
  // Figures open worst-first where that helps: hardest, least discriminating; counts biggest first.
  const firstDir = column === 'attempts' || column === 'flags' ? 'desc' : 'asc'
  const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : firstDir
  const params = new URLSearchParams({ ...(query.campaign ? { campaign: query.campaign } : {}), ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), sort: column, dir })
  return (
    <th scope="col" aria-sort={current ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link to={`?${params}`} aria-label={`${label}. ${t('itemStats.questions.sortBy', { column: label })}, ${t(dir === 'asc' ? 'itemStats.questions.ascending' : 'itemStats.questions.descending')}`}>
        {label}
        {current ? <span aria-hidden="true">{query.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </Link>
    </th>
  )
}

export function QuestionStatsTable({ questions, query, attempts }: { questions: QuestionStat[]; query: ItemStatsQuery; attempts: number }) {
  const { t } = useTranslation()
  const format = useFormat()
  const caption = t('itemStats.questions.caption')
  return (
    <section className="card dash-section" aria-labelledby="stats-questions">
      <h2 id="stats-questions">{t('itemStats.questions.title')}</h2>
      {attempts === 0 ? <p>{t('itemStats.noAttempts')}</p> : null}
      <TableWrap label={caption}>
        <table className="item-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <SortHeader query={query} column="order" label={t('itemStats.questions.number')} />
              <th scope="col">{t('itemStats.questions.question')}</th>
              <SortHeader query={query} column="attempts" label={t('itemStats.questions.attempts')} />
              <SortHeader query={query} column="p" label={t('itemStats.questions.p')} />
              <SortHeader query={query} column="r" label={t('itemStats.questions.r')} />
              <SortHeader query={query} column="flags" label={t('itemStats.questions.flags')} />
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id}>
                <td className="num">{q.position + 1}</td>
                <th scope="row" className="item-question">
                  {q.text}
                  <span className="muted item-meta">
                    {t(`itemStats.type.${q.type}`)} · {t('itemStats.questions.topic', { topic: q.topic })}
                    {q.options ? (
                      <>
                        {' · '}
                        <a href={`#choices-${q.id}`}>{t('itemStats.choices.link')}</a>
                      </>
                    ) : null}
                  </span>
                </th>
                <td className="num">{q.attempts}</td>
                <td className="num">
                  <span className="item-figure">{format.figure(q.p)}</span>
                  <span className="dash-bar-track item-p-bar" aria-hidden="true">
                    <span className="dash-bar-fill" style={{ width: `${barLength(q.p ?? 0, 1)}%` }} />
                  </span>
                </td>
                <td className="num">{format.figure(q.r)}</td>
                <td>
                  {q.flags.length === 0
                    ? t('itemStats.questions.none')
                    : q.flags.map((flag) => (
                        <span key={flag} className={`state-badge item-flag item-flag-${flag}`}>
                          {t(`itemStats.flag.${flag}`)}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** What the figures and flags mean, with the thresholds the flags use. */
export function StatsLegend() {
  const { t, i18n } = useTranslation()
  const threshold = (value: number) => new Intl.NumberFormat(numberLocale(i18n.language), { minimumFractionDigits: 1 }).format(value)
  return (
    <details className="card dash-section">
      <summary>{t('itemStats.legend.title')}</summary>
      <ul>
        <li>{t('itemStats.legend.p')}</li>
        <li>{t('itemStats.legend.r')}</li>
        <li>{t('itemStats.legend.tooEasy', { threshold: threshold(TOO_EASY_ABOVE), min: MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS })}</li>
        <li>{t('itemStats.legend.tooHard', { threshold: threshold(TOO_HARD_BELOW), min: MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS })}</li>
        <li>{t('itemStats.legend.negative', { min: MIN_ATTEMPTS_FOR_DISCRIMINATION_FLAG })}</li>
      </ul>
    </details>
  )
}

/** For each choice question: how often each option was chosen (the correct one named). */
export function OptionChoices({ questions }: { questions: Array<Pick<QuestionStat, 'id' | 'position' | 'text' | 'attempts' | 'options' | 'unanswered'>> }) {
  const { t } = useTranslation()
  const format = useFormat()
  const withOptions = questions.filter((q) => q.options)
  if (withOptions.length === 0) return null
  return (
    <section className="card dash-section" aria-labelledby="stats-choices">
      <h2 id="stats-choices">{t('itemStats.choices.title')}</h2>
      <p className="dash-note">{t('itemStats.choices.note')}</p>
      <div className="item-choices">
        {withOptions.map((q) => {
          const options = q.options ?? []
          const rows = options.map((o) => {
            const label = o.text ?? t(`itemStats.choices.${o.id === 'true' ? 'true' : 'false'}`)
            return { key: o.id, label: o.correct ? t('itemStats.choices.correct', { option: label }) : label, value: o.count, text: t('itemStats.choices.value', { count: o.count, percent: format.percent(o.share) }) }
          })
          if (q.unanswered) rows.push({ key: '', label: t('itemStats.choices.unanswered'), value: q.unanswered.count, text: t('itemStats.choices.value', { count: q.unanswered.count, percent: format.percent(q.unanswered.share) }) })
          return (
            <div key={q.id} id={`choices-${q.id}`} className="item-choice">
              <BarChart caption={t('itemStats.choices.caption', { number: q.position + 1, question: q.text })} rows={rows} max={q.attempts} columns={[t('itemStats.choices.option'), t('itemStats.choices.chosen')]} />
            </div>
          )
        })}
      </div>
    </section>
  )
}

export function LessonStatsTable({ lessons }: { lessons: LessonStat[] }) {
  const { t } = useTranslation()
  const format = useFormat()
  const caption = t('itemStats.lessons.caption')
  return (
    <section className="card dash-section" aria-labelledby="stats-lessons">
      <h2 id="stats-lessons">{t('itemStats.lessons.title')}</h2>
      <p className="dash-note">{t('itemStats.lessons.note')}</p>
      <TableWrap label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('itemStats.lessons.lesson')}</th>
              <th scope="col">{t('itemStats.lessons.reached')}</th>
              <th scope="col">{t('itemStats.lessons.completed')}</th>
              <th scope="col">{t('itemStats.lessons.median')}</th>
              <th scope="col">{t('itemStats.lessons.checks')}</th>
            </tr>
          </thead>
          <tbody>
            {lessons.map((lesson) => (
              <tr key={lesson.slug}>
                <th scope="row">
                  {lesson.position + 1}. {lesson.title}
                </th>
                <td className="num">{lesson.reached}</td>
                <td className="num">{lesson.completed}</td>
                <td className="num">{format.minutes(lesson.medianMinutes)}</td>
                <td className="num">{lesson.checkAnswers === 0 ? '—' : t('itemStats.lessons.checksValue', { percent: format.percent(lesson.checkSuccess), count: lesson.checkAnswers })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}
