/**
 * The participant-report pages' access: the signed-in user must be allowed to manage the session
 * (403 otherwise, 404 for an unknown session).
 * Trainers and leads reach them under /studio/sessions/<id>/report (`base`); `sessionPage` is the
 * session's own page for the reader, the way back.
 */
import { localizedName, type Locale } from '~/domain/locale.ts'
import { hasNgoRole, isTrainer, type Actor } from '~/domain/permissions.ts'
import { forbidden, loadActor, notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { reportAccess } from '~/server/live-sessions/attendance-report.server.ts'
import { ngoSlugOf } from '~/server/recruitment/ngos.server.ts'

export async function requireReportAccess(request: Request, params: { sessionId?: string }) {
  const user = await requireUser(request)
  const actor = await loadActor(user)
  const found = await reportAccess(actor, params.sessionId ?? '')
  if (found === 'notFound') notFound()
  if (found === 'forbidden') forbidden()
  const path = new URL(request.url).pathname
  const base = path.slice(0, path.indexOf('/report') + '/report'.length)
  return { user, ...found, base, sessionPage: await sessionPageFor(actor, found.session) }
}

/**
 * The session's own page for this reader, where the report pages lead back to: the studio's for a
 * trainer (or an admin), the NGO's for a lead, who may manage the session and its report but not
 * open the studio (its page answered them 403).
 */
async function sessionPageFor(actor: Actor, session: { id: string; ngoId: string | null }): Promise<string> {
  const studio = `/studio/sessions/${session.id}`
  if (isTrainer(actor) || session.ngoId === null || !hasNgoRole(actor, session.ngoId, ['LEAD'])) return studio
  const slug = await ngoSlugOf(session.ngoId)
  return slug ? `/ngo/${slug}/sessions/${session.id}` : studio
}

/** The session's title in the reader's language. */
export function sessionTitle(session: { titleRu: string; titleKk: string; titleEn: string }, locale: Locale): string {
  return localizedName({ nameRu: session.titleRu, nameKk: session.titleKk, nameEn: session.titleEn }, locale)
}
