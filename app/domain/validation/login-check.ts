/**
 * The login form's checks in the browser, without zod (which would add about 26 KB gzipped to the
 * login page's first visit): the same messages as `loginSchema` (./auth.ts) for what a person can
 * get wrong in the form. The server still parses every submission with `loginSchema`; these only
 * answer sooner.
 */

/** A plain shape check; the server's zod email check remains the rule. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Message keys per field, as conform's `resolve` wants them; null when the form may be sent. */
export function loginFormErrors(payload: Record<string, unknown>): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {}
  const email = typeof payload.email === 'string' ? payload.email.trim() : ''
  if (!email) errors.email = ['validation.required']
  else if (email.length > 254) errors.email = ['validation.tooLong']
  else if (!EMAIL_SHAPE.test(email)) errors.email = ['validation.email']
  const password = typeof payload.password === 'string' ? payload.password : ''
  if (!password) errors.password = ['validation.required']
  else if (password.length > 128) errors.password = ['validation.tooLong']
  return Object.keys(errors).length ? errors : null
}
