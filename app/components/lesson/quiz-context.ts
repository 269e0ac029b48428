import { createContext } from 'react'
import type { PublicQuiz, QuizResult } from '~/domain/content/quiz.ts'

export interface LessonQuizzes {
  quizzes: Record<string, PublicQuiz>
  results: Record<string, QuizResult>
  /** A refused answer (no option chosen) sent back by a form post without JavaScript. */
  errorFor: string | null
  /** Where the quizzes post: the page's own action, worked out once (LessonArticle), not per quiz. */
  action?: string
}

export const LessonQuizContext = createContext<LessonQuizzes>({ quizzes: {}, results: {}, errorFor: null })
