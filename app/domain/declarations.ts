/**
 * Self-declarations a campaign can ask every applicant to confirm. The statutory list of who may not
 * observe is not settled in our sources (see shared/domain.md), so campaigns pick from this list
 * rather than the code deciding; texts live in the locales under `declarations.<id>`.
 */
export const declarationIds = ['notCommissionMember', 'notCandidate', 'notProxy', 'notOfficial', 'actsImpartially'] as const
export type DeclarationId = (typeof declarationIds)[number]

export function isDeclarationId(value: string): value is DeclarationId {
  return (declarationIds as readonly string[]).includes(value)
}

/** A campaign's stored list (JSON) as known ids; unknown or malformed entries are dropped. */
export function parseDeclarations(json: string): DeclarationId[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is DeclarationId => typeof v === 'string' && isDeclarationId(v)) : []
  } catch {
    return []
  }
}
