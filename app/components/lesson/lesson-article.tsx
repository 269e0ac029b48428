import { useFormAction } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { LessonBodyView } from '~/domain/content/lesson-body.ts'
import { LessonBody } from './lesson-body.tsx'
import { LessonQuizContext, type LessonQuizzes } from './quiz-context.ts'

export interface LessonArticleData {
  number: number
  title: string
  minutes: number
  objectives: string[]
  toc: Array<{ id: string; text: string }>
  language: string
  fallback: boolean
}

/**
 * A lesson as learners read it; the studio's preview renders this same component. The body comes
 * rendered from the server (app/server/courses/lesson-body.server.tsx): no lesson code runs here.
 */
export function LessonArticle({ lesson, body, lessonCount, quizzes }: { lesson: LessonArticleData; body: LessonBodyView; lessonCount: number; quizzes: LessonQuizzes }) {
  const { t } = useTranslation()
  const action = useFormAction()
  const quizContext = useMemo(() => ({ ...quizzes, action }), [quizzes, action])
  return (
    <article className="lesson" lang={lesson.language}>
      <header>
        <p className="muted">{t('courses.lessonOf', { number: lesson.number, total: lessonCount, minutes: lesson.minutes })}</p>
        <h1>{lesson.title}</h1>
        {lesson.fallback ? (
          <p className="toast toast-info" lang={undefined}>
            {t('courses.fallback')}
          </p>
        ) : null}
        <div className="objectives">
          <h2 className="objectives-title">{t('courses.objectives')}</h2>
          <ul>
            {lesson.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </div>
        {lesson.toc.length > 1 ? (
          <nav className="toc" aria-labelledby="toc-title">
            <h2 id="toc-title" className="toc-title">
              {t('courses.toc')}
            </h2>
            <ol>
              {lesson.toc.map((item) => (
                <li key={item.id}>
                  <a href={`#${item.id}`}>{item.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
      </header>
      <LessonQuizContext.Provider value={quizContext}>
        <LessonBody body={body} />
      </LessonQuizContext.Provider>
    </article>
  )
}
