import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { catalogPage } from '~/server/courses/course-pages.server.ts'
import { getUser } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'courses.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), getLocale(request)])
  return { courses: await catalogPage(user?.id ?? null, locale), signedIn: !!user }
}

export default function Courses() {
  const { courses, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="container">
      <h1>{t('courses.title')}</h1>
      <p className="lead">{t('courses.lead')}</p>
      {signedIn ? null : (
        <p className="toast toast-info">
          {t('courses.signInToTrack')} <Link to="/login?redirectTo=%2Fcourses">{t('nav.login')}</Link>
        </p>
      )}
      {courses.length === 0 ? <p>{t('courses.empty')}</p> : null}
      <ul className="card-list">
        {courses.map((course) => (
          <li key={course.slug} className="card course-card">
            <h2>
              <Link to={`/courses/${course.slug}`}>{course.title}</Link>
            </h2>
            {course.requiredFor.map((name) => (
              <p key={name} className="tag">
                {t('courses.requiredFor', { campaign: name })}
              </p>
            ))}
            <p>{course.summary}</p>
            <p className="muted">{t('courses.meta', { lessons: course.lessonCount, minutes: course.minutes })}</p>
            {course.progress?.started ? (
              <ProgressBar done={course.progress.done} total={course.progress.total} label={t('courses.yourProgress')} />
            ) : course.enrolled ? (
              <p className="course-enrolled">
                <span className="tag">{t('courses.enrolled')}</span> <Link to={`/courses/${course.slug}`}>{t('courses.start')}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
