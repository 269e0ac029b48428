import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

interface Named {
  slug: string
  title: string
}

/**
 * Why a course's final exam cannot start yet (the rule: app/domain/exam/readiness.ts): how many
 * lessons are left and which prerequisite courses are still to pass, as status text, each followed
 * by links to them. The course page, which lists the lessons just above, leaves the lesson links out.
 */
export function TrainingLeft({ courseSlug, left, linkLessons = true }: { courseSlug: string; left: { lessons: readonly Named[]; prerequisites: readonly Named[] }; linkLessons?: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="training-left">
      {left.lessons.length ? (
        <>
          <p role="status">{t('exam.blocked.lessonsLeft', { count: left.lessons.length })}</p>
          {linkLessons ? (
            <ul aria-label={t('exam.lessonsToFinish')}>
              {left.lessons.map((lesson) => (
                <li key={lesson.slug}>
                  <Link to={`/courses/${courseSlug}/${lesson.slug}`}>{lesson.title}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {left.prerequisites.length ? (
        <>
          <p role="status">{t('exam.blocked.prerequisitesLeft', { count: left.prerequisites.length })}</p>
          <ul aria-label={t('exam.coursesToPass')}>
            {left.prerequisites.map((course) => (
              <li key={course.slug}>
                <Link to={`/courses/${course.slug}`}>{course.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}
