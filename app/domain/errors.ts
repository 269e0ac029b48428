/**
 * Refusals a server module throws when its typed result cannot say it: app/http answers them as
 * pages (`answerRefusal`: 404 and 403), so server modules never build a Response.
 */

/** It does not exist for this scope, or its existence must not be confirmed (another NGO's). */
export class NotFoundError extends Error {
  constructor(what = 'Not found') {
    super(what)
    this.name = 'NotFoundError'
  }
}

/** The actor may see it but may not do this to it. */
export class ForbiddenError extends Error {
  constructor(what = 'Forbidden') {
    super(what)
    this.name = 'ForbiddenError'
  }
}

/** Why the HTTP edge refused a form post before reading it: sent from another site, or too large. */
export const FORM_REFUSALS = ['crossSite', 'tooLarge'] as const
export type FormRefusal = (typeof FORM_REFUSALS)[number]

/** Which text an error page shows (the `errors.<kind>` translations). */
export type ErrorPageKind = 'forbidden' | 'notFound' | 'tooLarge' | 'tooMany' | 'busy' | 'crossSite' | 'badRequest' | 'server'

const KIND_OF_STATUS: Partial<Record<number, ErrorPageKind>> = { 403: 'forbidden', 404: 'notFound', 413: 'tooLarge', 429: 'tooMany', 503: 'busy' }

/**
 * The error page's text for a status and the error's data. A form sent by a page's script that the
 * server refused before reading it (app/cli/http-edge.ts) carries why in `refusal`: sent from
 * another site (403, which otherwise means no rights) or too large.
 */
export function errorPageKind(status: number, data: unknown): ErrorPageKind {
  const refusal = typeof data === 'object' && data !== null ? (data as { refusal?: unknown }).refusal : undefined
  const refused = FORM_REFUSALS.find((kind) => kind === refusal)
  if (refused) return refused
  return KIND_OF_STATUS[status] ?? (status < 500 ? 'badRequest' : 'server')
}
