/**
 * What a learner submitted for one question, read from form fields, and what the browser may see
 * of a question before grading (never a key, an explanation or per-option feedback).
 */
import type { Locale } from '../locale.ts'
import { hasHiddenCharacters } from '../validation/fields.ts'
import { rightIdOf, type Question } from './bank.ts'
import { optionOrder } from './draw.ts'
import type { Answer } from './scoring.ts'
import type { AnswerFields, AttemptTokens } from './tokens.ts'

export type { AnswerFields } from './tokens.ts'

export type ParsedAnswerError = 'empty' | 'invalid' | 'positions' | 'tooLong' | 'characters'
export type ParsedAnswer = { ok: true; answer: Answer } | { ok: false; error: ParsedAnswerError }

export const SHORT_ANSWER_MAX = 200

/** Reads one question's fields, already mapped back to the bank's ids (see `decodeFields`). */
export function parseAnswer(question: Question, fields: AnswerFields): ParsedAnswer {
  switch (question.type) {
    case 'single': {
      const value = fields.values[0]
      if (!value) return { ok: false, error: 'empty' }
      return question.options.some((o) => o.id === value) ? { ok: true, answer: { type: 'single', optionId: value } } : { ok: false, error: 'invalid' }
    }
    case 'multiple': {
      const ids = [...new Set(fields.values)]
      if (ids.length === 0) return { ok: false, error: 'empty' }
      return ids.every((id) => question.options.some((o) => o.id === id)) ? { ok: true, answer: { type: 'multiple', optionIds: ids } } : { ok: false, error: 'invalid' }
    }
    case 'truefalse': {
      const value = fields.values[0]
      if (!value) return { ok: false, error: 'empty' }
      return value === 'true' || value === 'false' ? { ok: true, answer: { type: 'truefalse', value: value === 'true' } } : { ok: false, error: 'invalid' }
    }
    case 'ordering': {
      const n = question.items.length
      const positions = question.items.map((item) => Number(fields.positions[item.id]))
      if (positions.every((p) => Number.isNaN(p) || p === 0)) return { ok: false, error: 'empty' }
      const valid = positions.every((p) => Number.isInteger(p) && p >= 1 && p <= n) && new Set(positions).size === n
      if (!valid) return { ok: false, error: 'positions' }
      const itemIds = question.items.map((item, i) => ({ id: item.id, position: positions[i] ?? 0 })).sort((a, b) => a.position - b.position).map((x) => x.id)
      return { ok: true, answer: { type: 'ordering', itemIds } }
    }
    case 'matching': {
      const pairs: Record<string, string> = {}
      for (const pair of question.pairs) {
        const chosen = fields.matches[pair.id]
        if (!chosen) continue
        if (!question.pairs.some((p) => rightIdOf(p) === chosen)) return { ok: false, error: 'invalid' }
        pairs[pair.id] = chosen
      }
      return Object.keys(pairs).length ? { ok: true, answer: { type: 'matching', pairs } } : { ok: false, error: 'empty' }
    }
    case 'short': {
      // The field stops at SHORT_ANSWER_MAX in the browser: a longer one (a script's) is refused, not
      // cut; and no character that makes the answer read otherwise on a trainer's page than it is stored.
      const text = (fields.values[0] ?? '').trim()
      if (!text) return { ok: false, error: 'empty' }
      if (text.length > SHORT_ANSWER_MAX) return { ok: false, error: 'tooLong' }
      if (hasHiddenCharacters(text)) return { ok: false, error: 'characters' }
      return { ok: true, answer: { type: 'short', text } }
    }
  }
}

export interface Choice {
  /** An opaque token of the attempt, never the bank's id. */
  id: string
  text: string
}

export type PublicQuestion =
  | { id: string; type: 'single' | 'multiple'; text: string; options: Choice[] }
  | { id: string; type: 'truefalse'; text: string; choices: Array<{ id: string; value: boolean }> }
  | { id: string; type: 'ordering'; text: string; items: Choice[] }
  | { id: string; type: 'matching'; text: string; left: Choice[]; right: Choice[] }
  | { id: string; type: 'short'; text: string }

/**
 * An order that is never the written one when there is another: the written order of ordering items
 * is the answer, and matching right-hand sides in the left side's order would pair themselves.
 */
function notWrittenOrder(ids: readonly string[], seed: string, questionId: string): string[] {
  const shuffled = optionOrder(ids, seed, questionId, true)
  return shuffled.length > 1 && shuffled.every((id, i) => id === ids[i]) ? [...shuffled.slice(1), shuffled[0] as string] : shuffled
}

/**
 * The question as shown during an attempt: in the learner's language, options in the attempt's order,
 * every id replaced by the attempt's token.
 */
export function publicQuestion(question: Question, locale: Locale, seed: string, shuffle: boolean, tokens: AttemptTokens): PublicQuestion {
  const order = <T extends { id: string }>(list: readonly T[]) => {
    const ids = optionOrder(list.map((x) => x.id), seed, question.id, shuffle)
    return ids.map((id) => list.find((x) => x.id === id) as T)
  }
  const id = tokens.question(question.id)
  const option = (optionId: string) => tokens.option(question.id, optionId)
  const text = question.text[locale]
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { id, type: question.type, text, options: order(question.options).map((o) => ({ id: option(o.id), text: o.text[locale] })) }
    case 'truefalse':
      return { id, type: 'truefalse', text, choices: [true, false].map((value) => ({ id: tokens.truth(question.id, value), value })) }
    case 'short':
      return { id, type: 'short', text }
    case 'ordering':
      return { id, type: 'ordering', text, items: notWrittenOrder(question.items.map((i) => i.id), seed, question.id).map((itemId) => ({ id: option(itemId), text: question.items.find((i) => i.id === itemId)?.text[locale] ?? '' })) }
    case 'matching':
      return {
        id,
        type: 'matching',
        text,
        left: question.pairs.map((p) => ({ id: tokens.left(question.id, p.id), text: p.left[locale] })),
        right: notWrittenOrder(question.pairs.map(rightIdOf), `${seed}:right`, question.id).map((rightId) => ({ id: option(rightId), text: question.pairs.find((p) => rightIdOf(p) === rightId)?.right[locale] ?? '' })),
      }
  }
}

/** What the result screen may show of a question once answers are shown: the key and per-option feedback. */
export interface QuestionKey {
  /** The right answer(s), as text in the learner's language. */
  correct: string[]
  /** Feedback on the options the learner chose (single and multiple choice). */
  feedback: string[]
}

export function questionKey(question: Question, locale: Locale, answer: Answer | undefined, trueFalseLabels: { true: string; false: string }): QuestionKey {
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const chosen = answer?.type === 'single' ? [answer.optionId] : answer?.type === 'multiple' ? answer.optionIds : []
      return {
        correct: question.options.filter((o) => o.correct).map((o) => o.text[locale]),
        feedback: question.options.filter((o) => chosen.includes(o.id) && o.feedback).map((o) => o.feedback?.[locale] ?? ''),
      }
    }
    case 'truefalse':
      return { correct: [question.answer ? trueFalseLabels.true : trueFalseLabels.false], feedback: [] }
    case 'ordering':
      return { correct: question.items.map((item, i) => `${i + 1}. ${item.text[locale]}`), feedback: [] }
    case 'matching':
      return { correct: question.pairs.map((p) => `${p.left[locale]} → ${p.right[locale]}`), feedback: [] }
    case 'short':
      return { correct: question.accepted[locale].slice(0, 1), feedback: [] }
  }
}
