/**
 * The forms of an exam attempt and of a lesson's knowledge checks. They are read raw (parseForm's
 * `raw`): an emptied answer is an empty string, which the grading reads as "no answer", not an
 * invalid form. Values are bounded but not judged here: which tokens and options are real is the
 * attempt's and the quiz's business (app/domain/exam/tokens.ts, app/domain/content/quiz.ts).
 */
import { z } from 'zod'
import type { AnswerFields } from '../exam/tokens.ts'

/** A field posted at most once; missing is empty. */
const clipped = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').slice(0, max))

/** A field that may be posted several times (checkboxes, a multiple-choice answer). */
const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))

/** `pos.<token>` and `match.<token>` fields: names and values clipped, like everything an attempt stores. */
const keyed = (valueMax: number) =>
  z
    .record(z.string(), z.string())
    .optional()
    .transform((fields) => Object.fromEntries(Object.entries(fields ?? {}).map(([name, value]) => [name.slice(0, 80), value.slice(0, valueMax)])))

/** One exam question's answer: `answer` (one or several values), `pos.<item>` and `match.<pair>`. */
const answerFields = {
  answer: many.transform((values) => values.slice(0, 20).map((v) => v.slice(0, 300))),
  pos: keyed(4),
  match: keyed(80),
}

export const examAttemptActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('submit') }),
  z.object({
    intent: z.literal('save'),
    /** The attempt's token of the question, not the bank's id. */
    questionId: clipped(80),
    /** Present when the browser saves in the background (no redirect wanted). */
    js: z.string().optional(),
    ...answerFields,
  }),
], { error: 'validation.invalid' })

/** The answer fields as the exam's grading reads them. */
export function answerFieldsOf(value: { answer: string[]; pos: Record<string, string>; match: Record<string, string> }): AnswerFields {
  return { values: value.answer, positions: value.pos, matches: value.match }
}

/** A knowledge check answered in a lesson (or in the studio's preview of one). */
export const quizAnswerSchema = z.object({ intent: z.literal('answer'), quizId: clipped(80), answer: many })
