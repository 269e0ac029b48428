/** What election-day forms post: check-in taps (observer and lead), ID document numbers, the letters' signatory. */
import { z } from 'zod'
import { CLIENT_ID_PATTERN, checkInKinds } from '../checkins.ts'
import { idField, optionalLine, personName, plainString } from './fields.ts'

const clientId = z.string({ error: 'validation.required' }).regex(CLIENT_ID_PATTERN, { error: 'validation.invalid' })
/** The device's clock as ISO 8601, when the page's script sent the tap; a form without JavaScript has none. */
const deviceAt = z
  .string()
  .max(40)
  .optional()
  .transform((value, ctx) => {
    if (!value) return null
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'validation.invalid' })
      return z.NEVER
    }
    return date
  })

export const tapSchema = z.object({
  intent: z.literal('tap').optional(),
  assignmentId: idField,
  kind: z.enum(checkInKinds, { error: 'validation.invalid' }),
  clientId,
  deviceAt,
})

export const leadTapSchema = tapSchema.extend({ intent: z.literal('tap') })

/** An identity document's number as printed on it: letters, digits, spaces and dashes, up to 30. Empty clears it. */
export const idDocumentSchema = z.object({
  intent: z.literal('document'),
  assignmentId: idField,
  number: plainString()
    .trim()
    .max(30, { error: 'validation.tooLong' })
    .regex(/^[\p{L}\p{N} -]*$/u, { error: 'electionDay.letters.documentInvalid' })
    .optional()
    .transform((value) => value || null),
})

/** Every letter names who signs it: the name is required, the position optional. */
export const signatorySchema = z.object({
  intent: z.literal('signatory'),
  name: personName(120),
  title: optionalLine(160),
})

export const electionDayLeadSchema = z.discriminatedUnion('intent', [leadTapSchema, idDocumentSchema, signatorySchema])
