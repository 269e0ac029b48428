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

/**
 * `recruit54@example.org` → `re•••54@example.org`: the ends of the address's name, enough to tell two
 * people of one name apart in a list (the hand match of a meeting report), not to read the address.
 */
export function maskEmailMiddle(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '•••'
  const local = email.slice(0, at)
  return local.length <= 4 ? `${local.slice(0, 1)}•••${email.slice(at)}` : `${local.slice(0, 2)}•••${local.slice(-2)}${email.slice(at)}`
}

/** Each choice with a hint when its name is another's too (folded as people type it): the partly masked email. */
export function tellNamesakesApart<T extends { name: string; email: string }>(choices: readonly T[]): Array<T & { hint: string | null }> {
  const key = (name: string) => name.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ')
  const count = new Map<string, number>()
  for (const c of choices) count.set(key(c.name), (count.get(key(c.name)) ?? 0) + 1)
  return choices.map((c) => ({ ...c, hint: (count.get(key(c.name)) ?? 0) > 1 ? maskEmailMiddle(c.email) : null }))
}

/** A name as a list shows it: with its hint in brackets when `tellNamesakesApart` gave it one. */
export function nameWithHint(person: { name: string; hint: string | null }): string {
  return person.hint ? `${person.name} (${person.hint})` : person.name
}
