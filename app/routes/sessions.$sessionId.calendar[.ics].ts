import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { publicOrigin } from '~/http/origin.server.ts'
import { answerRefusal } from '~/http/refusals.server.ts'
import { loadActor, requireUser } from '~/server/accounts/permissions.server.ts'
import { sessionCalendar } from '~/server/live-sessions/calendar.server.ts'
import { sessionForPerson } from '~/server/live-sessions/sessions.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** One session as an .ics file, for whoever may see its page; the meeting link only for those who may have it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const view = await sessionForPerson(await loadActor(user), params.sessionId ?? '', locale).catch(answerRefusal)
  const body = await sessionCalendar(view.detail.id, locale, publicOrigin(request), view.detail.meetingUrl !== null)
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': attachment(`session-${view.detail.id}.ics`),
      'Cache-Control': 'private, no-store',
    },
  })
}
