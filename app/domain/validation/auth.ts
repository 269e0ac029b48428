import { z } from 'zod'
import { emailField, localeField, newPasswordField, requiredText } from './fields.ts'

export const signupSchema = z
  .object({
    name: requiredText(120),
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: 'validation.required' }),
    locale: localeField,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordMismatch',
  })

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'validation.required' }).max(128, { error: 'validation.tooLong' }),
  redirectTo: z.string().optional(),
})

export const profileSchema = z.object({
  intent: z.literal('profile'),
  name: requiredText(120),
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

export const resetPasswordSchema = z
  .object({
    token: z.string({ error: 'validation.required' }).min(10).max(200),
    password: newPasswordField,
    confirmPassword: z.string({ error: 'validation.required' }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordMismatch',
  })

/**
 * Where to go after logging in: only a path on this site, never `//evil.example` or a full URL,
 * so a crafted login link cannot send someone elsewhere.
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback
  }
  return target
}
