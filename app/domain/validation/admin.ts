import { z } from 'zod'
import { declarationIds } from '../declarations.ts'
import {
  dateField,
  emailField,
  idField,
  lineText,
  optionalDateField,
  optionalEmail,
  optionalLine,
  optionalPhone,
  optionalText,
  optionalUrl,
  plainString,
  slugField,
  tickedList,
} from './fields.ts'

export const campaignKinds = ['PRESIDENTIAL', 'PARLIAMENTARY', 'MASLIKHAT', 'REFERENDUM'] as const
export type CampaignKindValue = (typeof campaignKinds)[number]
export const ngoRoles = ['LEAD', 'TRAINER'] as const
export type NgoRoleValue = (typeof ngoRoles)[number]

const regionCodes = tickedList((code) => /^KZ-\d{2}$/.test(code), 'validation.region', 40).default([])

export const ngoSchema = z
  .object({
    name: lineText(160),
    slug: slugField,
    description: optionalText(4000),
    contactEmail: optionalEmail,
    contactPhone: optionalPhone,
    website: optionalUrl,
    regions: regionCodes,
    accreditationBody: z.enum(['CENTRAL', 'TERRITORIAL'], { error: 'validation.invalid' }).optional(),
    accreditationIssuer: optionalLine(200),
    accreditationNumber: optionalLine(60),
    accreditedFrom: optionalDateField,
    accreditedUntil: optionalDateField,
  })
  .refine((v) => !v.accreditedFrom || !v.accreditedUntil || v.accreditedFrom <= v.accreditedUntil, {
    path: ['accreditedUntil'],
    error: 'validation.accreditationDates',
  })

export type NgoInput = z.infer<typeof ngoSchema>

/** The most live sessions a campaign may require. */
export const MAX_REQUIRED_LIVE_SESSIONS = 20

export const campaignSchema = z
  .object({
    slug: slugField,
    nameRu: lineText(200),
    nameKk: lineText(200),
    nameEn: lineText(200),
    kind: z.enum(campaignKinds, { error: 'validation.campaignKind' }),
    electionDay: dateField,
    applicationDeadline: dateField,
    requiredCourses: tickedList((slug) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug), 'validation.course', 20).default([]),
    declarations: tickedList((id) => (declarationIds as readonly string[]).includes(id), 'validation.invalid', declarationIds.length)
      .default([])
      .transform((ids) => JSON.stringify([...new Set(ids)])),
    minimumAge: z.coerce
      .number({ error: 'validation.number' })
      .int({ error: 'validation.number' })
      .min(18, { error: 'validation.minimumAge' })
      .max(99, { error: 'validation.minimumAge' })
      .default(18),
    /** Live sessions to attend besides the courses (the certification rule's `liveSessions`). */
    requiredLiveSessions: z.coerce
      .number({ error: 'liveRule.validation.requiredLiveSessions' })
      .int({ error: 'liveRule.validation.requiredLiveSessions' })
      .min(0, { error: 'liveRule.validation.requiredLiveSessions' })
      .max(MAX_REQUIRED_LIVE_SESSIONS, { error: 'liveRule.validation.requiredLiveSessions' })
      .default(0),
  })
  .refine((v) => v.applicationDeadline <= v.electionDay, {
    path: ['applicationDeadline'],
    error: 'validation.deadlineAfterElection',
  })

export type CampaignInput = z.infer<typeof campaignSchema>

export const assignMemberSchema = z.object({
  intent: z.literal('assign'),
  email: emailField,
  role: z.enum(ngoRoles, { error: 'validation.role' }),
})

export const removeMemberSchema = z.object({
  intent: z.literal('remove'),
  membershipId: idField,
})

/** The NGO's page: save the NGO (the default: its form posts no intent), assign a member, or remove one. */
export const ngoPageSchema = z.discriminatedUnion('intent', [ngoSchema.safeExtend({ intent: z.literal('ngo').default('ngo') }), assignMemberSchema, removeMemberSchema], {
  error: 'validation.invalid',
})

export const adminFlagSchema = z.object({
  userId: idField,
  isAdmin: z.enum(['true', 'false']).transform((v) => v === 'true'),
})

export const revokeSchema = z.object({
  intent: z.literal('revoke'),
  reason: plainString({ error: 'validation.required' }).trim().min(3, { error: 'validation.reason' }).max(500, { error: 'validation.tooLong' }),
})

export const verifySchema = z.object({
  code: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(40, { error: 'validation.certificateCode' }),
})

const reasonField = plainString({ error: 'validation.required' }).trim().min(3, { error: 'validation.reason' }).max(500, { error: 'validation.tooLong' })

export const overrideSchema = z.object({
  intent: z.literal('override'),
  percent: z.coerce.number({ error: 'validation.number' }).min(0, { error: 'validation.percent' }).max(100, { error: 'validation.percent' }),
  reason: reasonField,
})

export const extraTimeSchema = z.object({
  intent: z.literal('extra-time'),
  minutes: z.coerce.number({ error: 'validation.number' }).int({ error: 'validation.number' }).min(1, { error: 'validation.extraMinutes' }).max(240, { error: 'validation.extraMinutes' }),
  reason: reasonField,
})

/** The admin's confirmation on the anonymisation page: nothing else is posted (the person is in the address). */
export const anonymiseSchema = z.object({
  confirm: z.literal('on', { error: 'admin.anonymise.confirmRequired' }),
})

/** A trainer's review of an attempt: override its score, or (admins) give it more time. */
export const attemptReviewSchema = z.discriminatedUnion('intent', [overrideSchema, extraTimeSchema], { error: 'validation.invalid' })
