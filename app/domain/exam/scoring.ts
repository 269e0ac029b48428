/**
 * Grading of exam answers, one rule per question type. The server alone grades.
 * - single, true/false, ordering, short answer: all or nothing (a short answer matches any language's
 *   accepted answers, inflected endings allowed: see shortAnswerMatches);
 * - multiple choice and matching, when the exam's scoring is "partial":
 *   multiple = (right options chosen − wrong options chosen) ÷ right options, never below 0;
 *   matching = pairs matched correctly ÷ pairs. With "all-or-nothing" both need everything right.
 */
import { rightIdOf, type ExamRules, type Question } from './bank.ts'
import { shortAnswerMatches } from './normalise.ts'

export type Answer =
  | { type: 'single'; optionId: string }
  | { type: 'multiple'; optionIds: string[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'ordering'; itemIds: string[] }
  | { type: 'matching'; pairs: Record<string, string> }
  | { type: 'short'; text: string }

export interface QuestionScore {
  /** 0 to 1. */
  score: number
  correct: boolean
}

const none: QuestionScore = { score: 0, correct: false }
const full: QuestionScore = { score: 1, correct: true }

export function scoreQuestion(question: Question, answer: Answer | null | undefined, scoring: ExamRules['multipleChoiceScoring']): QuestionScore {
  if (!answer || answer.type !== question.type) return none
  switch (question.type) {
    case 'single': {
      const chosen = question.options.find((o) => o.id === (answer as { optionId: string }).optionId)
      return chosen?.correct ? full : none
    }
    case 'multiple': {
      const picked = new Set((answer as { optionIds: string[] }).optionIds)
      const right = question.options.filter((o) => o.correct)
      const hits = right.filter((o) => picked.has(o.id)).length
      const misses = question.options.filter((o) => !o.correct && picked.has(o.id)).length
      if (hits === right.length && misses === 0) return full
      if (scoring === 'all-or-nothing') return none
      return { score: Math.max(0, (hits - misses) / right.length), correct: false }
    }
    case 'truefalse':
      return (answer as { value: boolean }).value === question.answer ? full : none
    case 'ordering': {
      const order = (answer as { itemIds: string[] }).itemIds
      return order.length === question.items.length && question.items.every((item, i) => order[i] === item.id) ? full : none
    }
    case 'matching': {
      const chosen = (answer as { pairs: Record<string, string> }).pairs
      const matched = question.pairs.filter((p) => chosen[p.id] === rightIdOf(p)).length
      if (matched === question.pairs.length) return full
      return scoring === 'partial' ? { score: matched / question.pairs.length, correct: false } : none
    }
    case 'short': {
      const accepted = [...question.accepted.ru, ...question.accepted.kk, ...question.accepted.en]
      return shortAnswerMatches((answer as { text: string }).text, accepted) ? full : none
    }
  }
}

export interface AttemptScore {
  points: number
  max: number
  percent: number
  passed: boolean
}

export function scoreAttempt(questions: readonly Question[], answers: ReadonlyMap<string, Answer>, rules: Pick<ExamRules, 'passPercent' | 'multipleChoiceScoring'>): AttemptScore {
  const points = questions.reduce((sum, q) => sum + scoreQuestion(q, answers.get(q.id), rules.multipleChoiceScoring).score, 0)
  const max = questions.length
  // Rounded to a tenth so 15.999… of 20 does not fail an 80% mark through floating point.
  const percent = max === 0 ? 0 : Math.round((points / max) * 1000) / 10
  return { points, max, percent, passed: percent >= rules.passPercent }
}

/** The score that counts: a trainer's override when there is one, else the graded one. */
export function effective(attempt: { percent: number | null; passed: boolean | null; overridePercent: number | null; overridePassed: boolean | null }) {
  return { percent: attempt.overridePercent ?? attempt.percent, passed: attempt.overridePassed ?? attempt.passed }
}
