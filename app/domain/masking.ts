/**
 * How an IIN or a phone is shown to whoever does not need it whole (lists, rosters without the audited
 * "full IIN", import previews): the last four characters, the rest as dots.
 * `900515300424` → `••••••••0424`, `+77012345678` → `••••••••5678`.
 */
export function maskTail(value: string): string {
  return value.length <= 4 ? '••••' : `${'•'.repeat(Math.max(0, value.length - 4))}${value.slice(-4)}`
}

/** `aigul.n@example.org` → `a•••@example.org`: enough for an admin to tell addresses apart, not to read one. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '•••'
  return `${email.slice(0, 1)}•••${email.slice(at)}`
}
