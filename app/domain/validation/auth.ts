import { z } from 'zod'
import { emailField, localeField, newPasswordField, personName } from './fields.ts'

/** Email first: a password is chosen on the page the emailed link opens (`resetPasswordSchema`). */
export const signupSchema = z.object({
  name: personName(120),
  email: emailField,
  locale: localeField,
  /** The page that sent them here; kept only when `safeRedirect` finds it a path of this site. */
  redirectTo: z.string().max(2000).optional(),
})

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'validation.required' }).max(128, { error: 'validation.tooLong' }),
  redirectTo: z.string().optional(),
})

export const profileSchema = z.object({
  intent: z.literal('profile'),
  name: personName(120),
  locale: localeField,
})

export const changePasswordSchema = z
  .object({
    intent: z.literal('password'),
    currentPassword: z.string({ error: 'validation.required' }).max(128, { error: 'validation.tooLong' }),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: 'validation.required' }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordMismatch',
  })


export const forgotPasswordSchema = z.object({ email: emailField })

/** The address's confirmation: the emailed link's token, posted back by its page's button. */
export const confirmAddressSchema = z.object({ token: z.string({ error: 'validation.required' }).min(10).max(200) })

export const resetPasswordSchema = z
  .object({
    token: z.string({ error: 'validation.required' }).min(10).max(200),
    redirectTo: z.string().max(2000).optional(),
    password: newPasswordField,
    confirmPassword: z.string({ error: 'validation.required' }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordMismatch',
  })

/** Stands for this site when resolving a redirect target: only same-origin results are kept. */
const SITE_ORIGIN = 'https://observer-school.invalid'
/** C0 and C1 control characters (tab, CR, LF among them) and the backslash that browsers read as a slash. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/

/**
 * Where to go after logging in: only a path on this site, never `//evil.example`, `/\t/evil.example`
 * or a full URL, so a crafted login link cannot send someone elsewhere. The target is resolved with
 * `URL` against a stand-in origin, as a browser would resolve a `Location`; anything that leaves the
 * origin, or carries a control character or backslash (which browsers strip or turn into slashes,
 * and which would break the header), gives `fallback`. The answer is the normalised, percent-encoded
 * path, so what the browser follows is exactly what was checked.
 */
export function safeRedirect(target: unknown, fallback = '/account'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.length > 2000 || UNSAFE_CHARACTERS.test(target)) return fallback
  let url: URL
  try {
    url = new URL(target, SITE_ORIGIN)
  } catch {
    return fallback
  }
  if (url.origin !== SITE_ORIGIN) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // `/..//evil` normalises to `//evil`: a protocol-relative URL once it is sent as a Location.
  if (!path.startsWith('/') || path.startsWith('//') || UNSAFE_CHARACTERS.test(path)) return fallback
  return path
}

/** Asking for one's data to be deleted: the box says the person understands what follows. */
export const requestDeletionSchema = z.object({
  intent: z.literal('request-deletion'),
  confirm: z.literal('on', { error: 'account.deletion.confirmRequired' }),
})

export const cancelDeletionSchema = z.object({
  intent: z.literal('cancel-deletion'),
})

/** The account page: the profile, the password, another confirmation link, asking for (or cancelling) deletion, or logging out everywhere. */
export const accountActionSchema = z.discriminatedUnion(
  'intent',
  [profileSchema, changePasswordSchema, requestDeletionSchema, cancelDeletionSchema, z.object({ intent: z.literal('send-confirmation') }), z.object({ intent: z.literal('logout-everywhere') })],
  { error: 'validation.invalid' },
)
