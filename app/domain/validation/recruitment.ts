/** What an NGO lead posts in the workspace: moves, notes, bulk actions, revocations, extra time, name corrections. */
import { z } from 'zod'
import { hasLostLetters } from '../import-cells.ts'
import { applicationStates } from '../pipeline.ts'
import { bulkTargets } from '../recruits.ts'
import { extraTimeSchema, revokeSchema } from './admin.ts'
import { idField, isId, personName, plainString, requiredText, tickedList } from './fields.ts'

const reason = plainString().trim().max(500, { error: 'validation.tooLong' }).optional()
const id = idField

export const moveSchema = z.object({
  intent: z.literal('move'),
  to: z.enum(applicationStates, { error: 'validation.invalid' }),
  reason,
})

export const noteSchema = z.object({
  intent: z.literal('note'),
  body: requiredText(2000),
})

export const bulkSchema = z
  .object({
    intent: z.literal('bulk'),
    ids: tickedList(isId, 'validation.invalid', 500, 'recruits.bulk.tooMany').min(1, { error: 'recruits.bulk.noneSelected' }).prefault([]),
    action: z.enum([...bulkTargets, 'message'], { error: 'recruits.bulk.chooseAction' }),
    text: plainString().trim().max(1000, { error: 'validation.tooLong' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.action === 'rejected' && (value.text?.length ?? 0) < 3) ctx.addIssue({ code: 'custom', path: ['text'], message: 'validation.reason' })
    if (value.action === 'message' && !value.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'recruits.bulk.messageRequired' })
  })

/** A corrected spelling of the recruit's name: the application form's rule (up to 160 characters), spaces collapsed, no letters lost as "?". */
export const renameSchema = z.object({
  intent: z.literal('rename'),
  fullName: personName(160)
    .transform((name) => name.replace(/\s+/g, ' '))
    .refine((name) => !hasLostLetters(name), { error: 'recruit.rename.lostLetters' }),
})

/** The admin's revocation and extra-time forms, plus which certificate or attempt of the recruit. */
export const leadRevokeSchema = revokeSchema.extend({ code: z.string({ error: 'validation.required' }).trim().min(1).max(40) })

export const leadExtraTimeSchema = extraTimeSchema.extend({ attemptId: id })

export const recruitActionSchema = z.discriminatedUnion('intent', [moveSchema, noteSchema, leadRevokeSchema, leadExtraTimeSchema, renameSchema], { error: 'validation.invalid' })
