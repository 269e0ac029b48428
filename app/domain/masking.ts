/**
 * How an IIN or a phone is shown to whoever does not need it whole (lists, rosters without the audited
 * "full IIN", import previews): the last four characters, the rest as dots.
 * `900515300424` → `••••••••0424`, `+77012345678` → `••••••••5678`.
 */
export function maskTail(value: string): string {
  return value.length <= 4 ? '••••' : `${'•'.repeat(Math.max(0, value.length - 4))}${value.slice(-4)}`
}
