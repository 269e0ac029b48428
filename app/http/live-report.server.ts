/**
 * The participant-report pages' access: the signed-in user must be allowed to manage the session
 * (403 otherwise, 404 for an unknown session, or one not of the NGO in the address). The same pages
 * serve trainers under /studio/sessions/… and leads under /ngo/<ngo>/sessions/…; `base` is where they are.
 */
import { localizedName, type Locale } from '~/domain/locale.ts'
import { forbidden, loadActor, notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { reportAccess } from '~/server/live-sessions/attendance-report.server.ts'
import { findNgoBySlug } from '~/server/recruitment/ngos.server.ts'

export async function requireReportAccess(request: Request, params: { sessionId?: string; ngo?: string }) {
  const user = await requireUser(request)
  const found = await reportAccess(await loadActor(user), params.sessionId ?? '')
  if (found === 'notFound') notFound()
  if (found === 'forbidden') forbidden()
  if (params.ngo !== undefined) {
    const ngo = await findNgoBySlug(params.ngo)
    if (!ngo || found.session.ngoId !== ngo.id) notFound()
  }
  const path = new URL(request.url).pathname
  const base = path.slice(0, path.indexOf('/report') + '/report'.length)
  return { user, ...found, base }
}

/** The session's title in the reader's language. */
export function sessionTitle(session: { titleRu: string; titleKk: string; titleEn: string }, locale: Locale): string {
  return localizedName({ nameRu: session.titleRu, nameKk: session.titleKk, nameEn: session.titleEn }, locale)
}
