/**
 * A volunteer's application to an NGO for a campaign. The rules that depend on the campaign (its
 * deadline, minimum age on election day, self-declarations) come in as context; messages are keys.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'
import { z } from 'zod'
import { ageOn, parseIin } from '../iin.ts'
import { emailField, lineText, personName, plainString } from './fields.ts'

export const availabilityParts = ['opening', 'voting', 'counting'] as const
export const experienceLevels = ['none', 'once', 'several'] as const
export const applicationLanguages = ['kk', 'ru', 'en'] as const

/**
 * Boxes ticked from a fixed list, at least one. A value not on the list (a crafted or stale post) is
 * the list's mistake, keyed by the field where the form shows it, not by the item (`languages[0]`),
 * which no field of the form shows.
 */
function tickedFrom<const Option extends string>(options: readonly Option[], noneError: string) {
  const isOption = (value: string): value is Option => (options as readonly string[]).includes(value)
  return z
    .array(z.string(), { error: 'validation.invalid' })
    .min(1, { error: noneError })
    .refine((values) => values.every(isOption), { error: 'validation.invalid' })
    .transform((values) => values.filter(isOption))
}

export interface ApplicationContext {
  electionDay: Date
  applicationDeadline: Date
  minimumAge: number
  /** Ids of the statements the campaign asks every applicant to confirm. */
  declarations: readonly string[]
  now: Date
  /** The NGOs the volunteer may choose from (by slug); absent when the NGO is already known (a lead adding a recruit). */
  ngoSlugs?: readonly string[]
  /** Leads may add people who applied on paper before the deadline after it has passed. */
  ignoreDeadline?: boolean
}

/** A Kazakh mobile number in any usual spelling (+7 7XX…, 8 7XX…, spaces, dashes) → E.164, or null. */
export function normaliseKazakhPhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input.trim().replace(/^8(?=\s*\(?7)/, '+7'), 'KZ')
  return phone && phone.isValid() && phone.country === 'KZ' ? phone.number : null
}

const iinErrorKeys = { format: 'validation.iin.format', checkDigit: 'validation.iin.checkDigit', birthDate: 'validation.iin.birthDate', centuryDigit: 'validation.iin.centuryDigit', neverIssued: 'validation.iin.neverIssued' } as const

export function applicationSchema(context: ApplicationContext) {
  return z
    .object({
      // Field by field where a rule needs one field only, so every mistake shows at once (object-level
      // checks below run only once each field is valid on its own).
      ngo: z
        .string()
        .max(80)
        .optional()
        .refine((slug) => !context.ngoSlugs || context.ngoSlugs.includes(slug ?? ''), { error: 'validation.ngo' }),
      fullName: personName(160),
      iin: z
        .string({ error: 'validation.required' })
        .max(20, { error: 'validation.iin.format' })
        .superRefine((value, ctx) => {
          const iin = parseIin(value)
          if (!iin.ok) ctx.addIssue({ code: 'custom', message: iinErrorKeys[iin.error] })
        }),
      birthDate: z.string({ error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' }),
      sex: z.enum(['male', 'female'], { error: 'validation.invalid' }).optional(),
      phone: z
        .string({ error: 'validation.required' })
        .max(30, { error: 'validation.phone' })
        .refine((value) => normaliseKazakhPhone(value) !== null, { error: 'validation.phone' }),
      email: emailField,
      regionCode: z.string({ error: 'validation.required' }).regex(/^KZ-\d{2}$/, { error: 'validation.region' }),
      settlement: lineText(120),
      pollingStation: z
        .string()
        .trim()
        .regex(/^\d{1,6}$/, { error: 'validation.pollingStation' })
        .optional(),
      languages: tickedFrom(applicationLanguages, 'validation.languages'),
      availability: tickedFrom(availabilityParts, 'validation.availability'),
      experience: z.enum(experienceLevels, { error: 'validation.experience' }),
      motivation: plainString().trim().max(1000, { error: 'validation.tooLong' }).optional(),
      declarations: z
        .array(z.string().max(60))
        .default([])
        .refine((given) => context.declarations.every((id) => given.includes(id)), { error: 'validation.declarations' }),
      // Enforced here, on the server, not only by a required checkbox.
      consent: z.literal('on', { error: 'validation.consent' }),
    })
    .superRefine((value, ctx) => {
      if (!context.ignoreDeadline && context.now.getTime() > context.applicationDeadline.getTime()) ctx.addIssue({ code: 'custom', path: [], message: 'application.deadlinePassed' })
      const iin = parseIin(value.iin)
      if (iin.ok) {
        const typed = new Date(`${value.birthDate}T00:00:00.000Z`)
        if (Number.isNaN(typed.getTime()) || typed.getTime() !== iin.facts.birthDate.getTime()) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'validation.iin.birthDateMismatch' })
        else if (ageOn(iin.facts.birthDate, context.electionDay) < context.minimumAge) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'validation.tooYoung' })
      }
    })
    .transform((value) => {
      const iin = parseIin(value.iin)
      return {
        ...value,
        iin: iin.ok ? iin.iin : value.iin,
        phone: normaliseKazakhPhone(value.phone) ?? value.phone,
        // Derived from the IIN where possible, editable by the applicant.
        sex: value.sex ?? (iin.ok ? iin.facts.sex : undefined),
      }
    })
}

export type ApplicationInput = z.infer<ReturnType<typeof applicationSchema>>

/** The strings posted under one name: at most ten, each at most 1000 characters; anything else (a file) is dropped. */
function postedStrings(posted: unknown): string[] {
  const values = Array.isArray(posted) ? posted : posted === undefined ? [] : [posted]
  return values
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 10)
    .map((v) => v.slice(0, 1000))
}

// A draft is half-typed by nature: its fields are bounded, not validated, and read raw (parseForm's
// `raw`), so a field the volunteer cleared stays cleared.
const draftValue = z
  .unknown()
  .optional()
  .transform((posted) => postedStrings(posted)[0])
const draftList = z
  .unknown()
  .optional()
  .transform((posted) => {
  const values = postedStrings(posted)
  return values.length ? values : undefined
})

/** What the volunteer typed so far, saved as they type (never the consent: that is given at submission). */
export const applicationDraftSchema = z.object({
  intent: z.literal('draft'),
  ngo: draftValue,
  fullName: draftValue,
  iin: draftValue,
  birthDate: draftValue,
  sex: draftValue,
  phone: draftValue,
  email: draftValue,
  regionCode: draftValue,
  settlement: draftValue,
  pollingStation: draftValue,
  languages: draftList,
  availability: draftList,
  experience: draftValue,
  motivation: draftValue,
  declarations: draftList,
})

/** A draft's fields; any may be missing. */
export type ApplicationDraft = Partial<Omit<z.output<typeof applicationDraftSchema>, 'intent'>>

/** The fields a draft keeps, in the form's order. */
export const draftFields = Object.keys(applicationDraftSchema.shape).filter((key): key is keyof ApplicationDraft => key !== 'intent')

/**
 * The apply page posts a draft (in the background as the person types, or with "save draft") or the
 * application (the default). Read raw; the application itself is then parsed with
 * `applicationSchema`, whose rules depend on the campaign.
 */
export const applyStepSchema = z.discriminatedUnion('intent', [applicationDraftSchema, z.object({ intent: z.literal('apply').default('apply') })], { error: 'validation.invalid' })
