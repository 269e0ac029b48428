/**
 * Field schemas shared by every form. Messages are i18n keys (validation.*): routes and forms
 * translate them, so one schema serves all three languages.
 */
import { z } from 'zod'
import { locales } from '../locale.ts'

/**
 * Characters nobody types on purpose: C0 controls other than tab and line breaks (NUL also breaks
 * PostgreSQL text), DEL, and the bidirectional overrides and isolates that make a name or a note
 * read differently from what is stored (U+202A–U+202E, U+2066–U+2069).
 */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is refused
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/

export const hasHiddenCharacters = (value: string): boolean => HIDDEN_CHARACTERS.test(value)

/** The text without those characters: for what is only looked up or logged, never stored as typed. */
export const withoutHiddenCharacters = (value: string): string => value.replace(new RegExp(HIDDEN_CHARACTERS.source, 'g'), '')

/** A string of typed text: refused with `validation.controlCharacters` when it hides characters. */
export const plainString = (params?: { error: string }) => z.string(params).refine((value) => !hasHiddenCharacters(value), { error: 'validation.controlCharacters' })

/** A record id posted by a form (ids are cuids): a bad one is refused before it reaches a query (PostgreSQL rejects a NUL with an error). */
/**
 * Values ticked from a list of checkboxes. One that is not an item (a crafted or stale post) is the
 * list's mistake, keyed by the field the form shows its errors under, not by the item (`regions[0]`),
 * which no field of the form shows.
 */
export const tickedList = (isItem: (value: string) => boolean, error: string, max: number, maxError = error) =>
  z
    .array(z.string(), { error: 'validation.invalid' })
    .max(max, { error: maxError })
    .refine((values) => values.every(isItem), { error })

const ID_PATTERN = /^[A-Za-z0-9_-]{1,60}$/
export const idField = z.string({ error: 'validation.required' }).regex(ID_PATTERN, { error: 'validation.invalid' })

/** Whether a posted value has a record id's shape (as `idField` checks). */
export const isId = (value: string): boolean => ID_PATTERN.test(value)

export const requiredText = (max = 200) =>
  plainString({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(max, { error: 'validation.tooLong' })

/**
 * What a single line never holds: every control character (tabs and line breaks too, C1's NEL among
 * them), the line and paragraph separators U+2028 and U+2029, and the invisible zero-width space,
 * word joiner and byte-order mark (U+200B, U+2060, U+FEFF). A line break in a name reaches the
 * headers and first lines of the emails that greet the person.
 */
const LINE_BREAKING_CHARACTERS = /[\p{Cc}\u2028\u2029\u200B\u2060\uFEFF]/u

export const hasLineBreakingCharacters = (value: string): boolean => LINE_BREAKING_CHARACTERS.test(value)

/** At least one letter of any script: a combining accent, a space or an invisible character alone is not a name. */
export const hasLetter = (value: string): boolean => /\p{L}/u.test(value)

/**
 * A person's name (an account's, an applicant's, a recruit's corrected one, a letter's signatory):
 * typed text on one line (`validation.singleLine`) with at least one letter (`validation.nameLetters`).
 * One message a mistake: an empty name is only `validation.required`, a NUL only `validation.controlCharacters`.
 */
export const personName = (max = 160) =>
  requiredText(max).superRefine((name, ctx) => {
    if (!name || hasHiddenCharacters(name)) return // refused already, with its own message
    if (hasLineBreakingCharacters(name)) ctx.addIssue({ code: 'custom', message: 'validation.singleLine' })
    else if (!hasLetter(name)) ctx.addIssue({ code: 'custom', message: 'validation.nameLetters' })
    else if (hasAddress(name)) ctx.addIssue({ code: 'custom', message: 'validation.nameAddress' })
  })

/**
 * A web or email address in a name: the emails greet a person by the name typed, so an anonymous
 * sign-up with the name «Вы выиграли приз: http://evil.example/win» had the school mail that link to
 * any address. A scheme, `www.`, an `@`, or a word.word with no space after the dot (`evil.example`,
 * `пример.рф`); initials ("А. Б.", "J.R.R.") keep their dots.
 */
export const hasAddress = (name: string): boolean => /:\/\/|www\.|@|[\p{L}\p{N}-]{2,}\.[\p{L}]{2,}/iu.test(name)

/** Refuses a line break or an invisible character (`validation.singleLine`) in text that hides none (those have their own message). */
export const oneLine = (value: string | undefined) => !value || hasHiddenCharacters(value) || !hasLineBreakingCharacters(value)

/**
 * Required text on one line: a title, an organisation's or a campaign's name, a settlement. Such
 * text reaches a heading, a roster's cell, a PDF's line or an email's subject, where a line break
 * splits it.
 */
export const lineText = (max = 200) => requiredText(max).refine(oneLine, { error: 'validation.singleLine' })

/** Optional text on one line (an accreditation's issuer, a signatory's position); empty is undefined. */
export const optionalLine = (max = 200) => optionalText(max).refine(oneLine, { error: 'validation.singleLine' })

export const optionalText = (max = 2000) =>
  plainString()
    .trim()
    .max(max, { error: 'validation.tooLong' })
    .optional()
    .transform((value) => (value ? value : undefined))

export const emailField = z
  .string({ error: 'validation.required' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'validation.tooLong' })
  .pipe(z.email({ error: 'validation.email' }))

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'validation.tooLong' })
  .pipe(z.email({ error: 'validation.email' }))
  .optional()

export const PASSWORD_MIN_LENGTH = 10

export const newPasswordField = z
  .string({ error: 'validation.required' })
  .min(PASSWORD_MIN_LENGTH, { error: 'validation.passwordTooShort' })
  .max(128, { error: 'validation.tooLong' })

export const localeField = z.enum(locales, { error: 'validation.locale' })

/** A calendar date typed as YYYY-MM-DD (the value of <input type="date">), kept as UTC midnight. */
/** The years a campaign's, an accreditation's or a live session's date may fall in: a typo such as 1900 or 9999 is refused. */
export const DATE_YEARS = { from: 2000, to: 2099 } as const

/** A YYYY-MM-DD date inside DATE_YEARS: 'validation.date' for a date that does not exist, 'validation.dateRange' for one outside them. */
export function dateIssue(value: string): 'validation.date' | 'validation.dateRange' | null {
  const date = new Date(`${value}T00:00:00.000Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'validation.date'
  const year = date.getUTCFullYear()
  return year < DATE_YEARS.from || year > DATE_YEARS.to ? 'validation.dateRange' : null
}

export const dateField = z
  .string({ error: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' })
  .transform((value, ctx) => {
    const issue = dateIssue(value)
    if (issue) {
      ctx.addIssue({ code: 'custom', message: issue })
      return z.NEVER
    }
    return new Date(`${value}T00:00:00.000Z`)
  })

export const optionalDateField = dateField.optional()

export const slugField = z
  .string({ error: 'validation.required' })
  .trim()
  .toLowerCase()
  .min(2, { error: 'validation.slug' })
  .max(60, { error: 'validation.tooLong' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'validation.slug' })

export const optionalUrl = z
  .string()
  .trim()
  .max(300, { error: 'validation.tooLong' })
  .pipe(z.url({ protocol: /^https?$/, error: 'validation.url' }))
  .optional()

/** A `+7 7XX XXX XX XX`-style phone kept as typed for an NGO contact; volunteer phones are validated in full later. */
export const optionalPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, { error: 'validation.phone' })
  .optional()
