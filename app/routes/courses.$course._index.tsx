import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TrainingLeft } from '~/components/exam/training-left.tsx'
import { ProgressBar } from '~/components/progress-bar.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { coursePage } from '~/server/courses/course-pages.server.ts'
import { getUser, notFound } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'courses.courseTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), getLocale(request)])
  const course = await coursePage(params.course ?? '', user?.id ?? null, locale)
  if (!course) notFound()
  return { course, signedIn: !!user, pageTitle: course.title }
}

export default function CoursePage() {
  const { course, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const progress = course.progress
  const firstLesson = course.lessons[0]?.slug ?? ''
  const target = progress?.resumeLesson || firstLesson
  return (
    <div className="container narrow-wide">
      <nav aria-label={t('courses.breadcrumb')} className="breadcrumb">
        <Link to="/courses">{t('courses.title')}</Link>
      </nav>
      <h1>{course.title}</h1>
      {course.requiredFor.map((name) => (
        <p key={name} className="tag">
          {t('courses.requiredFor', { campaign: name })}
        </p>
      ))}
      <p className="lead">{course.summary}</p>
      <dl className="facts">
        <div>
          <dt>{t('courses.audience')}</dt>
          <dd>{course.audience}</dd>
        </div>
        <div>
          <dt>{t('courses.duration')}</dt>
          <dd>{t('courses.minutes', { count: course.minutes })}</dd>
        </div>
      </dl>
      <div className="card">
        {progress ? <ProgressBar done={progress.done} total={progress.total} label={t('courses.yourProgress')} /> : null}
        <p className="hero-actions">
          <Link className="btn btn-primary btn-large" to={signedIn ? `/courses/${course.slug}/${target}` : `/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}/${target}`)}`}>
            {progress?.finished ? t('courses.review') : progress?.started ? t('courses.resume') : t('courses.start')}
          </Link>
        </p>
      </div>
      <h2>{t('courses.lessons')}</h2>
      <ol className="lesson-list">
        {course.lessons.map((lesson) => (
          <li key={lesson.slug} className={`lesson-item lesson-${lesson.status}`}>
            <Link to={`/courses/${course.slug}/${lesson.slug}`}>{lesson.title}</Link>
            <span className="muted">
              {t('courses.minutes', { count: lesson.minutes })}
              {lesson.checks ? ` · ${t('courses.checks', { count: lesson.checks })}` : ''}
            </span>
            <span className={`status status-${lesson.status}`}>{t(`courses.status.${lesson.status}`)}</span>
          </li>
        ))}
      </ol>
      {course.hasExam ? (
        <section className="card" aria-labelledby="exam-heading">
          <h2 id="exam-heading">{t('courses.finalExam')}</h2>
          {course.examTrainingLeft && (course.examTrainingLeft.lessons.length || course.examTrainingLeft.prerequisites.length) ? (
            <TrainingLeft courseSlug={course.slug} left={course.examTrainingLeft} linkLessons={false} />
          ) : (
            <p>{t('courses.finalExamHint')}</p>
          )}
          <Link className="btn btn-secondary" to={signedIn ? `/courses/${course.slug}/exam` : `/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}/exam`)}`}>
            {t('exam.title')}
          </Link>
        </section>
      ) : null}
    </div>
  )
}
