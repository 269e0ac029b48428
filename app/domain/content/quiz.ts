/**
 * Knowledge checks written in lessons. The full definition (with the answer key) stays on the
 * server; the browser gets `PublicQuiz` until the learner has answered.
 */
export const quizTypes = ['single', 'multiple'] as const
export type QuizType = (typeof quizTypes)[number]

export interface QuizDefinition {
  id: string
  type: QuizType
  question: string
  options: string[]
  /** Indexes of the correct options. */
  correct: number[]
  explanation: string
}

export interface PublicQuiz {
  id: string
  type: QuizType
  question: string
  options: string[]
}

export function toPublicQuiz(quiz: QuizDefinition): PublicQuiz {
  return { id: quiz.id, type: quiz.type, question: quiz.question, options: quiz.options }
}

/** A learner's graded answer to a check, as the server sends it to the page. */
export interface QuizResult {
  quizId: string
  correct: boolean
  selected: number[]
  explanation: string
  /** The answer key: only sent once the learner got it right. */
  correctOptions: number[] | null
}

/** What is wrong with a quiz's structure, as messages for authors (empty when it is fine). */
export function quizStructureErrors(quiz: QuizDefinition): string[] {
  const errors: string[] = []
  if (!quiz.question.trim()) errors.push(`quiz "${quiz.id}" has no <Question>`)
  if (quiz.options.length < 2) errors.push(`quiz "${quiz.id}" needs at least two <Option>s`)
  if (quiz.options.length > 8) errors.push(`quiz "${quiz.id}" has more than 8 options`)
  if (quiz.options.some((o) => !o.trim())) errors.push(`quiz "${quiz.id}" has an empty <Option>`)
  if (new Set(quiz.options.map((o) => o.trim())).size !== quiz.options.length) errors.push(`quiz "${quiz.id}" repeats an option`)
  if (quiz.type === 'single' && quiz.correct.length !== 1) errors.push(`single-choice quiz "${quiz.id}" must have exactly one correct option (has ${quiz.correct.length})`)
  if (quiz.type === 'multiple' && quiz.correct.length < 2) errors.push(`multiple-choice quiz "${quiz.id}" must have at least two correct options`)
  if (quiz.type === 'multiple' && quiz.correct.length === quiz.options.length) errors.push(`multiple-choice quiz "${quiz.id}" must have at least one wrong option`)
  if (!quiz.explanation.trim()) errors.push(`quiz "${quiz.id}" has no <Explanation>`)
  return errors
}

/** The same check in two languages must differ only in wording. */
export function quizTranslationErrors(reference: QuizDefinition, translated: QuizDefinition): string[] {
  const errors: string[] = []
  if (reference.type !== translated.type) errors.push(`quiz "${reference.id}" is ${reference.type} in one language and ${translated.type} in another`)
  if (reference.options.length !== translated.options.length) errors.push(`quiz "${reference.id}" has ${reference.options.length} options in one language and ${translated.options.length} in another`)
  if (reference.correct.join(',') !== translated.correct.join(',')) errors.push(`quiz "${reference.id}" marks different options correct in different languages`)
  return errors
}
