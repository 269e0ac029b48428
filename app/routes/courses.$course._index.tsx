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
  const signInFirst = (to: string) => (signedIn ? to : `/login?redirectTo=${encodeURIComponent(to)}`)
  const lessonsLink = signInFirst(`/courses/${course.slug}/${target}`)
  // Every lesson done: the exam (or the certificate) comes first, going over the lessons again second.
  const next = {
    start: { to: lessonsLink, label: t('courses.start') },
    resume: { to: lessonsLink, label: t('courses.resume') },
    review: { to: lessonsLink, label: t('courses.review') },
    exam: { to: `/courses/${course.slug}/exam`, label: t('courses.takeExam') },
    certificate: { to: `/certificates/${course.certificateCode ?? ''}`, label: t('courses.openCertificate') },
  }[course.nextStep]
  const reviewSecond = course.nextStep === 'exam' || course.nextStep === 'certificate'
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
        {reviewSecond ? <p>{course.nextStep === 'exam' ? t('courses.nextExam') : t('courses.nextCertificate')}</p> : null}
        <p className="hero-actions">
          <Link className="btn btn-primary btn-large" to={next.to}>
            {next.label}
          </Link>
          {reviewSecond ? (
            <Link className="btn btn-secondary" to={lessonsLink}>
              {t('courses.review')}
            </Link>
          ) : null}
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
