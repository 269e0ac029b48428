import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { LessonStatsTable, OptionChoices, QuestionStatsTable, StatsFilters, StatsLegend } from '~/components/studio/item-stats.tsx'
import { itemSortKeys, sortItems } from '~/domain/item-stats.ts'
import { formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { campaignsWithCourse, courseItemStats, STATS_FRESH_MS } from '~/server/exams/item-stats.server.ts'
import { notFound, requireTrainer } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

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

export default function CourseStats() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('itemStats.title', { course: data.course.title })}</h1>
      <p className="lead">{t('itemStats.lead')}</p>
      <StatsFilters campaigns={data.campaigns} query={data.query} />
      {data.course.hasExam ? (
        <>
          <p className="dash-total" role="status">
            {t('itemStats.attempts', { count: data.attempts })}
          </p>
          <p className="dash-note">{t('itemStats.computedAt', { time: data.computedAt, minutes: data.freshMinutes })}</p>
          <QuestionStatsTable questions={data.questions} query={data.query} attempts={data.attempts} />
          <StatsLegend />
          <OptionChoices questions={data.questions} />
        </>
      ) : (
        <p>{t('itemStats.noExam')}</p>
      )}
      <LessonStatsTable lessons={data.lessons} />
    </>
  )
}
