/**
 * A final exam's question bank and rules, as written in content/courses/<course>/exam/<id>.yaml.
 * One schema for content:check, the exam engine and (later) the studio.
 */
import { z } from 'zod'
import { QUIZ_ID, trilingualText } from '../content/course-schema.ts'

export const questionTypes = ['single', 'multiple', 'truefalse', 'ordering', 'matching', 'short'] as const
export type QuestionType = (typeof questionTypes)[number]

/** Characters in a question's, option's or explanation's text, per language (the studio's fields stop there too). */
export const QUESTION_TEXT_MAX = 1000
const text = trilingualText(QUESTION_TEXT_MAX)
const id = z.string().regex(QUIZ_ID, { error: 'ids are lower-case latin letters, digits and hyphens' })

const option = z.strictObject({ id, text, correct: z.boolean().default(false), feedback: text.optional() })
const base = { id, topic: id, text, explanation: text }
/** A short answer's accepted answers in one language (the studio writes them in one field, a line each). */
const acceptedAnswers = z.array(z.string().min(1).max(QUESTION_TEXT_MAX)).min(1)

export const questionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('single'), options: z.array(option).min(2).max(8) }),
  z.strictObject({ ...base, type: z.literal('multiple'), options: z.array(option).min(3).max(8) }),
  z.strictObject({ ...base, type: z.literal('truefalse'), answer: z.boolean() }),
  z.strictObject({ ...base, type: z.literal('ordering'), items: z.array(z.strictObject({ id, text })).min(3).max(8) }),
  // `rightId` names the right-hand side on the page; without it the pair's own id is used, which tells
  // a reader of the page which side belongs to which (banks should give one, e.g. r1…r4 in shuffled order).
  z.strictObject({ ...base, type: z.literal('matching'), pairs: z.array(z.strictObject({ id, left: text, right: text, rightId: id.optional() })).min(2).max(8) }),
  z.strictObject({
    ...base,
    type: z.literal('short'),
    accepted: z.strictObject({ ru: acceptedAnswers, kk: acceptedAnswers, en: acceptedAnswers }),
  }),
])

export type Question = z.infer<typeof questionSchema>

/** The id a matching pair's right-hand side carries on the page and in answers. */
export function rightIdOf(pair: { id: string; rightId?: string | undefined }): string {
  return pair.rightId ?? pair.id
}

export const examRulesSchema = z.strictObject({
  draw: z.number().int().min(1).max(200),
  perTopic: z.record(z.string(), z.number().int().min(0)).optional(),
  passPercent: z.number().min(1).max(100),
  timeLimitMinutes: z.number().int().min(1).max(600),
  maxAttempts: z.number().int().min(1).max(100),
  cooldownMinutes: z.number().min(0).max(60 * 24 * 30),
  shuffleQuestions: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
  showAnswers: z.enum(['never', 'after-passing', 'after-last-attempt']).default('after-passing'),
  multipleChoiceScoring: z.enum(['partial', 'all-or-nothing']).default('partial'),
})

export type ExamRules = z.infer<typeof examRulesSchema>

/** Topic names by topic id, for people (item statistics); a topic without a name shows its id. */
const topicNames = z.record(id, trilingualText(120))

export const examBankSchema = z.strictObject({ id, title: trilingualText(200), rules: examRulesSchema, topics: topicNames.optional(), questions: z.array(questionSchema).min(1) })

/** A topic's name in a language, else its id. */
export function topicName(bank: Pick<ExamBank, 'topics'>, topic: string, locale: 'ru' | 'kk' | 'en'): string {
  return bank.topics?.[topic]?.[locale] ?? topic
}

export type ExamBank = z.infer<typeof examBankSchema>

