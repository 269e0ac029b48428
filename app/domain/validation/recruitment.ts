/** What an NGO lead posts in the workspace: moves, notes, bulk actions, revocations, extra time. */
import { z } from 'zod'
import { applicationStates } from '../pipeline.ts'
import { bulkTargets } from '../recruits.ts'
import { extraTimeSchema, revokeSchema } from './admin.ts'
import { idField, plainString, requiredText } from './fields.ts'

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
    ids: z.array(id, { error: 'recruits.bulk.noneSelected' }).min(1, { error: 'recruits.bulk.noneSelected' }).max(500, { error: 'recruits.bulk.tooMany' }),
    action: z.enum([...bulkTargets, 'message'], { error: 'recruits.bulk.chooseAction' }),
    text: plainString().trim().max(1000, { error: 'validation.tooLong' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.action === 'rejected' && (value.text?.length ?? 0) < 3) ctx.addIssue({ code: 'custom', path: ['text'], message: 'validation.reason' })
    if (value.action === 'message' && !value.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'recruits.bulk.messageRequired' })
  })

/** The admin's revocation and extra-time forms, plus which certificate or attempt of the recruit. */
export const leadRevokeSchema = revokeSchema.extend({ code: z.string({ error: 'validation.required' }).trim().min(1).max(40) })

export const leadExtraTimeSchema = extraTimeSchema.extend({ attemptId: id })

export const recruitActionSchema = z.discriminatedUnion('intent', [moveSchema, noteSchema, leadRevokeSchema, leadExtraTimeSchema])
