import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { BarChart } from '~/components/dashboard/charts.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { barLength } from '~/domain/dashboard.ts'
import {
  itemSortKeys,
  MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS,
  MIN_ATTEMPTS_FOR_DISCRIMINATION_FLAG,
  sortItems,
  TOO_EASY_ABOVE,
  TOO_HARD_BELOW,
  type ItemSortKey,
} from '~/domain/item-stats.ts'
import { formatDateTime, numberLocale } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { campaignsWithCourse, courseItemStats, STATS_FRESH_MS, type QuestionStat } from '~/server/exams/item-stats.server.ts'
import { notFound, requireTrainer } from '~/server/accounts/permissions.server.ts'

export const handle = { titleKey: 'itemStats.questions.title' }

const DAY_MS = 24 * 60 * 60 * 1000

const querySchema = z.object({
  campaign: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z.enum(itemSortKeys).default('order'),
  dir: z.enum(['asc', 'desc']).default('asc'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTrainer(request)
  const course = await findCourse(params.course ?? '')
  if (!course) notFound()
  const search = new URL(request.url).searchParams
  const parsed = querySchema.safeParse(Object.fromEntries([...search].filter(([, value]) => value !== '')))
  if (!parsed.success) throw new Response('Bad Request', { status: 400, statusText: 'Bad Request' })
  const query = parsed.data
  const locale = await getLocale(request)
  const campaigns = await campaignsWithCourse(course.slug)
  const campaign = query.campaign ? campaigns.find((c) => c.slug === query.campaign) : undefined
  if (query.campaign && !campaign) notFound()
  const stats = await courseItemStats(course, locale, {
    campaignId: campaign?.id ?? null,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : null,
    // The form's "to" day is included: up to the start of the next day.
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : null,
  })
  return {
    course: { slug: course.slug, title: course.file.title[locale], hasExam: course.exam !== null },
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale) })),
    query: { campaign: campaign?.slug ?? '', from: query.from ?? '', to: query.to ?? '', sort: query.sort, dir: query.dir },
    attempts: stats.attempts,
    computedAt: formatDateTime(stats.computedAt, locale),
    freshMinutes: Math.round(STATS_FRESH_MS / 60_000),
    questions: sortItems(stats.questions, query.sort, query.dir),
    lessons: stats.lessons,
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

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

export default function CourseStats() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('itemStats.title', { course: data.course.title })}</h1>
      <p className="lead">{t('itemStats.lead')}</p>
      <Filters data={data} />
      {data.course.hasExam ? (
        <>
          <p className="dash-total" role="status">
            {t('itemStats.attempts', { count: data.attempts })}
          </p>
          <p className="dash-note">{t('itemStats.computedAt', { time: data.computedAt, minutes: data.freshMinutes })}</p>
          <QuestionTable data={data} />
          <Legend />
          <OptionChoices questions={data.questions} />
        </>
      ) : (
        <p>{t('itemStats.noExam')}</p>
      )}
      <LessonTable lessons={data.lessons} />
    </>
  )
}

function Filters({ data }: { data: Data }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="inline-form dash-picker" aria-label={t('itemStats.filters')}>
      <label htmlFor="stats-campaign">{t('itemStats.campaign')}</label>
      <select id="stats-campaign" name="campaign" defaultValue={data.query.campaign}>
        <option value="">{t('itemStats.allCampaigns')}</option>
        {data.campaigns.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
      <label htmlFor="stats-from">{t('itemStats.from')}</label>
      <input id="stats-from" type="date" name="from" defaultValue={data.query.from} />
      <label htmlFor="stats-to">{t('itemStats.to')}</label>
      <input id="stats-to" type="date" name="to" defaultValue={data.query.to} />
      <input type="hidden" name="sort" value={data.query.sort} />
      <input type="hidden" name="dir" value={data.query.dir} />
      <button type="submit" className="btn btn-secondary">
        {t('itemStats.apply')}
      </button>
    </Form>
  )
}

/** A column header that sorts by its figure: a link (works without JavaScript), aria-sort on the current one. */
function SortHeader({ data, column, label }: { data: Data; column: ItemSortKey; label: string }) {
  const { t } = useTranslation()
  const current = data.query.sort === column
  // Figures open worst-first where that helps: hardest, least discriminating; counts biggest first.
  const firstDir = column === 'attempts' || column === 'flags' ? 'desc' : 'asc'
  const dir = current ? (data.query.dir === 'asc' ? 'desc' : 'asc') : firstDir
  const params = new URLSearchParams({ ...(data.query.campaign ? { campaign: data.query.campaign } : {}), ...(data.query.from ? { from: data.query.from } : {}), ...(data.query.to ? { to: data.query.to } : {}), sort: column, dir })
  return (
    <th scope="col" aria-sort={current ? (data.query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link to={`?${params}`} aria-label={`${label}. ${t('itemStats.questions.sortBy', { column: label })}, ${t(dir === 'asc' ? 'itemStats.questions.ascending' : 'itemStats.questions.descending')}`}>
        {label}
        {current ? <span aria-hidden="true">{data.query.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </Link>
    </th>
  )
}

function QuestionTable({ data }: { data: Data }) {
  const { t } = useTranslation()
  const format = useFormat()
  const caption = t('itemStats.questions.caption')
  return (
    <section className="card dash-section" aria-labelledby="stats-questions">
      <h2 id="stats-questions">{t('itemStats.questions.title')}</h2>
      {data.attempts === 0 ? <p>{t('itemStats.noAttempts')}</p> : null}
      <TableWrap label={caption}>
        <table className="item-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <SortHeader data={data} column="order" label={t('itemStats.questions.number')} />
              <th scope="col">{t('itemStats.questions.question')}</th>
              <SortHeader data={data} column="attempts" label={t('itemStats.questions.attempts')} />
              <SortHeader data={data} column="p" label={t('itemStats.questions.p')} />
              <SortHeader data={data} column="r" label={t('itemStats.questions.r')} />
              <SortHeader data={data} column="flags" label={t('itemStats.questions.flags')} />
            </tr>
          </thead>
          <tbody>
            {data.questions.map((q) => (
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

function Legend() {
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

function OptionChoices({ questions }: { questions: Array<Pick<QuestionStat, 'id' | 'position' | 'text' | 'attempts' | 'options' | 'unanswered'>> }) {
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

function LessonTable({ lessons }: { lessons: Data['lessons'] }) {
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
