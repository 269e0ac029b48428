import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ARRIVAL_WEEKS_SHOWN, barLength, funnelStages, type Coverage, type ExamSummary, type Funnel, type TrainingProgress, type WeekCount } from '~/domain/dashboard.ts'
import { BarChart, ChartTable } from './charts.tsx'
import './dashboard.css'

export interface DashboardData {
  funnel: Funnel
  coverage: Coverage
  regions: Array<{ code: string; name: string; funnel: Funnel; coverage: Coverage }>
  training: TrainingProgress
  exams: ExamSummary
  /** Passed the courses, short of the live sessions the campaign requires. */
  waitingForLiveSessions?: number
  arrivals?: WeekCount[]
  /** The coalition's dashboard: each NGO's funnel (empty on an NGO's own). */
  ngos?: Array<{ code: string; name: string; funnel: Funnel }>
}

/** The GET form that picks the campaign; works without JavaScript. */
export function CampaignPicker({ campaigns, selected }: { campaigns: Array<{ slug: string; name: string }>; selected: string }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="inline-form dash-picker">
      <label htmlFor="dash-campaign">{t('dashboard.campaign')}</label>
      <select id="dash-campaign" name="campaign" defaultValue={selected}>
        {campaigns.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-secondary">
        {t('dashboard.show')}
      </button>
    </Form>
  )
}

export function CampaignDashboard({ data }: { data: DashboardData }) {
  const { t } = useTranslation()
  if (data.funnel.total === 0) return <p className="dash-empty">{t('dashboard.empty')}</p>
  return (
    <div className="dash">
      <FunnelSection funnel={data.funnel} />
      {data.arrivals?.length ? <ArrivalsSection weeks={data.arrivals} /> : null}
      {data.ngos?.length ? (
        <StageRows id="dash-ngos" words={{ title: t('dashboard.ngos.title'), caption: t('dashboard.ngos.caption'), legend: t('dashboard.ngos.legend'), firstColumn: t('dashboard.ngos.ngo') }} rows={data.ngos} />
      ) : null}
      <StageRows id="dash-regions" words={{ title: t('dashboard.regions.title'), caption: t('dashboard.regions.caption'), legend: t('dashboard.regions.legend'), firstColumn: t('dashboard.regions.region') }} rows={data.regions} />
      <CoverageSection coverage={data.coverage} regions={data.regions} />
      <TrainingSection training={data.training} waitingForLiveSessions={data.waitingForLiveSessions ?? 0} />
      <ExamSection exams={data.exams} />
    </div>
  )
}

function FunnelSection({ funnel }: { funnel: Funnel }) {
  const { t } = useTranslation()
  return (
    <section className="card dash-section" aria-labelledby="dash-funnel">
      <h2 id="dash-funnel">{t('dashboard.funnel.title')}</h2>
      <BarChart
        caption={t('dashboard.funnel.caption')}
        note={t('dashboard.funnel.note')}
        columns={[t('dashboard.funnel.stageColumn'), t('dashboard.funnel.countColumn')]}
        rows={funnel.steps.map((s) => ({ key: s.stage, label: t(`dashboard.funnel.stage.${s.stage}`), value: s.count, text: `${s.count} (${t('dashboard.funnel.ofSubmitted', { percent: s.percentOfSubmitted })})` }))}
      />
      <h3 className="dash-subhead">{t('dashboard.funnel.beside')}</h3>
      <dl className="dash-facts">
        <div>
          <dt>{t('dashboard.funnel.rejected')}</dt>
          <dd>{funnel.rejected}</dd>
        </div>
        <div>
          <dt>{t('dashboard.funnel.withdrawn')}</dt>
          <dd>{funnel.withdrawn}</dd>
        </div>
      </dl>
    </section>
  )
}

/** "02.11–08.11": a week from its Monday, the same in every language (no Intl: hydration compares it). */
function weekLabel(weekStart: string): string {
  const monday = new Date(`${weekStart}T00:00:00Z`)
  const sunday = new Date(monday.getTime() + 6 * 86_400_000)
  const dayMonth = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  return `${dayMonth(monday)}–${dayMonth(sunday)}`
}

function ArrivalsSection({ weeks }: { weeks: WeekCount[] }) {
  const { t } = useTranslation()
  return (
    <section className="card dash-section" aria-labelledby="dash-arrivals">
      <h2 id="dash-arrivals">{t('dashboard.arrivals.title')}</h2>
      <BarChart
        caption={t('dashboard.arrivals.caption')}
        note={t('dashboard.arrivals.note', { weeks: ARRIVAL_WEEKS_SHOWN })}
        columns={[t('dashboard.arrivals.week'), t('dashboard.arrivals.count')]}
        rows={weeks.map((w) => ({ key: w.weekStart, label: weekLabel(w.weekStart), value: w.count, text: String(w.count) }))}
      />
    </section>
  )
}