/** Rules a schema cannot say: keys, uniqueness, and whether the pool can fill a draw. */
export function bankErrors(bank: ExamBank): string[] {
  const errors: string[] = []
  const seen = new Set<string>()
  for (const q of bank.questions) {
    if (seen.has(q.id)) errors.push(`question id "${q.id}" is used twice`)
    seen.add(q.id)
    const ids = q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id) : q.type === 'ordering' ? q.items.map((i) => i.id) : q.type === 'matching' ? q.pairs.map((p) => p.id) : []
    if (new Set(ids).size !== ids.length) errors.push(`question "${q.id}" repeats an option id`)
    if (q.type === 'matching' && q.pairs.some((p) => p.rightId)) {
      const rights = q.pairs.map(rightIdOf)
      if (new Set(rights).size !== rights.length) errors.push(`matching question "${q.id}" repeats a rightId`)
      if (q.pairs.some((p) => !p.rightId)) errors.push(`matching question "${q.id}" gives a rightId to some pairs but not all`)
      if (q.pairs.some((p) => p.rightId && ids.includes(p.rightId))) errors.push(`matching question "${q.id}" uses a left id as a rightId`)
    }
    if (q.type === 'single' && q.options.filter((o) => o.correct).length !== 1) errors.push(`single-choice question "${q.id}" must have exactly one correct option`)
    if (q.type === 'multiple') {
      const right = q.options.filter((o) => o.correct).length
      if (right < 2) errors.push(`multiple-choice question "${q.id}" must have at least two correct options`)
      if (right === q.options.length) errors.push(`multiple-choice question "${q.id}" must have at least one wrong option`)
    }
  }
  const byTopic = new Map<string, number>()
  for (const q of bank.questions) byTopic.set(q.topic, (byTopic.get(q.topic) ?? 0) + 1)
  if (bank.rules.perTopic) {
    const sum = Object.values(bank.rules.perTopic).reduce((a, b) => a + b, 0)
    if (sum !== bank.rules.draw) errors.push(`rules.perTopic adds up to ${sum}, but rules.draw is ${bank.rules.draw}`)
    for (const [topic, count] of Object.entries(bank.rules.perTopic)) {
      if ((byTopic.get(topic) ?? 0) < count) errors.push(`topic "${topic}" has ${byTopic.get(topic) ?? 0} question(s), fewer than the ${count} drawn`)
    }
  } else if (bank.questions.length < bank.rules.draw) {
    errors.push(`the bank has ${bank.questions.length} question(s), fewer than the ${bank.rules.draw} drawn`)
  }
  return errors
}

/** Fewer questions of a type than this say nothing about where their keys lie. */
const CLUSTER_MIN_QUESTIONS = 4

/**
 * Where a bank's keys cluster, so that someone who has seen the bank (or guesses "always a") does
 * better than chance: more than half of the single-choice keys on one option id, one option id
 * right in every multiple-choice question, the right options always written first, or every
 * true/false answer the same. Warnings, not errors: the attempt's page never shows the ids, but a
 * bank whose keys all sit on `a` is one leaked file away from an answer sheet.
 */
export function bankWarnings(bank: ExamBank): string[] {
  const warnings: string[] = []
  const singles = bank.questions.filter((q) => q.type === 'single')
  if (singles.length >= CLUSTER_MIN_QUESTIONS) {
    const counts = new Map<string, number>()
    for (const q of singles) for (const o of q.options) if (o.correct) counts.set(o.id, (counts.get(o.id) ?? 0) + 1)
    const [id, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0]
    if (count * 2 > singles.length) warnings.push(`${count} of ${singles.length} single-choice keys are option "${id}": spread the right options over the ids`)
  }
  const multiples = bank.questions.filter((q) => q.type === 'multiple')
  if (multiples.length >= CLUSTER_MIN_QUESTIONS) {
    const everywhere = multiples[0]?.options.filter((o) => o.correct && multiples.every((q) => q.options.some((p) => p.id === o.id && p.correct))).map((o) => o.id) ?? []
    if (everywhere.length) warnings.push(`${everywhere.length === 1 ? 'option' : 'options'} ${everywhere.map((id) => `"${id}"`).join(', ')} ${everywhere.length === 1 ? 'is' : 'are'} right in every multiple-choice question: spread the right options over the ids`)
    if (multiples.every((q) => q.options.findIndex((o) => !o.correct) === q.options.filter((o) => o.correct).length)) warnings.push('every multiple-choice question lists its right options first: mix right and wrong options')
  }
  const truefalse = bank.questions.filter((q) => q.type === 'truefalse')
  if (truefalse.length >= CLUSTER_MIN_QUESTIONS && new Set(truefalse.map((q) => q.answer)).size === 1) warnings.push(`all ${truefalse.length} true/false answers are "${String(truefalse[0]?.answer)}": make some statements false and some true`)
  return warnings
}
