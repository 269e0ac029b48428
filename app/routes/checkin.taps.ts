import { type ActionFunctionArgs } from '@remix-run/node'
import { tapSchema } from '~/domain/validation/election-day.ts'
import { getFixedT, getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { recordTap } from '~/server/deployment/checkins.server.ts'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } })

/**
 * A tap sent by the check-in page's script (queued while offline, sent in order later). 200 with the
 * record, also for a resend of a recorded tap (`created: false`); 404 for an assignment not the
 * observer's; 409 with a translated message for a tap the rules refuse; 400 for a malformed one.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(await getLocale(request))
  const submission = await parseForm(request, tapSchema)
  if (submission.status !== 'success') return json({ ok: false, error: 'invalid', message: t('validation.invalid') }, 400)
  const result = await recordTap({ kind: 'observer', userId: user.id }, submission.value, clientIp(context))
  if (!result.ok) return json({ ok: false, error: result.error, message: t(`electionDay.checkin.refused.${result.error}`) }, result.error === 'notFound' ? 404 : 409)
  const { checkIn } = result
  return json({ ok: true, created: result.created, checkIn: { id: checkIn.id, kind: checkIn.kind, clientId: checkIn.clientId, deviceAt: checkIn.deviceAt?.toISOString() ?? null, serverAt: checkIn.serverAt.toISOString() } })
}
