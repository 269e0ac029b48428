/**
 * The refusals server modules throw (app/domain/errors.ts) answered as the pages permissions.server.ts
 * answers with: NotFoundError → 404, ForbiddenError → 403. Anything else goes on up.
 * Use as `await work.catch(answerRefusal)`.
 */
import { ForbiddenError, NotFoundError } from '~/domain/errors.ts'
import { forbidden, notFound } from '../server/accounts/permissions.server.ts'

export function answerRefusal(error: unknown): never {
  if (error instanceof NotFoundError) notFound()
  if (error instanceof ForbiddenError) forbidden()
  throw error
}
