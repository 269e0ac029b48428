import { createContext } from 'react'
import type { PublicQuiz } from '~/domain/content/quiz.ts'

export interface QuizResultView {
  quizId: string
  correct: boolean
  selected: number[]
  explanation: string
  correctOptions: number[] | null
}

export interface LessonQuizzes {
  quizzes: Record<string, PublicQuiz>
  results: Record<string, QuizResultView>
  /** A refused answer (no option chosen) sent back by a form post without JavaScript. */
  errorFor: string | null
}

export const LessonQuizContext = createContext<LessonQuizzes>({ quizzes: {}, results: {}, errorFor: null })
