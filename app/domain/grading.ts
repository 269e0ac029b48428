/**
 * Grading of choice questions. The server alone grades; this module is the rule.
 * Knowledge checks in lessons are all-or-nothing: the selection must equal the key.
 */
import type { QuizDefinition } from './content/quiz.ts'

/** Selected option indexes from a form: de-duplicated, sorted, only valid indexes. */
export function normaliseSelection(raw: ReadonlyArray<string>, optionCount: number): number[] | null {
  const indexes = raw.map((v) => (/^\d{1,2}$/.test(v) ? Number(v) : NaN))
  if (indexes.some((i) => Number.isNaN(i) || i < 0 || i >= optionCount)) return null
  return [...new Set(indexes)].sort((a, b) => a - b)
}

export function gradeKnowledgeCheck(quiz: QuizDefinition, selected: readonly number[]): boolean {
  const key = [...quiz.correct].sort((a, b) => a - b)
  if (quiz.type === 'single' && selected.length !== 1) return false
  return selected.length === key.length && selected.every((value, i) => value === key[i])
}