/** Rows (regions, or NGOs on the coalition's dashboard) each with its funnel as stacked bars, a legend and a table. */
function StageRows({ id, words, rows }: { id: string; words: { title: string; caption: string; legend: string; firstColumn: string }; rows: ReadonlyArray<{ code: string; name: string; funnel: Funnel }> }) {
  const { t } = useTranslation()
  const withApplications = rows.filter((r) => r.funnel.total > 0)
  const longest = Math.max(0, ...withApplications.map((r) => r.funnel.total))
  const { caption } = words
  return (
    <section className="card dash-section" aria-labelledby={id}>
      <h2 id={id}>{words.title}</h2>
      <figure className="dash-chart">
        <figcaption className="dash-caption">{caption}</figcaption>
        <FunnelLegend id={`${id}-legend`} text={words.legend} />
        <ul className="dash-bars">
          {withApplications.map((r) => (
            <li key={r.code} className="dash-bar-row">
              <span className="dash-bar-label">{r.name}</span>
              <span className="dash-stack" aria-hidden="true">
                {r.funnel.steps.map((s) => (
                  <span key={s.stage} className={`dash-bar-track dash-stage-${s.stage}`}>
                    <span className="dash-bar-fill" style={{ width: `${barLength(s.count, longest)}%` }} />
                  </span>
                ))}
              </span>
              <span className="dash-bar-value">{r.funnel.steps.map((s) => s.count).join(' → ')}</span>
            </li>
          ))}
        </ul>
        <ChartTable
          caption={caption}
          columns={[words.firstColumn, ...funnelStages.map((stage) => t(`dashboard.funnel.stage.${stage}`)), t('dashboard.funnel.rejected'), t('dashboard.funnel.withdrawn')]}
          rows={withApplications.map((r) => ({ key: r.code, label: r.name, cells: [...r.funnel.steps.map((s) => s.count), r.funnel.rejected, r.funnel.withdrawn] }))}
        />
      </figure>
    </section>
  )
}

/**
 * Which bar of a row is which stage, in words and in order (the colour only repeats them): the bars
 * from top to bottom, and the figures beside them, follow this list.
 */
function FunnelLegend({ id, text }: { id: string; text: string }) {
  const { t } = useTranslation()
  return (
    <>
      <p className="dash-note" id={id}>
        {text}
      </p>
      <ol className="dash-legend" aria-labelledby={id}>
        {funnelStages.map((stage) => (
          <li key={stage} className={`dash-stage-${stage}`}>
            <span className="dash-legend-swatch dash-bar-fill" aria-hidden="true" />
            {t(`dashboard.funnel.stage.${stage}`)}
          </li>
        ))}
      </ol>
    </>
  )
}

function CoverageSection({ coverage, regions }: { coverage: Coverage; regions: DashboardData['regions'] }) {
  const { t } = useTranslation()
  const caption = t('dashboard.coverage.caption')
  const valueText = (c: Coverage) => (c.pollingStations > 0 ? t('dashboard.coverage.value', { certified: c.certified, stations: c.pollingStations, percent: c.percent }) : t('dashboard.coverage.unknown', { certified: c.certified }))
  return (
    <section className="card dash-section" aria-labelledby="dash-coverage">
      <h2 id="dash-coverage">{t('dashboard.coverage.title')}</h2>
      <p className="dash-total">{t('dashboard.coverage.total', { certified: coverage.certified, stations: coverage.pollingStations, percent: coverage.percent })}</p>
      <figure className="dash-chart">
        <figcaption className="dash-caption">{caption}</figcaption>
        <p className="dash-note">{t('dashboard.coverage.note')}</p>
        <ul className="dash-bars">
          {regions.map((r) => (
            <li key={r.code} className="dash-bar-row">
              <span className="dash-bar-label">{r.name}</span>
              <span className="dash-bar-track dash-coverage-track" aria-hidden="true">
                <span className="dash-bar-fill" style={{ width: `${r.coverage.percent}%` }} />
              </span>
              <span className="dash-bar-value">{valueText(r.coverage)}</span>
            </li>
          ))}
        </ul>
        <ChartTable
          caption={caption}
          columns={[t('dashboard.regions.region'), t('dashboard.coverage.certified'), t('dashboard.coverage.stations'), t('dashboard.coverage.share'), t('dashboard.coverage.gap')]}
          rows={regions.map((r) => ({ key: r.code, label: r.name, cells: [r.coverage.certified, r.coverage.pollingStations, `${r.coverage.percent}%`, r.coverage.gap] }))}
        />
      </figure>
    </section>
  )
}

function TrainingSection({ training, waitingForLiveSessions }: { training: TrainingProgress; waitingForLiveSessions: number }) {
  const { t } = useTranslation()
  const rows = [
    { key: 'opened', value: training.opened, share: training.openedPercent },
    { key: 'halfway', value: training.halfway, share: training.halfwayPercent },
    { key: 'passed', value: training.passed, share: training.passedPercent },
  ] as const
  return (
    <section className="card dash-section" aria-labelledby="dash-training">
      <h2 id="dash-training">{t('dashboard.training.title')}</h2>
      <BarChart
        caption={t('dashboard.training.caption')}
        note={t('dashboard.training.base', { count: training.accepted })}
        max={training.accepted}
        columns={[t('dashboard.training.measure'), t('dashboard.training.share')]}
        rows={rows.map((r) => ({ key: r.key, label: t(`dashboard.training.${r.key}`), value: r.value, text: `${r.value} (${r.share}%)` }))}
      />
      {waitingForLiveSessions > 0 ? <p>{t('liveRule.dashboardWaiting', { count: waitingForLiveSessions })}</p> : null}
    </section>
  )
}

function ExamSection({ exams }: { exams: ExamSummary }) {
  const { t } = useTranslation()
  const facts = [
    ['attempts', exams.attempts],
    ['passedAttempts', exams.passedAttempts],
    ['passRate', `${exams.passRate}%`],
    ['people', exams.people],
    ['peoplePassed', exams.peoplePassed],
    ['perPerson', exams.attemptsPerPerson],
  ] as const
  return (
    <section className="card dash-section" aria-labelledby="dash-exams">
      <h2 id="dash-exams">{t('dashboard.exams.title')}</h2>
      <p className="dash-note">{t('dashboard.exams.note')}</p>
      <dl className="dash-facts">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`dashboard.exams.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
