import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FileStatusBadge } from '~/components/studio/file-status.tsx'
import { locales } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { courseDrafts, courseOverview, editableCourses } from '~/server/studio/studio.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const locale = await getLocale(request)
  const courses = await editableCourses(actor)
  return {
    courses: await Promise.all(
      courses.map(async (course) => {
        const overview = courseOverview(course, await courseDrafts(course.slug), locale)
        const missing = overview.lessons.reduce((n, l) => n + locales.filter((loc) => l.files[loc] === 'missing').length, 0)
        return {
          slug: course.slug,
          title: course.file.title[locale],
          status: course.file.status,
          version: course.versionNumber,
          lessons: course.lessons.length,
          questions: course.exam?.questions.length ?? 0,
          drafts: overview.draftCount,
          missing,
        }
      }),
    ),
  }
}

export default function StudioIndex() {
  const { courses } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('studio.title')}</h1>
      <p className="muted">{t('studio.intro')}</p>
      <p>
        <Link to="/studio/sessions" className="btn btn-secondary">
          {t('live.studio.title')}
        </Link>
      </p>
      {courses.length === 0 ? <p className="card">{t('studio.noCourses')}</p> : null}
      <ul className="card-list">
        {courses.map((c) => (
          <li key={c.slug} className="card">
            <h2>
              <Link to={`/studio/${c.slug}`}>{c.title}</Link>
            </h2>
            <p className="muted">
              {t('studio.courseFacts', { version: c.version, lessons: c.lessons, questions: c.questions })}
              {c.status === 'draft' ? ` · ${t('studio.courseNotPublished')}` : ''}
            </p>
            <p>
              {c.drafts > 0 ? <FileStatusBadge status="draft" count={c.drafts} /> : <FileStatusBadge status="published" />}{' '}
              {c.missing > 0 ? <FileStatusBadge status="missing" count={c.missing} /> : null}
            </p>
            <p className="actions">
              <Link to={`/studio/${c.slug}`} className="btn btn-secondary btn-small">
                {t('studio.openCourse')}
              </Link>{' '}
              <Link to={`/studio/${c.slug}/stats`} className="btn btn-link">
                {t('studio.statsLink')}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  )
}
