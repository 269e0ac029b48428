/**
 * Opaque names for what an attempt's forms and page data carry. A bank's own ids say too much: keys
 * cluster on `a`, a matching question's right option carries the left item's id, and a question id
 * names its topic. So every question, option, ordering item, true/false choice and both sides of a
 * matching question travel as a token that only this attempt's keyed hash produces, and the server
 * maps tokens back when it reads a form.
 *
 * Pure: the keyed hash (an HMAC under a random salt stored on the attempt) is passed in.
 */
import { rightIdOf, type Question } from './bank.ts'
import type { Answer } from './scoring.ts'

/** A keyed one-way function of one attempt: the same message gives the same token, for this attempt only. */
export type AttemptMac = (message: string) => string

export interface AttemptTokens {
  /** The question, in field values (`questionId`), element ids and page data. */
  question(questionId: string): string
  /** A choice's value, an ordering item's field name, a matching question's right-hand option value. */
  option(questionId: string, optionId: string): string
  /** A matching question's left-hand item: the name of its field. */
  left(questionId: string, pairId: string): string
  /** A true/false question's two choices. */
  truth(questionId: string, value: boolean): string
}

export function attemptTokens(mac: AttemptMac): AttemptTokens {
  const cache = new Map<string, string>()
  const token = (message: string) => {
    let value = cache.get(message)
    if (value === undefined) {
      value = mac(message)
      cache.set(message, value)
    }
    return value
  }
  // Distinct prefixes: an option and a left item of the same pair never share a token.
  return {
    question: (q) => token(`question:${q}`),
    option: (q, o) => token(`option:${q}:${o}`),
    left: (q, p) => token(`left:${q}:${p}`),
    truth: (q, v) => token(`truefalse:${q}:${v}`),
  }
}

/** The fields of one question's form: `answer` (one or many values), `pos.<item>`, `match.<left item>`. */
export interface AnswerFields {
  values: string[]
  positions: Record<string, string>
  matches: Record<string, string>
}

/** Which of the attempt's questions a token names, if any. */
export function questionOfToken(questionIds: readonly string[], token: string, tokens: AttemptTokens): string | undefined {
  return questionIds.find((id) => tokens.question(id) === token)
}

/** The bank ids of a question's choices (options, ordering items or matching right-hand sides). */
function choiceIds(question: Question): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return question.options.map((o) => o.id)
    case 'ordering':
      return question.items.map((i) => i.id)
    case 'matching':
      return question.pairs.map(rightIdOf)
    case 'truefalse':
    case 'short':
      return []
  }
}

export type DecodedFields = { ok: true; fields: AnswerFields } | { ok: false; error: 'invalid' }

/**
 * A submitted form in the bank's ids. Any name or value that is not one of this question's tokens
 * (a bank id typed in, another attempt's token) makes the answer invalid; empty values stay empty.
 */
export function decodeFields(question: Question, fields: AnswerFields, tokens: AttemptTokens): DecodedFields {
  const options = new Map(choiceIds(question).map((id) => [tokens.option(question.id, id), id]))
  const invalid = { ok: false, error: 'invalid' } as const
  const empty: AnswerFields = { values: [], positions: {}, matches: {} }
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const values = fields.values.filter((v) => v !== '').map((v) => options.get(v))
      return values.every((v) => v !== undefined) ? { ok: true, fields: { ...empty, values: values as string[] } } : invalid
    }
    case 'truefalse': {
      const truth = new Map([
        [tokens.truth(question.id, true), 'true'],
        [tokens.truth(question.id, false), 'false'],
      ])
      const values = fields.values.filter((v) => v !== '').map((v) => truth.get(v))
      return values.every((v) => v !== undefined) ? { ok: true, fields: { ...empty, values: values as string[] } } : invalid
    }
    case 'ordering': {
      const positions: Record<string, string> = {}
      for (const [name, position] of Object.entries(fields.positions)) {
        const id = options.get(name)
        if (id === undefined) return invalid
        positions[id] = position
      }
      return { ok: true, fields: { ...empty, positions } }
    }
    case 'matching': {
      const lefts = new Map(question.pairs.map((p) => [tokens.left(question.id, p.id), p.id]))
      const matches: Record<string, string> = {}
      for (const [name, value] of Object.entries(fields.matches)) {
        const left = lefts.get(name)
        const right = value === '' ? '' : options.get(value)
        if (left === undefined || right === undefined) return invalid
        matches[left] = right
      }
      return { ok: true, fields: { ...empty, matches } }
    }
    case 'short':
      return { ok: true, fields: { ...empty, values: fields.values } }
  }
}

/** A saved answer as the fields of the attempt's form (to pre-fill it), in tokens. */
export function encodeAnswer(question: Question, answer: Answer, tokens: AttemptTokens): AnswerFields {
  const fields: AnswerFields = { values: [], positions: {}, matches: {} }
  switch (answer.type) {
    case 'single':
      fields.values = [tokens.option(question.id, answer.optionId)]
      break
    case 'multiple':
      fields.values = answer.optionIds.map((id) => tokens.option(question.id, id))
      break
    case 'truefalse':
      fields.values = [tokens.truth(question.id, answer.value)]
      break
    case 'ordering':
      fields.positions = Object.fromEntries(answer.itemIds.map((id, i) => [tokens.option(question.id, id), String(i + 1)]))
      break
    case 'matching':
      fields.matches = Object.fromEntries(Object.entries(answer.pairs).map(([left, right]) => [tokens.left(question.id, left), tokens.option(question.id, right)]))
      break
    case 'short':
      fields.values = [answer.text]
      break
  }
  return fields
}
