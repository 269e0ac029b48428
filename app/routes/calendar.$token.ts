import { type LoaderFunctionArgs } from '@remix-run/node'
import { publicOrigin } from '~/http/origin.server.ts'
import { notFound } from '~/server/accounts/permissions.server.ts'
import { calendarFeed } from '~/server/live-sessions/calendar.server.ts'

/**
 * A person's calendar feed, /calendar/<token>.ics: the secret in the address is the only key
 * (calendar apps send no cookie). An unknown or replaced token is a 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const name = params.token ?? ''
  if (!name.endsWith('.ics')) notFound()
  const body = await calendarFeed(name.slice(0, -'.ics'.length), publicOrigin(request))
  if (body === null) notFound()
  return new Response(body, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex', 'Referrer-Policy': 'no-referrer' },
  })
}
