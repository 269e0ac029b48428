/**
 * Forms one way: every action reads its input with `parseForm` (conform + zod), never field by field
 * from FormData. A form with several intents is one zod discriminated union on `intent`, so each
 * branch carries exactly its own fields; server functions get the parsed fields they name.
 * tests/unit/forms-one-way.test.ts fails when a route or HTTP module reads FormData by hand.
 */
import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'

/**
 * The submitted form, or an empty one when the body is not a form at all (JSON, garbage, a wrong
 * Content-Type): validation then answers 400 with the form re-shown, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    return new FormData()
  }
}

export interface ParseOptions {
  /**
   * Hand the schema the fields as posted: empty strings stay empty strings and a field sent once is a
   * string, not a one-item list. For forms where an empty field means something (a cleared answer, an
   * emptied draft) or where a field must not arrive twice.
   */
  raw?: boolean
}

/**
 * The request's form (or an already read one, e.g. a multipart upload) parsed by conform with a zod
 * schema. A body conform cannot read (its reserved `__intent__`/`__state__` fields garbled) parses
 * as an empty form: invalid, so the action answers 400 with the form re-shown, never a 500.
 */
export async function parseForm<Schema extends z.ZodType>(source: Request | FormData, schema: Schema, options: ParseOptions = {}) {
  // Told apart by shape, not class: a multipart reader may hand back another FormData implementation.
  const form = 'getAll' in source ? source : await readForm(source)
  const parse = (payload: FormData) => parseWithZod(payload, { schema, disableAutoCoercion: options.raw ?? false })
  try {
    return parse(form)
  } catch {
    return parse(new FormData())
  }
}

/**
 * The intent a submission names, when it is one of `intents`: a failed submission's errors are shown
 * on the form it came from. Read from conform's parsed payload, as posted.
 */
export function submittedIntent<const Intent extends string>(submission: { payload: Record<string, unknown> }, intents: readonly Intent[]): Intent | null {
  const value = submission.payload.intent
  return intents.find((intent) => intent === value) ?? null
}

/** The first message of a failed submission (forms that show one message, not one per field). */
export function firstError(submission: { error?: Record<string, string[] | null> | null }, fallback = 'validation.invalid'): string {
  for (const messages of Object.values(submission.error ?? {})) {
    const first = messages?.[0]
    if (first) return first
  }
  return fallback
}
