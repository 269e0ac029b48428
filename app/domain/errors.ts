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
